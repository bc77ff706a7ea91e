"""``make bench``, matching: suggestions for one need and an allocation over all open needs.

Called from ``tests/bench/run.py`` on its load (100,000 candidates, 3,000 open needs,
a million historic placements), each figure beside its references in the same run:

- suggestions for one need through the API (gunicorn, one client, end to end), beside
  one hand-written SQL query doing the same ranking and a numpy ranking of the same
  candidates held in memory (``matching.algorithm.top_candidates``);
- an allocation for every open need through the API, end to end, beside its parts
  (load, rank, solve, explain) in a process of its own, whose peak memory is read,
  and beside ranking needs one by one (``suggestions_for_need``), timed for a sample
  and scaled to all of them;
- the memory of a gunicorn worker before and after 1,000 suggestion requests.
"""

import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parents[2]


def _median_ms(run: Callable[[], object], times: int) -> tuple[float, float]:
    """The median and 95th percentile of ``times`` runs, in milliseconds."""
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent), statistics.quantiles(spent, n=20, method="inclusive")[-1]


def bench_need() -> Any:
    """The load's open need the benchmark asks about: the first snusepraktik still to start."""
    from django.utils import timezone

    from matching.management.commands.generate_load import MUNICIPALITY_CODE
    from renovations.models import LabourNeed, NeedKind, NeedStatus

    return (
        LabourNeed.objects.select_related("project__area")
        .filter(
            project__area__municipality__code=MUNICIPALITY_CODE,
            status=NeedStatus.OPEN,
            kind=NeedKind.SNUSEPRAKTIK,
            latest_start__gte=timezone.localdate(),
        )
        .order_by("pk")
        .first()
    )


