"""The sender: claims due outbox rows in batches, sends them through anymail, records the result.

A claim is a conditional update in its own short transaction (``FOR UPDATE SKIP
LOCKED`` on PostgreSQL, so several workers share the rows without waiting for
each other): a row is sent by the one sender that moved it from pending to
sending. A sender that dies leaves its rows in sending; after the lease (longer
than a task may live) they are pending again and go out with the same
Message-ID and idempotency key, so a provider that honours the key, and the
recipient's mail program, see the same message.

Transient failures (the provider down, throttling, a network error) are retried
with exponential backoff capped below the broker's visibility timeout; a
permanent one (a refused address, a broken template) ends as ``failed`` with its
error in ``last_error`` for staff to see in the admin.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from anymail.exceptions import (
    AnymailConfigurationError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
    AnymailUnsupportedFeature,
)
from billiard.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F

from notifications.email import emails_build, message_id
from notifications.models import Notification, NotificationKind, NotificationStatus
from notifications.office import sending_window_open

logger = logging.getLogger(__name__)

# A Celery task's soft time limit: not the message's fault, never a failure of it.
INTERRUPTIONS = (SoftTimeLimitExceeded,)
PERMANENT_ERRORS = (
    AnymailRecipientsRefused,
    AnymailInvalidAddress,
    AnymailUnsupportedFeature,
    AnymailConfigurationError,
)


@dataclass
class SendReport:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    out_of_time: bool = False

    def add(self, other: "SendReport") -> None:
        self.claimed += other.claimed
        self.sent += other.sent
        self.retried += other.retried
        self.failed += other.failed


def is_permanent(error: Exception) -> bool:
    """Whether sending again cannot help: a refused address, a 4xx answer (but throttling)."""
    if isinstance(error, PERMANENT_ERRORS):
        return True
    status = getattr(error, "status_code", None)
    return isinstance(status, int) and 400 <= status < 500 and status not in (408, 409, 425, 429)


def describe(error: Exception) -> str:
    """The error's message; some providers' errors cannot describe themselves without a reply."""
    try:
        return str(error)
    except Exception:
        return " ".join(str(arg) for arg in error.args)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff from the base, capped (below the broker's visibility timeout)."""
    seconds = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.NOTIFICATIONS_RETRY_MAX_SECONDS))


def notifications_release_stale(*, now: datetime) -> int:
    """Put rows back to pending whose sender died: claimed longer ago than the lease."""
    lease = timedelta(seconds=settings.NOTIFICATIONS_SENDING_LEASE_SECONDS)
    return Notification.objects.filter(
        status=NotificationStatus.SENDING, claimed_at__lt=now - lease
    ).update(status=NotificationStatus.PENDING)


def notifications_due_exist(*, now: datetime) -> bool:
    """Whether rows are waiting to be sent (the sender's reason to go on in a new task)."""
    return Notification.objects.filter(
        status=NotificationStatus.PENDING, in_digest=False, due_at__lte=now
    ).exists()


