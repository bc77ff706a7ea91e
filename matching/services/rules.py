"""What every matching service shares: the audit call, input validation, role checks."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError, ErrorKind
from accounts.models import AuditAction, User
from accounts.services import audit_event_create
from matching.models import Candidate, Placement
from renovations.selectors import user_roles


def audit(
    by: User | None, action: AuditAction, obj: Any, candidate: Candidate, why: str = ""
) -> None:
    audit_event_create(
        actor=by,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        candidate_id=candidate.pk,
        purpose=why,
    )


def full_clean_or_invalid(obj: Any, *, exclude: Sequence[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise ApplicationError(
            _("The input is not valid."),
            extra={
                "fields": {
                    field: [str(m) for m in messages]
                    for field, messages in exc.message_dict.items()
                }
            },
        ) from None


def require_coordinator_of(by: User, candidate: Candidate) -> None:
    roles = user_roles(user=by)
    if not (roles.is_admin or candidate.municipality_id in roles.municipality_ids):
        raise ApplicationError(
            _("Only the candidate's job centre may change this."), kind=ErrorKind.FORBIDDEN
        )


def conflict(message: str) -> ApplicationError:
    return ApplicationError(message, kind=ErrorKind.CONFLICT)


def require_on_site_or_coordinator(by: User, placement: Placement) -> bool:
    """Allow the candidate's coordinators and the need's contractor staff.

    Return True when ``by`` acts for the contractor (and not as a coordinator).
    """
    roles = user_roles(user=by)
    if roles.is_admin or placement.candidate.municipality_id in roles.municipality_ids:
        return False
    if placement.need.contractor_id in roles.contractor_ids:
        return True
    raise ApplicationError(
        _("Only the job centre or the contractor on the site may do this."),
        kind=ErrorKind.FORBIDDEN,
    )
