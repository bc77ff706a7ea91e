"""Years of made-up placement history for ``generate_load --placements N``.

Each candidate's placements follow one another in time between the referral and a
fortnight ago, on closed labour needs of their own that started then, so the history
never touches the open needs or today's matching. Every placement is over: completed,
interrupted (with a reason), declined or withdrawn. Started ones have weekly
follow-ups (a no-show's first week shows no attendance), completed ones an end plan,
and most of them an outcome with its retention checks at 3, 6 and 12 months, checked
when due. Rows are written with ``COPY`` on PostgreSQL (about a million placements
a minute) and with multi-row inserts elsewhere; ids are reserved up front so that
the follow-ups, end plans and outcomes can name their placement without a round trip.
"""

import bisect
import random
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import accumulate
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, connection
from django.db.models import ForeignKey, Model

from matching.models import (
    EndPlan,
    EndPlanKind,
    Evidence,
    FollowUp,
    FollowUpChannel,
    InterruptReason,
    Outcome,
    OutcomeKind,
    Placement,
    PlacementStatus,
    RetentionCheck,
    RetentionMonths,
    RetentionStatus,
)
from matching.report_sums import report_sums_paused
from renovations.models import (
    DanishLevel,
    LabourNeed,
    NeedKind,
    NeedStatus,
    ProjectContractor,
    ProjectStatus,
    RenovationProject,
    Trade,
)

# How many placements a closed need had over its life, proposals included, on average.
PLACEMENTS_PER_HISTORIC_NEED = 10
HISTORY_YEARS = 5
# Marks the closed needs made for the history, apart from the load's own needs.
HISTORIC_NEED_DESCRIPTION = "Afsluttet behov i belastningsprøvens historik."
# History ends this long before today: nothing in it is still running.
HISTORY_ENDS_DAYS_AGO = 14
STATUS_WEIGHTS = {
    PlacementStatus.COMPLETED: 45,
    PlacementStatus.INTERRUPTED: 15,
    PlacementStatus.DECLINED: 25,
    PlacementStatus.WITHDRAWN: 15,
}
INTERRUPT_WEIGHTS = {
    InterruptReason.NO_SHOW: 25,
    InterruptReason.ILLNESS: 20,
    InterruptReason.PERSONAL: 20,
    InterruptReason.CONTRACTOR_ENDED: 10,
    InterruptReason.GOT_JOB: 15,
    InterruptReason.OTHER: 10,
}
# What a completed placement led to, by the plan made before its end.
OUTCOME_BY_PLAN = {
    EndPlanKind.JOB_OFFER_ON_SITE: OutcomeKind.JOB_ON_SITE,
    EndPlanKind.EDUCATION: OutcomeKind.EDUCATION,
    EndPlanKind.OTHER_JOB: OutcomeKind.JOB_ELSEWHERE,
    EndPlanKind.FURTHER_PLACEMENT: OutcomeKind.SUBSIDISED_JOB,
    EndPlanKind.BACK_TO_JOBCENTER: OutcomeKind.NONE,
}
PLAN_WEIGHTS = dict(zip(OUTCOME_BY_PLAN, (35, 15, 12, 8, 30), strict=True))
# The choices' values, read once: an enum's .values builds a new list on every call.
CHANNEL_WEIGHTS = dict(zip(FollowUpChannel.values, (5, 3, 2), strict=True))
EVIDENCE = tuple(Evidence.values)
RETENTION_MONTHS = tuple(RetentionMonths.values)
EMPLOYER_NAMES: dict[str, str] = {
    OutcomeKind.JOB_ELSEWHERE: "Andet Byggefirma ApS",
    OutcomeKind.APPRENTICESHIP: "Andet Byggefirma ApS",
    OutcomeKind.EDUCATION: "Erhvervsskolen",
    OutcomeKind.SUBSIDISED_JOB: "Kommunal løntilskudsplads",
}
RETENTION_WEIGHTS = {
    RetentionStatus.IN_JOB: 60,
    RetentionStatus.IN_EDUCATION: 10,
    RetentionStatus.NOT_IN_JOB: 15,
    RetentionStatus.UNKNOWN: 15,
}


