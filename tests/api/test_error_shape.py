"""Every answer under /api/ is in the API's one error shape, ``{"message", "extra"}``."""

import pytest
from django.test import Client


@pytest.mark.parametrize("path", ["/api/v1/candidates/abc/", "/api/v1/placements/-1/"])
def test_a_path_no_pattern_matches_answers_in_the_error_shape(
    client: Client, db: None, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"message", "extra"}
