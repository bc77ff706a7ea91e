"""The report's figures against the model's reference figures (DESIGN, introduction)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.errors import ApplicationError
from matching.models import OutcomeKind, RetentionStatus
from matching.reports import Period, report_for
from tests.personas import World
from tests.reports.builders import exits_load

TODAY = dt.date(2026, 11, 22)


def test_the_default_period_is_the_last_complete_two_month_block() -> None:
    assert Period.last_complete(TODAY) == Period(dt.date(2026, 9, 1), dt.date(2026, 10, 31))
    assert Period.last_complete(dt.date(2027, 1, 3)) == Period(
        dt.date(2026, 11, 1), dt.date(2026, 12, 31)
    )
    assert Period.last_complete(dt.date(2026, 3, 1)) == Period(
        dt.date(2026, 1, 1), dt.date(2026, 2, 28)
    )


def test_180_snusepraktikker_60_jobs_on_the_site_25_into_education(world: World) -> None:
    """The first site: 180 completed, 60 on to ordinary jobs on the site, 25 into education."""
    exits_load(
        need=world.need,
        ended_on=dt.date(2026, 10, 16),
        outcomes={
            OutcomeKind.JOB_ON_SITE: 60,
            OutcomeKind.EDUCATION: 25,
            OutcomeKind.NONE: 95,
        },
    )
    report = report_for(user=world.anne, project=world.project.pk, today=TODAY)

    exits = report.period.exits
    assert report.period.period == Period(dt.date(2026, 9, 1), dt.date(2026, 10, 31))
    by_kind = {row.code: row.count.value for row in exits.by_kind}
    assert by_kind[OutcomeKind.JOB_ON_SITE] == 60
    assert (exits.into_job.numerator.value, exits.into_job.denominator.value) == (60, 180)
    assert exits.into_education.label == "25/180 (14%)"
    assert exits.into_job.share == pytest.approx(60 / 180)
    assert report.period.funnel.completed.value == 180
    assert report.period.funnel.started.value == 180
    assert not report.suppressed
    # The same people, counted since the project started, and against its targets.
    assert report.cumulative.exits.job.value == 60
    targets = {target.code: target for target in report.targets}
    assert (targets["jobs"].achieved.value, targets["jobs"].target) == (60, 60)
    assert targets["education"].rate.share == 1.0
    trade = report.period.by_trade[0]
    assert (trade.name, trade.completed.value, trade.job.value) == ("Murer", 180, 60)
    # 180 people × 37 hours × 26 days / 7 ≈ 24,737 hours ≈ 12.86 full-time years.
    assert float(report.period.trainee_fte) == pytest.approx(180 * 37 * 26 / 7 / 1924, abs=0.01)


def test_161_interns_at_exit_and_at_the_3_month_check(world: World) -> None:
    """A later year: 43 to jobs and 10 to education at exit; 55 and 16 three months later."""
    exits_load(
        need=world.need,
        ended_on=dt.date(2026, 2, 20),
        outcomes={
            OutcomeKind.JOB_ELSEWHERE: 30,
            OutcomeKind.JOB_ON_SITE: 13,
            OutcomeKind.APPRENTICESHIP: 10,
            OutcomeKind.NONE: 108,
        },
        checks_at_3_months={
            RetentionStatus.IN_JOB: 55,
            RetentionStatus.IN_EDUCATION: 16,
            RetentionStatus.NOT_IN_JOB: 80,
            RetentionStatus.UNKNOWN: 10,
        },
    )
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 2, 28))
    report = report_for(user=world.anne, project=world.project.pk, period=period, today=TODAY)

    exits = report.period.exits
    assert exits.into_job.label == "43/161 (27%)"
    assert exits.into_education.label == "10/161 (6%)"
    three = next(r for r in report.period.retention if r.months == 3)
    assert three.in_job_rate.label == "55/161 (34%)"
    assert three.in_education_rate.label == "16/161 (10%)"
    # Unknown is apart, never counted as not in a job.
    assert (three.not_in_job.value, three.unknown.value, three.not_due.value) == (80, 10, 0)
    six = next(r for r in report.period.retention if r.months == 6)
    assert (six.unknown.value, six.not_due.value) == (161, 0)  # due in August, not recorded
    twelve = next(r for r in report.period.retention if r.months == 12)
    assert twelve.not_due.value == 161


def test_referrals_and_their_local_share(world: World) -> None:
    """Sara lives in the renovated area; Omar and Nina do not (referred 12 January)."""
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 2, 28))
    report = report_for(user=world.anne, municipality="461", period=period, today=TODAY)
    funnel = report.period.funnel
    assert (funnel.referred.value, funnel.referred_local.value) == (3, 1)
    assert report.period.local_share.label == "1/3 (33%)"
    assert report.scope.kind == "municipality"


def test_the_trend_adds_up_to_the_cumulative_figures(world: World) -> None:
    exits_load(need=world.need, ended_on=dt.date(2026, 6, 12), outcomes={OutcomeKind.NONE: 7})
    exits_load(need=world.need, ended_on=dt.date(2026, 10, 2), outcomes={OutcomeKind.NONE: 5})
    report = report_for(user=world.anne, project=world.project.pk, today=TODAY)
    assert [point.period.start.month for point in report.trend] == [1, 3, 5, 7, 9]
    assert [point.completed.value for point in report.trend] == [0, 0, 7, 0, 5]
    assert report.cumulative.funnel.completed.value == 12


def test_a_constant_number_of_queries(world: World) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            report_for(user=world.anne, municipality="461", today=TODAY)
        return len(captured)

    first = queries()
    for month in (3, 5, 9):
        exits_load(need=world.need, ended_on=dt.date(2026, month, 20), outcomes={"none": 4})
        exits_load(need=world.other_need, ended_on=dt.date(2026, month, 20), outcomes={"none": 4})
    world.anne.__dict__.pop("_byggebro_roles", None)
    assert queries() == first <= 7


def test_outside_the_scope_is_not_found(world: World) -> None:
    with pytest.raises(ApplicationError) as raised:
        report_for(user=world.carl, project=world.project.pk, today=TODAY)
    assert raised.value.kind.name == "NOT_FOUND"
    with pytest.raises(ApplicationError):
        report_for(user=world.frida, municipality="479", today=TODAY)