def ranking_sql(need: Any, *, today: Any, limit: int) -> tuple[str, dict[str, Any]]:
    """One hand-written query ranking the need's candidates as the service does."""
    from matching.algorithm import EXPLORATORY_KINDS
    from matching.models import (
        PLACEMENT_HOLDING_STATUSES,
        PLACEMENT_STARTED_STATUSES,
        Candidate,
        Consent,
        FollowUp,
        Placement,
        TradeInterest,
    )
    from matching.suggestions import matching_weights, need_facts

    facts = need_facts(need)
    weights = matching_weights()
    ranks = (
        weights.trade_rank_exploratory
        if facts.kind in EXPLORATORY_KINDS
        else weights.trade_rank_committed
    )
    t = {m.__name__: m._meta.db_table for m in (Candidate, Consent, FollowUp, Placement)}
    t["TradeInterest"] = TradeInterest._meta.db_table
    rules = []
    if facts.requires_driving_licence:
        rules.append("c.has_driving_licence")
    if facts.requires_safety_course:
        rules.append("c.safety_course_until >= %(earliest)s")
    if facts.min_danish_level:
        english = " OR c.speaks_english" if facts.english_ok_accepted else ""
        rules.append(f"(c.danish_level >= %(danish)s{english})")
    if facts.min_age is not None:
        rules.append("c.birth_date <= %(born_by)s")
    sql = f"""
        SELECT c.id, LEAST(100, GREATEST(0,
            CASE ti.rank WHEN 1 THEN %(r1)s WHEN 2 THEN %(r2)s WHEN 3 THEN %(r3)s
                ELSE CASE WHEN c.open_to_any_trade THEN %(any)s ELSE 0 END END
            + CASE WHEN c.home_area_id = %(area)s THEN %(local)s
                WHEN c.home_area_id = ANY(%(listed)s) THEN %(listed_points)s ELSE 0 END
            + LEAST(%(waiting_max)s, GREATEST(0, (%(months)s
                - EXTRACT(YEAR FROM c.referred_on)::int * 12
                - EXTRACT(MONTH FROM c.referred_on)::int) * %(per_month)s))
            + CASE WHEN COALESCE(history.started, 0) = 0 THEN %(first)s ELSE 0 END
            + COALESCE(history.no_shows, 0) * %(per_no_show)s)) AS score
        FROM {t["Candidate"]} c
        LEFT JOIN {t["TradeInterest"]} ti ON ti.candidate_id = c.id AND ti.trade_id = %(trade)s
        LEFT JOIN LATERAL (
            SELECT COUNT(*) FILTER (WHERE p.status = ANY(%(started)s)) AS started,
                   COUNT(*) FILTER (WHERE p.interrupt_reason = 'no_show' OR EXISTS (
                       SELECT 1 FROM {t["FollowUp"]} f WHERE f.placement_id = p.id
                       AND f.days_present = 0 AND f.days_absent > 0)) AS no_shows
            FROM {t["Placement"]} p WHERE p.candidate_id = c.id
        ) history ON true
        WHERE c.municipality_id = %(municipality)s AND c.status = 'active'
          AND c.anonymised_on IS NULL
          AND EXISTS (SELECT 1 FROM {t["Consent"]} k WHERE k.candidate_id = c.id
              AND k.recipient = 'contractors' AND k.given_on <= %(today)s
              AND k.expires_on > %(today)s
              AND (k.withdrawn_on IS NULL OR k.withdrawn_on > %(today)s))
          AND (c.available_from IS NULL OR c.available_from <= %(latest)s)
          AND NOT EXISTS (SELECT 1 FROM {t["Placement"]} h WHERE h.candidate_id = c.id
              AND h.status = ANY(%(holding)s) AND h.starts_on <= %(window_end)s
              AND h.ends_on >= %(earliest)s)
          AND NOT EXISTS (SELECT 1 FROM {t["Placement"]} d WHERE d.candidate_id = c.id
              AND d.need_id = %(need)s AND d.status = 'declined')
          {"".join(" AND " + rule for rule in rules)}
        ORDER BY score DESC, c.referred_on, c.id
        LIMIT %(limit)s
    """
    from matching.algorithm import _years_before

    params = {
        "r1": ranks[0],
        "r2": ranks[1],
        "r3": ranks[2],
        "any": weights.open_to_any_trade,
        "area": facts.area_id,
        "local": weights.local_resident,
        "listed": list(facts.listed_area_ids),
        "listed_points": weights.listed_area_resident,
        "waiting_max": weights.waiting_max,
        "months": today.year * 12 + today.month,
        "per_month": weights.waiting_per_month,
        "first": weights.first_placement,
        "per_no_show": weights.per_no_show,
        "trade": facts.trade_id,
        "started": [str(s) for s in PLACEMENT_STARTED_STATUSES],
        "municipality": facts.municipality_id,
        "today": today,
        "latest": facts.latest_start,
        "holding": [str(s) for s in PLACEMENT_HOLDING_STATUSES],
        "window_end": facts.window_end,
        "earliest": facts.earliest_start,
        "need": facts.id,
        "danish": facts.min_danish_level,
        "born_by": _years_before(facts.earliest_start, facts.min_age or 0),
        "limit": limit,
    }
    return sql, params


