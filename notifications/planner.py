"""The planner: runs the rules for a moment and inserts the outbox rows that are missing.

Safe to run twice, or in two beat processes at once: every row has a
deterministic idempotency key under a unique constraint, rows that exist are
skipped before inserting, and the insert itself ignores a row a concurrent
planner wrote first (``ON CONFLICT DO NOTHING``).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from accounts.models import Language, User
from notifications.models import (
    IMMEDIATE_KINDS,
    Delivery,
    Notification,
    NotificationKind,
    NotificationStatus,
)
from notifications.office import at, local_day
from notifications.rules import RULES, Day, Planned, Rule
from renovations import workdays

CHUNK = 5000


@dataclass(frozen=True)
class Recipient:
    language: str
    digest: bool
    opted_out: frozenset[str]


def recipients_load(user_ids: Iterable[int]) -> dict[int, Recipient]:
    """Each active user's language and preferences, in one query per chunk."""
    found: dict[int, Recipient] = {}
    ids = list(set(user_ids))
    for start in range(0, len(ids), CHUNK):
        rows = User.objects.filter(pk__in=ids[start : start + CHUNK], is_active=True).values_list(
            "pk",
            "language",
            "notification_preference__delivery",
            "notification_preference__opted_out",
        )
        for pk, language, delivery, opted_out in rows:
            found[pk] = Recipient(
                language=language or Language.DANISH,
                digest=delivery == Delivery.DIGEST,
                opted_out=frozenset(opted_out or ()),
            )
    return found


def outbox_rows(planned: Sequence[Planned]) -> list[Notification]:
    """The outbox rows for what the rules planned: in each user's language and preference.

    Users who left (inactive) or opted out of a reminder kind get nothing; those
    who chose the digest get their reminders marked for it. People without an
    account (mentors, interns) get Danish and every message on its own.
    """
    users = recipients_load(p.user_id for p in planned if p.user_id is not None)
    rows = []
    for p in planned:
        in_digest = False
        language = settings.NOTIFICATIONS_DEFAULT_LANGUAGE
        if p.user_id is not None:
            user = users.get(p.user_id)
            if user is None or (p.kind not in IMMEDIATE_KINDS and p.kind in user.opted_out):
                continue
            language = user.language
            in_digest = user.digest and p.kind not in IMMEDIATE_KINDS
        rows.append(
            Notification(
                kind=p.kind,
                recipient_id=p.user_id,
                recipient_email="" if p.user_id is not None else p.email,
                language=language,
                idempotency_key=p.key,
                context=p.context,
                due_at=p.due_at,
                in_digest=in_digest,
                placement_id=p.placement_id,
            )
        )
    return rows


def outbox_insert(planned: Sequence[Planned]) -> int:
    """Insert the rows not yet in the outbox; return how many were new to this process."""
    rows = outbox_rows(planned)
    created = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        existing = set(
            Notification.objects.filter(
                idempotency_key__in=[row.idempotency_key for row in chunk]
            ).values_list("idempotency_key", flat=True)
        )
        missing = [row for row in chunk if row.idempotency_key not in existing]
        if missing:
            Notification.objects.bulk_create(missing, ignore_conflicts=True, batch_size=1000)
            created += len(missing)
    return created


def notifications_plan(*, now: datetime, rules: Sequence[Rule] = RULES) -> int:
    """Run the rules for ``now``'s day and insert what is missing; working days only."""
    day = Day(today=local_day(now), now=now)
    if not workdays.is_working_day(day.today):
        return 0
    planned = [p for rule in rules for p in rule(day)]
    created = outbox_insert(planned)
    return created + digests_assemble(now=now)


def _digest_time() -> time:
    hours, minutes = settings.NOTIFICATIONS_DIGEST_AT.split(":")
    return time(int(hours), int(minutes))


def digests_assemble(*, now: datetime) -> int:
    """From the digest hour on a working day: one digest per user for the day's reminders.

    Reminders due by the end of the day join the user's digest while it is still
    pending; once it has gone out, later ones wait for the next working day's.
    """
    today = local_day(now)
    digest_at = at(today, _digest_time())
    if not workdays.is_working_day(today) or now < digest_at:
        return 0
    end_of_day = at(today + timedelta(days=1), time(0))
    waiting = Notification.objects.filter(
        status=NotificationStatus.PENDING,
        in_digest=True,
        digest__isnull=True,
        due_at__lt=end_of_day,
    )
    users = recipients_load(waiting.values_list("recipient_id", flat=True).distinct())
    created = 0
    for user_id, user in users.items():
        with transaction.atomic():
            key = f"daily_digest:u{user_id}:{today.isoformat()}"
            try:
                with transaction.atomic():
                    digest, made = Notification.objects.get_or_create(
                        idempotency_key=key,
                        defaults={
                            "kind": NotificationKind.DAILY_DIGEST,
                            "recipient_id": user_id,
                            "language": user.language,
                            "due_at": digest_at,
                        },
                    )
            except IntegrityError:  # another planner made it first
                digest, made = Notification.objects.get(idempotency_key=key), False
            # The digest's row lock keeps a sender from sending it while items join.
            digest = Notification.objects.select_for_update().get(pk=digest.pk)
            if digest.status != NotificationStatus.PENDING:
                continue
            joined = waiting.filter(recipient_id=user_id).update(digest=digest)
            if made and not joined:
                digest.status = NotificationStatus.CANCELLED
                digest.save(update_fields=["status"])
            created += int(made)
    return created
