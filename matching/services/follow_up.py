"""The weekly follow-up on a placement and the plan for after it."""

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import AuditAction, User
from matching.models import (
    EndPlan,
    EndPlanKind,
    FollowUp,
    FollowUpChannel,
    Placement,
    PlacementStatus,
)
from matching.services.rules import (
    audit,
    conflict,
    full_clean_or_invalid,
    require_coordinator_of,
    require_on_site_or_coordinator,
)

# A follow-up may be written up to a week after the placement ended.
FOLLOW_UP_GRACE = timedelta(days=7)


@transaction.atomic
def follow_up_record(
    *,
    placement: Placement,
    by: User | None,
    held_on: date,
    channel: str,
    days_present: int,
    days_absent: int,
    wellbeing: int | None = None,
    mentor_feedback: str = "",
    notes: str = "",
    next_step: str = "",
) -> FollowUp:
    """Record a week's follow-up: attendance, wellbeing and feedback.

    Contractor staff record attendance and the mentor's feedback for their own
    interns; the coordinator's notes and next step are the coordinator's alone.
    ``by=None`` is the site mentor's check-in through a signed link.
    """
    placement = Placement.objects.select_related("candidate", "need").get(pk=placement.pk)
    for_contractor = by is not None and require_on_site_or_coordinator(by, placement)
    if for_contractor and (notes or next_step):
        raise ApplicationError.field("notes", _("Notes and next steps are the job centre's."))
    if placement.status not in (
        PlacementStatus.ACTIVE,
        PlacementStatus.COMPLETED,
        PlacementStatus.INTERRUPTED,
    ):
        raise conflict(_("Follow-ups are for placements that have started."))
    if not placement.starts_on <= held_on <= placement.ends_on + FOLLOW_UP_GRACE:
        raise ApplicationError.field(
            "held_on", _("The follow-up must fall within the placement's weeks.")
        )
    if channel not in FollowUpChannel.values:
        raise ApplicationError.field("channel", _("Unknown channel."))
    follow_up = FollowUp(
        placement=placement,
        held_on=held_on,
        by=by,
        channel=channel,
        days_present=days_present,
        days_absent=days_absent,
        wellbeing=wellbeing,
        mentor_feedback=mentor_feedback.strip(),
        notes=notes.strip(),
        next_step=next_step.strip(),
    )
    if days_present + days_absent > 7:
        raise ApplicationError.field("days_absent", _("A week has at most seven days."))
    full_clean_or_invalid(follow_up)
    follow_up.save()
    audit(by, AuditAction.CREATE, follow_up, placement.candidate, channel)
    return follow_up


@transaction.atomic
def end_plan_set(
    *, placement: Placement, by: User, kind: str, details: str, agreed_on: date
) -> EndPlan:
    """Agree (or change) the plan for after the placement, before it ends."""
    placement = Placement.objects.select_related("candidate").get(pk=placement.pk)
    require_coordinator_of(by, placement.candidate)
    if placement.status not in (PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE):
        raise conflict(_("The end plan is agreed while the placement runs."))
    if kind not in EndPlanKind.values:
        raise ApplicationError.field("kind", _("Unknown kind of end plan."))
    end_plan, created = EndPlan.objects.update_or_create(
        placement=placement,
        defaults={"kind": kind, "details": details.strip(), "agreed_on": agreed_on},
    )
    audit(
        by,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        end_plan,
        placement.candidate,
        kind,
    )
    return end_plan
