"""The report rendered: JSON (the API and meeting packs), CSV, XLSX and PDF, with charts.

Everything here reads a ``matching.reports.Report`` and nothing else, so every format
shows exactly what the report publishes: hidden counts are labels ("≤3", "x"), never
numbers, in tables and charts alike. ``report_export(report, format)`` is the one
entry point for downloads.
"""

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from rest_framework import serializers

from matching.reports import Breakdown, Cell, Rate, Report, Window

FORMATS = ("csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


# --- JSON: the serializers describe the report for the API schema, too --------------------


class PeriodSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField(help_text="Included.")


class CellSerializer(serializers.Serializer[Any]):
    value = serializers.IntegerField(allow_null=True, help_text="Null where hidden.")
    # A field named like Field.label: DRF's metaclass takes it out of the class attributes.
    label = serializers.CharField(  # type: ignore[assignment]
        help_text='The count, "≤3" for a small count, "x" hidden.'
    )
    mark = serializers.ChoiceField(
        choices=["shown", "small", "secondary"],
        help_text="small: 0 to the threshold; secondary: hidden so that a small count "
        "elsewhere cannot be worked out (more than the threshold).",
    )


class RateSerializer(serializers.Serializer[Any]):
    numerator = CellSerializer()
    denominator = CellSerializer()
    share = serializers.FloatField(
        allow_null=True, help_text="0–1; null where either count is hidden or zero."
    )
    label = serializers.CharField()  # type: ignore[assignment]  # as in CellSerializer


class LabelledSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    count = CellSerializer()


class FunnelSerializer(serializers.Serializer[Any]):
    referred = CellSerializer()
    referred_local = CellSerializer(help_text="Living in a renovated area of the scope.")
    referred_elsewhere = CellSerializer()
    proposed = CellSerializer()
    accepted = CellSerializer()
    declined = CellSerializer()
    withdrawn = CellSerializer()
    started = CellSerializer()
    completed = CellSerializer()
    interrupted = CellSerializer()


class ExitsSerializer(serializers.Serializer[Any]):
    completed = CellSerializer()
    job = CellSerializer(help_text="Job on the site or elsewhere.")
    education = CellSerializer(help_text="Apprenticeship or education.")
    other = CellSerializer(help_text="Subsidised job or none.")
    missing = CellSerializer(help_text="No outcome recorded yet.")
    by_kind = LabelledSerializer(many=True)
    into_job = RateSerializer()
    into_education = RateSerializer()


class RetentionSerializer(serializers.Serializer[Any]):
    months = serializers.IntegerField()
    checks = CellSerializer()
    in_job = CellSerializer()
    in_education = CellSerializer()
    not_in_job = CellSerializer()
    unknown = CellSerializer(help_text="Due but not known: never counted as not in a job.")
    not_due = CellSerializer()
    in_job_rate = RateSerializer()
    in_education_rate = RateSerializer()


class BreakdownSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    started = CellSerializer()
    completed = CellSerializer()
    job = CellSerializer()
    education = CellSerializer()
    other = CellSerializer()
    missing = CellSerializer()
    into_job = RateSerializer()


class WindowSerializer(serializers.Serializer[Any]):
    period = PeriodSerializer()
    funnel = FunnelSerializer()
    local_share = RateSerializer()
    interrupted_by_reason = LabelledSerializer(many=True)
    exits = ExitsSerializer()
    retention = RetentionSerializer(many=True)
    by_trade = BreakdownSerializer(many=True)
    by_contractor = BreakdownSerializer(many=True)
    trainee_hours = serializers.DecimalField(max_digits=14, decimal_places=1)
    trainee_fte = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Trainee hours / 1,924."
    )


class TargetSerializer(serializers.Serializer[Any]):
    code = serializers.ChoiceField(choices=["placements", "jobs", "education"])
    name = serializers.CharField()
    target = serializers.IntegerField()
    achieved = CellSerializer(help_text="Since the start.")
    rate = RateSerializer()


class TrendPointSerializer(serializers.Serializer[Any]):
    period = PeriodSerializer()
    referred = CellSerializer()
    started = CellSerializer()
    completed = CellSerializer()
    job = CellSerializer()
    education = CellSerializer()


class ScopeSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["project", "municipality", "all"])
    name = serializers.CharField()
    project_ids = serializers.ListField(child=serializers.IntegerField())
    starts_on = serializers.DateField(allow_null=True)


class ReportSerializer(serializers.Serializer[Any]):
    scope = ScopeSerializer()
    period = WindowSerializer(help_text="The chosen period.")
    cumulative = WindowSerializer(help_text="From the scope's start to the period's end.")
    trend = TrendPointSerializer(many=True, help_text="The last two-month blocks.")
    targets = TargetSerializer(many=True)
    trainee_share_target = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="Percent of craft wages."
    )
    suppressed = serializers.BooleanField(help_text="Under disclosure control.")
    threshold = serializers.IntegerField()
    generated_on = serializers.DateField()


def report_json(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data (what the API answers and a meeting pack keeps)."""
    return dict(ReportSerializer(report).data)


# --- Tables: one list of rows for CSV, XLSX and PDF alike -------------------------------------


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _pair(name: str, period: Cell | Rate, cumulative: Cell | Rate) -> tuple[str, ...]:
    return (name, period.label, cumulative.label)


def _breakdown_table(title: str, rows: Sequence[Breakdown]) -> Table:
    return Table(
        title,
        (
            _("Name"),
            _("Started"),
            _("Completed"),
            _("Into jobs"),
            _("Into education"),
            _("Other"),
            _("No outcome yet"),
            _("Share into jobs"),
        ),
        tuple(
            (
                row.name,
                row.started.label,
                row.completed.label,
                row.job.label,
                row.education.label,
                row.other.label,
                row.missing.label,
                row.into_job.label,
            )
            for row in rows
        ),
    )


def report_tables(report: Report) -> list[Table]:
    """Every figure of the report as titled tables of labels."""
    now, since = report.period, report.cumulative
    both = (_("Measure"), str(now.period), _("Since the start"))
    funnel: list[tuple[str, Cell | Rate, Cell | Rate]] = [
        (_("Referred"), now.funnel.referred, since.funnel.referred),
        (_("Living in the renovated area"), now.local_share, since.local_share),
        (_("Proposed"), now.funnel.proposed, since.funnel.proposed),
        (_("Accepted"), now.funnel.accepted, since.funnel.accepted),
        (_("Declined"), now.funnel.declined, since.funnel.declined),
        (_("Withdrawn"), now.funnel.withdrawn, since.funnel.withdrawn),
        (_("Started"), now.funnel.started, since.funnel.started),
        (_("Completed"), now.funnel.completed, since.funnel.completed),
        (_("Interrupted"), now.funnel.interrupted, since.funnel.interrupted),
    ]
    tables = [
        Table(_("Flow of candidates and placements"), both, tuple(_pair(*r) for r in funnel)),
        Table(
            _("Interrupted, by reason"),
            both,
            tuple(
                (a.name, a.count.label, b.count.label)
                for a, b in zip(now.interrupted_by_reason, since.interrupted_by_reason, strict=True)
            ),
        ),
        Table(
            _("Outcomes at exit (completed placements)"),
            both,
            (
                *(
                    (a.name, a.count.label, b.count.label)
                    for a, b in zip(now.exits.by_kind, since.exits.by_kind, strict=True)
                ),
                _pair(_("No outcome yet"), now.exits.missing, since.exits.missing),
                _pair(_("Into jobs"), now.exits.into_job, since.exits.into_job),
                _pair(_("Into education"), now.exits.into_education, since.exits.into_education),
            ),
        ),
    ]
    for a, b in zip(now.retention, since.retention, strict=True):
        tables.append(
            Table(
                _("Retention after %(months)s months") % {"months": a.months},
                both,
                (
                    _pair(_("In a job"), a.in_job_rate, b.in_job_rate),
                    _pair(_("In education"), a.in_education_rate, b.in_education_rate),
                    _pair(_("Not in a job or education"), a.not_in_job, b.not_in_job),
                    _pair(_("Unknown"), a.unknown, b.unknown),
                    _pair(_("Not yet due"), a.not_due, b.not_due),
                ),
            )
        )
    tables += [
        _breakdown_table(_("Per trade, %(period)s") % {"period": now.period}, now.by_trade),
        _breakdown_table(_("Per trade, since the start"), since.by_trade),
        _breakdown_table(
            _("Per contractor, %(period)s") % {"period": now.period}, now.by_contractor
        ),
        _breakdown_table(_("Per contractor, since the start"), since.by_contractor),
        Table(
            _("Targets since the start"),
            (_("Target"), _("Goal"), _("Achieved"), _("Share of goal")),
            tuple((t.name, str(t.target), t.achieved.label, t.rate.label) for t in report.targets),
        ),
        Table(
            _("Trainee full-time equivalents (hours / 1,924)"),
            both,
            (
                (_("Hours"), str(now.trainee_hours), str(since.trainee_hours)),
                (_("Full-time equivalents"), str(now.trainee_fte), str(since.trainee_fte)),
            ),
        ),
        Table(
            _("Trend"),
            (
                _("Period"),
                _("Referred"),
                _("Started"),
                _("Completed"),
                _("Into jobs"),
                _("Into education"),
            ),
            tuple(
                (
                    str(p.period),
                    p.referred.label,
                    p.started.label,
                    p.completed.label,
                    p.job.label,
                    p.education.label,
                )
                for p in report.trend
            ),
        ),
    ]
    return tables


def _heading(report: Report) -> str:
    return _("Report: %(scope)s, %(period)s") % {
        "scope": report.scope.name,
        "period": report.period.period,
    }


def _note(report: Report) -> str:
    if not report.suppressed:
        return _("Full figures, for the job centre's coordinators.")
    return _(
        "Counts from 1 to %(n)s show as ≤%(n)s; x marks a count hidden so that a small "
        "count cannot be worked out from the totals; no share rests on a hidden count."
    ) % {"n": report.threshold}


# --- CSV -------------------------------------------------------------------------------------


def report_csv(report: Report) -> bytes:
    """Every table, one after another: a title row, a header row, the rows, a blank row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_heading(report)])
    writer.writerow([_note(report)])
    writer.writerow([])
    for table in report_tables(report):
        writer.writerow([table.title])
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        writer.writerow([])
    return ("\ufeff" + out.getvalue()).encode()  # a BOM, so that Excel reads UTF-8


