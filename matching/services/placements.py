"""The placement lifecycle, from introduction to the end."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import AuditAction, User
from matching.models import (
    PLACEMENT_HOLDING_STATUSES,
    Candidate,
    CandidateStatus,
    ConsentRecipient,
    Placement,
    PlacementStatus,
    PlacementWeek,
)
from matching.selectors import candidate_has_valid_consent
from matching.services.rules import audit, conflict, require_coordinator_of
from renovations import workdays
from renovations.models import LabourNeed, NeedStatus


@transaction.atomic
def placement_propose(
    *,
    need: LabourNeed,
    candidate: Candidate,
    by: User,
    starts_on: date,
    today: date,
    score: Decimal | None = None,
    reasons: Sequence[dict[str, Any]] = (),
    override_reason: str = "",
    hours_per_week: Decimal = Decimal(37),
) -> Placement:
    """Introduce a candidate to a labour need: a ``proposed`` placement with its weeks.

    The candidate must be active and have a valid consent to share with contractors;
    the start is a working day in the need's window and not before the candidate is
    available; the placement ends on the last working day of its last week and may not
    overlap another of the candidate's placements (on PostgreSQL the database's
    exclusion constraint is the guarantee).
    """
    require_coordinator_of(by, candidate)
    # Lock the need, then the candidate: proposals for one person are serialised.
    need = (
        LabourNeed.objects.select_for_update().select_related("trade", "contractor").get(pk=need.pk)
    )
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if need.status != NeedStatus.OPEN:
        raise conflict(_("The labour need is not open."))
    if candidate.status != CandidateStatus.ACTIVE or candidate.anonymised_on is not None:
        raise conflict(_("The candidate is not active."))
    if not candidate_has_valid_consent(
        candidate=candidate, recipient=ConsentRecipient.CONTRACTORS, on=today
    ):
        raise conflict(_("The candidate has no valid consent to share data with contractors."))
    if not need.earliest_start <= starts_on <= need.latest_start:
        raise ApplicationError.field("starts_on", _("The start must lie in the need's window."))
    if not workdays.is_working_day(starts_on):
        raise ApplicationError.field("starts_on", _("The start must be a working day."))
    if candidate.available_from and starts_on < candidate.available_from:
        raise ApplicationError.field(
            "starts_on", _("The candidate is not available before that date.")
        )
    if Placement.objects.filter(
        candidate=candidate, need=need, status=PlacementStatus.DECLINED
    ).exists():
        raise conflict(_("The contractor has already declined this candidate for this need."))
    ends_on = workdays.last_working_day_of_week(starts_on, need.weeks)
    overlapping = Placement.objects.filter(
        candidate=candidate,
        status__in=PLACEMENT_HOLDING_STATUSES,
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
    )
    if overlapping.exists():
        raise conflict(_("The candidate already has a placement in this period."))
    try:
        with transaction.atomic():
            placement = Placement.objects.create(
                candidate=candidate,
                need=need,
                kind=need.kind,
                starts_on=starts_on,
                ends_on=ends_on,
                coordinator=by,
                score=score,
                reasons=list(reasons),
                override_reason=override_reason.strip(),
                hours_per_week=hours_per_week,
            )
    except IntegrityError:
        raise conflict(_("The candidate already has a placement in this period.")) from None
    PlacementWeek.objects.bulk_create(
        PlacementWeek(
            placement=placement,
            week=week,
            trade=need.trade,
            contractor=need.contractor,
            mentor_name=need.mentor_name,
            mentor_email=need.mentor_email,
            mentor_phone=need.mentor_phone,
        )
        for week in range(1, need.weeks + 1)
    )
    audit(by, AuditAction.CREATE, placement, candidate, f"proposed to need {need.pk}")
    return placement
