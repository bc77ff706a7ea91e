"""The straightforward computation of the report's breakdowns and retention figures:
one query per breakdown, and one FILTERed count per figure and window over the checks in
scope, as ``matching.reports`` computed them before it grouped them. The fast path
must give exactly these figures (tests/reports/test_fast_path.py)."""

from datetime import date
from typing import Any

from django.db.models import Count, Q

from matching.models import (
    Placement,
    PlacementStatus,
    RetentionCheck,
    RetentionMonths,
    RetentionStatus,
)
from matching.reports import (
    BREAKDOWN_COUNTS,
    _Figures,
    _placement_conditions,
    _Windows,
)
from matching.selectors import ReportScope


def breakdown_rows(
    scope: ReportScope, windows: _Windows, by: str, names: tuple[str, ...], figures: _Figures
) -> dict[int, dict[str, str]]:
    """One query: the breakdown counts of the period and the cumulative window by ``by``."""
    aggregates: dict[str, Any] = {}
    for n, window in enumerate((windows.period, windows.cumulative)):
        conditions = _placement_conditions(window)
        for name in BREAKDOWN_COUNTS:
            aggregates[f"w{n}|{name}"] = Count("id", filter=conditions[name])
    rows = (
        Placement.objects.filter(scope.placements)
        .values(by, *names)
        .annotate(**aggregates)
        .order_by(by)
    )
    labels: dict[int, dict[str, str]] = {}
    for row in rows:
        key = row[by]
        labels[key] = {name: row[name] for name in names}
        for n, window in enumerate((windows.period, windows.cumulative)):
            for name in BREAKDOWN_COUNTS:
                figures.put((window.key, by, key, name), row[f"w{n}|{name}"])
    return labels


def retention_rows(scope: ReportScope, windows: _Windows, today: date, figures: _Figures) -> None:
    """One query: the checks of every window's exits, by months and status."""
    aggregates: dict[str, Any] = {}
    pairs = list(enumerate((windows.period, windows.cumulative)))
    for n, window in pairs:
        exits = Q(
            outcome__placement__status=PlacementStatus.COMPLETED,
            outcome__placement__ends_on__gte=window.start,
            outcome__placement__ends_on__lte=window.end,
        )
        due = Q(due_on__lte=today)
        for months in RetentionMonths.values:
            base = exits & Q(months=months)
            aggregates[f"w{n}|{months}|checks"] = Count("id", filter=base)
            aggregates[f"w{n}|{months}|not_due"] = Count("id", filter=base & ~due)
            for status in RetentionStatus.values:
                aggregates[f"w{n}|{months}|{status}"] = Count(
                    "id", filter=base & due & Q(status=status)
                )
    row = RetentionCheck.objects.filter(
        outcome__placement__in=Placement.objects.filter(scope.placements).values("pk")
    ).aggregate(**aggregates)
    for n, window in pairs:
        for months in RetentionMonths.values:
            for name in ("checks", "not_due", *RetentionStatus.values):
                figures.put((window.key, "retention", months, name), row[f"w{n}|{months}|{name}"])
