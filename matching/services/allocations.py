"""Confirming an allocation: the chosen pairs become proposed placements, all or none."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from accounts.models import AuditAction, User
from accounts.services import audit_event_create
from matching.models import Candidate, Placement
from matching.services.placements import placement_propose
from renovations import workdays
from renovations.models import LabourNeed


@dataclass(frozen=True)
class AllocationChoice:
    need: LabourNeed
    candidate: Candidate
    starts_on: date | None = None
    override_reason: str = ""


def first_possible_start(need: LabourNeed, candidate: Candidate, today: date) -> date:
    """The first working day from tomorrow on which both the need and the person can start."""
    earliest = max(need.earliest_start, today + timedelta(days=1))
    if candidate.available_from:
        earliest = max(earliest, candidate.available_from)
    return workdays.working_day_on_or_after(earliest)


@transaction.atomic
def allocation_confirm(
    *, by: User, today: date, choices: Sequence[AllocationChoice]
) -> list[Placement]:
    """Propose every chosen pair; one refusal refuses them all, and nothing is written."""
    # All the needs, then all the people, each in id order, before any proposal takes
    # its own locks: two confirmations (or a confirmation and a single proposal) then
    # always lock in the same order and cannot deadlock.
    list(
        LabourNeed.objects.select_for_update(of=("self",))
        .filter(pk__in={choice.need.pk for choice in choices})
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    list(
        Candidate.objects.select_for_update(of=("self",))
        .filter(pk__in={choice.candidate.pk for choice in choices})
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    placements = [
        placement_propose(
            need=choice.need,
            candidate=choice.candidate,
            by=by,
            starts_on=choice.starts_on
            or first_possible_start(choice.need, choice.candidate, today),
            today=today,
            override_reason=choice.override_reason,
            # The allocation chose among each need's top K, not only the first few.
            suggestions_shown=settings.MATCHING_ALLOCATION_TOP_K,
        )
        for choice in choices
    ]
    audit_event_create(
        actor=by,
        action=AuditAction.CREATE,
        object_type="allocation",
        purpose=f"{len(placements)} placements proposed",
    )
    return placements
