"""Reliability with real processes: a Celery worker (with beat) on a private Redis and PostgreSQL.

Nothing is lost and nothing reaches a recipient twice when the worker is killed
mid-send, when Redis is down while the API takes changes, or when the provider
fails a tenth of its calls. The provider is ``recording_backend``: it counts calls
in a file that outlives the worker.
"""

import datetime as dt
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from config.celery import app
from notifications.models import Notification, NotificationKind, NotificationStatus
from tests.notifications.processes import RedisServer, Worker, wait_until
from tests.notifications.scenario import build_site

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def redis() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@contextmanager
def broker(url: str) -> Iterator[None]:
    """Point this process's Celery app at the private Redis for the test's length."""
    old = app.conf.broker_url
    app.conf.update(broker_url=url)
    app._pool = None  # type: ignore[attr-defined]
    try:
        yield
    finally:
        app.conf.update(broker_url=old)
        app._pool = None  # type: ignore[attr-defined]


def due_notifications(count: int) -> set[str]:
    now = timezone.now() - dt.timedelta(minutes=1)
    rows = [
        Notification(
            kind=NotificationKind.FOLLOW_UP_DUE,
            recipient_email=f"person{n}@example.dk",
            idempotency_key=f"reliability:{n}",
            due_at=now,
        )
        for n in range(count)
    ]
    Notification.objects.bulk_create(rows, batch_size=1000)
    return {row.idempotency_key for row in rows}


def sent() -> int:
    return Notification.objects.filter(status=NotificationStatus.SENT).count()


def recorded(path: Path) -> tuple[int, dict[str, int]]:
    """(provider calls, deliveries per idempotency key)."""
    with sqlite3.connect(path) as database:
        calls = database.execute("select count(*) from calls").fetchone()[0]
        deliveries: dict[str, int] = {}
        for key, n in database.execute("select key, count(*) from deliveries group by key"):
            deliveries[key] = n
    return calls, deliveries


def test_killed_workers_lose_nothing_and_deliver_nothing_twice(
    redis: RedisServer, tmp_path: Path
) -> None:
    """2,000 due emails while the worker is SIGKILLed four times: each delivered exactly once."""
    keys = due_notifications(2000)
    recording = tmp_path / "provider.sqlite3"
    worker = Worker(redis=redis, recording=recording, env={})
    kills = 0
    with worker:
        for target in (300, 700, 1100, 1500):
            wait_until(lambda t=target: sent() >= t, 90, f"{target} sent")  # type: ignore[misc]
            worker.kill()
            kills += 1
            worker.start()
        wait_until(lambda: sent() == 2000, 120, "all 2,000 sent")
    calls, deliveries = recorded(recording)
    assert set(deliveries) == keys
    assert set(deliveries.values()) == {1}
    # Only a batch in flight at a kill can be sent again (with the same key, so
    # delivered once); everything else is asked for exactly once.
    batch = int(worker.env["NOTIFICATIONS_BATCH_SIZE"])
    assert 2000 <= calls <= 2000 + kills * batch * 2
    assert not Notification.objects.exclude(status=NotificationStatus.SENT).exists()


def test_with_redis_down_the_api_takes_changes_and_their_mail_follows(
    redis: RedisServer, tmp_path: Path, client: Client, settings: Any
) -> None:
    """A contractor accepts an intern while Redis is down: 200, and Anne hears once it is back."""
    settings.NOTIFICATIONS_OFFICE_HOURS_ONLY = False
    site = build_site(status="proposed")
    recording = tmp_path / "provider.sqlite3"
    with broker(redis.url), Worker(redis=redis, recording=recording, env={}):
        redis.stop()
        client.force_login(site.bo)
        assert client.get("/api/v1/notifications/").status_code == 200  # warm up the views
        started = time.monotonic()
        response = client.post(f"/api/v1/placements/{site.placement.pk}/accept/")
        assert response.status_code == 200, response.content
        assert time.monotonic() - started < 5
        row = Notification.objects.get(kind=NotificationKind.PLACEMENT_DECIDED)
        assert row.status == NotificationStatus.PENDING
        time.sleep(2)
        redis.start()
        wait_until(lambda: sent() == 1, 90, "the decision to be sent after Redis is back")
    calls, deliveries = recorded(recording)
    assert deliveries == {row.idempotency_key: 1}
    assert calls == 1


def test_a_provider_failing_one_call_in_ten_still_delivers_everything(
    redis: RedisServer, tmp_path: Path
) -> None:
    keys = due_notifications(500)
    recording = tmp_path / "provider.sqlite3"
    env = {
        "RECORDING_FAIL_RATE": "0.1",
        "NOTIFICATIONS_RETRY_BASE_SECONDS": "1",
        "NOTIFICATIONS_RETRY_MAX_SECONDS": "2",
    }
    with Worker(redis=redis, recording=recording, env=env):
        wait_until(lambda: sent() == 500, 120, "all 500 sent")
    calls, deliveries = recorded(recording)
    assert set(deliveries) == keys
    assert set(deliveries.values()) == {1}
    assert calls > 500  # the failed calls were made, and retried
    retried = Notification.objects.filter(attempts__gt=1).count()
    assert retried > 0
    assert not Notification.objects.filter(status=NotificationStatus.FAILED).exists()
