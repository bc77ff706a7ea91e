"""Selectors of who is due to hear about renovations' own state (the reminder rules' part)."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import F

from renovations.models import Contractor, FollowUpGroupMember, LabourNeed, Meeting, Municipality


def municipality_coordinators(*, municipality_ids: Iterable[int]) -> dict[int, list[int]]:
    """The active coordinators' user ids of each municipality."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = Municipality.coordinators.through.objects.filter(
        municipality_id__in=set(municipality_ids), user__is_active=True
    ).values_list("municipality_id", "user_id")
    for municipality_id, user_id in rows:
        found[municipality_id].append(user_id)
    return found


def meetings_between(*, after: date, until: date) -> list[tuple[int, int]]:
    """(meeting id, member's user id) of each meeting held after ``after`` and by ``until``."""
    meetings = list(
        Meeting.objects.filter(held_on__gt=after, held_on__lte=until).values_list("pk", "group_id")
    )
    members: dict[int, list[int]] = defaultdict(list)
    for group_id, user_id in FollowUpGroupMember.objects.filter(
        group_id__in={group_id for _, group_id in meetings}, user__is_active=True
    ).values_list("group_id", "user_id"):
        members[group_id].append(user_id)
    return [
        (meeting_id, user_id) for meeting_id, group_id in meetings for user_id in members[group_id]
    ]


def contractor_staff(*, contractor_id: int) -> list[int]:
    """The active staff users of a contractor."""
    return list(
        Contractor.staff.through.objects.filter(
            contractor_id=contractor_id, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def need_summaries(*, need_ids: list[int]) -> dict[int, dict[str, Any]]:
    """What an email may say about each labour need."""
    rows = LabourNeed.objects.filter(pk__in=need_ids).values(
        "id",
        "latest_start",
        "places",
        trade_da=F("trade__name_da"),
        trade_en=F("trade__name_en"),
        project_name=F("project__name"),
    )
    return {row["id"]: dict(row) for row in rows}


def meeting_summaries(*, meeting_ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = Meeting.objects.filter(pk__in=meeting_ids).values(
        "id", "held_on", group_name=F("group__name"), project=F("group__project__name")
    )
    return {row["id"]: dict(row) for row in rows}
