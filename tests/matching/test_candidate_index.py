"""Suggestions ranked from a worker's in-memory index of the candidates (numpy), with
the top rows re-checked against the database (MATCHING_INDEX_SECONDS > 0)."""

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching import suggestions
from matching.models import ConsentRecipient
from matching.services import consent_withdraw
from matching.suggestions import suggestions_for_need
from tests.matching.factories import ConsentFactory
from tests.matching.test_suggestions import _population
from tests.personas import World


@pytest.fixture
def index_on(settings: Any) -> Iterator[None]:
    settings.MATCHING_INDEX_SECONDS = 60
    suggestions._INDEX.clear()
    yield
    suggestions._INDEX.clear()


def _ranked(world: World, today: dt.date) -> list[tuple[int, int]]:
    found = suggestions_for_need(world.other_need, today=today, limit=10)
    return [(s.candidate_id, s.score) for s in found]


def test_the_index_ranks_as_the_database_does(world: World, settings: Any) -> None:
    """The same people, scores and order from memory as from the SQL ranking."""
    today = timezone.localdate()
    _population(world, random.Random(3), 60)
    settings.MATCHING_INDEX_SECONDS = 0
    in_database = _ranked(world, today)
    settings.MATCHING_INDEX_SECONDS = 60
    suggestions._INDEX.clear()
    try:
        assert _ranked(world, today) == in_database
        assert len(in_database) == 10
    finally:
        suggestions._INDEX.clear()


def test_a_consent_withdrawn_after_the_index_was_read_is_never_suggested(
    world: World, index_on: None
) -> None:
    today = timezone.localdate()
    ConsentFactory.create(
        candidate=world.omar,
        recipient=ConsentRecipient.CONTRACTORS,
        given_on=today,
        expires_on=today + dt.timedelta(days=300),
    )
    assert world.omar.pk in dict(_ranked(world, today))
    held = suggestions._INDEX[world.odense.pk]
    consent_withdraw(consent=world.omar.consents.get(), by=world.anne, today=today)
    assert world.omar.pk not in dict(_ranked(world, today))
    assert suggestions._INDEX[world.odense.pk] is held, "the index was not read again"


def test_a_request_from_memory_costs_the_re_check_only(world: World, index_on: None) -> None:
    """Once the index is read, a suggestion request runs the few queries of the re-check,
    whatever the number of candidates."""
    today = timezone.localdate()
    _population(world, random.Random(5), 40)
    _ranked(world, today)  # reads the index
    with CaptureQueriesContext(connection) as queries:
        _ranked(world, today)
    assert len(queries) <= 7
