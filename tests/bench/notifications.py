"""``make bench-notifications``: the reminder planner and the sender at scale (docs/benchmarks.md).

On PostgreSQL (``DATABASE_URL``, by default the database ``byggebro_bench_notifications``
on 127.0.0.1, created if missing) this script

1. loads 100,000 active placements (one candidate each, with a valid consent),
   spread over four start weeks so that all run on Friday 20 March 2026;
2. times the planner for that Friday (follow-ups due, mentor check-ins with their
   links, end plans due ...), then a second run that finds nothing new;
3. starts a private redis-server and a Celery worker (2 processes, anymail's test
   backend) and times 100,000 due notifications sent in batches, beside the same
   worker running one no-op task per message (the broker's own cost per message).

Usage: ``python -m tests.bench.notifications [--placements N] [--notifications N]
[--noop N]``. The machine is shared: figures vary with what else runs.
"""

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

from celery.signals import task_postrun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/byggebro_bench_notifications"
)
os.environ.setdefault("NOTIFICATIONS_OFFICE_HOURS_ONLY", "false")

BASE_DIR = Path(__file__).resolve().parents[2]
FRIDAY = dt.date(2026, 3, 20)
STARTS = [dt.date(2026, 2, 23), dt.date(2026, 3, 2), dt.date(2026, 3, 9), dt.date(2026, 3, 16)]


def noop() -> None:
    """The baseline task: does nothing, so its time is the broker's and the worker's."""


@task_postrun.connect
def outbox_empty(**kwargs: object) -> None:
    """In the worker (which imports this module): forget the emails the test backend kept.

    anymail's test backend appends every message to ``django.core.mail.outbox`` for a
    test to inspect, and finds each one's id with ``outbox.index``: over 100,000
    messages in one process that search alone is quadratic (minutes). A real
    provider's backend keeps nothing, so the benchmark empties the list after each
    task and measures the rest of the test backend's work.
    """
    from django.core import mail

    if getattr(mail, "outbox", None):
        mail.outbox.clear()


def setup_django() -> None:
    import django

    from tests.bench.run import database_create_if_missing

    database_create_if_missing(os.environ["DATABASE_URL"])
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(placements: int) -> None:
    """The placements, their candidates and consents, unless already there."""
    from accounts.models import User
    from matching.models import Candidate, Consent, Placement, PlacementStatus
    from renovations import workdays
    from tests.renovations.factories import (
        ContractorFactory,
        HousingAreaFactory,
        LabourNeedFactory,
        MunicipalityFactory,
        RenovationProjectFactory,
    )

    have = Placement.objects.filter(status=PlacementStatus.ACTIVE).count()
    if have >= placements:
        return
    started = time.monotonic()
    coordinator, _ = User.objects.get_or_create(
        email="bench-coordinator@example.dk", defaults={"full_name": "Bench Koordinator"}
    )
    existing = Placement.objects.select_related("need").first()
    if existing is not None:  # a smaller load from an earlier run: add to it
        need = existing.need
        municipality = existing.candidate.municipality
    else:
        municipality = MunicipalityFactory.create(code="461", name="Odense")
        municipality.coordinators.add(coordinator)
        project = RenovationProjectFactory.create(
            area=HousingAreaFactory.create(municipality=municipality)
        )
        need = LabourNeedFactory.create(
            project=project,
            contractor=ContractorFactory.create(),
            places=30000,
            earliest_start=STARTS[0],
            latest_start=STARTS[-1],
            mentor_email="mentor@entreprenoer.dk",
        )
    for start in range(have, placements, 10000):
        count = min(10000, placements - start)
        candidates = Candidate.objects.bulk_create(
            Candidate(
                first_name=f"Navn{n}",
                last_name="Bench",
                municipality=municipality,
                coordinator=coordinator,
                referred_on=dt.date(2026, 1, 5),
            )
            for n in range(start, start + count)
        )
        Consent.objects.bulk_create(
            Consent(
                candidate=c,
                recipient="contractors",
                purpose="Bench",
                given_on=dt.date(2026, 1, 5),
                expires_on=dt.date(2027, 1, 5),
            )
            for c in candidates
        )
        rows = []
        for n, candidate in enumerate(candidates):
            starts_on = STARTS[(start + n) % len(STARTS)]
            rows.append(
                Placement(
                    candidate=candidate,
                    need=need,
                    kind=need.kind,
                    starts_on=starts_on,
                    ends_on=workdays.last_working_day_of_week(starts_on, 4),
                    status=PlacementStatus.ACTIVE,
                    coordinator=coordinator,
                )
            )
        Placement.objects.bulk_create(rows, batch_size=5000)
    analyze()
    print(f"loaded {placements - have:,} placements in {time.monotonic() - started:.0f} s")


