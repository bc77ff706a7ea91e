"""Who sees which candidate, and how much of them (DESIGN §3)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.personas import World

FULL_FIELDS = {
    "access",
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_date",
    "cpr_registered",
    "municipality",
    "coordinator",
    "home_area",
    "benefit_group",
    "referral_source",
    "referred_by",
    "referred_on",
    "trade_interests",
    "open_to_any_trade",
    "has_driving_licence",
    "safety_course_until",
    "danish_level",
    "speaks_english",
    "available_from",
    "notes",
    "status",
    "placements",
}
CONTRACTOR_FIELDS = {
    "access",
    "id",
    "first_name",
    "last_name_initial",
    "trade_interests",
    "has_driving_licence",
    "safety_course_until",
    "danish_level",
    "speaks_english",
    "placements",
}
REFERRER_FIELDS = {"access", "id", "first_name", "last_name", "referred_on", "status", "placements"}
NEVER_FOR_OTHERS = {"cpr", "cpr_lookup", "birth_date", "benefit_group", "notes", "email", "phone"}


def _as(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def _listed(client: Client, user: User) -> dict[str, dict[str, object]]:
    response = _as(client, user).get(reverse("candidates"))
    assert response.status_code == 200
    return {row["first_name"]: row for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("anne", {"Sara", "Omar", "Nina"}),  # her municipality, all of it
        ("carl", {"Lars"}),  # Svendborg only
        ("bo", {"Sara"}),  # introduced to his need, with a valid consent (Nina withdrew)
        ("eva", set()),  # nobody was introduced to her company
        ("dorte", {"Sara"}),  # her own referral, with consent
        ("frida", set()),  # follow-up members see no candidate at all
        ("ida", {"Sara", "Omar", "Nina", "Lars"}),  # administrators
    ],
)
def test_each_role_lists_exactly_its_candidates(
    client: Client, world: World, persona: str, visible: set[str]
) -> None:
    assert set(_listed(client, world.everyone()[persona])) == visible


def test_anonymous_gets_401(client: Client, world: World) -> None:
    assert client.get(reverse("candidates")).status_code == 401
    assert client.get(reverse("candidate", args=[world.sara.pk])).status_code == 401


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anne", 200), ("bo", 200), ("dorte", 200), ("carl", 404), ("eva", 404), ("frida", 404)],
)
def test_detail_outside_scope_is_404(
    client: Client, world: World, persona: str, expected: int
) -> None:
    response = _as(client, world.everyone()[persona]).get(
        reverse("candidate", args=[world.sara.pk])
    )
    assert response.status_code == expected
    if expected == 404:
        assert "Sara" not in response.content.decode()
        assert set(response.json()) == {"message", "extra"}


@pytest.mark.parametrize(
    ("persona", "fields"),
    [("anne", FULL_FIELDS | {"consents"}), ("bo", CONTRACTOR_FIELDS), ("dorte", REFERRER_FIELDS)],
)
def test_each_role_receives_exactly_its_allow_listed_fields(
    client: Client, world: World, persona: str, fields: set[str]
) -> None:
    user = world.everyone()[persona]
    detail = _as(client, user).get(reverse("candidate", args=[world.sara.pk])).json()
    assert set(detail) == fields
    listed = _listed(client, user)["Sara"]
    assert set(listed) == fields - {"consents"}
    if persona != "anne":
        assert not NEVER_FOR_OTHERS & set(detail)
        assert "Fortrolig note" not in str(detail)
        assert "sara@example.com" not in str(detail)


def test_contractor_sees_last_name_initial_and_only_placements_on_own_needs(
    client: Client, world: World
) -> None:
    from tests.matching.factories import PlacementFactory

    PlacementFactory.create(candidate=world.sara, need=world.other_need, status="declined")
    detail = _as(client, world.bo).get(reverse("candidate", args=[world.sara.pk])).json()
    assert detail["last_name_initial"] == "H"
    assert {p["need"] for p in detail["placements"]} == {world.need.pk}


def test_contractor_cannot_search_by_last_name(client: Client, world: World) -> None:
    response = _as(client, world.bo).get(reverse("candidates"), {"search": "Hansen"})
    assert response.json()["count"] == 0
    response = _as(client, world.anne).get(reverse("candidates"), {"search": "Hansen"})
    assert response.json()["count"] == 3


@pytest.mark.parametrize(("persona", "expected"), [("bo", 403), ("dorte", 403), ("carl", 404)])
def test_only_coordinators_change_export_or_erase(
    client: Client, world: World, persona: str, expected: int
) -> None:
    user = world.everyone()[persona]
    url = reverse("candidate", args=[world.sara.pk])
    assert (
        _as(client, user).patch(url, {"notes": "x"}, content_type="application/json").status_code
        == expected
    )
    assert client.get(reverse("candidate-export", args=[world.sara.pk])).status_code == expected
    erase = client.post(reverse("candidate-erase", args=[world.sara.pk]), {"reason": "x"})
    assert erase.status_code == expected


def test_me_lists_roles_and_scopes(client: Client, world: World) -> None:
    me = _as(client, world.anne).get(reverse("me")).json()
    assert me["roles"] == ["coordinator"]
    assert me["municipalities"] == [world.odense.pk]
    assert _as(client, world.bo).get(reverse("me")).json()["contractors"] == [world.murer.pk]