# --- Charts (SVG, drawn here; hidden counts get no bar) ---------------------------------------


@dataclass(frozen=True)
class Bar:
    name: str
    cell: Cell


def _funnel_bars(window: Window) -> list[Bar]:
    f = window.funnel
    return [
        Bar(_("Referred"), f.referred),
        Bar(_("Proposed"), f.proposed),
        Bar(_("Accepted"), f.accepted),
        Bar(_("Started"), f.started),
        Bar(_("Completed"), f.completed),
        Bar(_("Into jobs"), window.exits.job),
        Bar(_("Into education"), window.exits.education),
    ]


def svg_bars(bars: Sequence[Bar], *, width: int = 640) -> SafeString:
    """A horizontal bar chart; a hidden count shows its label and no bar."""
    top = max((bar.cell.value or 0 for bar in bars if bar.cell.shown), default=0) or 1
    row, label_width, height = 24, 170, 24 * max(len(bars), 1) + 8
    span = width - label_width - 60

    def one(n: int, bar: Bar) -> tuple[Any, ...]:
        y = 4 + n * row
        length = round(span * (bar.cell.value or 0) / top) if bar.cell.shown else 0
        return (
            y + 16,
            bar.name,
            label_width,
            y + 3,
            length,
            label_width + length + 6,
            y + 16,
            bar.cell.label,
        )

    body = format_html_join(
        "",
        '<text x="0" y="{}" font-size="12">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="16" fill="#2f6f8f"/>'
        '<text x="{}" y="{}" font-size="12">{}</text>',
        (one(n, bar) for n, bar in enumerate(bars)),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img" font-family="sans-serif">{}</svg>',
        width,
        height,
        width,
        height,
        body,
    )


