"""GET /api/v1/reports/: JSON and downloads, scoped and under disclosure control."""

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from matching.models import OutcomeKind
from matching.report_exports import report_html
from matching.reports import report_for
from tests.personas import World
from tests.reports.builders import exits_load

URL = "/api/v1/reports/"


@pytest.fixture
def loaded(world: World) -> World:
    """Two exits on Bo's need in the last complete block: small counts to protect."""
    exits_load(
        need=world.need,
        ended_on=dt.date(2026, 10, 9),
        outcomes={OutcomeKind.JOB_ON_SITE: 1, OutcomeKind.NONE: 1},
    )
    exits_load(
        need=world.other_need,
        ended_on=dt.date(2026, 10, 9),
        outcomes={OutcomeKind.JOB_ON_SITE: 6, OutcomeKind.NONE: 7},
    )
    return world


def _get(client: Client, user: Any, **params: Any) -> Any:
    client.force_login(user)
    return client.get(URL, params)


def test_a_member_reads_the_project_report_suppressed(client: Client, loaded: World) -> None:
    answer = _get(
        client,
        loaded.frida,
        project=loaded.project.pk,
        **{"from": "2026-09-01", "to": "2026-10-31"},
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["suppressed"] is True
    murer = next(r for r in body["period"]["by_contractor"] if r["name"] == loaded.murer.name)
    assert murer["completed"] == {"value": None, "label": "≤3", "mark": "small"}
    assert murer["into_job"]["share"] is None
    assert body["period"]["exits"]["completed"]["value"] == 15


def test_a_coordinator_reads_full_figures(client: Client, loaded: World) -> None:
    answer = _get(client, loaded.anne, municipality="461")
    assert answer.status_code == 200
    body = answer.json()
    assert body["suppressed"] is False
    assert body["scope"] == {
        "kind": "municipality",
        "name": "Odense",
        "project_ids": [loaded.project.pk],
        "starts_on": loaded.project.starts_on.isoformat(),
    }
    assert body["period"]["exits"]["into_job"]["label"] == "7/15 (47%)"


@pytest.mark.parametrize(
    "params",
    [
        {"project": "x"},
        {"municipality": "46"},
        {"from": "2026-09-01"},
        {"from": "2026-10-01", "to": "2026-09-01"},
        {"from": "1900-01-01", "to": "2026-09-01"},
        {"format": "docx"},
    ],
)
def test_bad_parameters_are_400(client: Client, world: World, params: dict[str, str]) -> None:
    answer = _get(client, world.anne, **params)
    assert answer.status_code == 400, answer.content
    assert answer["Content-Type"] == "application/json"


def test_outside_the_scope_is_404(client: Client, world: World) -> None:
    assert _get(client, world.carl, project=world.project.pk).status_code == 404
    assert _get(client, world.frida, municipality="479").status_code == 404
    assert _get(client, world.anne, municipality="999").status_code == 404
    assert _get(client, world.carl, project=world.project.pk, format="pdf").status_code == 404


def test_csv_has_every_table_under_the_same_suppression(client: Client, loaded: World) -> None:
    answer = _get(client, loaded.frida, project=loaded.project.pk, format="csv")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in answer["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    murer = [row for row in rows if row and row[0] == loaded.murer.name]
    assert murer and all(row[2] == "≤3" for row in murer)  # completed: 2, hidden
    titles = {row[0] for row in rows if len(row) == 1}
    assert "Flow of candidates and placements" in titles or "Flow af kandidater og forløb" in titles


def test_xlsx_has_the_tables_and_charts(client: Client, loaded: World) -> None:
    answer = _get(client, loaded.frida, project=loaded.project.pk, format="xlsx")
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    assert len(book.worksheets) == 4
    assert sum(len(sheet._charts) for sheet in book.worksheets) == 3
    values = [c.value for row in book.worksheets[0].iter_rows() for c in row if c.value]
    assert "≤3" in values


def test_pdf_embeds_the_charts(client: Client, loaded: World) -> None:
    answer = _get(client, loaded.frida, project=loaded.project.pk, format="pdf")
    assert answer.status_code == 200
    assert answer.content.startswith(b"%PDF")
    html = report_html(
        report_for(user=loaded.frida, project=loaded.project.pk, today=dt.date(2026, 11, 22))
    )
    assert html.count("<svg") == 3
    assert "≤3" in html
