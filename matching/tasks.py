from celery import shared_task
from django.utils import timezone

from matching.selectors import meetings_due_a_pack
from matching.services import candidates_anonymise_inactive, meeting_pack_freeze
from renovations.models import Meeting


@shared_task(name="matching.candidates_anonymise_inactive")
def candidates_anonymise_inactive_task() -> int:
    """Daily: anonymise candidates inactive past CANDIDATE_RETENTION_MONTHS."""
    return candidates_anonymise_inactive(today=timezone.localdate())


@shared_task(name="matching.meeting_packs_due")
def meeting_packs_due_task() -> int:
    """Daily: queue a freeze for every meeting of the coming week that has no pack yet."""
    ids = list(meetings_due_a_pack(today=timezone.localdate()).values_list("pk", flat=True))
    for meeting_id in ids:
        meeting_pack_freeze_task.delay(meeting_id)
    return len(ids)


@shared_task(name="matching.meeting_pack_freeze")
def meeting_pack_freeze_task(meeting_id: int) -> None:
    """Freeze one meeting's pack (idempotent); a meeting deleted meanwhile is skipped."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is not None:
        meeting_pack_freeze(meeting=meeting, now=timezone.now())
