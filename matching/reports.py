"""The follow-up group's report (DESIGN §7) as typed data, computed in SQL.

``report_for`` answers one scope (a project, a municipality, or all a user may see)
for one period (by default the last complete two-month block) and cumulatively
since the scope's first project started, with a trend over the last six blocks.
Every person count is a ``Cell``; a ``Rate`` is built from two cells and is shown
only when both are. For everyone but coordinators the cells go through disclosure
control (``matching.suppression``). Rendering (JSON, CSV, XLSX, PDF) is elsewhere
(``matching.report_exports``).

The figures and their dates:

- referred: candidates of the scope's job centres with ``referred_on`` in the window;
  local: of those, living in a renovated area of the scope;
- proposed: ``proposed_at`` in the window; accepted and declined, withdrawn:
  ``decided_at`` in the window, by the placement's status now; started:
  ``starts_on`` in the window and the placement got under way; completed and
  interrupted (by reason): ``ends_on`` in the window;
- outcomes at exit: the outcome of each placement completed in the window, by kind,
  and "no outcome yet"; job = job on the site or elsewhere, education = apprenticeship
  or education, other = subsidised job or none;
- retention: the 3, 6 and 12 month checks of those outcomes: in a job, in education,
  not in a job, unknown (never counted as not in a job), not yet due;
- trainee full-time equivalents: the hours of placements under way in the window
  (hours per week × days in the window / 7, up to today) / 1,924.
"""

from bisect import bisect_right
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    F,
    Func,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User
from matching.models import (
    PLACEMENT_STARTED_STATUSES,
    PLACEMENT_SUM_COUNTS,
    PLACEMENT_SUM_HOURS,
    RETENTION_SUM_COUNTS,
    Candidate,
    DueGrain,
    InterruptReason,
    OutcomeKind,
    Placement,
    PlacementStatus,
    ReportPlacementDay,
    ReportPlacementMonth,
    ReportRetentionDay,
    ReportRetentionMonth,
    RetentionCheck,
    RetentionMonths,
    RetentionStatus,
)
from matching.report_sums import (
    ACCEPTED_STATUSES,
    DAY_ZERO,
    report_sums_kept,
)
from matching.selectors import ReportScope, report_scope, report_scope_for_members
from matching.suppression import Mark, Relation, hidden_marks

FULL_TIME_HOURS_PER_YEAR = Decimal(1924)
TREND_PERIODS = 6
OUTCOME_GROUPS: dict[str, tuple[str, ...]] = {
    "job": (OutcomeKind.JOB_ON_SITE, OutcomeKind.JOB_ELSEWHERE),
    "education": (OutcomeKind.APPRENTICESHIP, OutcomeKind.EDUCATION),
    "other": (OutcomeKind.SUBSIDISED_JOB, OutcomeKind.NONE),
}
RETENTION_COLUMNS = ("in_job", "in_education", "not_in_job", "unknown", "not_due")


