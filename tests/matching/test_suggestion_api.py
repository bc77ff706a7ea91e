"""Suggestions, explanations and allocations through the API, as a coordinator uses them."""

import datetime as dt
import json
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent
from matching.models import ConsentRecipient, Placement, PlacementStatus
from matching.suggestions import suggestions_for_need
from renovations.models import LabourNeed
from tests.matching.factories import ConsentFactory
from tests.personas import World
from tests.renovations.factories import LabourNeedFactory


def _consent(*people: object) -> None:
    today = timezone.localdate()
    for person in people:
        ConsentFactory.create(
            candidate=person,
            recipient=ConsentRecipient.CONTRACTORS,
            given_on=today,
            expires_on=today + dt.timedelta(days=300),
        )


def test_suggestions_come_with_their_reasons_in_danish(client: Client, world: World) -> None:
    _consent(world.omar)
    client.force_login(world.anne)
    response = client.get(reverse("need-suggestions", args=[world.other_need.pk]))
    assert response.status_code == 200
    rows = response.json()["suggestions"]
    assert [row["candidate"]["first_name"] for row in rows] == ["Omar"]
    texts = {reason["code"]: reason["text"] for reason in rows[0]["reasons"]}
    assert texts["first_placement"] == "Intet forløb endnu"
    assert AuditEvent.objects.filter(
        actor=world.anne, action=AuditAction.LIST, candidate_id=world.omar.pk
    ).exists()


def test_explain_says_which_rule_keeps_someone_out(client: Client, world: World) -> None:
    client.force_login(world.anne)
    response = client.get(
        reverse("need-suggestions", args=[world.other_need.pk]),
        {"explain": world.omar.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    explanation = response.json()["explanation"]
    assert explanation["eligible"] is False
    assert explanation["failed_rules"] == [
        {"code": "no_consent", "text": "No valid consent to share data with contractors"}
    ]


def test_an_allocation_is_proposed_then_confirmed_into_placements(
    client: Client, world: World
) -> None:
    _consent(world.omar)
    world.sara.placements.update(status=PlacementStatus.WITHDRAWN)
    client.force_login(world.anne)
    proposal = client.post(
        reverse("allocations"), {"project": world.project.pk}, content_type="application/json"
    ).json()
    pairs = {(p["need"], p["candidate"]["id"]) for p in proposal["pairs"]}
    # Two people with consent, two needs with two places each: everyone is placed once.
    assert {candidate for _, candidate in pairs} == {world.sara.pk, world.omar.pk}
    assert proposal["total"] == sum(p["score"] for p in proposal["pairs"])
    confirmed = client.post(
        reverse("allocations-confirm"),
        {"choices": [{"need": n, "candidate": c} for n, c in sorted(pairs)]},
        content_type="application/json",
    )
    assert confirmed.status_code == 201, confirmed.json()
    created = Placement.objects.filter(pk__in=confirmed.json()["placements"])
    assert {(p.need_id, p.candidate_id) for p in created} == pairs
    assert all(p.status == PlacementStatus.PROPOSED and p.score is not None for p in created)


def test_confirming_is_all_or_nothing(client: Client, world: World) -> None:
    _consent(world.omar)
    world.sara.placements.update(status=PlacementStatus.WITHDRAWN)
    before = Placement.objects.count()
    client.force_login(world.anne)
    response = client.post(
        reverse("allocations-confirm"),
        {
            "choices": [
                {"need": world.other_need.pk, "candidate": world.omar.pk},
                {"need": world.need.pk, "candidate": world.nina.pk},  # no consent: refused
            ]
        },
        content_type="application/json",
    )
    assert response.status_code == 409
    assert Placement.objects.count() == before


def test_explain_names_the_other_municipality(client: Client, world: World) -> None:
    """Lars is Svendborg's: never a suggestion for Odense's need, and explain says why."""
    _consent(world.lars)
    client.force_login(world.ida)
    response = client.get(
        reverse("need-suggestions", args=[world.other_need.pk]), {"explain": world.lars.pk}
    )
    explanation = response.json()["explanation"]
    assert explanation["eligible"] is False
    assert [rule["code"] for rule in explanation["failed_rules"]] == ["other_municipality"]


def test_an_allocation_runs_the_same_queries_for_two_needs_as_for_twelve(
    client: Client, world: World
) -> None:
    """The allocation reads all its needs' candidates at once, never one query per need;
    its pairs are the suggestions each need would get on its own."""
    _consent(world.omar)
    world.sara.placements.update(status=PlacementStatus.WITHDRAWN)
    client.force_login(world.anne)

    def allocate() -> tuple[int, dict[str, Any]]:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                reverse("allocations"),
                {"project": world.project.pk},
                content_type="application/json",
            )
        assert response.status_code == 200, response.content[:300]
        return len(queries), response.json()

    few, _ = allocate()
    for _ in range(10):
        LabourNeedFactory.create(
            project=world.project,
            contractor=world.murer,
            earliest_start=world.need.earliest_start,
            latest_start=world.need.latest_start,
        )
    many, proposal = allocate()
    assert many == few
    today = timezone.localdate()
    assert proposal["pairs"]
    for pair in proposal["pairs"]:
        need = LabourNeed.objects.get(pk=pair["need"])
        alone = {s.candidate_id: s.score for s in suggestions_for_need(need, today=today, limit=20)}
        assert alone[pair["candidate"]["id"]] == pair["score"]


def test_the_allocation_answers_its_serializers_rows(client: Client, world: World) -> None:
    """The proposal is built as plain dicts for speed; OutputSerializer, which describes
    it in the schema, turns the same rows into the same JSON, key order included."""
    from matching.suggestion_apis import AllocationApi

    _consent(world.omar)
    world.sara.placements.update(status=PlacementStatus.WITHDRAWN)
    client.force_login(world.anne)
    response = client.post(
        reverse("allocations"), {"project": world.project.pk}, content_type="application/json"
    )
    answered = response.json()
    assert answered["pairs"] and all(pair["reasons"] for pair in answered["pairs"])
    serialized = json.loads(json.dumps(AllocationApi.OutputSerializer(answered).data))
    assert json.dumps(serialized) == json.dumps(answered)
