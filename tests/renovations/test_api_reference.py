"""Reference data: trades, municipalities and housing areas, for any logged-in user."""

import pytest
from django.test import Client

from renovations.models import Trade
from tests.personas import World
from tests.renovations.api import call
from tests.renovations.factories import HousingAreaFactory


@pytest.mark.parametrize("name", ["trades", "municipalities", "housing-areas"])
def test_reference_data_needs_a_login(client: Client, world: World, name: str) -> None:
    """Nothing is answered to a caller who is not logged in."""
    assert call(client, None, "GET", name).status == 401


@pytest.mark.parametrize("persona", ["anne", "bo", "dorte", "frida", "carl"])
def test_every_role_reads_the_trades_with_both_names(
    client: Client, world: World, persona: str
) -> None:
    """Trades come with their code and the Danish and English names, one page at a time."""
    answer = call(client, world.everyone()[persona], "GET", "trades")
    assert answer.status == 200
    assert set(answer.body) == {"count", "next", "previous", "results"}
    assert answer.body["count"] == Trade.objects.count()
    murer = next(row for row in answer.body["results"] if row["code"] == "murer")
    assert murer == {"code": "murer", "name_da": "Murer", "name_en": "Bricklayer"}


def test_the_page_size_is_chosen_by_the_caller(client: Client, world: World) -> None:
    """``page_size`` sets the rows per page; ``next`` leads to the following page."""
    first = call(client, world.bo, "GET", "trades", {"page_size": 1})
    assert len(first.body["results"]) == 1
    assert first.body["next"] is not None and first.body["previous"] is None
    second = call(client, world.bo, "GET", "trades", {"page_size": 1, "page": 2})
    assert second.body["results"] != first.body["results"]


def test_a_page_past_the_end_is_not_found(client: Client, world: World) -> None:
    """Asking for a page that does not exist is a 404 in the error shape."""
    answer = call(client, world.bo, "GET", "trades", {"page": 999})
    assert answer.status == 404
    assert set(answer.body) == {"message", "extra"}


def test_municipalities_have_an_id_a_code_and_a_name(client: Client, world: World) -> None:
    """Every municipality is listed, for every user: Carl sees Odense too."""
    answer = call(client, world.carl, "GET", "municipalities")
    assert answer.status == 200
    rows = {row["code"]: row for row in answer.body["results"]}
    assert rows["461"] == {"id": world.odense.pk, "code": "461", "name": "Odense"}
    assert "479" in rows


def test_housing_areas_name_their_municipality_by_code(client: Client, world: World) -> None:
    """A housing area shows its municipality's code, category, postal code and residents."""
    answer = call(client, world.frida, "GET", "housing-areas")
    row = next(row for row in answer.body["results"] if row["id"] == world.area.pk)
    assert row == {
        "id": world.area.pk,
        "name": "Korsløkkeparken",
        "municipality": "461",
        "category": world.area.category,
        "postal_code": world.area.postal_code,
        "residents": world.area.residents,
    }


def test_housing_areas_can_be_filtered_by_municipality(client: Client, world: World) -> None:
    """``?municipality=<code>`` keeps the areas of that municipality only."""
    skovparken = HousingAreaFactory.create(municipality=world.svendborg, name="Skovparken")
    odense = call(client, world.anne, "GET", "housing-areas", {"municipality": "461"})
    svendborg = call(client, world.anne, "GET", "housing-areas", {"municipality": "479"})
    assert odense.ids == {world.area.pk}
    assert svendborg.ids == {skovparken.pk}
