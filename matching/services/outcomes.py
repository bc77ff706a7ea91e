"""Where people went after a placement, and the checks 3, 6 and 12 months later."""

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import AuditAction, User
from matching.models import (
    Candidate,
    Evidence,
    Outcome,
    OutcomeKind,
    Placement,
    PlacementStatus,
    RetentionCheck,
    RetentionMonths,
    RetentionStatus,
)
from matching.services.rules import audit, conflict, require_coordinator_of
from renovations.models import Contractor, Trade

# A retention check may be recorded from two weeks before it falls due.
RETENTION_CHECK_EARLY = timedelta(days=14)


@transaction.atomic
def outcome_record(
    *,
    candidate: Candidate,
    by: User,
    kind: str,
    started_on: date,
    evidence: str = Evidence.SELF_REPORTED,
    placement: Placement | None = None,
    employer: Contractor | None = None,
    employer_name: str = "",
    trade: Trade | None = None,
    hours_per_week: Decimal | None = None,
) -> Outcome:
    """Record where the person went, and plan the checks at 3, 6 and 12 months."""
    require_coordinator_of(by, candidate)
    if kind not in OutcomeKind.values:
        raise ApplicationError.field("kind", _("Unknown kind of outcome."))
    if evidence not in Evidence.values:
        raise ApplicationError.field("evidence", _("Unknown evidence."))
    if placement is not None:
        if placement.candidate_id != candidate.pk:
            raise ApplicationError.field("placement", _("The placement is someone else's."))
        if placement.status not in (PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED):
            raise conflict(_("An outcome is recorded when the placement has ended."))
    if employer is not None and employer_name.strip():
        raise ApplicationError.field(
            "employer_name", _("Give the employer as a contractor or as a name, not both.")
        )
    try:
        with transaction.atomic():
            outcome = Outcome.objects.create(
                candidate=candidate,
                placement=placement,
                kind=kind,
                started_on=started_on,
                evidence=evidence,
                employer=employer,
                employer_name=employer_name.strip(),
                trade=trade,
                hours_per_week=hours_per_week,
                recorded_by=by,
            )
    except IntegrityError:
        raise conflict(_("The placement already has an outcome.")) from None
    RetentionCheck.objects.bulk_create(
        RetentionCheck(
            outcome=outcome, months=months, due_on=started_on + relativedelta(months=months)
        )
        for months in RetentionMonths.values
    )
    audit(by, AuditAction.CREATE, outcome, candidate, kind)
    return outcome


@transaction.atomic
def retention_check_record(
    *,
    check: RetentionCheck,
    by: User,
    status: str,
    checked_on: date,
    evidence: str = "",
) -> RetentionCheck:
    """Record where the person is now. Unknown stays unknown: never "not in a job"."""
    check = (
        RetentionCheck.objects.select_for_update(of=("self",))
        .select_related("outcome__candidate")
        .get(pk=check.pk)
    )
    candidate = check.outcome.candidate
    require_coordinator_of(by, candidate)
    if status not in RetentionStatus.values:
        raise ApplicationError.field("status", _("Unknown status."))
    if evidence and evidence not in Evidence.values:
        raise ApplicationError.field("evidence", _("Unknown evidence."))
    if checked_on < check.due_on - RETENTION_CHECK_EARLY:
        raise conflict(_("This check is not due yet."))
    check.status = status
    check.checked_on = checked_on
    check.evidence = evidence
    check.save(update_fields=["status", "checked_on", "evidence"])
    audit(by, AuditAction.UPDATE, check, candidate, f"{check.months} months: {status}")
    return check
