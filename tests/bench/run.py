"""``make bench``: the list endpoints over HTTP, beside a bare Django view and hello world.

On PostgreSQL (``DATABASE_URL``, by default the database ``byggebro_bench`` on
127.0.0.1, created if missing) with the load of ``manage.py generate_load`` (100,000
candidates in one municipality, 3,000 needs), this script starts gunicorn, sends each
target a warm-up and then a fixed number of requests from a few threads with
keep-alive connections, and prints requests per second and latency percentiles,
with the ratio of each list endpoint to the bare view, and the queries each list
request runs. See docs/benchmarks.md.
"""

import argparse
import http.client
import os
import shlex
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench import matching
from tests.bench.reports import bench_reports

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/byggebro_bench")

BASE_DIR = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    authenticated: bool = False
    bare: str = ""  # the name of the target returning the same rows bare


TARGETS = (
    Target("candidate list", "/api/v1/candidates/?page_size=50", True, "bare candidates"),
    Target("need list", "/api/v1/needs/?page_size=50", True, "bare needs"),
    Target("bare candidates", "/bench/bare/"),
    Target("bare needs", "/bench/bare-needs/"),
    Target("hello world", "/bench/hello/"),
)


@dataclass(frozen=True)
class Result:
    target: Target
    requests: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]


def database_create_if_missing(url: str) -> None:
    """Create the benchmark's database on its PostgreSQL server if it is not there."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    settings = dj_database_url.parse(url)
    if settings["ENGINE"] != "django.db.backends.postgresql":
        sys.exit(f"make bench runs on PostgreSQL; DATABASE_URL is {url}")
    name = settings["NAME"]
    with psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"Created the database {name}.")


def prepare(candidates: int, needs: int, placements: int) -> str:
    """Migrate, load, and return an API token of the load's coordinator."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.utils import timezone

    from accounts.authentication import token_obtain
    from accounts.models import User
    from matching.management.commands.generate_load import COORDINATOR_EMAIL

    call_command("migrate", verbosity=0)
    call_command("generate_load", candidates=candidates, needs=needs, placements=placements)
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    return token_obtain(user=coordinator, now=timezone.now()).key


def queries_per_request(token: str, path: str) -> dict[int, int]:
    """The queries one request of a list runs, for a page of 1 and a page of 50."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for size in (1, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                path.replace("page_size=50", f"page_size={size}"),
                HTTP_AUTHORIZATION=f"Token {token}",
            )
        if response.status_code != 200:
            return {}
        counts[size] = len(queries.captured_queries)
    return counts


def serve(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--log-level=warning",
        "--keep-alive=30",
    ]
    print("Serving:", shlex.join(command[1:]))
    server = subprocess.Popen(command, cwd=BASE_DIR, env=os.environ.copy())
    deadline = time.monotonic() + 120  # a busy machine boots Django slowly
    while time.monotonic() < deadline:
        try:
            if _get(http.client.HTTPConnection(HOST, port, timeout=5), "/bench/hello/", {}) == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer within 120 seconds")


def _get(connection: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> int:
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status


def load(
    port: int, path: str, headers: dict[str, str], requests: int, concurrency: int
) -> tuple[float, list[float]]:
    """Send ``requests`` GETs from ``concurrency`` threads; return the seconds and latencies."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    per_thread = [
        requests // concurrency + (i < requests % concurrency) for i in range(concurrency)
    ]

    def worker(count: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        mine = []
        for _ in range(count):
            started = time.perf_counter()
            status = _get(connection, path, headers)
            mine.append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors.append(f"{path}: {status}")
                break
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(count,)) for count in per_thread]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if errors:
        sys.exit(f"Request failed: {errors[0]}")
    return seconds, latencies


def report(results: list[Result], queries: dict[str, dict[int, int]], args: Any) -> None:
    by_name = {r.target.name: r for r in results}
    print()
    print(
        f"{args.requests} requests per target after {args.warmup} warm-up, {args.concurrency} "
        f"client threads, gunicorn {args.workers} workers x {args.threads} threads; "
        f"{os.cpu_count()} CPUs, load average {args.load_before:.2f} before the run"
    )
    header = (
        f"{'target':<16}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'of bare':>9}{'queries (page 1/50)':>22}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        bare = by_name.get(result.target.bare)
        ratio = f"{result.rate / bare.rate:.2f}" if bare else ""
        counts = queries.get(result.target.name)
        counted = f"{counts[1]} / {counts[50]}" if counts else ""
        print(
            f"{result.target.name:<16}{result.rate:>8.0f}{result.percentile(50):>9.1f}"
            f"{result.percentile(95):>9.1f}{result.percentile(99):>9.1f}{ratio:>9}{counted:>22}"
        )
    print()
    print(
        "Goals: p95 under 30 ms, at least half the rate of the bare view of the same rows, "
        "at most 3 queries."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=3_000)
    parser.add_argument(
        "--placements", type=int, default=1_000_000, help="historic placements, for the report"
    )
    parser.add_argument("--requests", type=int, default=2_000, help="per target, after warm-up")
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--matching-requests", type=int, default=200, help="suggestion requests timed"
    )
    parser.add_argument(
        "--memory-requests", type=int, default=1_000, help="suggestions for the memory check"
    )
    parser.add_argument("--skip-lists", action="store_true", help="without the list figures")
    parser.add_argument(
        "--only-lists", action="store_true", help="without the matching and report figures"
    )
    args = parser.parse_args()
    args.load_before = os.getloadavg()[0]  # others' work on the machine skews the figures

    database_create_if_missing(os.environ["DATABASE_URL"])
    token = prepare(args.candidates, args.needs, args.placements)
    auth = {"Authorization": f"Token {token}"}

    queries = {}
    targets = []
    for target in () if args.skip_lists else TARGETS:
        if target.authenticated:
            counts = queries_per_request(token, target.path)
            if not counts:
                print(f"Skipping the {target.name}: {target.path} does not answer 200 yet.")
                continue
            queries[target.name] = counts
        targets.append(target)

    results = []
    server = serve(args.port, args.workers, args.threads) if targets else None
    try:
        for target in targets:
            headers = auth if target.authenticated else {}
            load(args.port, target.path, headers, args.warmup, args.concurrency)
            seconds, latencies = load(
                args.port, target.path, headers, args.requests, args.concurrency
            )
            results.append(Result(target, len(latencies), seconds, latencies))
            print(f"{target.name}: {len(latencies) / seconds:.0f} requests per second")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    if results:
        report(results, queries, args)
    if args.only_lists:
        return
    matching.run(
        token,
        args.port + 1,
        requests=args.matching_requests,
        memory_requests=args.memory_requests,
    )
    bench_reports()  # the follow-up group's report beside count(*): tests/bench/reports.py


if __name__ == "__main__":
    main()
