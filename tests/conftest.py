from typing import Any

import pytest
from django.conf import settings as django_settings

pytest_plugins = ["tests.personas"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip, with a reason, the tests that need a server this run does not have."""
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL to run it")
    skip_redis = pytest.mark.skip(reason="needs Redis: set REDIS_URL to run it")
    for item in items:
        if "postgres" in item.keywords and not django_settings.USING_POSTGRES:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not django_settings.REDIS_URL:
            item.add_marker(skip_redis)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Tests create many users; the real hasher's deliberate slowness is no use here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _suggestions_ranked_in_the_database(settings: Any) -> None:
    """Tests change candidates between requests, and a worker's in-memory index of them
    (MATCHING_INDEX_SECONDS) lags behind by design; tests/matching/test_candidate_index.py
    turns it on."""
    settings.MATCHING_INDEX_SECONDS = 0
