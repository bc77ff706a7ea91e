"""The meeting pack: what a follow-up group's members read before a meeting (DESIGN §7)."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from matching.models import MeetingPack
from matching.report_exports import report_json
from matching.reports import Cell, Period, report_for_members
from matching.selectors import Stalled, project_stalled
from matching.suppression import Mark
from renovations.models import Meeting


def _count(value: int, threshold: int) -> dict[str, Any]:
    """A stand-alone person count as the pack shows it: small ones as "≤3"."""
    small = 0 < value <= threshold
    cell = Cell(None if small else value, Mark.SMALL if small else Mark.SHOWN, threshold)
    return {"value": cell.value, "label": cell.label, "mark": str(cell.mark)}


def _stalled_json(stalled: Stalled, threshold: int) -> dict[str, Any]:
    return {
        "missing_end_plans": _count(stalled.missing_end_plans, threshold),
        "missing_outcomes": _count(stalled.missing_outcomes, threshold),
        "missed_check_ins": _count(stalled.missed_check_ins, threshold),
        "unfilled_needs": [
            {
                "need": need.need_id,
                "trade": need.trade,
                "contractor": need.contractor,
                "places": need.places,
                "free": need.free,
                "latest_start": need.latest_start.isoformat(),
            }
            for need in stalled.unfilled_needs
        ],
    }


@transaction.atomic
def meeting_pack_freeze(*, meeting: Meeting, now: datetime) -> MeetingPack:
    """Freeze the meeting's pack; a pack already made is returned as it is.

    The report covers the days from the group's previous meeting (or the project's
    start) to the day before the pack is made, as the members see it: under
    disclosure control. Idempotent: the reminder rule and the beat task may both call
    it, any number of times.
    """
    meeting = (
        Meeting.objects.select_for_update().select_related("group__project").get(pk=meeting.pk)
    )
    existing = MeetingPack.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    today = timezone.localdate(now)
    project = meeting.group.project
    previous = (
        Meeting.objects.filter(group_id=meeting.group_id, held_on__lt=meeting.held_on)
        .order_by("-held_on", "-id")
        .first()
    )
    start = previous.held_on if previous is not None else project.starts_on
    end = max(start, min(meeting.held_on, today) - timedelta(days=1))
    period = Period(start, end)
    threshold: int = settings.REPORT_SUPPRESSION_THRESHOLD
    report = report_for_members(project_id=project.pk, period=period, today=today)
    actions = (
        [
            {
                "text": item.text,
                "owner": item.owner.full_name if item.owner else None,
                "due_on": item.due_on.isoformat() if item.due_on else None,
                "done": item.done,
            }
            for item in previous.action_items.select_related("owner").order_by("id")
        ]
        if previous is not None
        else []
    )
    try:
        with transaction.atomic():
            return MeetingPack.objects.create(
                meeting=meeting,
                period_start=period.start,
                period_end=period.end,
                report=report_json(report),
                stalled=_stalled_json(
                    project_stalled(project_id=project.pk, today=today), threshold
                ),
                previous_actions=actions,
                frozen_at=now,
            )
    except IntegrityError:  # made meanwhile by another worker (SQLite has no row lock)
        return MeetingPack.objects.get(meeting=meeting)
