from celery import shared_task
from django.utils import timezone

from matching.services import candidates_anonymise_inactive


@shared_task(name="matching.candidates_anonymise_inactive")
def candidates_anonymise_inactive_task() -> int:
    """Daily: anonymise candidates inactive past CANDIDATE_RETENTION_MONTHS."""
    return candidates_anonymise_inactive(today=timezone.localdate())
