"""The report's grouped breakdown and retention queries give exactly the figures of the
straightforward ones (tests/reports/reference.py) on random placements, outcomes and
retention checks."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from matching.models import (
    Candidate,
    InterruptReason,
    Outcome,
    OutcomeKind,
    Placement,
    PlacementStatus,
    RetentionCheck,
    RetentionStatus,
)
from matching.reports import (
    BREAKDOWNS,
    Period,
    _breakdown_rows,
    _Figures,
    _retention_rows,
    _windows,
)
from matching.selectors import report_scope
from tests.personas import World
from tests.reports import reference

TODAY = dt.date(2026, 11, 22)
FIRST = dt.date(2025, 6, 1)


def _day(rng: random.Random, first: dt.date = FIRST, days: int = 620) -> dt.date:
    return first + dt.timedelta(days=rng.randrange(days))


def _random_load(world: World, seed: int, size: int) -> None:
    rng = random.Random(seed)
    municipality = world.project.area.municipality
    candidates = Candidate.objects.bulk_create(
        Candidate(
            first_name=f"R{n}", last_name="Test", municipality=municipality, referred_on=FIRST
        )
        for n in range(size)
    )
    placements = []
    for candidate in candidates:
        starts_on = _day(rng)
        status = rng.choice(PlacementStatus.values)
        placements.append(
            Placement(
                candidate=candidate,
                need=rng.choice((world.need, world.other_need)),
                kind=world.need.kind,
                starts_on=starts_on,
                ends_on=starts_on + dt.timedelta(days=rng.randrange(0, 90)),
                status=status,
                interrupt_reason=rng.choice(["", *InterruptReason.values])
                if status == PlacementStatus.INTERRUPTED
                else "",
                hours_per_week=Decimal(rng.randrange(5, 60)) + Decimal("0.5") * rng.randrange(2),
            )
        )
    placements = Placement.objects.bulk_create(placements)
    for placement in placements:  # proposed_at is set on creation; move it into the past
        proposed = placement.starts_on - dt.timedelta(days=rng.randrange(0, 40))
        placement.proposed_at = timezone.make_aware(
            dt.datetime.combine(proposed, dt.time(rng.randrange(24), rng.randrange(60)))
        )
        placement.decided_at = (
            None
            if rng.random() < 0.2
            else placement.proposed_at + dt.timedelta(hours=rng.randrange(0, 24 * 20))
        )
    Placement.objects.bulk_update(placements, ["proposed_at", "decided_at"])
    outcomes = Outcome.objects.bulk_create(
        Outcome(
            candidate=placement.candidate,
            placement=placement,
            kind=rng.choice(OutcomeKind.values),
            started_on=placement.ends_on + dt.timedelta(days=rng.randrange(0, 20)),
        )
        for placement in placements
        if rng.random() < 0.7
    )
    RetentionCheck.objects.bulk_create(
        RetentionCheck(
            outcome=outcome,
            months=months,
            due_on=outcome.started_on + relativedelta(months=months),
            status=rng.choice(RetentionStatus.values),
        )
        for outcome in outcomes
        for months in (3, 6, 12)
        if rng.random() < 0.9
    )


PERIODS = (
    None,  # the last complete block: September–October 2026
    Period(dt.date(2026, 2, 10), dt.date(2026, 8, 17)),  # not aligned to the blocks
    Period(dt.date(2025, 12, 31), dt.date(2026, 1, 1)),
    Period(dt.date(2026, 11, 1), dt.date(2026, 12, 31)),  # reaches beyond today
)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_grouped_breakdowns_and_retention_equal_the_straightforward_ones(
    world: World, seed: int
) -> None:
    _random_load(world, seed, size=120)
    checks_seen = 0
    for scope in (
        report_scope(user=world.anne, project_id=world.project.pk, municipality_code=None),
        report_scope(user=world.bo, project_id=None, municipality_code=None),  # his contractor
    ):
        for period in PERIODS:
            windows = _windows(period or Period.last_complete(TODAY), scope.starts_on)
            fast, straight = _Figures(), _Figures()
            labels = _breakdown_rows(scope, windows, fast)
            _retention_rows(scope, windows, TODAY, fast)
            expected = {
                by: reference.breakdown_rows(scope, windows, by, names, straight)
                for by, names in BREAKDOWNS.items()
            }
            reference.retention_rows(scope, windows, TODAY, straight)
            assert list(fast.values.items()) == list(straight.values.items())  # order too
            assert labels == expected
            checks_seen += sum(fast.values.values())
    assert checks_seen > 0
