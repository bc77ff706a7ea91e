from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, User


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    password: str | None = None,
    phone: str = "",
    language: str = "da",
) -> User:
    return User.objects.create_user(
        email=email, password=password, full_name=full_name, phone=phone, language=language
    )


def audit_events_create(
    *,
    actor: User | None,
    action: AuditAction,
    object_type: str,
    candidate_ids: list[int],
    purpose: str = "",
) -> None:
    """Append one event per candidate shown (a list page), in one statement.

    On PostgreSQL the statement runs on its own, without bulk_create's BEGIN and COMMIT
    around it: one round trip, atomic as every single statement is.
    """
    if not candidate_ids:
        return
    if connection.vendor == "postgresql":
        table = AuditEvent._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} "
                "(occurred_at, actor_id, action, object_type, object_id, candidate_id, purpose) "
                "SELECT %s, %s, %s, %s, shown::text, shown, %s FROM unnest(%s::bigint[]) shown",
                [
                    timezone.now(),
                    actor.pk if actor else None,
                    action,
                    object_type,
                    purpose[:300],
                    candidate_ids,
                ],
            )
        return
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=str(candidate_id),
            candidate_id=candidate_id,
            purpose=purpose[:300],
        )
        for candidate_id in candidate_ids
    )


def audit_event_create(
    *,
    actor: User | None,
    action: AuditAction,
    object_type: str,
    object_id: object = "",
    candidate_id: int | None = None,
    purpose: str = "",
) -> AuditEvent:
    """Append one event to the audit log; an exception here must fail the caller."""
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        candidate_id=candidate_id,
        purpose=purpose[:300],
    )


@transaction.atomic
def audit_events_purge(*, older_than: datetime) -> int:
    """Delete audit events older than the retention period: the log's only deletion.

    The ORM refuses to delete audit events, and on PostgreSQL so does a trigger,
    unless this transaction says it is the purge.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL byggebro.audit_purge = 'on'")
        cursor.execute(
            f"DELETE FROM {AuditEvent._meta.db_table} WHERE occurred_at < %s", [older_than]
        )
        return cursor.rowcount
