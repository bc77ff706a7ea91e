"""The report's grouped breakdown and retention queries give exactly the figures of the
straightforward ones (tests/reports/reference.py) on random placements, outcomes and
retention checks; on PostgreSQL, the running sums that the triggers keep give exactly
the figures of the placements themselves, before and after every kind of change."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from matching.models import (
    PLACEMENT_SUM_COUNTS,
    PLACEMENT_SUM_HOURS,
    RETENTION_SUM_COUNTS,
    Candidate,
    InterruptReason,
    Outcome,
    OutcomeKind,
    Placement,
    PlacementStatus,
    ReportPlacementDay,
    ReportPlacementMonth,
    ReportRetentionDay,
    ReportRetentionMonth,
    RetentionCheck,
    RetentionStatus,
)
from matching.report_sums import report_sums_kept, report_sums_paused, report_sums_rebuild
from matching.reports import (
    BREAKDOWNS,
    Period,
    _breakdown_rows,
    _Figures,
    _placement_rows,
    _retention_rows,
    _sum_segments,
    _summed_breakdown_rows,
    _summed_placement_rows,
    _summed_retention_rows,
    _windows,
)
from matching.selectors import ReportScope, report_scope
from renovations.models import LabourNeed, Trade
from tests.personas import World
from tests.renovations.factories import RenovationProjectFactory
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


def _scopes(world: World) -> tuple[ReportScope, ...]:
    return (
        report_scope(user=world.anne, project_id=world.project.pk, municipality_code=None),
        report_scope(user=world.bo, project_id=None, municipality_code=None),  # his contractor
    )


MORE_PERIODS = (
    *PERIODS,
    Period(dt.date(2026, 11, 23), dt.date(2026, 12, 31)),  # all after today
    Period(dt.date(2025, 6, 1), dt.date(2026, 11, 22)),  # to today
    Period(dt.date(2026, 8, 15), dt.date(2026, 8, 15)),  # one day
)


def _assert_the_sums_give_the_placements_figures(world: World) -> int:
    seen = 0
    for scope in _scopes(world):
        for period in MORE_PERIODS:
            windows = _windows(period or Period.last_complete(TODAY), scope.starts_on)
            counted, summed = _Figures(), _Figures()
            hours = _placement_rows(scope, windows, TODAY, counted)
            labels = _breakdown_rows(scope, windows, counted)
            _retention_rows(scope, windows, TODAY, counted)
            segments = _sum_segments(windows, TODAY)
            summed_hours = _summed_placement_rows(scope, windows, TODAY, segments, summed)
            summed_labels = _summed_breakdown_rows(scope, windows, segments, summed)
            _summed_retention_rows(scope, windows, TODAY, segments, summed)
            assert list(summed.values.items()) == list(counted.values.items()), period
            assert summed_hours == hours, period
            assert summed_labels == labels, period
            seen += sum(summed.values.values())
    return seen


def _sums() -> dict[str, set[tuple[object, ...]]]:
    """Every sum row that is not all zeros, by table."""
    rows: dict[str, set[tuple[object, ...]]] = {}
    for model, sums in (
        (ReportPlacementDay, (*PLACEMENT_SUM_COUNTS, *PLACEMENT_SUM_HOURS)),
        (ReportPlacementMonth, (*PLACEMENT_SUM_COUNTS, *PLACEMENT_SUM_HOURS)),
        (ReportRetentionDay, RETENTION_SUM_COUNTS),
        (ReportRetentionMonth, RETENTION_SUM_COUNTS),
    ):
        key = [f.attname for f in model._meta.concrete_fields if f.name not in {"id", *sums}]
        found = model.objects.values_list(*key, *sums)
        rows[model._meta.db_table] = {row for row in found if any(row[len(key) :])}
    return rows


@pytest.mark.postgres
@pytest.mark.parametrize("seed", [3, 4])
def test_the_sums_give_the_figures_of_the_placements(world: World, seed: int) -> None:
    """Every figure, the trainee hours and the breakdowns' rows, for periods of every shape."""
    assert report_sums_kept()
    _random_load(world, seed, size=150)
    assert _assert_the_sums_give_the_placements_figures(world) > 0


@pytest.mark.postgres
def test_the_triggers_keep_the_sums_through_every_change(world: World) -> None:
    """Whatever changes (a placement's dates, status, hours or need; an outcome recorded,
    changed, moved or deleted; a check's status or due date; a need's trade, contractor
    or project), the sums equal a rebuild from scratch and give the same figures."""
    rng = random.Random(7)
    _random_load(world, 5, size=120)
    placements = list(Placement.objects.order_by("pk"))
    for placement in rng.sample(placements, 40):
        placement.status = rng.choice(PlacementStatus.values)
        placement.ends_on = placement.ends_on + dt.timedelta(days=rng.randrange(0, 30))
        placement.interrupt_reason = rng.choice(["", *InterruptReason.values])
        placement.hours_per_week = Decimal(rng.randrange(5, 60))
        placement.save()
    Placement.objects.filter(pk__in=[p.pk for p in placements[:10]]).update(
        decided_at=timezone.make_aware(dt.datetime(2026, 9, 30, 23, 30)),  # noqa: DTZ001
        need=world.other_need,
    )
    outcomes = list(Outcome.objects.order_by("pk"))
    for outcome in outcomes[:15]:
        outcome.kind = rng.choice(OutcomeKind.values)
        outcome.save()
    free = Placement.objects.filter(outcomes__isnull=True).order_by("pk")[:5]
    for outcome, placement in zip(outcomes[15:20], free, strict=False):
        outcome.placement = placement  # moved, with its checks
        outcome.save()
    for outcome in outcomes[20:25]:
        outcome.retention_checks.all().delete()
        outcome.delete()
    checks = RetentionCheck.objects.order_by("pk")
    RetentionCheck.objects.filter(pk__in=list(checks.values_list("pk", flat=True)[:30])).update(
        status=RetentionStatus.IN_JOB, due_on=TODAY
    )
    for check in checks[30:40]:
        check.due_on = check.due_on + dt.timedelta(days=rng.randrange(-40, 40))
        check.save()
    checks[40].delete()
    last = Placement.objects.filter(outcomes__isnull=True).order_by("pk").last()
    assert last is not None
    last.delete()
    kept = _sums()
    report_sums_rebuild()
    assert _sums() == kept
    assert _assert_the_sums_give_the_placements_figures(world) > 0

    LabourNeed.objects.filter(pk=world.other_need.pk).update(
        trade=Trade.objects.exclude(pk=world.other_need.trade_id).first(),
        contractor=world.murer,
    )
    _assert_the_sums_give_the_placements_figures(world)
    elsewhere = RenovationProjectFactory.create(area=world.area)
    LabourNeed.objects.filter(pk=world.need.pk).update(project=elsewhere)
    _assert_the_sums_give_the_placements_figures(world)
    kept_after_needs = _sums()
    report_sums_rebuild()
    assert _sums() == kept_after_needs != kept


@pytest.mark.postgres
def test_rows_written_with_the_sums_paused_are_summed_once_at_the_end(world: World) -> None:
    """generate_load writes a million rows with the triggers idle and rebuilds once."""

    def proposed() -> int:
        return ReportPlacementMonth.objects.aggregate(n=Sum("proposed"))["n"]

    before = proposed()
    with report_sums_paused():
        _random_load(world, 6, size=60)
        assert proposed() == before
    assert proposed() == before + 60
    assert _assert_the_sums_give_the_placements_figures(world) > 0
    kept = _sums()
    call_command("report_sums_rebuild")
    assert _sums() == kept