def svg_trend(report: Report, *, width: int = 640, height: int = 200) -> SafeString:
    """Started and completed per period as paired columns; hidden ones carry their label."""
    points = report.trend
    series = (("started", "#2f6f8f"), ("completed", "#c9822b"))
    top = (
        max(
            (
                getattr(p, name).value or 0
                for p in points
                for name, _colour in series
                if getattr(p, name).shown
            ),
            default=0,
        )
        or 1
    )
    slot = (width - 20) / max(len(points), 1)
    base = height - 30

    def columns() -> Iterator[tuple[Any, ...]]:
        for n, point in enumerate(points):
            for m, (name, colour) in enumerate(series):
                cell: Cell = getattr(point, name)
                tall = round((base - 20) * (cell.value or 0) / top) if cell.shown else 0
                x = round(10 + n * slot + m * slot * 0.4 + slot * 0.1)
                yield (
                    x,
                    base - tall,
                    round(slot * 0.35),
                    tall,
                    colour,
                    x,
                    base - tall - 4,
                    cell.label,
                )

    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" font-size="10">{}</text>',
        columns(),
    )
    names = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="10">{}</text>',
        (
            (round(10 + n * slot + slot * 0.1), height - 12, f"{p.period.start:%m/%y}")
            for n, p in enumerate(points)
        ),
    )
    legend = format_html(
        '<text x="10" y="{}" font-size="10" fill="#2f6f8f">■ {}</text>'
        '<text x="120" y="{}" font-size="10" fill="#c9822b">■ {}</text>',
        height - 1,
        _("Started"),
        height - 1,
        _("Completed"),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img" font-family="sans-serif">{}{}{}</svg>',
        width,
        height,
        width,
        height,
        bars,
        names,
        legend,
    )


def report_charts(report: Report) -> dict[str, SafeString]:
    """The funnel, the trend and the trades, as inline SVG."""
    return {
        "funnel": svg_bars(_funnel_bars(report.period)),
        "trend": svg_trend(report),
        "trades": svg_bars([Bar(row.name, row.started) for row in report.cumulative.by_trade]),
    }


# --- XLSX ------------------------------------------------------------------------------------


def _number(label: str) -> int | str:
    return int(label) if label.isdigit() else label


def report_xlsx(report: Report) -> bytes:
    """One sheet with every table, and a sheet per chart fed only by shown counts."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Report")[:31]
    sheet.append([_heading(report)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_note(report)])
    for table in report_tables(report):
        sheet.append([])
        sheet.append([table.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append([_number(value) for value in row])
    sheet.column_dimensions["A"].width = 42

    def chart_sheet(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        data = book.create_sheet(title[:31])
        data.append(list(header))
        for row in rows:
            data.append(list(row))
        chart = BarChart()
        chart.title = title
        chart.type = "bar" if len(header) == 2 else "col"
        values = Reference(data, min_col=2, max_col=len(header), min_row=1, max_row=len(rows) + 1)
        chart.add_data(values, titles_from_data=True)
        chart.set_categories(Reference(data, min_col=1, min_row=2, max_row=len(rows) + 1))
        chart.width, chart.height = 18, 9
        data.add_chart(chart, f"{chr(ord('A') + len(header) + 1)}2")

    def shown(cell: Cell) -> int | None:
        return cell.value if cell.shown else None

    chart_sheet(
        _("Funnel"),
        (_("Step"), _("People")),
        [(bar.name, shown(bar.cell)) for bar in _funnel_bars(report.period)],
    )
    chart_sheet(
        _("Trend"),
        (_("Period"), _("Started"), _("Completed")),
        [(f"{p.period.start:%m/%Y}", shown(p.started), shown(p.completed)) for p in report.trend],
    )
    chart_sheet(
        _("Per trade"),
        (_("Trade"), _("Started")),
        [(row.name, shown(row.started)) for row in report.cumulative.by_trade],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- PDF -------------------------------------------------------------------------------------


def report_html(report: Report) -> str:
    """The printable report: tables and inline SVG charts."""
    return render_to_string(
        "matching/report.html",
        {
            "report": report,
            "heading": _heading(report),
            "note": _note(report),
            "tables": report_tables(report),
            "charts": report_charts(report),
        },
    )


def report_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=report_html(report)).write_pdf()
    return pdf


def report_export(report: Report, format: str) -> bytes:
    """The report as a download: ``csv``, ``xlsx`` or ``pdf``."""
    if format == "csv":
        return report_csv(report)
    if format == "xlsx":
        return report_xlsx(report)
    if format == "pdf":
        return report_pdf(report)
    raise ValueError(f"unknown report format {format!r}")


def report_filename(report: Report, format: str) -> str:
    """A download's file name: no names of people, only the scope kind and period."""
    period = report.period.period
    return f"byggebro-{report.scope.kind}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{format}"
