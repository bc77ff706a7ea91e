"""Races on PostgreSQL, with real threads and real transactions.

Fifty proposals of one person at once give one placement and 49 conflicts; a
hundred acceptances for a need with three places give exactly three. No other
error, no deadlock, and the database agrees afterwards (checked in SQL).
"""

import contextlib
import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest
from django.db import connection, connections
from django.utils import timezone

from accounts.errors import ApplicationError
from matching.models import Placement, PlacementStatus
from matching.services import (
    AllocationChoice,
    allocation_confirm,
    placement_accept,
    placement_propose,
)
from renovations import workdays
from tests.matching.factories import CandidateFactory, ConsentFactory
from tests.personas import World, build_world
from tests.renovations.factories import LabourNeedFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROUNDS = 5
WORKERS = 25  # threads at once: each holds a database connection


def _race(calls: list[Callable[[], object]]) -> Counter[str]:
    """Run the calls at once from a pool; count how each ended."""
    barrier = threading.Barrier(min(WORKERS, len(calls)))

    def run(call: Callable[[], object]) -> str:
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=10)
            call()
            return "ok"
        except ApplicationError as error:
            return f"{error.status_code}"
        except Exception as error:  # anything else is a failure of the test
            return f"unexpected {type(error).__name__}: {error}"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return Counter(pool.map(run, calls))


def _overlaps_in_sql() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM matching_placement a JOIN matching_placement b
              ON a.candidate_id = b.candidate_id AND a.id < b.id
             WHERE a.status IN ('proposed', 'accepted', 'active')
               AND b.status IN ('proposed', 'accepted', 'active')
               AND daterange(a.starts_on, a.ends_on, '[]')
                   && daterange(b.starts_on, b.ends_on, '[]')
            """
        )
        return cursor.fetchone()[0]


def _overfilled_in_sql() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM renovations_labourneed n
             WHERE n.places < (SELECT count(*) FROM matching_placement p WHERE p.need_id = n.id
                                AND p.status IN ('accepted', 'active', 'completed'))
            """
        )
        return cursor.fetchone()[0]


def test_fifty_simultaneous_proposals_of_one_person_give_one_placement() -> None:
    world: World = build_world()
    today = timezone.localdate()
    for round_ in range(ROUNDS):
        person = CandidateFactory.create(municipality=world.odense, available_from=None)
        ConsentFactory.create(
            candidate=person, given_on=today, expires_on=today + dt.timedelta(days=300)
        )
        needs = [
            LabourNeedFactory.create(
                project=world.project,
                contractor=world.murer,
                earliest_start=today,
                latest_start=today + dt.timedelta(days=40),
            )
            for _ in range(50)
        ]
        # Fifty windows that all overlap: starts spread over the first two weeks.
        starts = [
            workdays.working_day_on_or_after(today + dt.timedelta(days=1 + n % 10))
            for n in range(50)
        ]
        results = _race(
            [
                partial(
                    placement_propose,
                    need=need,
                    candidate=person,
                    by=world.anne,
                    starts_on=start,
                    today=today,
                )
                for need, start in zip(needs, starts, strict=True)
            ]
        )
        assert results == Counter({"ok": 1, "409": 49}), (round_, results)
        assert Placement.objects.filter(candidate=person).count() == 1
    assert _overlaps_in_sql() == 0


def test_a_hundred_simultaneous_accepts_for_three_places_give_three() -> None:
    world: World = build_world()
    today = timezone.localdate()
    start = workdays.working_day_on_or_after(today + dt.timedelta(days=3))
    for round_ in range(ROUNDS):
        need = LabourNeedFactory.create(
            project=world.project,
            contractor=world.murer,
            places=3,
            earliest_start=today,
            latest_start=today + dt.timedelta(days=30),
        )
        proposals = Placement.objects.bulk_create(
            Placement(
                candidate=CandidateFactory.create(municipality=world.odense),
                need=need,
                kind=need.kind,
                starts_on=start,
                ends_on=workdays.last_working_day_of_week(start, 4),
                status=PlacementStatus.PROPOSED,
            )
            for _ in range(100)
        )
        results = _race(
            [
                partial(placement_accept, placement=p, by=world.bo, now=timezone.now())
                for p in proposals
            ]
        )
        assert results == Counter({"ok": 3, "409": 97}), (round_, results)
        need.refresh_from_db()
        assert need.status == "filled"
        assert Placement.objects.filter(need=need, status=PlacementStatus.ACCEPTED).count() == 3
    assert _overfilled_in_sql() == 0


def test_crossed_allocation_confirmations_never_deadlock() -> None:
    """Two confirmations naming the same needs in opposite orders both finish cleanly."""
    world: World = build_world()
    today = timezone.localdate()
    for round_ in range(ROUNDS):
        needs = [
            LabourNeedFactory.create(
                project=world.project,
                contractor=world.murer,
                places=5,
                earliest_start=today,
                latest_start=today + dt.timedelta(days=30),
            )
            for _ in range(2)
        ]
        people = []
        for _ in range(4):
            person = CandidateFactory.create(municipality=world.odense)
            ConsentFactory.create(
                candidate=person, given_on=today, expires_on=today + dt.timedelta(days=300)
            )
            people.append(person)

        crossed = [
            [
                AllocationChoice(needs[n], people[c], override_reason="Valgt i test")
                for n, c in pairs
            ]
            for pairs in ([(0, 0), (1, 1)], [(1, 2), (0, 3)])
        ]

        results = _race(
            [
                partial(
                    allocation_confirm,
                    by=world.anne,
                    today=today,
                    choices=crossed[0],
                ),
                partial(
                    allocation_confirm,
                    by=world.anne,
                    today=today,
                    choices=crossed[1],
                ),
            ]
            * 4
        )
        assert set(results) <= {"ok", "409"}, (round_, results)
        assert results["ok"] >= 2
    assert _overlaps_in_sql() == 0
