"""Ids too large for the database are a 404 in a path and a 400 in a filter, never a 500."""

import pytest
from django.test import Client

from tests.personas import World

HUGE = "9" * 25


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/candidates/{HUGE}/",
        f"/api/v1/placements/{HUGE}/",
        f"/api/v1/placements/{HUGE}/accept/",
        f"/api/v1/needs/{HUGE}/",
        f"/api/v1/needs/{HUGE}/suggestions/",
        f"/api/v1/projects/{HUGE}/",
    ],
)
def test_a_huge_id_in_the_path_is_not_found(client: Client, world: World, path: str) -> None:
    client.force_login(world.anne)
    response = client.get(path) if not path.endswith("accept/") else client.post(path)
    assert response.status_code == 404


@pytest.mark.parametrize("params", [{"need": HUGE}, {"candidate": HUGE}, {"project": HUGE}])
def test_a_huge_id_in_a_filter_is_bad_input(client: Client, world: World, params: dict) -> None:
    client.force_login(world.anne)
    response = client.get("/api/v1/placements/", params)
    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == list(params)