def analyze(table: str = "") -> None:
    """Fresh statistics (and dead rows cleared), as autovacuum keeps them on a live database.

    Without statistics PostgreSQL takes the freshly loaded tables for empty and joins
    100,000 placements to 100,000 candidates in a nested loop: minutes, not seconds.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}" if table else "ANALYZE")


def bench_planner() -> tuple[float, int, float]:
    from notifications.models import CheckInLink, Notification
    from notifications.office import at
    from notifications.planner import notifications_plan

    Notification.objects.all().delete()
    CheckInLink.objects.all().delete()
    now = at(FRIDAY, dt.time(9, 0))
    started = time.monotonic()
    created = notifications_plan(now=now)
    first = time.monotonic() - started
    started = time.monotonic()
    again = notifications_plan(now=now)
    second = time.monotonic() - started
    assert again == 0, again
    return first, created, second


def worker(folder: Path, redis_url: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "anymail.backends.test.EmailBackend",
        "BYGGEBRO_VAR_DIR": str(folder),
        "NOTIFICATIONS_OFFICE_HOURS_ONLY": "false",
    }
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "config", "worker"),
            *("--concurrency=2", "--loglevel=WARNING", "--without-gossip", "--without-mingle"),
            *("-I", "tests.bench.notifications"),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=(folder / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
    )


def wait(condition: object, what: str, timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            sys.exit(f"timed out waiting for {what}")
        time.sleep(0.5)


def bench_sender(notifications: int, noops: int) -> tuple[float, float]:
    """(notifications sent per second, no-op tasks per second) through one worker."""
    from celery import Celery
    from django.conf import settings
    from django.utils import timezone

    from notifications.models import Notification, NotificationStatus
    from tests.notifications.processes import RedisServer

    keep = list(Notification.objects.order_by("id").values_list("pk", flat=True)[:notifications])
    Notification.objects.exclude(pk__in=keep).delete()
    Notification.objects.update(status=NotificationStatus.PENDING, due_at=timezone.now())
    analyze(Notification._meta.db_table)  # the rows deleted and updated just above
    redis = RedisServer()
    redis.start()
    app = Celery("bench", broker=redis.url)
    app.conf.update(task_serializer="json", accept_content=["json"], task_ignore_result=True)
    task = app.task(name="tests.bench.notifications.noop")(noop)
    try:
        with TemporaryDirectory() as folder:
            process = worker(Path(folder), redis.url)
            try:
                sent = Notification.objects.filter(status=NotificationStatus.SENT)
                wait(lambda: bool(app.control.ping(timeout=1)), "the worker to start", 300)
                started = time.monotonic()
                for _ in range(2):  # one chain of batches per worker process
                    app.send_task("notifications.send_due")
                wait(lambda: sent.count() >= len(keep), "the notifications to be sent")
                notification_rate = len(keep) / (time.monotonic() - started)
                started = time.monotonic()
                with app.producer_or_acquire() as producer:
                    for _ in range(noops):
                        task.apply_async(producer=producer)
                with app.connection_for_read() as connection:
                    client = connection.default_channel.client  # type: ignore[attr-defined]
                    wait(lambda: client.llen("celery") == 0, "the no-op tasks to be taken")
                noop_rate = noops / (time.monotonic() - started)
            finally:
                process.terminate()
                process.wait(30)
    finally:
        redis.stop()
    assert settings.NOTIFICATIONS_BATCH_SIZE > 1
    return notification_rate, noop_rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--placements", type=int, default=100_000)
    parser.add_argument("--notifications", type=int, default=100_000)
    parser.add_argument("--noop", type=int, default=20_000)
    args = parser.parse_args()
    setup_django()
    load(args.placements)
    first, created, second = bench_planner()
    print(f"planner, {args.placements:,} active placements: {first:.1f} s, {created:,} rows")
    print(f"planner again, nothing new: {second:.1f} s")
    notification_rate, noop_rate = bench_sender(args.notifications, args.noop)
    print(f"sender: {notification_rate:,.0f} notifications/s through the worker")
    print(f"baseline: {noop_rate:,.0f} no-op tasks/s through the same worker and broker")
    print(f"{args.notifications:,} notifications: {args.notifications / notification_rate:.0f} s")


if __name__ == "__main__":
    main()