# --- Periods -----------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    """Whole days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @classmethod
    def block_containing(cls, day: date) -> "Period":
        """The two-month block (January–February, March–April, …) holding ``day``."""
        start = date(day.year, (day.month - 1) // 2 * 2 + 1, 1)
        return cls(start, start + relativedelta(months=2) - timedelta(days=1))

    @classmethod
    def last_complete(cls, today: date) -> "Period":
        """The latest two-month block that has ended before ``today``."""
        return cls.block_containing(cls.block_containing(today).start - timedelta(days=1))

    def previous_block(self) -> "Period":
        return Period.block_containing(Period.block_containing(self.start).start - timedelta(1))

    def clipped(self, first: date, last: date) -> "Period | None":
        start, end = max(self.start, first), min(self.end, last)
        return Period(start, end) if start <= end else None

    @cached_property  # a figure's key, asked thousands of times per report
    def key(self) -> tuple[str, str]:
        return (self.start.isoformat(), self.end.isoformat())

    def __str__(self) -> str:
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"


# --- Published figures -------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A person count as published: its value, or None where it is hidden."""

    value: int | None
    mark: Mark = Mark.SHOWN
    threshold: int = 3

    @property
    def shown(self) -> bool:
        return self.mark is Mark.SHOWN

    @property
    def label(self) -> str:
        """The count, "≤3" for a small count, "x" where hidden to protect another."""
        if self.mark is Mark.SMALL:
            return f"≤{self.threshold}"
        if self.mark is Mark.SECONDARY:
            return "x"
        return str(self.value)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Rate:
    """``numerator`` of ``denominator``; no share when either is hidden or nobody counts."""

    numerator: Cell
    denominator: Cell

    @property
    def share(self) -> float | None:
        top, bottom = self.numerator, self.denominator
        if not (top.shown and bottom.shown) or not bottom.value:
            return None
        return (top.value or 0) / bottom.value

    @property
    def label(self) -> str:
        share = self.share
        fraction = f"{self.numerator.label}/{self.denominator.label}"
        return fraction if share is None else f"{fraction} ({share:.0%})"


@dataclass(frozen=True)
class Labelled:
    code: str
    name: str
    count: Cell


@dataclass(frozen=True)
class Funnel:
    referred: Cell
    referred_local: Cell
    referred_elsewhere: Cell
    proposed: Cell
    accepted: Cell
    declined: Cell
    withdrawn: Cell
    started: Cell
    completed: Cell
    interrupted: Cell


@dataclass(frozen=True)
class Exits:
    """Where the people whose placement was completed in the window went."""

    completed: Cell
    job: Cell
    education: Cell
    other: Cell
    missing: Cell  # no outcome recorded yet
    by_kind: tuple[Labelled, ...]

    @property
    def into_job(self) -> Rate:
        return Rate(self.job, self.completed)

    @property
    def into_education(self) -> Rate:
        return Rate(self.education, self.completed)


@dataclass(frozen=True)
class Retention:
    """The checks ``months`` after the outcomes of the window's exits."""

    months: int
    checks: Cell
    in_job: Cell
    in_education: Cell
    not_in_job: Cell
    unknown: Cell
    not_due: Cell

    @property
    def in_job_rate(self) -> Rate:
        return Rate(self.in_job, self.checks)

    @property
    def in_education_rate(self) -> Rate:
        return Rate(self.in_education, self.checks)


@dataclass(frozen=True)
class Breakdown:
    """One trade's or contractor's row: placements started, and exits by where they went."""

    id: int
    name: str
    started: Cell
    completed: Cell
    job: Cell
    education: Cell
    other: Cell
    missing: Cell

    @property
    def into_job(self) -> Rate:
        return Rate(self.job, self.completed)


@dataclass(frozen=True)
class Window:
    """Every figure of one stretch of time."""

    period: Period
    funnel: Funnel
    interrupted_by_reason: tuple[Labelled, ...]
    exits: Exits
    retention: tuple[Retention, ...]
    by_trade: tuple[Breakdown, ...]
    by_contractor: tuple[Breakdown, ...]
    trainee_hours: Decimal
    trainee_fte: Decimal

    @property
    def local_share(self) -> Rate:
        return Rate(self.funnel.referred_local, self.funnel.referred)


@dataclass(frozen=True)
class Target:
    code: str  # placements, jobs, education
    name: str
    target: int
    achieved: Cell

    @property
    def rate(self) -> Rate:
        return Rate(self.achieved, Cell(self.target))


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    referred: Cell
    started: Cell
    completed: Cell
    job: Cell
    education: Cell


@dataclass(frozen=True)
class ScopeInfo:
    kind: str  # project, municipality, all
    name: str
    project_ids: tuple[int, ...]
    starts_on: date | None


@dataclass(frozen=True)
class Report:
    scope: ScopeInfo
    period: Window
    cumulative: Window
    trend: tuple[TrendPoint, ...]
    targets: tuple[Target, ...]
    trainee_share_target: Decimal | None  # percent of craft wages, where one project sets it
    suppressed: bool
    threshold: int
    generated_on: date


# --- Computing ---------------------------------------------------------------------------


class DaysBetween(Func):
    """``later - earlier`` in whole days."""

    arity = 2
    output_field = IntegerField()
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="CAST(JULIANDAY(%(expressions)s) AS INTEGER)",
            arg_joiner=") - JULIANDAY(",
            **extra,
        )


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _between(field: str, window: Period) -> Q:
    return Q(**{f"{field}__gte": window.start, f"{field}__lte": window.end})


def _at_between(field: str, window: Period) -> Q:
    end = _moment(window.end + timedelta(days=1))
    return Q(**{f"{field}__gte": _moment(window.start), f"{field}__lt": end})