def historic_need_count(placements: int) -> int:
    """How many closed needs carry the given number of historic placements."""
    return -(-placements // PLACEMENTS_PER_HISTORIC_NEED)


def history_referral_days() -> int:
    """How far back the referrals of a load with history reach, in days."""
    return HISTORY_YEARS * 365


@dataclass(frozen=True)
class _Need:
    id: int
    project_id: int
    contractor_id: int
    trade_id: int
    kind: str
    earliest: date
    latest: date
    weeks: int


@dataclass(frozen=True)
class _Candidate:
    id: int
    referred_on: date


@dataclass
class _Tables:
    """The rows to write, per model, as tuples in the order of ``_COLUMNS``."""

    placements: list[tuple[Any, ...]]
    follow_ups: list[tuple[Any, ...]]
    end_plans: list[tuple[Any, ...]]
    outcomes: list[tuple[Any, ...]]
    checks: list[tuple[Any, ...]]


_COLUMNS: dict[type[Model], tuple[str, ...]] = {
    Placement: (
        "id", "candidate_id", "need_id", "kind", "starts_on", "ends_on", "status",
        "coordinator_id", "score", "reasons", "override_reason", "proposed_at", "decided_at",
        "decline_reason", "interrupt_reason", "hours_per_week", "wants_to_hire",
    ),
    FollowUp: (
        "placement_id", "held_on", "by_id", "channel", "days_present", "days_absent",
        "wellbeing", "mentor_feedback", "notes", "next_step", "created_at",
    ),
    EndPlan: ("placement_id", "kind", "details", "agreed_on"),
    Outcome: (
        "id", "candidate_id", "placement_id", "kind", "employer_id", "employer_name",
        "trade_id", "started_on", "hours_per_week", "evidence", "recorded_by_id", "created_at",
    ),
    RetentionCheck: ("outcome_id", "months", "due_on", "checked_on", "status", "evidence"),
}  # fmt: skip


def history_generate(
    *,
    rng: random.Random,
    placements: int,
    candidates: Sequence[tuple[int, date]],
    engagements: Sequence[ProjectContractor],
    trades: Sequence[Trade],
    coordinator_id: int,
    today: date,
) -> dict[str, int]:
    """Write ``placements`` historic placements over the candidates; return the counts."""
    if placements == 0 or not candidates:
        return {}
    history_ends = today - timedelta(days=HISTORY_ENDS_DAYS_AGO)
    people = [_Candidate(pk, referred) for pk, referred in candidates if referred < history_ends]
    if not people:
        return {}
    needs = _historic_needs(rng, historic_need_count(placements), engagements, trades, today)
    tables = _history(rng, placements, people, needs, coordinator_id, history_ends, today)
    first_placement = _ids_reserve(Placement, len(tables.placements))
    first_outcome = _ids_reserve(Outcome, len(tables.outcomes))
    # The report's sums are rebuilt once afterwards instead of by a trigger per row.
    with report_sums_paused(), _foreign_keys_checked_after(list(_COLUMNS)):
        # Placement and outcome ids were counted from 0; shift them onto the reserved ids.
        _rows_write(Placement, ((first_placement + r[0], *r[1:]) for r in tables.placements))
        _rows_write(FollowUp, ((first_placement + r[0], *r[1:]) for r in tables.follow_ups))
        _rows_write(EndPlan, ((first_placement + r[0], *r[1:]) for r in tables.end_plans))
        _rows_write(
            Outcome,
            ((first_outcome + r[0], r[1], first_placement + r[2], *r[3:]) for r in tables.outcomes),
        )
        _rows_write(RetentionCheck, ((first_outcome + r[0], *r[1:]) for r in tables.checks))
    return {
        "historic needs": len(needs),
        "placements": len(tables.placements),
        "follow-ups": len(tables.follow_ups),
        "end plans": len(tables.end_plans),
        "outcomes": len(tables.outcomes),
        "retention checks": len(tables.checks),
    }


def _historic_needs(
    rng: random.Random,
    count: int,
    engagements: Sequence[ProjectContractor],
    trades: Sequence[Trade],
    today: date,
) -> list[_Need]:
    """Closed needs spread over the history, each on a project that ran at the time."""
    first_day = today - timedelta(days=history_referral_days())
    span = (today - first_day).days - HISTORY_ENDS_DAYS_AGO
    projects = _historic_projects(rng, engagements, first_day, today)
    running: dict[date, list[ProjectContractor]] = {}
    needs = []
    for _ in range(count):
        earliest = first_day + timedelta(days=rng.randrange(span))
        if earliest not in running:
            running[earliest] = [
                e for e in projects if e.project.starts_on <= earliest <= e.project.ends_on
            ] or list(projects)
        engagement = rng.choice(running[earliest])
        kind = rng.choices(NeedKind.values, weights=(6, 2, 1, 1, 1))[0]
        needs.append(
            LabourNeed(
                project_id=engagement.project_id,
                contractor_id=engagement.contractor_id,
                trade=rng.choice(trades),
                kind=kind,
                places=rng.randint(1, 5),
                earliest_start=earliest,
                latest_start=earliest + timedelta(days=rng.randrange(0, 30)),
                weeks=4 if kind == NeedKind.SNUSEPRAKTIK else rng.choice((8, 13, 26)),
                min_danish_level=rng.choice(DanishLevel.values),
                description=HISTORIC_NEED_DESCRIPTION,
                mentor_name="Jens Mester",
                status=rng.choice((NeedStatus.FILLED, NeedStatus.CLOSED)),
            )
        )
    made = LabourNeed.objects.bulk_create(needs, batch_size=5_000)
    return sorted(
        (
            _Need(
                n.pk,
                n.project_id,
                n.contractor_id,
                n.trade_id,
                n.kind,
                n.earliest_start,
                n.latest_start,
                n.weeks,
            )
            for n in made
        ),
        key=lambda n: (n.earliest, n.id),
    )


def _historic_projects(
    rng: random.Random, engagements: Sequence[ProjectContractor], first_day: date, today: date
) -> list[ProjectContractor]:
    """The load's engagements plus completed projects of the history's earlier years."""
    by_project: dict[int, list[ProjectContractor]] = {}
    for engagement in engagements:
        by_project.setdefault(engagement.project_id, []).append(engagement)
    templates = list(by_project.values())
    older = []
    for n, template in enumerate(templates, start=1):
        starts = first_day + timedelta(days=rng.randrange(0, 2 * 365))
        older.append(
            RenovationProject(
                area_id=template[0].project.area_id,
                name=f"Belastningsrenovering {n} (afsluttet)",
                site_address=f"Prøvevej {n}, 9900 Belastning",
                starts_on=starts,
                ends_on=min(starts + timedelta(days=rng.randrange(365, 3 * 365)), today),
                status=ProjectStatus.COMPLETED,
                target_placements=rng.randrange(20, 200),
            )
        )
    older = RenovationProject.objects.bulk_create(older)
    new = ProjectContractor.objects.bulk_create(
        ProjectContractor(project=project, contractor_id=e.contractor_id, role=e.role)
        for project, template in zip(older, templates, strict=True)
        for e in template
    )
    return [*engagements, *new]


def _history(
    rng: random.Random,
    placements: int,
    people: list[_Candidate],
    needs: list[_Need],
    coordinator_id: int,
    history_ends: date,
    today: date,
) -> _Tables:
    """Every row of the history, placement and outcome ids counted from 0."""
    tables = _Tables([], [], [], [], [])
    starts = [n.earliest for n in needs]
    for person, count in zip(people, _quotas(rng, placements, people, history_ends), strict=True):
        if count == 0:
            continue
        first = person.referred_on + timedelta(days=14)
        slot = max(1, (history_ends - first).days // count)
        for i in range(count):
            slot_start = first + timedelta(days=i * slot)
            slot_end = min(slot_start + timedelta(days=slot - 1), history_ends)
            at = bisect.bisect_left(starts, slot_start)
            need = needs[min(len(needs) - 1, at + _below(rng, 5))]
            starts_on = min(max(need.earliest, slot_start), slot_end)
            _placement(rng, tables, person, need, starts_on, slot_end, coordinator_id, today)
    return tables


def _quotas(
    rng: random.Random, placements: int, people: list[_Candidate], history_ends: date
) -> list[int]:
    """Share the placements out, more to those referred longer ago."""
    weights = [(history_ends - p.referred_on).days for p in people]
    counts = [0] * len(people)
    for index in rng.choices(range(len(people)), weights=weights, k=placements):
        counts[index] += 1
    return counts


def _placement(
    rng: random.Random,
    tables: _Tables,
    person: _Candidate,
    need: _Need,
    starts_on: date,
    slot_end: date,
    coordinator_id: int,
    today: date,
) -> None:
    placement_id = len(tables.placements)
    status = _draw(rng, STATUS_WEIGHTS)
    planned_end = starts_on + timedelta(days=need.weeks * 7 - 3)
    ends_on = min(planned_end, slot_end)
    reason = ""
    if status == PlacementStatus.COMPLETED and ends_on < planned_end:
        status = PlacementStatus.INTERRUPTED  # the next placement came first
        reason = InterruptReason.GOT_JOB
    elif status == PlacementStatus.INTERRUPTED:
        reason = _draw(rng, INTERRUPT_WEIGHTS)
        ends_on = starts_on + timedelta(days=_below(rng, (ends_on - starts_on).days + 1))
    proposed_at = _moment(starts_on - timedelta(days=_between(rng, 5, 30)))
    decided_at = proposed_at + timedelta(days=_between(rng, 1, 5))
    tables.placements.append(
        (
            placement_id,
            person.id,
            need.id,
            need.kind,
            starts_on,
            ends_on,
            status,
            coordinator_id,
            f"{20 + 75 * rng.random():.2f}",
            "[]",
            "",
            proposed_at,
            None if status == PlacementStatus.WITHDRAWN else decided_at,
            "Ikke den rette profil til holdet" if status == PlacementStatus.DECLINED else "",
            reason,
            "37.0",
            False,
        )
    )
    if status in (PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED):
        _follow_ups(rng, tables, placement_id, starts_on, ends_on, coordinator_id, reason)
    outcome_kind = None
    if status == PlacementStatus.COMPLETED:
        plan = _draw(rng, PLAN_WEIGHTS)
        agreed_on = max(starts_on, ends_on - timedelta(days=_between(rng, 2, 10)))
        tables.end_plans.append((placement_id, plan, "", agreed_on))
        if rng.random() < 0.9:
            outcome_kind = OUTCOME_BY_PLAN[plan]
    elif reason == InterruptReason.GOT_JOB:
        outcome_kind = OutcomeKind.JOB_ELSEWHERE
    if outcome_kind is not None:
        started_on = min(ends_on + timedelta(days=_between(rng, 1, 21)), today)
        _outcome(rng, tables, placement_id, person, need, outcome_kind, started_on, today)


def _follow_ups(
    rng: random.Random,
    tables: _Tables,
    placement_id: int,
    starts_on: date,
    ends_on: date,
    coordinator_id: int,
    reason: str,
) -> None:
    """One follow-up in each of the first four weeks that the placement ran."""
    for week in range(4):
        held_on = starts_on + timedelta(days=week * 7 + _between(rng, 1, 4))
        if held_on > ends_on:
            return
        no_show = reason == InterruptReason.NO_SHOW and week == 0
        absent = 3 if no_show else (0, 0, 0, 1, 2)[_below(rng, 5)]
        tables.follow_ups.append(
            (
                placement_id,
                held_on,
                coordinator_id,
                _draw(rng, CHANNEL_WEIGHTS),
                0 if no_show else 5 - absent,
                absent,
                None if no_show else _between(rng, 2, 6),
                "",
                "",
                "",
                _moment(held_on),
            )
        )


def _outcome(
    rng: random.Random,
    tables: _Tables,
    placement_id: int,
    person: _Candidate,
    need: _Need,
    kind: str,
    started_on: date,
    today: date,
) -> None:
    outcome_id = len(tables.outcomes)
    on_site = kind == OutcomeKind.JOB_ON_SITE
    tables.outcomes.append(
        (
            outcome_id,
            person.id,
            placement_id,
            kind,
            need.contractor_id if on_site else None,
            EMPLOYER_NAMES.get(kind, ""),
            need.trade_id
            if kind in (OutcomeKind.JOB_ON_SITE, OutcomeKind.APPRENTICESHIP)
            else None,
            started_on,
            None if kind in (OutcomeKind.EDUCATION, OutcomeKind.NONE) else "37.0",
            EVIDENCE[_below(rng, len(EVIDENCE))],
            None,
            _moment(started_on),
        )
    )
    for months in RETENTION_MONTHS:
        due_on = _months_after(started_on, months)
        checked = due_on <= today - timedelta(days=14)
        status = _draw(rng, RETENTION_WEIGHTS) if checked else RetentionStatus.UNKNOWN
        tables.checks.append(
            (
                outcome_id,
                months,
                due_on,
                due_on + timedelta(days=_below(rng, 14)) if checked else None,
                status,
                Evidence.REGISTER_CONFIRMED if status != RetentionStatus.UNKNOWN else "",
            )
        )


_CUMULATIVE: dict[int, tuple[list[Any], list[int]]] = {}


def _draw(rng: random.Random, weights: dict[Any, int]) -> Any:
    """One key of ``weights``, drawn with the key's weight."""
    table = _CUMULATIVE.get(id(weights))
    if table is None:
        table = _CUMULATIVE[id(weights)] = (list(weights), list(accumulate(weights.values())))
    return table[0][bisect.bisect(table[1], rng.random() * table[1][-1])]


def _below(rng: random.Random, n: int) -> int:
    """A whole number from 0 up to n (exclusive): rng.randrange's draw, a third the time."""
    return int(rng.random() * n)


def _between(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low))


@cache
def _months_after(day: date, months: int) -> date:
    return day + relativedelta(months=months)


@cache
def _moment(day: date) -> datetime:
    return datetime.combine(day, time(9, 30), tzinfo=UTC)


@contextmanager
def _foreign_keys_checked_after(models: list[type[Model]]) -> Iterator[None]:
    """Check the models' foreign keys once over the whole tables after the block, not
    row by row: PostgreSQL's own check would lock each referenced row in turn, most of
    the time of a large load (several minutes for a million placements).

    Only a superuser may switch the per-row checks off (``session_replication_role``,
    as a replica does); for anyone else the database checks row by row as always.
    Check and exclusion constraints are not triggers: they hold either way.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if not (row and row[0]):
            yield
            return
        cursor.execute("SET LOCAL session_replication_role = replica")
        try:
            yield
        finally:
            cursor.execute("SET LOCAL session_replication_role = origin")
        for model in models:
            for field in model._meta.concrete_fields:
                if isinstance(field, ForeignKey) and getattr(field, "db_constraint", True):
                    _foreign_key_check(cursor, model, field)


def _foreign_key_check(cursor: Any, model: type[Model], field: Any) -> None:
    """Raise IntegrityError if a row of the model names a missing row through the field."""
    table, column = model._meta.db_table, field.column
    target = field.related_model._meta
    cursor.execute(
        f"SELECT t.{column} FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS "
        f"(SELECT 1 FROM {target.db_table} r WHERE r.{target.pk.column} = t.{column}) LIMIT 1"
    )
    missing = cursor.fetchone()
    if missing is not None:
        raise IntegrityError(f"{table}.{column} = {missing[0]} names no {target.db_table} row.")


def _ids_reserve(model: type[Model], count: int) -> int:
    """Take ``count`` consecutive ids of the model's table; return the first."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, count],
            )
            return int(cursor.fetchone()[0]) - count + 1
        # Elsewhere (SQLite) the table is written in this transaction alone.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        return int(cursor.fetchone()[0])


def _rows_write(model: type[Model], rows: Iterable[tuple[Any, ...]]) -> None:
    table = model._meta.db_table
    columns = _COLUMNS[model]
    if connection.vendor == "postgresql":
        _rows_copy(table, columns, rows)
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, 500):
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                [tuple(_sqlite(v) for v in row) for row in chunk],
            )


def _sqlite(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return value.isoformat() if isinstance(value, date) else value


def _rows_copy(table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _chunks(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
