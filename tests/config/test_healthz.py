"""/healthz tells a load balancer whether the database and the broker answer."""

import pytest
from django.db import OperationalError
from django.test import Client

from config.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthy_when_database_and_broker_answer(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_unavailable_when_the_broker_does_not_answer(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing listens on port 1; the check must give up quickly and say so.
    real_connection_for_write = celery_app.connection_for_write
    monkeypatch.setattr(
        celery_app,
        "connection_for_write",
        lambda: real_connection_for_write("redis://127.0.0.1:1/0"),
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "unreachable"
    assert response.json()["database"] == "ok"


def test_unavailable_when_the_database_does_not_answer(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_cursor(*args: object, **kwargs: object) -> None:
        raise OperationalError("database is down")

    monkeypatch.setattr("config.health.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
