"""The sums' triggers follow the code: installed after ``migrate``, again when their
SQL changes (with a rebuild), and left alone when it has not."""

import pytest
from django.core.management import call_command
from django.db import connection

from matching.models import ReportPlacementMonth
from matching.report_sums import report_sums_sync
from tests.personas import World
from tests.reports.test_fast_path import _random_load, _sums

pytestmark = pytest.mark.postgres


def _installed() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT obj_description(to_regprocedure('report_sums_placement()'), 'pg_proc')"
        )
        (comment,) = cursor.fetchone()
    return comment


def _pretend_older_code_installed_them() -> None:
    with connection.cursor() as cursor:
        cursor.execute("COMMENT ON FUNCTION report_sums_placement() IS 'older code'")


def test_the_same_code_changes_nothing(world: World) -> None:
    _random_load(world, 11, size=20)
    assert _installed()
    ReportPlacementMonth.objects.update(started=999)  # a rebuild would undo this
    assert report_sums_sync() is False
    assert set(ReportPlacementMonth.objects.values_list("started", flat=True)) == {999}


def test_changed_code_is_installed_and_summed_again(world: World) -> None:
    _random_load(world, 12, size=20)
    right = _sums()
    ReportPlacementMonth.objects.update(started=999)
    _pretend_older_code_installed_them()
    assert report_sums_sync() is True
    assert _sums() == right
    assert _installed() not in (None, "older code")


def test_migrate_brings_the_triggers_up_to_date(world: World) -> None:
    _pretend_older_code_installed_them()
    call_command("migrate", verbosity=0)
    assert _installed() not in (None, "older code")