def _placement_conditions(window: Period) -> dict[str, Q]:
    """Each per-window count of placements, as the condition on a placement row."""
    completed = _between("ends_on", window) & Q(status=PlacementStatus.COMPLETED)
    conditions = {
        "proposed": _at_between("proposed_at", window),
        "accepted": _at_between("decided_at", window) & Q(status__in=ACCEPTED_STATUSES),
        "declined": _at_between("decided_at", window) & Q(status=PlacementStatus.DECLINED),
        "withdrawn": _at_between("decided_at", window) & Q(status=PlacementStatus.WITHDRAWN),
        "started": _between("starts_on", window) & Q(status__in=PLACEMENT_STARTED_STATUSES),
        "completed": completed,
        "interrupted": _between("ends_on", window) & Q(status=PlacementStatus.INTERRUPTED),
        "missing": completed & Q(outcomes__isnull=True),
    }
    for group, kinds in OUTCOME_GROUPS.items():
        conditions[group] = completed & Q(outcomes__kind__in=kinds)
    for kind in OutcomeKind.values:
        conditions[f"kind:{kind}"] = completed & Q(outcomes__kind=kind)
    for reason in InterruptReason.values:
        conditions[f"reason:{reason}"] = conditions["interrupted"] & Q(interrupt_reason=reason)
    return conditions


BREAKDOWN_COUNTS = ("started", "completed", "job", "education", "other", "missing")


def _trainee_hours(window: Period, today: date) -> Sum:
    last = min(window.end, today)
    days = (
        DaysBetween(
            Least(F("ends_on"), Value(last, output_field=DateField())),
            Greatest(F("starts_on"), Value(window.start, output_field=DateField())),
        )
        + 1
    )
    return Sum(
        F("hours_per_week") * days,
        filter=Q(
            status__in=PLACEMENT_STARTED_STATUSES, starts_on__lte=last, ends_on__gte=window.start
        ),
        output_field=DecimalField(max_digits=20, decimal_places=2),
    )


@dataclass(frozen=True)
class _Windows:
    period: Period
    cumulative: Period
    trend: tuple[Period, ...]
    earlier: Period | None  # from the scope's start to the first trend period

    def all(self) -> list[Period]:
        return sorted({self.period, self.cumulative, *self.trend})


def _windows(period: Period, starts_on: date | None) -> _Windows:
    first = min(starts_on or period.start, period.start)
    blocks = [Period.block_containing(period.end)]
    while len(blocks) < TREND_PERIODS:
        blocks.append(blocks[-1].previous_block())
    trend = tuple(
        clipped for block in reversed(blocks) if (clipped := block.clipped(first, period.end))
    )
    earlier = Period(first, trend[0].start - timedelta(days=1)) if trend[0].start > first else None
    return _Windows(period, Period(first, period.end), trend, earlier)