@transaction.atomic
def notifications_claim(*, now: datetime, limit: int) -> list[int]:
    """Claim up to ``limit`` due rows for this sender; return their ids."""
    due = Notification.objects.filter(
        status=NotificationStatus.PENDING, in_digest=False, due_at__lte=now
    ).order_by("due_at", "id")
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True)
    ids = list(due.values_list("pk", flat=True)[:limit])
    if ids:
        Notification.objects.filter(pk__in=ids, status=NotificationStatus.PENDING).update(
            status=NotificationStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return ids


def _provider_message_id(message: EmailMultiAlternatives, notification: Notification) -> str:
    status = getattr(message, "anymail_status", None)
    found = getattr(status, "message_id", None) if status is not None else None
    if isinstance(found, str) and found:
        return found
    return message_id(notification)


def notifications_send_batch(*, now: datetime, limit: int | None = None) -> SendReport:
    """Claim one batch of due rows, send each, and record every result in one update."""
    report = SendReport()
    if not sending_window_open(now):
        return report
    ids = notifications_claim(now=now, limit=limit or settings.NOTIFICATIONS_BATCH_SIZE)
    report.claimed = len(ids)
    if not ids:
        return report
    rows = list(
        Notification.objects.filter(pk__in=ids, status=NotificationStatus.SENDING)
        .select_related("recipient")
        .order_by("due_at", "id")
    )
    built = emails_build(rows)
    backend = get_connection(fail_silently=False)
    backend.open()
    try:
        for row in rows:
            message = built[row.pk]
            if isinstance(message, Exception):  # a broken template or a missing row
                _record_failure(row, message, now, permanent=True)
                report.failed += 1
                continue
            try:
                backend.send_messages([message])
            except INTERRUPTIONS:
                raise  # the task's time is up: the rows not yet recorded go back after the lease
            except Exception as error:  # every provider's error ends on the row
                _record_failure(row, error, now, permanent=is_permanent(error))
                if row.status == NotificationStatus.FAILED:
                    report.failed += 1
                else:
                    report.retried += 1
                continue
            row.status = NotificationStatus.SENT
            row.sent_at = now
            row.esp_message_id = _provider_message_id(message, row)[:200]
            row.last_error = ""
            report.sent += 1
    finally:
        backend.close()
        _record(rows)
    return report


def _record_failure(row: Notification, error: Exception, now: datetime, *, permanent: bool) -> None:
    row.last_error = f"{type(error).__name__}: {describe(error)}"[:2000]
    if permanent or row.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        row.status = NotificationStatus.FAILED
        logger.warning("notification %s failed for good: %s", row.pk, type(error).__name__)
    else:
        row.status = NotificationStatus.PENDING
        row.due_at = now + retry_delay(row.attempts)


def _record(rows: list[Notification]) -> None:
    """Write the batch's results, and a digest's result onto the reminders it carried."""
    sent = [row for row in rows if row.status == NotificationStatus.SENT]
    others = [
        row
        for row in rows
        if row.status not in (NotificationStatus.SENT, NotificationStatus.SENDING)
    ]
    with transaction.atomic():
        _record_sent(sent)
        Notification.objects.bulk_update(
            others, ["status", "sent_at", "esp_message_id", "last_error", "due_at"], batch_size=500
        )
        for row in sent + others:
            if row.kind == NotificationKind.DAILY_DIGEST and row.status in (
                NotificationStatus.SENT,
                NotificationStatus.FAILED,
            ):
                Notification.objects.filter(digest=row).update(
                    status=row.status,
                    sent_at=row.sent_at,
                    esp_message_id=row.esp_message_id,
                    last_error=row.last_error,
                )


def _record_sent(rows: list[Notification]) -> None:
    """Mark sent rows with their provider ids: one statement for the batch on PostgreSQL."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        Notification.objects.bulk_update(
            rows, ["status", "sent_at", "esp_message_id", "last_error"]
        )
        return
    table = Notification._meta.db_table
    values = ", ".join(["(%s::bigint, %s)"] * len(rows))
    params: list[Any] = [NotificationStatus.SENT, rows[0].sent_at]
    for row in rows:
        params += [row.pk, row.esp_message_id]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS n SET status = %s, sent_at = %s, last_error = '', "
            f"esp_message_id = v.message_id FROM (VALUES {values}) AS v(id, message_id) "
            "WHERE n.id = v.id",
            params,
        )


def notifications_send_due(
    *, clock: Callable[[], datetime], batches: int, budget: timedelta | None = None
) -> SendReport:
    """Release stale claims, then send up to ``batches`` batches of due rows.

    ``clock`` gives the time for each batch, so a claim's time is when it was made;
    no new batch is claimed once ``budget`` has passed.
    """
    report = SendReport()
    started = clock()
    notifications_release_stale(now=started)
    for _ in range(batches):
        now = clock()
        if budget is not None and now - started > budget:
            report.out_of_time = True
            break
        batch = notifications_send_batch(now=now)
        report.add(batch)
        if batch.claimed < settings.NOTIFICATIONS_BATCH_SIZE:
            break
    return report
