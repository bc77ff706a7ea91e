"""After registering people by CPR number, no table and no log line holds one."""

import datetime as dt
import logging

import pytest
from django.db import connection

from matching.selectors import candidate_find_by_cpr
from matching.services import candidate_create
from tests.renovations.factories import MunicipalityFactory

CPR_NUMBERS = ["0703921234", "1512884321", "2902041111", "3112759998", "0101014422"]


def _every_value_in_every_table() -> str:
    values: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            values.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(values)


@pytest.mark.django_db
def test_no_cpr_number_in_any_table_or_log(caplog: pytest.LogCaptureFixture) -> None:
    municipality = MunicipalityFactory.create(code="461")
    with caplog.at_level(logging.DEBUG):
        for n, number in enumerate(CPR_NUMBERS):
            cpr = number if n % 2 else f"{number[:6]}-{number[6:]}"
            candidate_create(
                by=None,
                municipality=municipality,
                first_name=f"Person{n}",
                last_name="Test",
                referred_on=dt.date(2026, 1, 12),
                cpr=cpr,
            )
        for number in CPR_NUMBERS:
            assert candidate_find_by_cpr(cpr=number) is not None

    dump = _every_value_in_every_table()
    logged = caplog.text
    for number in CPR_NUMBERS:
        for form in (number, f"{number[:6]}-{number[6:]}"):
            assert form not in dump
            assert form not in logged
    # The dump is real: it does hold the people, just not their numbers.
    assert "Person3" in dump