class _Figures:
    """The raw counts of every window, keyed for suppression: ``(window key, name, ...)``."""

    def __init__(self) -> None:
        self.values: dict[Hashable, int] = {}
        self.relations: list[Relation] = []
        self.unpublished: set[Hashable] = set()

    def put(self, key: Hashable, value: int | None) -> None:
        self.values[key] = int(value or 0)

    def relate(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        self.relations.append(Relation(total, tuple(parts)))


TREND_COUNTS = ("started", "completed", "job", "education")


Day = date  # inside _Segments, ``date`` names its method


class _Segments:
    """The stretches between every window's first day and the day after its last.

    A date's segment is the number of boundaries on or before it, so each window is a
    run of whole segments, and the database need only say which segment a date falls
    in: grouping by segment instead of by day keeps every window exact.
    """

    def __init__(self, windows: Iterable[Period], extra: Iterable[date] = ()) -> None:
        days = {window.start for window in windows} | {
            window.end + timedelta(days=1) for window in windows
        }
        self.boundaries = sorted(days | set(extra))

    def of(self, day: date) -> int:
        return bisect_right(self.boundaries, day)

    def covering(self, window: Period) -> range:
        return range(self.of(window.start), self.of(window.end + timedelta(days=1)))

    def date(self, field: str) -> Case:
        """The segment of a date column."""
        return Case(
            *(
                When(**{f"{field}__lt": cut}, then=Value(n))
                for n, cut in enumerate(self.boundaries)
            ),
            default=Value(len(self.boundaries)),
            output_field=IntegerField(),
        )

    def bucket(self, field: str) -> Func:
        """The segment of a date column, as PostgreSQL finds it (a binary search)."""
        return Func(
            F(field),
            Value(self.boundaries, output_field=ArrayField(DateField())),
            function="width_bucket",
            output_field=IntegerField(),
        )

    def cut_months(self) -> "list[Day]":
        """The first days of the months that a boundary falls inside."""
        return sorted({day.replace(day=1) for day in self.boundaries if day.day != 1})

    def summed(
        self,
        sums: tuple[Any, Any],
        conditions: tuple[Q, ...],
        group: tuple[str, ...],
        columns: Iterable[str],
        **annotations: Any,
    ) -> Any:
        """One query: the sums of the ``columns`` of one kind of report sums (its daily and
        its monthly model) by segment and ``group``, over the rows that satisfy any of the
        ``conditions`` (each apart, so that each can use an index): the months no boundary
        cuts, and the days of those it does, so every day counts once."""
        day_model, month_model = sums
        cut = self.cut_months()
        rows = [(month_model, ~Q(day__in=cut))] + [
            (day_model, Q(day__gte=month, day__lt=month + relativedelta(months=1)))
            for month in cut  # a month apart, so that each reads its range of the index
        ]
        parts = [
            model.objects.filter(condition, these)
            .annotate(segment=self.bucket("day"), **annotations)
            .values("segment", *group)
            .annotate(**{f"t_{column}": Sum(column) for column in columns})
            .order_by()
            for model, these in rows
            for condition in conditions
        ]
        return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def _wanted(windows: _Windows) -> dict[Period, tuple[str, ...]]:
    """The placement counts of each window: all of them for the period and the
    cumulative window, what the trend shows for its periods."""
    full = {windows.period, windows.cumulative}
    names = tuple(_placement_conditions(windows.period))
    return {window: names if window in full else TREND_COUNTS for window in windows.all()}


def _hours_last(window: Period, today: date) -> date | None:
    """The last day whose trainee hours count in the window: none if it starts after today."""
    last = min(window.end, today)
    return last if last >= window.start else None


def _placement_rows(
    scope: ReportScope, windows: _Windows, today: date, figures: _Figures
) -> dict[Period, Decimal]:
    """One query: every window's placement counts and the trainee hours (the trend's
    periods only what the trend shows)."""
    full = {windows.period, windows.cumulative}
    wanted = _wanted(windows)
    aggregates: dict[str, Any] = {}
    for n, (window, names) in enumerate(wanted.items()):
        conditions = _placement_conditions(window)
        for name in names:
            aggregates[f"w{n}|{name}"] = Count("id", filter=conditions[name])
        if window in full:
            aggregates[f"w{n}|hours"] = _trainee_hours(window, today)
    row = Placement.objects.filter(scope.placements).aggregate(**aggregates)
    hours: dict[Period, Decimal] = {}
    for n, (window, names) in enumerate(wanted.items()):
        for name in names:
            figures.put((window.key, name), row[f"w{n}|{name}"])
        if window in full:
            counted = _hours_last(window, today) is not None
            hours[window] = Decimal(row[f"w{n}|hours"] or 0) if counted else Decimal(0)
    return hours


BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "need__trade_id": ("need__trade__name_da", "need__trade__name_en"),
    "need__contractor_id": ("need__contractor__name",),
}

_Labels = dict[str, dict[int, dict[str, str]]]


def _breakdown_rows(scope: ReportScope, windows: _Windows, figures: _Figures) -> _Labels:
    """One query: the breakdown counts of the period and the cumulative window by trade
    and contractor together (a few hundred groups), added up per trade and per
    contractor. Returns each one's names, by ``need__trade_id`` and ``need__contractor_id``."""
    pairs = (windows.period, windows.cumulative)
    distinct = list(dict.fromkeys(pairs))  # the same window when the scope starts in it
    aggregates: dict[str, Any] = {}
    for n, window in enumerate(distinct):
        conditions = _placement_conditions(window)
        for name in BREAKDOWN_COUNTS:
            aggregates[f"w{n}|{name}"] = Count("id", filter=conditions[name])
    columns = [column for by, names in BREAKDOWNS.items() for column in (by, *names)]
    rows = Placement.objects.filter(scope.placements).values(*columns).annotate(**aggregates)
    labels: _Labels = {by: {} for by in BREAKDOWNS}
    counts: dict[Hashable, int] = {}
    for row in rows.order_by():
        for by, names in BREAKDOWNS.items():
            key = row[by]
            labels[by][key] = {name: row[name] for name in names}
            for n, window in enumerate(distinct):
                for name in BREAKDOWN_COUNTS:
                    part = (window.key, by, key, name)
                    counts[part] = counts.get(part, 0) + row[f"w{n}|{name}"]
    return _breakdowns_put(windows, labels, counts, figures)


