"""Suggestions ranked in the database agree exactly with the algorithm, and stay fresh."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from matching.algorithm import Weights, suggest
from matching.models import (
    ConsentRecipient,
    FollowUp,
    FollowUpChannel,
    InterruptReason,
    PlacementStatus,
    TradeInterest,
)
from matching.services import consent_withdraw
from matching.suggestions import (
    candidate_facts,
    need_facts,
    ranked_in_database,
    suggestions_for_need,
)
from renovations.models import NeedKind
from tests.matching.factories import CandidateFactory, ConsentFactory, PlacementFactory
from tests.personas import World
from tests.renovations.factories import HousingAreaFactory, LabourNeedFactory, trade

TRADES = ["murer", "maler", "toemrer", "vvs"]


def _population(world: World, rng: random.Random, size: int) -> None:
    """People of every sort: consents, trades, areas, placements, no-shows."""
    today = timezone.localdate()
    other_area = HousingAreaFactory.create(municipality=world.odense, name=f"Vollsmose {size}")
    areas = [world.area, other_area, None, None]
    for n in range(size):
        person = CandidateFactory.create(
            municipality=world.odense,
            referred_on=today - dt.timedelta(days=rng.randint(0, 500)),
            available_from=rng.choice([None, today, today + dt.timedelta(days=60)]),
            home_area=rng.choice(areas),
            open_to_any_trade=rng.random() < 0.3,
            has_driving_licence=rng.random() < 0.5,
            safety_course_until=rng.choice([None, today + dt.timedelta(days=400)]),
            danish_level=rng.randint(0, 4),
            speaks_english=rng.random() < 0.5,
            birth_date=dt.date(rng.randint(1965, 2009), 6, 1),
            status=rng.choice(["active"] * 5 + ["paused"]),
        )
        for rank, code in enumerate(rng.sample(TRADES, rng.randint(0, 3)), start=1):
            TradeInterest.objects.create(candidate=person, trade=trade(code), rank=rank)
        if rng.random() < 0.85:
            consent = ConsentFactory.create(
                candidate=person,
                recipient=ConsentRecipient.CONTRACTORS,
                given_on=today - dt.timedelta(days=30),
                expires_on=today + dt.timedelta(days=300),
            )
            if rng.random() < 0.1:
                consent_withdraw(consent=consent, by=world.anne, today=today)
        for _ in range(rng.randint(0, 2)):
            start = today - dt.timedelta(days=rng.randint(40, 400))
            status = rng.choice(
                [
                    PlacementStatus.COMPLETED,
                    PlacementStatus.INTERRUPTED,
                    PlacementStatus.DECLINED,
                ]
            )
            placement = PlacementFactory.create(
                candidate=person,
                need=world.need,
                status=status,
                starts_on=start,
                ends_on=start + dt.timedelta(days=25),
                interrupt_reason=InterruptReason.NO_SHOW if status == "interrupted" else "",
            )
            if status == PlacementStatus.COMPLETED and rng.random() < 0.3:
                FollowUp.objects.create(
                    placement=placement,
                    held_on=start,
                    channel=FollowUpChannel.PHONE,
                    days_present=0,
                    days_absent=5,
                )
        if n % 7 == 0:
            soon = today + dt.timedelta(days=rng.randint(0, 30))
            PlacementFactory.create(
                candidate=person,
                need=world.other_need,
                status=PlacementStatus.ACCEPTED,
                starts_on=soon,
                ends_on=soon + dt.timedelta(days=25),
            )


NEED_VARIANTS = [
    {},
    {"kind": NeedKind.LAERLING, "weeks": 52, "trade_code": "maler"},
    {"requires_driving_licence": True, "min_danish_level": 2, "english_ok_accepted": True},
    {"requires_safety_course": True, "min_age": 25, "trade_code": "vvs"},
]


@pytest.mark.parametrize("variant", NEED_VARIANTS)
def test_the_database_ranking_equals_the_algorithm(world: World, variant: dict) -> None:
    """For every sort of need, SQL ranks exactly the people the algorithm ranks, in order."""
    rng = random.Random(7)
    _population(world, rng, 70)
    today = timezone.localdate()
    fields = {k: v for k, v in variant.items() if k != "trade_code"}
    need = LabourNeedFactory.create(
        project=world.project,
        contractor=world.murer,
        trade=trade(variant.get("trade_code", "murer")),
        earliest_start=today + dt.timedelta(days=7),
        latest_start=today + dt.timedelta(days=21),
        **fields,
    )
    facts = need_facts(need)
    weights = Weights()
    everyone = candidate_facts(world.odense.candidates.values_list("pk", flat=True), today=today)
    expected = suggest(facts, everyone, weights, today, limit=1000)
    assert len(expected) > 5  # the population is not trivially empty
    in_sql = ranked_in_database(
        facts, municipality_id=world.odense.pk, today=today, weights=weights, limit=1000
    )
    assert in_sql == [s.candidate_id for s in expected]


def test_suggestions_take_a_constant_number_of_queries(world: World) -> None:
    today = timezone.localdate()
    counts = []
    for size in (5, 40):
        _population(world, random.Random(size), size)
        with CaptureQueriesContext(connection) as queries:
            suggestions_for_need(world.other_need, today=today, limit=10)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 9


def test_a_consent_withdrawn_a_second_ago_is_never_suggested(world: World) -> None:
    today = timezone.localdate()
    ConsentFactory.create(
        candidate=world.omar,
        recipient=ConsentRecipient.CONTRACTORS,
        given_on=today,
        expires_on=today + dt.timedelta(days=300),
    )
    need = world.other_need
    assert world.omar.pk in {
        s.candidate_id for s in suggestions_for_need(need, today=today, limit=10)
    }
    consent = world.omar.consents.get()
    consent_withdraw(consent=consent, by=world.anne, today=today)
    assert world.omar.pk not in {
        s.candidate_id for s in suggestions_for_need(need, today=today, limit=10)
    }


def test_the_local_resident_comes_first(world: World) -> None:
    today = timezone.localdate()
    for person in (world.omar, world.sara):
        ConsentFactory.create(
            candidate=person,
            recipient=ConsentRecipient.CONTRACTORS,
            given_on=today,
            expires_on=today + dt.timedelta(days=300),
        )
    world.omar.referred_on = world.sara.referred_on = today
    world.omar.save()
    world.sara.save()
    # Sara's earlier introduction is withdrawn, so she is free in the need's window.
    world.sara.placements.update(status=PlacementStatus.WITHDRAWN)
    ranked = suggestions_for_need(world.other_need, today=today, limit=10)
    # Sara lives in Korsløkkeparken, where the renovation is; Omar does not.
    assert [s.candidate_id for s in ranked] == [world.sara.pk, world.omar.pk]
    assert [r.code for r in ranked[0].reasons] == ["local_resident", "first_placement"]
