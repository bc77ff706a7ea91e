from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from accounts.models import User
from matching.due import RUNNING_STATUSES
from matching.models import Placement
from notifications.models import DeliveryEvent, Notification
from notifications.rules import check_ins_missed_pairs


def notification_list(*, user: User, status: str = "", kind: str = "") -> QuerySet[Notification]:
    """A user's own notifications, newest first; nobody sees anyone else's."""
    notifications = Notification.objects.filter(recipient=user)
    if status:
        notifications = notifications.filter(status=status)
    if kind:
        notifications = notifications.filter(kind=kind)
    return notifications.order_by("-due_at", "-id")


BOUNCE_EVENTS = (DeliveryEvent.BOUNCED, DeliveryEvent.COMPLAINED, DeliveryEvent.REJECTED)


def notification_bounces(*, user: User, since: datetime) -> QuerySet[Notification]:
    """Emails that bounced (or were refused or marked as spam) that this coordinator should see.

    Their own, and those about the placements they coordinate: a mentor's or an
    intern's address that does not work is the coordinator's to correct.
    """
    mine = (
        Q(recipient=user)
        | Q(placement__coordinator=user)
        | Q(placement__coordinator__isnull=True, placement__candidate__coordinator=user)
    )
    return (
        Notification.objects.filter(mine, event__in=BOUNCE_EVENTS, event_at__gte=since)
        .select_related("placement")
        .order_by("-event_at", "-id")
    )


@dataclass(frozen=True)
class MissedCheckIns:
    placement_id: int
    week: int


def check_ins_missed(*, user: User, now: datetime) -> list[MissedCheckIns]:
    """The coordinator's running placements whose mentor missed two check-ins in a row."""
    placements = Placement.objects.filter(
        Q(coordinator=user) | Q(coordinator__isnull=True, candidate__coordinator=user),
        status__in=RUNNING_STATUSES,
    ).values_list("pk", flat=True)
    pairs = check_ins_missed_pairs(now=now, placement_ids=list(placements))
    latest: dict[int, int] = {}
    for placement_id, week in pairs:
        latest[placement_id] = max(week, latest.get(placement_id, 0))
    return [MissedCheckIns(pid, week) for pid, week in sorted(latest.items())]
