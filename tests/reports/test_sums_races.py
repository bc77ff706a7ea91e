"""The running sums stay exact when two transactions change related rows at once.

Under READ COMMITTED a trigger reads the other tables as last committed: without its
locks, a placement's trigger would add its share under its need's old trade while the
need's change was still uncommitted, or count a placement's end as "missing" beside an
outcome committed a moment later. Each test holds one transaction open at the right
moment with real threads and connections, then compares the sums with a rebuild.
"""

import datetime as dt
import threading
import time
from collections.abc import Callable

import pytest
from django.db import connections, transaction
from django.utils import timezone

from matching.models import Outcome, OutcomeKind, Placement, PlacementStatus
from matching.report_sums import report_sums_rebuild
from renovations.models import LabourNeed, Trade
from tests.personas import build_world
from tests.reports.test_fast_path import _sums

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _first_holds_while_second_runs(
    first: Callable[[], object], second: Callable[[], object]
) -> None:
    """``first`` in a transaction that stays open while ``second`` starts in its own
    connection (and waits, if it must); then both commit."""
    opened, errors = threading.Event(), []

    def hold() -> None:
        try:
            with transaction.atomic():
                first()
                opened.set()
                time.sleep(0.5)  # ``second`` is under way meanwhile
        except Exception as error:
            errors.append(error)
            opened.set()
        finally:
            connections.close_all()

    def run() -> None:
        opened.wait(timeout=10)
        try:
            second()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hold), threading.Thread(target=run)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors


def _assert_the_sums_equal_a_rebuild() -> None:
    kept = _sums()
    report_sums_rebuild()
    assert _sums() == kept


def test_a_placement_started_while_its_need_changes_trade() -> None:
    world = build_world()
    placement = Placement.objects.filter(need=world.need).order_by("pk").first()
    assert placement is not None
    Placement.objects.filter(pk=placement.pk).update(
        status=PlacementStatus.ACCEPTED, decided_at=timezone.now()
    )
    # Its own trade: a test with real transactions may find the seeded ones flushed.
    other_trade, _ = Trade.objects.get_or_create(
        code="race-trade", defaults={"name_da": "Kapløbsfag", "name_en": "Race trade"}
    )
    _first_holds_while_second_runs(
        lambda: LabourNeed.objects.filter(pk=world.need.pk).update(trade=other_trade),
        lambda: Placement.objects.filter(pk=placement.pk).update(status=PlacementStatus.ACTIVE),
    )
    _assert_the_sums_equal_a_rebuild()


def test_a_placement_moved_while_its_outcome_is_recorded() -> None:
    world = build_world()
    placement = Placement.objects.filter(need=world.need).order_by("pk").first()
    assert placement is not None
    Placement.objects.filter(pk=placement.pk).update(
        status=PlacementStatus.COMPLETED, decided_at=timezone.now()
    )
    _first_holds_while_second_runs(
        lambda: Outcome.objects.create(
            candidate_id=placement.candidate_id,
            placement=placement,
            kind=OutcomeKind.JOB_ON_SITE,
            started_on=placement.ends_on + dt.timedelta(days=3),
        ),
        lambda: Placement.objects.filter(pk=placement.pk).update(
            ends_on=placement.ends_on + dt.timedelta(days=40)
        ),
    )
    _assert_the_sums_equal_a_rebuild()
