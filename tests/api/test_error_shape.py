"""Every answer under /api/ is in the API's one error shape, ``{"message", "extra"}``."""

import pytest
from django.test import Client

from tests.personas import World


@pytest.mark.parametrize("path", ["/api/v1/candidates/abc/", "/api/v1/placements/-1/"])
def test_a_path_no_pattern_matches_answers_in_the_error_shape(
    client: Client, db: None, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"message", "extra"}


@pytest.mark.parametrize("page", ["0", "-3", "x", "7", "6986687516296462217208646160351232"])
def test_a_page_that_does_not_exist_is_not_found(client: Client, world: World, page: str) -> None:
    """Even a page number whose offset no database integer holds (found by the fuzzer)."""
    client.force_login(world.anne)
    response = client.get("/api/v1/follow-up-groups/", {"page": page})
    assert response.status_code == 404
    assert set(response.json()) == {"message", "extra"}


def test_a_trade_code_with_a_nul_character_is_refused(client: Client, world: World) -> None:
    """PostgreSQL refuses NUL in text: the API says the trade does not exist (fuzzer)."""
    client.force_login(world.bo)
    body = {"trade": "mur\x00", "places": 1}
    response = client.post("/api/v1/needs/", body, content_type="application/json")
    assert response.status_code == 400
    assert "trade" in response.json()["extra"]["fields"]
