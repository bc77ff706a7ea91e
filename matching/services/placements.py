"""The placement lifecycle, from introduction to the end."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.errors import ApplicationError
from accounts.models import AuditAction, User
from matching.algorithm import Suggestion
from matching.models import (
    PLACEMENT_HOLDING_STATUSES,
    Candidate,
    CandidateStatus,
    ConsentRecipient,
    EndPlan,
    InterruptReason,
    Placement,
    PlacementStatus,
    PlacementWeek,
)
from matching.selectors import candidate_has_valid_consent
from matching.services.rules import (
    audit,
    conflict,
    require_coordinator_of,
    require_on_site_or_coordinator,
)
from matching.signals import placement_decided, placement_ended, placement_proposed
from matching.suggestions import explain_candidate, suggestions_for_need
from renovations import workdays
from renovations.models import Contractor, LabourNeed, NeedStatus, ProjectContractor, Trade


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
    suggestions_shown: int | None = None,
) -> Placement:
    """Introduce a candidate to a labour need: a ``proposed`` placement with its weeks.

    The candidate must be active and have a valid consent to share with contractors;
    the start is a working day in the need's window and not before the candidate is
    available; the placement ends on the last working day of its last week and may not
    overlap another of the candidate's placements (on PostgreSQL the database's
    exclusion constraint is the guarantee). ``suggestions_shown`` is how many of the
    need's best candidates the choice was made from (an allocation looks further down).
    """
    require_coordinator_of(by, candidate)
    # Lock the need, then the candidate: proposals for one person are serialised.
    need = (
        LabourNeed.objects.select_for_update(of=("self",))
        .select_related("trade", "contractor", "project__area")
        .get(pk=need.pk)
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
    # The choice is kept with its score and reasons; someone outside the top
    # suggestions (or failing one of the need's requirements) needs a stated reason.
    shown = suggestions_for_need(
        need, today=today, limit=suggestions_shown or settings.MATCHING_SUGGESTIONS
    )
    chosen = next((s for s in shown if s.candidate_id == candidate.pk), None)
    if chosen is None and not override_reason.strip():
        raise ApplicationError.field(
            "override_reason",
            _("The candidate is not among the top suggestions: say why you choose them."),
        )
    if chosen is None:
        explained = explain_candidate(need, candidate.pk, today=today)
        chosen = explained if isinstance(explained, Suggestion) else None
    if score is None and chosen is not None:
        score = Decimal(chosen.score)
        reasons = [
            {"code": str(r.code), "points": r.points, "detail": r.detail} for r in chosen.reasons
        ]
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
    placement_proposed.send(sender=Placement, placement=placement)
    return placement


def _locked(placement: Placement) -> Placement:
    return (
        Placement.objects.select_for_update(of=("self",))
        .select_related("need", "candidate")
        .get(pk=placement.pk)
    )


def _require_status(placement: Placement, allowed: Sequence[str], action: str) -> None:
    if placement.status not in allowed:
        raise conflict(
            _("The placement is %(status)s and cannot be %(action)s.")
            % {"status": placement.get_status_display(), "action": action}
        )


def _decide(placement: Placement, by: User, now: datetime, status: str) -> None:
    placement.status = status
    placement.decided_by = by
    placement.decided_at = now


# A place on a need is taken by these; an interrupted placement gives it back.
PLACE_TAKING_STATUSES = (
    PlacementStatus.ACCEPTED,
    PlacementStatus.ACTIVE,
    PlacementStatus.COMPLETED,
)


@transaction.atomic
def placement_accept(*, placement: Placement, by: User, now: datetime) -> Placement:
    """The contractor takes the candidate: a place on the need is taken, under its lock."""
    # The need's row lock makes simultaneous acceptances for one need queue up, so
    # the count of taken places below is never stale.
    need = LabourNeed.objects.select_for_update().get(pk=placement.need_id)
    placement = _locked(placement)
    require_on_site_or_coordinator(by, placement)
    _require_status(placement, [PlacementStatus.PROPOSED], pgettext("placement action", "accepted"))
    if need.status not in (NeedStatus.OPEN, NeedStatus.FILLED):
        raise conflict(_("The labour need is closed or cancelled."))
    taken = Placement.objects.filter(need=need, status__in=PLACE_TAKING_STATUSES).count()
    if taken >= need.places:
        raise conflict(_("All places on this labour need are taken."))
    _decide(placement, by, now, PlacementStatus.ACCEPTED)
    placement.save(update_fields=["status", "decided_by", "decided_at"])
    if taken + 1 == need.places and need.status == NeedStatus.OPEN:
        need.status = NeedStatus.FILLED
        need.save(update_fields=["status", "updated_at"])
    audit(by, AuditAction.UPDATE, placement, placement.candidate, "accepted")
    placement_decided.send(sender=Placement, placement=placement)
    return placement


@transaction.atomic
def placement_decline(*, placement: Placement, by: User, now: datetime, reason: str) -> Placement:
    """The contractor says no, with a reason; the candidate is never suggested for it again."""
    if not reason.strip():
        raise ApplicationError.field("reason", _("Say why the candidate is declined."))
    placement = _locked(placement)
    require_on_site_or_coordinator(by, placement)
    _require_status(placement, [PlacementStatus.PROPOSED], pgettext("placement action", "declined"))
    _decide(placement, by, now, PlacementStatus.DECLINED)
    placement.decline_reason = reason.strip()
    placement.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
    audit(by, AuditAction.UPDATE, placement, placement.candidate, "declined")
    placement_decided.send(sender=Placement, placement=placement)
    return placement


@transaction.atomic
def placement_withdraw(*, placement: Placement, by: User, now: datetime) -> Placement:
    """The coordinator takes back an introduction the contractor has not answered."""
    placement = _locked(placement)
    require_coordinator_of(by, placement.candidate)
    _require_status(
        placement, [PlacementStatus.PROPOSED], pgettext("placement action", "withdrawn")
    )
    _decide(placement, by, now, PlacementStatus.WITHDRAWN)
    placement.save(update_fields=["status", "decided_by", "decided_at"])
    audit(by, AuditAction.UPDATE, placement, placement.candidate, "withdrawn")
    placement_ended.send(sender=Placement, placement=placement)
    return placement


@transaction.atomic
def placement_start(*, placement: Placement, by: User, today: date) -> Placement:
    """The intern turned up on the site: the placement is active."""
    placement = _locked(placement)
    require_on_site_or_coordinator(by, placement)
    _require_status(placement, [PlacementStatus.ACCEPTED], pgettext("placement action", "started"))
    if today < placement.starts_on:
        raise conflict(_("The placement cannot start before its start date."))
    placement.status = PlacementStatus.ACTIVE
    placement.save(update_fields=["status"])
    audit(by, AuditAction.UPDATE, placement, placement.candidate, "started")
    return placement


@transaction.atomic
def placement_complete(*, placement: Placement, by: User, today: date) -> Placement:
    """The placement ran its course; the plan for afterwards must be agreed first."""
    placement = _locked(placement)
    require_coordinator_of(by, placement.candidate)
    _require_status(placement, [PlacementStatus.ACTIVE], pgettext("placement action", "completed"))
    if not EndPlan.objects.filter(placement=placement).exists():
        raise conflict(_("Agree the end plan before completing the placement."))
    if today < placement.starts_on:
        raise conflict(_("The placement cannot end before it starts."))
    placement.status = PlacementStatus.COMPLETED
    placement.save(update_fields=["status"])
    audit(by, AuditAction.UPDATE, placement, placement.candidate, "completed")
    return placement


@transaction.atomic
def placement_interrupt(*, placement: Placement, by: User, today: date, reason: str) -> Placement:
    """The placement ended early, for a reason; it ends on its last day on the site."""
    if reason not in InterruptReason.values:
        raise ApplicationError.field("reason", _("Choose why the placement ended early."))
    # The need first, as when accepting: its place may be given back below.
    need = LabourNeed.objects.select_for_update().get(pk=placement.need_id)
    placement = _locked(placement)
    require_on_site_or_coordinator(by, placement)
    # An accepted intern who never turns up is interrupted too (a no-show on day one).
    _require_status(
        placement,
        [PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE],
        pgettext("placement action", "interrupted"),
    )
    placement.status = PlacementStatus.INTERRUPTED
    placement.interrupt_reason = reason
    placement.ends_on = max(placement.starts_on, min(today, placement.ends_on))
    placement.save(update_fields=["status", "interrupt_reason", "ends_on"])
    taken = Placement.objects.filter(need=need, status__in=PLACE_TAKING_STATUSES).count()
    if need.status == NeedStatus.FILLED and taken < need.places:
        need.status = NeedStatus.OPEN
        need.save(update_fields=["status", "updated_at"])
    audit(by, AuditAction.UPDATE, placement, placement.candidate, f"interrupted: {reason}")
    placement_ended.send(sender=Placement, placement=placement)
    return placement


@transaction.atomic
def placement_hire_flag(*, placement: Placement, by: User, wants_to_hire: bool) -> Placement:
    """The contractor says "we want to hire" (or takes it back)."""
    placement = _locked(placement)
    require_on_site_or_coordinator(by, placement)
    _require_status(
        placement,
        [PlacementStatus.ACTIVE, PlacementStatus.COMPLETED],
        pgettext("placement action", "marked for hiring"),
    )
    placement.wants_to_hire = wants_to_hire
    placement.save(update_fields=["wants_to_hire"])
    audit(by, AuditAction.UPDATE, placement, placement.candidate, f"wants to hire: {wants_to_hire}")
    return placement


@dataclass(frozen=True)
class WeekPlan:
    """One week of a rotation: where and with whom the intern works that week."""

    week: int
    trade: Trade
    contractor: Contractor
    mentor_name: str = ""
    mentor_email: str = ""
    mentor_phone: str = ""


@transaction.atomic
def placement_weeks_plan(
    *, placement: Placement, by: User, weeks: Sequence[WeekPlan]
) -> list[PlacementWeek]:
    """Plan the rotation across the trades on the site, one row per week."""
    placement = _locked(placement)
    require_coordinator_of(by, placement.candidate)
    _require_status(placement, PLACEMENT_HOLDING_STATUSES, pgettext("placement action", "planned"))
    expected = list(range(1, placement.need.weeks + 1))
    if sorted(plan.week for plan in weeks) != expected:
        raise ApplicationError.field(
            "weeks",
            _("Plan every week from 1 to %(weeks)s once.") % {"weeks": placement.need.weeks},
        )
    on_site = set(
        ProjectContractor.objects.filter(project_id=placement.need.project_id).values_list(
            "contractor_id", flat=True
        )
    ) | {placement.need.contractor_id}
    if any(plan.contractor.pk not in on_site for plan in weeks):
        raise ApplicationError.field(
            "weeks", _("Every week must be with a contractor on the project's site.")
        )
    PlacementWeek.objects.filter(placement=placement).delete()
    rows = PlacementWeek.objects.bulk_create(
        PlacementWeek(
            placement=placement,
            week=plan.week,
            trade=plan.trade,
            contractor=plan.contractor,
            mentor_name=plan.mentor_name,
            mentor_email=plan.mentor_email,
            mentor_phone=plan.mentor_phone,
        )
        for plan in sorted(weeks, key=lambda plan: plan.week)
    )
    audit(by, AuditAction.UPDATE, placement, placement.candidate, "rotation planned")
    return rows
