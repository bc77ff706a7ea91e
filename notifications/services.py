"""Writes of notifications: the outbox rows a change causes at once, and the mentor's check-in."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError, ErrorKind
from matching.models import FollowUp, FollowUpChannel, Placement, PlacementStatus
from matching.services import follow_up_record
from notifications.models import (
    IMMEDIATE_KINDS,
    CheckInLink,
    Notification,
    NotificationKind,
    NotificationStatus,
)
from notifications.office import local_day, next_sending_time
from notifications.planner import outbox_insert
from notifications.rules import Planned
from renovations.due import contractor_staff

logger = logging.getLogger(__name__)


def send_soon() -> None:
    """Ask a worker to send what is due, once the current transaction has committed.

    With the broker down the row is safe in the outbox: the periodic sender
    (beat) sends it when the broker is back, so a failure here is only logged.
    """

    def enqueue() -> None:
        from notifications.tasks import notifications_send_due_task

        app = notifications_send_due_task.app
        try:
            with app.connection_for_write() as connection:
                # One quick try: a request must not wait on a broker that is down.
                connection.ensure_connection(max_retries=1, interval_start=0, timeout=2)
                notifications_send_due_task.apply_async(connection=connection, retry=False)  # type: ignore[call-arg]
        except Exception as error:  # the broker is down; beat's periodic send catches up
            logger.warning("broker unavailable, the periodic sender will send: %s", error)

    transaction.on_commit(enqueue)


@transaction.atomic
def notifications_placement_proposed(*, placement: Placement, now: datetime) -> int:
    """Tell the need's contractor staff that a candidate was introduced (in this transaction)."""
    context = {"placement": placement.pk, "candidate": placement.candidate_id}
    due_at = next_sending_time(now)
    created = outbox_insert(
        [
            Planned(
                NotificationKind.PLACEMENT_PROPOSED,
                f"placement_proposed:p{placement.pk}:u{user_id}",
                due_at,
                user_id=user_id,
                context=context,
                placement_id=placement.pk,
            )
            for user_id in contractor_staff(contractor_id=placement.need.contractor_id)
        ]
    )
    send_soon()
    return created


@transaction.atomic
def notifications_placement_decided(*, placement: Placement, now: datetime) -> int:
    """Tell the coordinator that the contractor accepted or declined (in this transaction)."""
    coordinator_id = placement.coordinator_id or placement.candidate.coordinator_id
    if coordinator_id is None:
        return 0
    created = outbox_insert(
        [
            Planned(
                NotificationKind.PLACEMENT_DECIDED,
                f"placement_decided:p{placement.pk}:{placement.status}",
                next_sending_time(now),
                user_id=coordinator_id,
                context={
                    "placement": placement.pk,
                    "candidate": placement.candidate_id,
                    "decision": placement.status,
                },
                placement_id=placement.pk,
            )
        ]
    )
    send_soon()
    return created


@transaction.atomic
def notifications_placement_cancel(*, placement: Placement) -> int:
    """A withdrawn or interrupted placement: its reminders not yet sent are cancelled."""
    return (
        Notification.objects.filter(placement=placement, status=NotificationStatus.PENDING)
        .exclude(kind__in=IMMEDIATE_KINDS)
        .update(status=NotificationStatus.CANCELLED)
    )


@dataclass(frozen=True)
class CheckIn:
    days_present: int
    days_absent: int
    wellbeing: int | None
    assessment: str


def check_in_link_usable(*, link_id: int | None, now: datetime) -> CheckInLink:
    """The link behind a token, if it may still be used; else a 404 (no hint why)."""
    link = (
        CheckInLink.objects.select_related("placement__candidate", "placement__need__trade")
        .filter(pk=link_id or 0)
        .first()
    )
    if (
        link is None
        or link.expires_at <= now
        or link.placement.status not in (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)
        or link.placement.candidate.anonymised_on is not None
    ):
        raise ApplicationError(_("This check-in link is not valid."), kind=ErrorKind.NOT_FOUND)
    return link


@transaction.atomic
def check_in_submit(*, link_id: int, now: datetime, check_in: CheckIn) -> FollowUp:
    """The site mentor's weekly check-in through a signed link: one follow-up, once."""
    link = CheckInLink.objects.select_for_update().filter(pk=link_id).first()
    link = check_in_link_usable(link_id=link.pk if link else None, now=now)
    if link.used_at is not None:
        raise ApplicationError(
            _("This week's check-in has already been recorded. Thank you."),
            kind=ErrorKind.CONFLICT,
        )
    placement = link.placement
    held_on = min(local_day(now), placement.ends_on)
    follow_up = follow_up_record(
        placement=placement,
        by=None,
        held_on=held_on,
        channel=FollowUpChannel.MENTOR_CHECK_IN,
        days_present=check_in.days_present,
        days_absent=check_in.days_absent,
        wellbeing=check_in.wellbeing,
        mentor_feedback=check_in.assessment,
    )
    link.used_at = now
    link.save(update_fields=["used_at"])
    return follow_up
