"""The bimonthly report of the load's municipality, beside a full-table count of placements.

Run by ``make bench`` after the HTTP benchmark (tests/bench/run.py), or alone on a
database that ``generate_load --placements 1000000`` filled:

    DATABASE_URL=postgres://... python -m tests.bench.reports

Both are timed in this process, against the same PostgreSQL, in the same run: the
report as ``matching.reports.report_for`` computes it for the load's coordinator (full
figures, every window, trend, breakdowns and retention), and ``SELECT count(*)`` over
``matching_placement``. The goal: the report under 300 ms, within 5x of the count, in
a constant number of queries. See docs/benchmarks.md.
"""

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/byggebro_bench")

GOAL_MS = 300
GOAL_RATIO = 5


@dataclass(frozen=True)
class Timing:
    name: str
    runs_ms: list[float]
    queries: int

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.runs_ms, n=100, method="inclusive")[p - 1]

    @property
    def median(self) -> float:
        return statistics.median(self.runs_ms)


def _time(name: str, work: Callable[[], object], runs: int, warmup: int) -> Timing:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        work()
    with CaptureQueriesContext(connection) as captured:
        work()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return Timing(name, timings, len(captured))


def bench_reports(*, runs: int = 20, warmup: int = 3) -> None:
    """Print the report's timing beside the count's; Django must be set up."""
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from matching.management.commands.generate_load import COORDINATOR_EMAIL, MUNICIPALITY_CODE
    from matching.models import Placement
    from matching.reports import report_for

    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    today = timezone.localdate()
    placements = Placement.objects.count()

    def report() -> object:
        coordinator.__dict__.pop("_byggebro_roles", None)  # a fresh request's roles
        return report_for(user=coordinator, municipality=MUNICIPALITY_CODE, today=today)

    def count() -> object:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM matching_placement")
            return cursor.fetchone()

    results = [
        _time("report, municipality", report, runs, warmup),
        _time("count(*) placements", count, runs, warmup),
    ]
    print()
    print(
        f"The bimonthly report of municipality {MUNICIPALITY_CODE} over {placements:,} "
        f"placements; {runs} runs after {warmup} warm-up, load average "
        f"{os.getloadavg()[0]:.2f}"
    )
    header = f"{'target':<22}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'queries':>9}"
    print(header)
    print("-" * len(header))
    for result in results:
        print(
            f"{result.name:<22}{result.median:>9.1f}{result.percentile(95):>9.1f}"
            f"{max(result.runs_ms):>9.1f}{result.queries:>9}"
        )
    ratio = results[0].median / results[1].median
    print(
        f"report / count(*): {ratio:.1f}x (goal: within {GOAL_RATIO}x); "
        f"report p50 {results[0].median:.0f} ms (goal: under {GOAL_MS} ms)"
    )


def main() -> None:
    import django

    django.setup()
    bench_reports()


if __name__ == "__main__":
    main()
