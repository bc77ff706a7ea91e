from celery import shared_task
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from accounts.services import audit_events_purge


@shared_task(name="accounts.audit_events_purge")
def audit_events_purge_task() -> int:
    """Daily: delete audit events past AUDIT_RETENTION_MONTHS."""
    cutoff = timezone.now() - relativedelta(months=settings.AUDIT_RETENTION_MONTHS)
    return audit_events_purge(older_than=cutoff)
