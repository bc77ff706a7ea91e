"""After flows that take CPR numbers, no table, log line, email, URL or response holds one."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from matching.selectors import candidate_find_by_cpr
from matching.services import candidate_create
from tests.personas import World
from tests.renovations.factories import MunicipalityFactory

CPR_NUMBERS = ["0703921234", "1512884321", "2902041111", "3112759998", "0101014422"]


def _forms(number: str) -> tuple[str, str]:
    return number, f"{number[:6]}-{number[6:]}"


def _every_value_in_every_table() -> str:
    values: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            values.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(values)


def _assert_nowhere(numbers: list[str], *places: str) -> None:
    for number in numbers:
        for form in _forms(number):
            for place in places:
                assert form not in place


@pytest.mark.django_db
def test_no_cpr_number_in_any_table_or_log(caplog: pytest.LogCaptureFixture) -> None:
    municipality = MunicipalityFactory.create(code="461")
    with caplog.at_level(logging.DEBUG):
        for n, number in enumerate(CPR_NUMBERS):
            candidate_create(
                by=None,
                municipality=municipality,
                first_name=f"Person{n}",
                last_name="Test",
                referred_on=dt.date(2026, 1, 12),
                cpr=_forms(number)[n % 2],
            )
        for number in CPR_NUMBERS:
            assert candidate_find_by_cpr(cpr=number) is not None
    dump = _every_value_in_every_table()
    _assert_nowhere(CPR_NUMBERS, dump, caplog.text)
    # The dump is real: it does hold the people, just not their numbers.
    assert "Person3" in dump


def test_the_api_flows_leave_no_cpr_number_behind(
    client: Client, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Register, find the duplicate, mistype, change: the numbers go nowhere."""
    client.force_login(world.anne)
    seen: list[str] = []
    with caplog.at_level(logging.DEBUG):
        for n, number in enumerate(CPR_NUMBERS[:3]):
            body = {"municipality": "461", "first_name": f"P{n}", "last_name": "T", "cpr": number}
            response = client.post(reverse("candidates"), body, content_type="application/json")
            assert response.status_code == 201
            seen += [response.content.decode(), response.wsgi_request.get_full_path()]
            again = client.post(reverse("candidates"), body, content_type="application/json")
            assert again.status_code == 409
            seen.append(again.content.decode())
        bad = client.post(
            reverse("candidates"),
            {"municipality": "461", "first_name": "X", "last_name": "Y", "cpr": "3213921234"},
            content_type="application/json",
        )
        assert bad.status_code == 400 and "cpr" in bad.json()["extra"]["fields"]
        seen.append(bad.content.decode())
        change = client.patch(
            reverse("candidate", args=[world.omar.pk]),
            {"cpr": CPR_NUMBERS[3]},
            content_type="application/json",
        )
        assert change.status_code == 200 and change.json()["cpr_registered"] is True
        seen.append(change.content.decode())
        export = client.get(reverse("candidate-export", args=[world.omar.pk]))
        seen.append(export.content.decode())
    emails = [message.message().as_string() for message in mail.outbox]
    _assert_nowhere(
        [*CPR_NUMBERS[:4], "3213921234"], _every_value_in_every_table(), caplog.text, *seen, *emails
    )
