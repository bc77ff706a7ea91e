"""Disclosure control in the report: everyone but coordinators sees small counts as "≤3",
no hidden count can be worked out from the published sums, and no rate rests on one."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from typing import Any

from matching.models import OutcomeKind, PlacementStatus
from matching.reports import Cell, Rate, Report, report_cells, report_for
from matching.suppression import Mark
from renovations.models import LabourNeed, Trade
from tests.personas import World
from tests.renovations.factories import LabourNeedFactory
from tests.reports.attack import attack
from tests.reports.builders import exits_load

TODAY = dt.date(2026, 11, 22)


def _cells(value: Any) -> Iterator[Cell]:
    if isinstance(value, Cell):
        yield value
    elif is_dataclass(value):
        for field in fields(value):
            yield from _cells(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _cells(item)


def _rates(report: Report) -> Iterator[Rate]:
    for window in (report.period, report.cumulative):
        yield window.local_share
        yield window.exits.into_job
        yield window.exits.into_education
        for retention in window.retention:
            yield retention.in_job_rate
            yield retention.in_education_rate
        for row in (*window.by_trade, *window.by_contractor):
            yield row.into_job
    for target in report.targets:
        yield target.rate


def _load(world: World) -> LabourNeed:
    """Bo's murer need: 2 exits (1 job); Eva's maler need: 9 exits (4 jobs), 1 interrupted."""
    exits_load(
        need=world.need,
        ended_on=dt.date(2026, 10, 9),
        outcomes={OutcomeKind.JOB_ON_SITE: 1, OutcomeKind.NONE: 1},
    )
    maler = LabourNeedFactory.create(
        project=world.project,
        contractor=world.other_contractor,
        trade=Trade.objects.get(code="maler"),
    )
    exits_load(
        need=maler,
        ended_on=dt.date(2026, 9, 18),
        outcomes={OutcomeKind.JOB_ELSEWHERE: 4, OutcomeKind.NONE: 5},
    )
    interrupted = exits_load(
        need=maler, ended_on=dt.date(2026, 9, 11), outcomes={}, without_outcome=1
    )
    interrupted[0].status = PlacementStatus.INTERRUPTED
    interrupted[0].interrupt_reason = "illness"
    interrupted[0].save()
    return maler


def test_coordinators_see_every_count(world: World) -> None:
    _load(world)
    report = report_for(user=world.anne, project=world.project.pk, today=TODAY)
    assert not report.suppressed
    assert all(cell.shown for cell in _cells(report))
    assert report.period.exits.completed.value == 11


def test_a_follow_up_member_sees_small_counts_as_at_most_three(world: World) -> None:
    _load(world)
    report = report_for(user=world.frida, project=world.project.pk, today=TODAY)
    assert report.suppressed
    period = report.period
    assert period.exits.completed.label == "11"
    murer = next(row for row in period.by_trade if row.name == "Murer")
    assert (murer.completed.label, murer.job.label, murer.completed.value) == ("≤3", "≤3", None)
    assert period.funnel.interrupted.label == "≤3"
    for cell in _cells(report):
        if not cell.shown:
            assert cell.value is None  # nothing hidden travels with the report
    for rate in _rates(report):
        if not (rate.numerator.shown and rate.denominator.shown):
            assert rate.share is None, rate.label


def test_no_hidden_count_can_be_worked_out(world: World) -> None:
    """The reader solves every published sum of the report, exactly, in whole numbers."""
    _load(world)
    for user in (world.frida, world.dorte, world.bo):
        values, relations, marks = report_cells(user=user, project=world.project.pk, today=TODAY)
        true = [r for r in relations if values[r.total] == sum(values[p] for p in r.parts)]
        hidden = {k for k, mark in marks.items() if mark in (Mark.SMALL, Mark.SECONDARY)}
        assert any(marks[k] is Mark.SMALL for k in hidden)
        for key, (least, greatest) in attack(values, marks, true).items():
            if key in hidden:
                assert least <= values[key] <= greatest
                assert greatest > least, f"{key} is pinned for {user}"


def test_contractor_staff_see_only_their_contractors_figures(world: World) -> None:
    _load(world)
    report = report_for(user=world.bo, project=world.project.pk, today=TODAY)
    assert report.suppressed
    assert [row.name for row in report.period.by_contractor] == [world.murer.name]
    assert report.period.exits.completed.label == "≤3"
    assert report.period.funnel.referred.value == 0  # referrals are the job centre's


def test_the_threshold_is_a_setting(world: World, settings: Any) -> None:
    _load(world)
    settings.REPORT_SUPPRESSION_THRESHOLD = 1
    report = report_for(user=world.frida, project=world.project.pk, today=TODAY)
    murer = next(row for row in report.period.by_trade if row.name == "Murer")
    assert murer.job.label == "≤1"
    assert report.threshold == 1
