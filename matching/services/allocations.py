"""Confirming an allocation: the chosen pairs become proposed placements, all or none."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from accounts.models import User
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
    return [
        placement_propose(
            need=choice.need,
            candidate=choice.candidate,
            by=by,
            starts_on=choice.starts_on
            or first_possible_start(choice.need, choice.candidate, today),
            today=today,
            override_reason=choice.override_reason,
        )
        for choice in choices
    ]
