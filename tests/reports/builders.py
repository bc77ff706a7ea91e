"""Placements with their outcomes and retention checks, made in bulk for the report tests."""

import datetime as dt
from collections.abc import Mapping

from dateutil.relativedelta import relativedelta

from matching.models import (
    Candidate,
    Outcome,
    Placement,
    PlacementStatus,
    RetentionCheck,
    RetentionStatus,
)
from renovations.models import HousingArea, LabourNeed


def exits_load(
    *,
    need: LabourNeed,
    ended_on: dt.date,
    outcomes: Mapping[str, int],
    without_outcome: int = 0,
    checks_at_3_months: Mapping[str, int] | None = None,
    home_area: HousingArea | None = None,
) -> list[Placement]:
    """Completed four-week placements on ``need`` ending on ``ended_on``, one person each,
    with outcomes of the given kinds (in order) and their 3-month checks' statuses."""
    total = sum(outcomes.values()) + without_outcome
    starts_on = ended_on - dt.timedelta(days=25)
    municipality = need.project.area.municipality
    candidates = Candidate.objects.bulk_create(
        Candidate(
            first_name=f"Person {n}",
            last_name="Test",
            municipality=municipality,
            referred_on=starts_on - dt.timedelta(days=30),
            home_area=home_area,
        )
        for n in range(total)
    )
    placements = Placement.objects.bulk_create(
        Placement(
            candidate=candidate,
            need=need,
            kind=need.kind,
            starts_on=starts_on,
            ends_on=ended_on,
            status=PlacementStatus.COMPLETED,
            hours_per_week=37,
        )
        for candidate in candidates
    )
    kinds = [kind for kind, count in outcomes.items() for _ in range(count)]
    made = Outcome.objects.bulk_create(
        Outcome(
            candidate=placement.candidate,
            placement=placement,
            kind=kind,
            started_on=ended_on + dt.timedelta(days=3),
        )
        for placement, kind in zip(placements, kinds, strict=False)
    )
    statuses = [s for s, count in (checks_at_3_months or {}).items() for _ in range(count)]
    statuses += [RetentionStatus.UNKNOWN] * (len(made) - len(statuses))
    RetentionCheck.objects.bulk_create(
        RetentionCheck(
            outcome=outcome,
            months=months,
            due_on=outcome.started_on + relativedelta(months=months),
            status=status if months == 3 else RetentionStatus.UNKNOWN,
            checked_on=outcome.started_on + relativedelta(months=months)
            if months == 3 and status != RetentionStatus.UNKNOWN
            else None,
        )
        for outcome, status in zip(made, statuses, strict=True)
        for months in (3, 6, 12)
    )
    return placements