def suggestions(port: int, token: str, *, requests: int, limit: int = 10) -> dict[str, Any]:
    """One need's suggestions: the API, the hand-written SQL, numpy in memory."""
    from django.db import connection
    from django.utils import timezone

    from matching.algorithm import top_candidates
    from matching.suggestions import allocation_candidates, matching_weights, need_facts
    from tests.bench.run import HOST, _get, http

    need = bench_need()
    today = timezone.localdate()
    path = f"/api/v1/needs/{need.pk}/suggestions/?limit={limit}"
    client = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Authorization": f"Token {token}"}
    for _ in range(20):
        assert _get(client, path, headers) == 200, path
    api = _median_ms(lambda: _get(client, path, headers), requests)
    client.request("GET", path, headers=headers)
    answer = json.loads(client.getresponse().read())
    shown = [row["candidate"]["id"] for row in answer["suggestions"]]

    sql, params = ranking_sql(need, today=today, limit=limit)
    with connection.cursor() as cursor:

        def query() -> list[Any]:
            cursor.execute(sql, params)
            return cursor.fetchall()

        ranked_sql = [row[0] for row in query()]
        by_sql = _median_ms(query, max(5, requests // 10))

    from django.test.utils import override_settings

    from matching.suggestions import suggestions_for_need

    with override_settings(MATCHING_INDEX_SECONDS=0):
        in_database = _median_ms(
            lambda: suggestions_for_need(need, today=today, limit=limit), max(3, requests // 10)
        )
    facts = need_facts(need)
    started = time.perf_counter()
    pool = allocation_candidates(
        municipality_ids={facts.municipality_id}, need_ids={facts.id}, today=today
    )
    load_seconds = time.perf_counter() - started
    weights = matching_weights()
    ranked_numpy = [s.candidate_id for s in top_candidates([facts], pool, weights, today, limit)]
    in_memory = _median_ms(lambda: top_candidates([facts], pool, weights, today, limit), requests)
    from matching.models import Candidate

    return {
        "need": need.pk,
        "candidates": Candidate.objects.filter(municipality_id=facts.municipality_id).count(),
        "candidates held": len(pool),
        "load into memory s": load_seconds,
        "api": api,
        "in database": in_database,
        "sql": by_sql,
        "numpy": in_memory,
        "same top": shown == ranked_sql == ranked_numpy,
    }


def allocation_in_process() -> None:
    """The allocation's parts, timed, in this process; print them and the peak memory."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from matching.algorithm import allocate
    from matching.management.commands.generate_load import COORDINATOR_EMAIL
    from matching.suggestion_apis import _suggestion_rows
    from matching.suggestions import allocation_needs, allocation_proposal
    from renovations import workdays

    user = User.objects.get(email=COORDINATOR_EMAIL)
    today = timezone.localdate()
    workdays.is_working_day(today)  # imports the holiday calendar once, as a worker has
    parts: dict[str, float] = {}
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        problem = allocation_proposal(
            allocation_needs(user=user), today=today, top_k=settings.MATCHING_ALLOCATION_TOP_K
        )
        needs = problem.labour_needs
        parts["load and rank"] = time.perf_counter() - started
        mark = time.perf_counter()
        result = allocate(problem.places, problem.edges)
        parts["solve"] = time.perf_counter() - mark
        mark = time.perf_counter()
        rows = _suggestion_rows(problem.explained(result.pairs), user, "benchmark")
        parts["explain and audit"] = time.perf_counter() - mark
    parts["total"] = time.perf_counter() - started
    print(
        json.dumps(
            {
                "needs": len(needs),
                "places": sum(problem.places.values()),
                "edges": len(problem.edges),
                "pairs": len(rows),
                "total score": result.total,
                "queries": len(queries),
                "seconds": parts,
                "peak MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def allocation(port: int, token: str, *, sample: int = 30) -> dict[str, Any]:
    """The allocation over the API, its parts in a process of its own, and the old way."""
    from django.conf import settings
    from django.test.utils import override_settings
    from django.utils import timezone

    from matching.management.commands.generate_load import MUNICIPALITY_CODE
    from matching.suggestions import allocation_needs, suggestions_for_need
    from tests.bench.run import HOST, http

    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    body = json.dumps({"municipality": MUNICIPALITY_CODE})
    client = http.client.HTTPConnection(HOST, port, timeout=300)
    spent = []
    for _ in range(3):
        started = time.perf_counter()
        client.request("POST", "/api/v1/allocations/", body=body, headers=headers)
        response = client.getresponse()
        payload = response.read()
        spent.append(time.perf_counter() - started)
        assert response.status == 200, payload[:300]
    answer = json.loads(payload)
    child = subprocess.run(
        [sys.executable, "-m", "tests.bench.matching", "allocation-process"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    process = json.loads(child.stdout.strip().splitlines()[-1])

    from accounts.models import User
    from matching.management.commands.generate_load import COORDINATOR_EMAIL

    user = User.objects.get(email=COORDINATOR_EMAIL)
    needs = list(allocation_needs(user=user)[:sample])
    started = time.perf_counter()
    with override_settings(MATCHING_INDEX_SECONDS=0):  # as the allocation did before
        for need in needs:
            suggestions_for_need(
                need, today=timezone.localdate(), limit=settings.MATCHING_ALLOCATION_TOP_K
            )
    one_by_one = (time.perf_counter() - started) / len(needs) * process["needs"]
    return {
        "api seconds": statistics.median(spent),
        "response MB": len(payload) / 1e6,
        "pairs": len(answer["pairs"]),
        "process": process,
        "one by one seconds (scaled)": one_by_one,
        "sample": len(needs),
    }


def worker_memory(port: int, token: str, server_pid: int, *, requests: int) -> dict[str, float]:
    """A gunicorn worker's resident memory before and after ``requests`` suggestions."""
    from tests.bench.run import HOST, _get, http

    need = bench_need()
    path = f"/api/v1/needs/{need.pk}/suggestions/?limit=10"
    client = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Authorization": f"Token {token}"}
    for _ in range(50):
        _get(client, path, headers)
    worker = _worker_pid(server_pid)
    before = _rss_mb(worker)
    for _ in range(requests):
        assert _get(client, path, headers) == 200
    after = _rss_mb(worker)
    return {"requests": requests, "before MB": before, "after MB": after}


def _worker_pid(server_pid: int) -> int:
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    if len(children) != 1:
        raise RuntimeError(f"expected one gunicorn worker, found {children}")
    return int(children[0])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def run(token: str, port: int, *, requests: int, memory_requests: int) -> None:
    """Serve with one worker and print the matching figures."""
    from tests.bench.run import serve

    server = serve(port, workers=1, threads=1)
    try:
        found = suggestions(port, token, requests=requests)
        allocated = allocation(port, token)
        memory = worker_memory(port, token, server.pid, requests=memory_requests)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(found, allocated, memory)


def report(found: dict[str, Any], allocated: dict[str, Any], memory: dict[str, float]) -> None:
    api, sql, in_memory = found["api"], found["sql"], found["numpy"]
    print()
    print(
        f"Suggestions for need {found['need']} among {found['candidates held']} eligible "
        f"candidates of {found['candidates']:,} (median / p95 ms; same top 10 from all three: "
        f"{'yes' if found['same top'] else 'NO'}):"
    )
    print(f"  API, end to end        {api[0]:8.1f} {api[1]:8.1f}   (in-memory index, re-checked)")
    ranked = found["in database"]
    print(
        f"  ranked in SQL instead  {ranked[0]:8.1f} {ranked[1]:8.1f}   "
        "(MATCHING_INDEX_SECONDS=0, in process)"
    )
    print(
        f"  hand-written SQL       {sql[0]:8.1f} {sql[1]:8.1f}   API / SQL   {api[0] / sql[0]:.2f}"
    )
    print(
        f"  numpy, in memory       {in_memory[0]:8.1f} {in_memory[1]:8.1f}   "
        f"API / numpy {api[0] / in_memory[0]:.1f}  "
        f"(loading them: {found['load into memory s']:.2f} s)"
    )
    process = allocated["process"]
    parts = ", ".join(f"{name} {s:.2f} s" for name, s in process["seconds"].items())
    print()
    print(
        f"Allocation: {process['needs']} needs, {process['places']} places, "
        f"{process['edges']} edges, {allocated['pairs']} pairs proposed"
    )
    print(
        f"  API, end to end        {allocated['api seconds']:.2f} s "
        f"({allocated['response MB']:.1f} MB of JSON)"
    )
    print(f"  in a process           {parts}; {process['queries']} queries")
    print(f"  peak memory            {process['peak MB']:.0f} MB")
    print(
        f"  one need at a time     {allocated['one by one seconds (scaled)']:.1f} s "
        f"(from {allocated['sample']} needs, scaled)   "
        f"ratio {allocated['one by one seconds (scaled)'] / allocated['api seconds']:.0f}x"
    )
    print()
    print(
        f"Worker memory over {memory['requests']} suggestion requests: "
        f"{memory['before MB']:.1f} MB before, {memory['after MB']:.1f} MB after "
        f"({memory['after MB'] - memory['before MB']:+.1f} MB)"
    )
    print(
        "Goals: suggestions under 50 ms median, allocation under 2 s, under 500 MB, "
        "no growth of the worker."
    )


if __name__ == "__main__" and sys.argv[1:] == ["allocation-process"]:
    allocation_in_process()
