"""The benchmark's bare views answer the rows of the list pages they are compared with.

``make bench`` divides each list's rate by the rate of a bare view of the same rows;
that is a fair yardstick only while both return the same rows in the same order.
"""

import orjson
import pytest
from django.test import Client, RequestFactory

from accounts.models import User
from matching.management.commands.generate_load import COORDINATOR_EMAIL
from tests.bench import views
from tests.bench.test_generate_load import _load

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("api", "bare"),
    [
        ("/api/v1/candidates/?page_size=50", views.bare_candidates),
        ("/api/v1/needs/?page_size=50", views.bare_needs),
    ],
)
def test_the_bare_view_returns_the_rows_of_the_first_page(api: str, bare: object) -> None:
    _load(candidates=80, needs=60)
    views._municipality_id.cache_clear()
    client = Client()
    client.force_login(User.objects.get(email=COORDINATOR_EMAIL))
    shown = [row["id"] for row in client.get(api).json()["results"]]
    answered = bare(RequestFactory().get("/"))  # type: ignore[operator]
    assert [row["id"] for row in orjson.loads(answered.content)] == shown
    assert len(shown) == 50