def _breakdowns_put(
    windows: _Windows, labels: _Labels, counts: dict[Hashable, int], figures: _Figures
) -> _Labels:
    for by in BREAKDOWNS:
        labels[by] = dict(sorted(labels[by].items()))
        for key in labels[by]:
            for window in (windows.period, windows.cumulative):
                for name in BREAKDOWN_COUNTS:
                    figures.put(
                        (window.key, by, key, name), counts.get((window.key, by, key, name))
                    )
    return labels


def _retention_counts(scope: ReportScope, windows: _Windows, today: date) -> dict[Hashable, int]:
    """One query: the checks of the completed placements in scope, grouped by the segment
    of the placement's end, months, status and whether due; added up per window."""
    pairs = sorted({windows.period, windows.cumulative})
    segments = _Segments(pairs)
    rows = (
        RetentionCheck.objects.filter(
            outcome__placement__in=Placement.objects.filter(scope.placements).values("pk"),
            outcome__placement__status=PlacementStatus.COMPLETED,
        )
        .annotate(
            s_ends=segments.date("outcome__placement__ends_on"),
            due=Case(When(due_on__lte=today, then=Value(True)), default=Value(False)),
        )
        .values("s_ends", "months", "status", "due")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[Hashable, int] = {}
    for row in rows:
        for window in pairs:
            if row["s_ends"] not in segments.covering(window):
                continue
            names = ["checks", row["status"] if row["due"] else "not_due"]
            for name in names:
                key = (window.key, "retention", row["months"], name)
                counts[key] = counts.get(key, 0) + row["n"]
    return counts


def _retention_put(windows: _Windows, counts: dict[Hashable, int], figures: _Figures) -> None:
    for window in (windows.period, windows.cumulative):
        for months in RetentionMonths.values:
            for name in ("checks", "not_due", *RetentionStatus.values):
                key = (window.key, "retention", months, name)
                figures.put(key, counts.get(key))


def _retention_rows(scope: ReportScope, windows: _Windows, today: date, figures: _Figures) -> None:
    _retention_put(windows, _retention_counts(scope, windows, today), figures)


# --- From the running sums (PostgreSQL) ----------------------------------------------------
#
# The same figures as the queries above, added up from the sums that PostgreSQL's
# triggers keep (``matching.report_sums``): rows by the segment their day falls in, then
# per window in Python. tests/reports/test_fast_path.py checks both give the same.


_PLACEMENT_SUMS = (ReportPlacementDay, ReportPlacementMonth)
_RETENTION_SUMS = (ReportRetentionDay, ReportRetentionMonth)


def _sum_segments(windows: _Windows, today: date) -> _Segments:
    """The windows' segments, cut after today too when the period reaches past it (the
    trainee hours stop there)."""
    return _Segments(
        windows.all(), extra=[today + timedelta(days=1)] if today < windows.period.end else []
    )


def _sum_value(totals: dict[str, Any], name: str) -> int:
    if name in OUTCOME_GROUPS:
        return sum(totals[f"kind_{kind}"] for kind in OUTCOME_GROUPS[name])
    return int(totals[name.replace(":", "_")])


def _summed_placement_rows(
    scope: ReportScope, windows: _Windows, today: date, segments: _Segments, figures: _Figures
) -> dict[Period, Decimal]:
    """One query: every window's placement counts and trainee hours from the sums."""
    columns = (*PLACEMENT_SUM_COUNTS, *PLACEMENT_SUM_HOURS)
    rows = segments.summed(_PLACEMENT_SUMS, (scope.sums,), (), columns)
    by_segment: dict[int, dict[str, Any]] = {}
    for row in rows:  # a segment may have a row of months and one of days
        if (summed := by_segment.get(row["segment"])) is None:
            by_segment[row["segment"]] = dict(row)
        else:
            for column in columns:
                summed[f"t_{column}"] = (summed[f"t_{column}"] or 0) + (row[f"t_{column}"] or 0)
    zero = dict.fromkeys(columns, 0)

    def totals(segments_in: Iterable[int]) -> dict[str, Any]:
        summed = dict(zero)
        for segment in segments_in:
            if row := by_segment.get(segment):
                for column in columns:
                    summed[column] += row[f"t_{column}"] or 0
        return summed

    for window, names in _wanted(windows).items():
        window_totals = totals(segments.covering(window))
        for name in names:
            figures.put((window.key, name), _sum_value(window_totals, name))

    def placed_hours(day: date) -> Decimal:
        """Hours per week times the days of every placement under way up to ``day``."""
        before = totals(range(segments.of(day + timedelta(days=1))))
        n = (day - DAY_ZERO).days
        return Decimal(
            (n + 1) * before["start_hours"]
            - before["start_hour_days"]
            - n * before["end_hours"]
            + before["end_hour_days"]
        )

    hours: dict[Period, Decimal] = {}
    for window in (windows.period, windows.cumulative):
        last = _hours_last(window, today)
        hours[window] = (
            Decimal(0)
            if last is None
            else placed_hours(last) - placed_hours(window.start - timedelta(days=1))
        )
    return hours


def _summed_breakdown_rows(
    scope: ReportScope, windows: _Windows, segments: _Segments, figures: _Figures
) -> _Labels:
    """Two queries: the breakdown counts by trade, and by contractor, from the sums. Only
    those with a placement in scope are listed, as where the placements are counted."""
    pairs = (windows.period, windows.cumulative)
    columns = (
        "proposed",
        "started",
        "completed",
        "missing",
        *(f"kind_{k}" for k in OutcomeKind.values),
    )
    labels: _Labels = {by: {} for by in BREAKDOWNS}
    counts: dict[Hashable, int] = {}
    for by, names in BREAKDOWNS.items():
        field = by.removeprefix("need__")
        group = (field, *(name.removeprefix("need__") for name in names))
        rows = segments.summed(_PLACEMENT_SUMS, (scope.sums,), group, columns)
        proposed: dict[int, int] = {}
        for row in rows:
            key = row[field]
            proposed[key] = proposed.get(key, 0) + row["t_proposed"]
            labels[by][key] = {name: row[name.removeprefix("need__")] for name in names}
            totals = {column: row[f"t_{column}"] for column in columns}
            for window in dict.fromkeys(pairs):
                if row["segment"] not in segments.covering(window):
                    continue
                for name in BREAKDOWN_COUNTS:
                    part = (window.key, by, key, name)
                    counts[part] = counts.get(part, 0) + _sum_value(totals, name)
        for key, placed in proposed.items():
            if not placed:  # every placement counts once as proposed
                del labels[by][key]
    return _breakdowns_put(windows, labels, counts, figures)


def _summed_retention_rows(
    scope: ReportScope, windows: _Windows, today: date, segments: _Segments, figures: _Figures
) -> None:
    """One query: the retention sums, by the month the checks fall due, and this month
    by the day (whether due or not today)."""
    month = today.replace(day=1)
    pairs = sorted({windows.period, windows.cumulative})
    next_month = month + relativedelta(months=1)
    rows = segments.summed(
        _RETENTION_SUMS,
        (
            scope.sums & Q(due_grain=DueGrain.MONTH) & ~Q(due=month),
            scope.sums & Q(due_grain=DueGrain.DAY, due__gte=month, due__lt=next_month),
        ),
        ("due_on_or_before",),
        RETENTION_SUM_COUNTS,
        due_on_or_before=Case(When(due__lte=today, then=Value(True)), default=Value(False)),
    )
    counts: dict[Hashable, int] = {}
    for row in rows:
        for window in pairs:
            if row["segment"] not in segments.covering(window):
                continue
            for months in RetentionMonths.values:
                key = (window.key, "retention", months)
                checks = row[f"t_m{months}_checks"]
                parts = {"checks": checks}
                if row["due_on_or_before"]:
                    parts |= {s: row[f"t_m{months}_{s}"] for s in RetentionStatus.values}
                else:
                    parts["not_due"] = checks
                for name, value in parts.items():
                    counts[(*key, name)] = counts.get((*key, name), 0) + value
    _retention_put(windows, counts, figures)


def _referral_rows(scope: ReportScope, windows: _Windows, figures: _Figures) -> None:
    """One query: the referrals by the segment of their day and whether the person lives
    in a renovated area (read off an index), added up per window."""
    segments = _Segments(windows.all())
    rows = (
        Candidate.objects.filter(scope.candidates)
        .annotate(
            segment=segments.date("referred_on"),
            local=Case(
                When(Q(home_area_id__in=scope.area_ids), then=Value(True)), default=Value(False)
            ),
        )
        .values("segment", "local")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts: dict[tuple[int, bool], int] = {(row["segment"], row["local"]): row["n"] for row in rows}
    for window in windows.all():
        covered = segments.covering(window)
        here = sum(n for (segment, local), n in counts.items() if local and segment in covered)
        referred = here + sum(
            n for (segment, local), n in counts.items() if not local and segment in covered
        )
        figures.put((window.key, "referred"), referred)
        figures.put((window.key, "referred_local"), here)
        figures.put((window.key, "referred_elsewhere"), referred - here)


def _relate(
    figures: _Figures, windows: _Windows, trades: Iterable[int], contractors: Iterable[int]
) -> None:
    """The sums a reader can check, so that suppression leaves none of them to solve."""
    for window in (windows.period, windows.cumulative):
        k = window.key
        figures.relate((k, "referred"), [(k, "referred_local"), (k, "referred_elsewhere")])
        figures.relate(
            (k, "interrupted"), [(k, f"reason:{reason}") for reason in InterruptReason.values]
        )
        figures.relate((k, "completed"), [(k, g) for g in (*OUTCOME_GROUPS, "missing")])
        figures.relate(
            (k, "completed"),
            [(k, f"kind:{kind}") for kind in OutcomeKind.values] + [(k, "missing")],
        )
        for group, kinds in OUTCOME_GROUPS.items():
            figures.relate((k, group), [(k, f"kind:{kind}") for kind in kinds])
        for months in RetentionMonths.values:
            r = (k, "retention", months)
            figures.relate(
                (*r, "checks"), [(*r, name) for name in ("not_due", *RetentionStatus.values)]
            )
            figures.relate((k, "completed"), [(*r, "checks"), (k, "missing")])
        for by, ids in (("need__trade_id", trades), ("need__contractor_id", contractors)):
            rows = [(k, by, key) for key in ids]
            for row in rows:
                figures.relate(
                    (*row, "completed"), [(*row, g) for g in (*OUTCOME_GROUPS, "missing")]
                )
            for name in BREAKDOWN_COUNTS:
                figures.relate((k, name), [(*row, name) for row in rows])
    # The trend's periods and what came before them add up to the cumulative figures.
    for name in ("referred", "started", "completed", "job", "education"):
        parts: list[Hashable] = [(window.key, name) for window in windows.trend]
        if windows.earlier is not None:
            figures.put(("earlier", name), _earlier(figures, windows, name))
            figures.unpublished.add(("earlier", name))
            parts.append(("earlier", name))
        figures.relate((windows.cumulative.key, name), parts)


def _earlier(figures: _Figures, windows: _Windows, name: str) -> int:
    total = figures.values[(windows.cumulative.key, name)]
    return total - sum(figures.values[(window.key, name)] for window in windows.trend)


@dataclass(frozen=True)
class _Computed:
    scope: ReportScope
    windows: _Windows
    figures: _Figures
    hours: dict[Period, Decimal]
    trades: dict[int, dict[str, str]]
    contractors: dict[int, dict[str, str]]
    marks: dict[Hashable, Mark]
    threshold: int


def _compute(*, scope: ReportScope, today: date, period: Period | None) -> _Computed:
    windows = _windows(period or Period.last_complete(today), scope.starts_on)
    figures = _Figures()
    if report_sums_kept():
        segments = _sum_segments(windows, today)
        hours = _summed_placement_rows(scope, windows, today, segments, figures)
        breakdowns = _summed_breakdown_rows(scope, windows, segments, figures)
        _summed_retention_rows(scope, windows, today, segments, figures)
    else:
        hours = _placement_rows(scope, windows, today, figures)
        breakdowns = _breakdown_rows(scope, windows, figures)
        _retention_rows(scope, windows, today, figures)
    trades, contractors = breakdowns["need__trade_id"], breakdowns["need__contractor_id"]
    _referral_rows(scope, windows, figures)
    _relate(figures, windows, trades, contractors)
    threshold: int = settings.REPORT_SUPPRESSION_THRESHOLD
    if scope.full:
        marks = dict.fromkeys(figures.values, Mark.SHOWN)
    else:
        marks = hidden_marks(
            figures.values, figures.relations, threshold=threshold, unpublished=figures.unpublished
        )
    return _Computed(scope, windows, figures, hours, trades, contractors, marks, threshold)


def report_cells(
    *,
    user: User | AnonymousUser,
    today: date,
    project: int | None = None,
    municipality: str | None = None,
    period: Period | None = None,
) -> tuple[dict[Hashable, int], list[Relation], dict[Hashable, Mark]]:
    """Every count behind a report, the sums that tie them, and how each is published:
    what a disclosure audit needs. Never for display: it holds the hidden values."""
    scope = report_scope(user=user, project_id=project, municipality_code=municipality)
    computed = _compute(scope=scope, today=today, period=period)
    return computed.figures.values, computed.figures.relations, computed.marks


def report_for(
    *,
    user: User | AnonymousUser,
    today: date,
    project: int | None = None,
    municipality: str | None = None,
    period: Period | None = None,
) -> Report:
    """The report of a project, a municipality (by code), or all the user may see.

    Outside the user's scope: ApplicationError NOT_FOUND. A constant number of queries.
    """
    scope = report_scope(user=user, project_id=project, municipality_code=municipality)
    return _report(_compute(scope=scope, today=today, period=period), today)


def report_for_members(*, project_id: int, period: Period, today: date) -> Report:
    """A project's report as its follow-up group's members see it (under disclosure
    control), for a meeting pack that is sent to all of them."""
    scope = report_scope_for_members(project_id=project_id)
    return _report(_compute(scope=scope, today=today, period=period), today)


def _report(computed: _Computed, today: date) -> Report:
    scope, windows, figures, hours = (
        computed.scope,
        computed.windows,
        computed.figures,
        computed.hours,
    )
    trades, contractors = computed.trades, computed.contractors
    marks, threshold = computed.marks, computed.threshold

    def cell(key: Hashable) -> Cell:
        mark = marks[key]
        return Cell(figures.values[key] if mark is Mark.SHOWN else None, mark, threshold)

    english = (get_language() or "da").startswith("en")
    trade_names = {
        key: names["need__trade__name_en" if english else "need__trade__name_da"]
        for key, names in trades.items()
    }
    contractor_names = {key: names["need__contractor__name"] for key, names in contractors.items()}

    def window_of(window: Period) -> Window:
        k = window.key

        def breakdowns(by: str, names: dict[int, str]) -> tuple[Breakdown, ...]:
            return tuple(
                Breakdown(id=key, name=name, **{c: cell((k, by, key, c)) for c in BREAKDOWN_COUNTS})
                for key, name in sorted(names.items(), key=lambda item: (item[1], item[0]))
            )

        return Window(
            period=window,
            funnel=Funnel(
                **{
                    name: cell((k, name))
                    for name in (
                        "referred",
                        "referred_local",
                        "referred_elsewhere",
                        "proposed",
                        "accepted",
                        "declined",
                        "withdrawn",
                        "started",
                        "completed",
                        "interrupted",
                    )
                }
            ),
            interrupted_by_reason=tuple(
                Labelled(reason.value, str(reason.label), cell((k, f"reason:{reason.value}")))
                for reason in InterruptReason
            ),
            exits=Exits(
                completed=cell((k, "completed")),
                job=cell((k, "job")),
                education=cell((k, "education")),
                other=cell((k, "other")),
                missing=cell((k, "missing")),
                by_kind=tuple(
                    Labelled(kind.value, str(kind.label), cell((k, f"kind:{kind.value}")))
                    for kind in OutcomeKind
                ),
            ),
            retention=tuple(
                Retention(
                    months=months,
                    **{
                        name: cell((k, "retention", months, name))
                        for name in ("checks", *RETENTION_COLUMNS)
                    },
                )
                for months in RetentionMonths.values
            ),
            by_trade=breakdowns("need__trade_id", trade_names),
            by_contractor=breakdowns("need__contractor_id", contractor_names),
            trainee_hours=(hours[window] / 7).quantize(Decimal("0.1")),
            trainee_fte=(hours[window] / 7 / FULL_TIME_HOURS_PER_YEAR).quantize(Decimal("0.01")),
        )

    cumulative = window_of(windows.cumulative)
    targets = (
        Target(
            "placements",
            _("Placements started"),
            scope.target_placements,
            cumulative.funnel.started,
        ),
        Target("jobs", _("Into jobs"), scope.target_jobs, cumulative.exits.job),
        Target(
            "education", _("Into education"), scope.target_education, cumulative.exits.education
        ),
    )
    return Report(
        scope=ScopeInfo(scope.kind, scope.name, scope.project_ids, scope.starts_on),
        period=window_of(windows.period),
        cumulative=cumulative,
        trend=tuple(
            TrendPoint(
                period=window,
                **{
                    name: cell((window.key, name))
                    for name in ("referred", "started", "completed", "job", "education")
                },
            )
            for window in windows.trend
        ),
        targets=targets,
        trainee_share_target=scope.trainee_share_target,
        suppressed=not scope.full,
        threshold=threshold,
        generated_on=today,
    )
