import pytest
from django.conf import settings


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip, with a reason, the tests that need a server this run does not have."""
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL to run it")
    skip_redis = pytest.mark.skip(reason="needs Redis: set REDIS_URL to run it")
    for item in items:
        if "postgres" in item.keywords and not settings.USING_POSTGRES:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not settings.REDIS_URL:
            item.add_marker(skip_redis)


@pytest.fixture(autouse=True)
def _danish_by_default(settings: pytest.FixtureRequest) -> None:
    """Tests see the site as its users do: in Danish unless a test says otherwise."""
    settings.LANGUAGE_CODE = "da"
