"""The planner: runs the rules for a moment and inserts the outbox rows that are missing.

Safe to run twice, or in two beat processes at once: every row has a
deterministic idempotency key under a unique constraint, the rules leave out
what is already in the outbox (in their own queries, where the key can be
written in SQL), and the insert itself ignores a row that exists or that a
concurrent planner wrote first (``ON CONFLICT DO NOTHING``). On PostgreSQL the
rows go in with one ``COPY`` (``notifications.bulk``); elsewhere through the ORM.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Language, User
from notifications.bulk import copy_supported, staged
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


# The columns the planner fills (with their types on PostgreSQL, for the staging
# table); the rest take their defaults: pending, no attempts, no error.
OUTBOX_TYPES = (
    ("kind", "varchar(30)"),
    ("recipient_id", "bigint"),
    ("recipient_email", "varchar(254)"),
    ("language", "varchar(2)"),
    ("idempotency_key", "varchar(200)"),
    ("context", "jsonb"),
    ("due_at", "timestamptz"),
    ("in_digest", "boolean"),
    ("placement_id", "bigint"),
)
OUTBOX_COLUMNS = tuple(name for name, _ in OUTBOX_TYPES)


def outbox_rows(planned: Sequence[Planned]) -> list[tuple[Any, ...]]:
    """The outbox rows for what the rules planned (``OUTBOX_COLUMNS``), in each user's way.

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
            (
                p.kind,
                p.user_id,
                "" if p.user_id is not None else p.email,
                language,
                p.key,
                p.context,
                p.due_at,
                in_digest,
                p.placement_id,
            )
        )
    return rows


def outbox_insert(planned: Sequence[Planned]) -> int:
    """Insert the rows not yet in the outbox; return how many this call inserted."""
    rows = outbox_rows(planned)
    if not rows:
        return 0
    if copy_supported():
        return _outbox_copy(rows)
    created = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        existing = set(
            Notification.objects.filter(idempotency_key__in=[row[4] for row in chunk]).values_list(
                "idempotency_key", flat=True
            )
        )
        missing = [
            Notification(**dict(zip(OUTBOX_COLUMNS, row, strict=True)))
            for row in chunk
            if row[4] not in existing
        ]
        if missing:
            Notification.objects.bulk_create(missing, ignore_conflicts=True, batch_size=1000)
            created += len(missing)
    return created


@transaction.atomic
def _outbox_copy(rows: list[tuple[Any, ...]]) -> int:
    """PostgreSQL: all rows in one ``COPY`` and one insert that skips the keys already there."""
    table = Notification._meta.db_table
    columns = ", ".join(OUTBOX_COLUMNS)
    # The context as the JSONField would write it (no encoder).
    staged_rows = ((*row[:5], json.dumps(row[5]), *row[6:]) for row in rows)
    with staged("outbox_planned", OUTBOX_TYPES, staged_rows) as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, status, attempts, last_error, esp_message_id, "
            "event, created_at) "
            f"SELECT {columns}, %s, 0, '', '', '', %s FROM outbox_planned "
            # In the key's order: two planners at once lock the same keys in the same
            # order, so one waits for the other instead of deadlocking.
            "ORDER BY idempotency_key ON CONFLICT (idempotency_key) DO NOTHING",
            [NotificationStatus.PENDING, timezone.now()],
        )
        return max(cursor.rowcount, 0)


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
