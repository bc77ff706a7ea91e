"""The report's running sums on PostgreSQL: the triggers that keep them, and a rebuild.

``matching.models.ReportPlacementDay``/``Month`` and ``ReportRetentionDay``/``Month``
hold, per project, trade (placements only) and contractor, by day and by calendar
month, what the follow-up group's report counts (``matching.reports``). Row triggers on
placements, outcomes, retention checks and labour needs keep them exact in the
transaction that changes those rows: each adds what the new row contributes less what
the old one did, in one upsert per table, reading the rows its row hangs from after
locking them FOR SHARE (``_LOCKS``), so that a concurrent change of those rows is
waited for and read as committed (``tests/reports/test_sums_races.py``). Every contribution
comes from one SQL text built here (``_placement_upsert`` and ``_retention_upsert``),
so the triggers and the rebuild cannot disagree.

A placement contributes on four days: the local day of ``proposed_at`` (proposed), of
``decided_at`` (accepted, declined, withdrawn by its status now), ``starts_on`` (started,
and its hours per week if it got under way) and ``ends_on`` (completed, interrupted by
reason, the outcome's kind or "missing", and the hours again). A retention check of a
completed placement contributes on the placement's end, by the month it falls due and
(in rows of their own) by the day, which the report reads for the current month only.

Other databases (SQLite for the demo) have no triggers here: the report counts the
placements there (``report_sums_kept``). ``report_sums_rebuild`` recomputes every sum
from scratch, e.g. after rows were written with the triggers off (``generate_load``).
"""

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from matching.models import (
    PLACEMENT_STARTED_STATUSES,
    PLACEMENT_SUM_COUNTS,
    PLACEMENT_SUM_HOURS,
    RETENTION_SUM_COUNTS,
    DueGrain,
    InterruptReason,
    OutcomeKind,
    PlacementStatus,
    RetentionMonths,
    RetentionStatus,
)

ACCEPTED_STATUSES = (PlacementStatus.ACCEPTED, *PLACEMENT_STARTED_STATUSES)
# The day numbers of the hours' sums count from here (``matching.reports`` too).
DAY_ZERO = date(2000, 1, 1)
# Each sum table, and the day of its row for a date.
_PLACEMENT_TABLES = {
    "matching_reportplacementday": "{day}",
    "matching_reportplacementmonth": "date_trunc('month', {day})::date",
}
_RETENTION_TABLES = dict(
    zip(
        ("matching_reportretentionday", "matching_reportretentionmonth"),
        _PLACEMENT_TABLES.values(),
        strict=True,
    )
)
_DUE_GRAINS = f"(VALUES ('{DueGrain.DAY}'), ('{DueGrain.MONTH}')) AS h(due_grain)"
_PAUSED = "byggebro.report_sums_paused"
_RETURN_IF_PAUSED = f"IF current_setting('{_PAUSED}', true) = 'on' THEN RETURN NULL; END IF;"
_TRIGGERS = {
    "matching_placement": "report_sums_placement",
    "matching_outcome": "report_sums_outcome",
    "matching_retentioncheck": "report_sums_check",
    "renovations_labourneed": "report_sums_need",
}


def report_sums_kept() -> bool:
    """Whether the database keeps the running sums (PostgreSQL)."""
    return connection.vendor == "postgresql"


def _quoted(values: Any) -> str:
    return ", ".join(f"'{value}'" for value in values)


_PLACEMENT_COLUMNS = (*PLACEMENT_SUM_COUNTS, *PLACEMENT_SUM_HOURS)


def _placement_facts_function() -> str:
    """``report_placement_facts(p, outcome_kind)``: a placement's four days and what it
    counts on each (``outcome_kind`` NULL when it has no outcome)."""
    started = f"(p).status IN ({_quoted(PLACEMENT_STARTED_STATUSES)})"
    hours = f"CASE WHEN {started} THEN (p).hours_per_week ELSE 0 END"
    completed = f"(p).status = '{PlacementStatus.COMPLETED}'"
    interrupted = f"(p).status = '{PlacementStatus.INTERRUPTED}'"
    local = f"AT TIME ZONE '{settings.TIME_ZONE}'"
    zero = f"DATE '{DAY_ZERO.isoformat()}'"
    days: list[tuple[str, dict[str, str]]] = [
        (f"((p).proposed_at {local})::date", {"proposed": "true"}),
        (
            f"((p).decided_at {local})::date",
            {
                "accepted": f"(p).status IN ({_quoted(ACCEPTED_STATUSES)})",
                "declined": f"(p).status = '{PlacementStatus.DECLINED}'",
                "withdrawn": f"(p).status = '{PlacementStatus.WITHDRAWN}'",
            },
        ),
        (
            "(p).starts_on",
            {
                "started": started,
                "start_hours": hours,
                "start_hour_days": f"{hours} * ((p).starts_on - {zero})",
            },
        ),
        (
            "(p).ends_on",
            {
                "completed": completed,
                "interrupted": interrupted,
                "missing": f"{completed} AND outcome_kind IS NULL",
                **{
                    f"reason_{reason}": f"{interrupted} AND (p).interrupt_reason = '{reason}'"
                    for reason in InterruptReason.values
                },
                **{
                    f"kind_{kind}": f"{completed} AND outcome_kind IS NOT DISTINCT FROM '{kind}'"
                    for kind in OutcomeKind.values
                },
                "end_hours": hours,
                "end_hour_days": f"{hours} * ((p).ends_on - {zero})",
            },
        ),
    ]

    def value(name: str, expressions: dict[str, str]) -> str:
        if name in PLACEMENT_SUM_HOURS:
            return f"({expressions.get(name, '0')})::numeric"
        return f"({expressions.get(name, 'false')})::int"

    rows = ",\n    ".join(
        f"({', '.join([day, *(value(name, exprs) for name in _PLACEMENT_COLUMNS)])})"
        for day, exprs in days
    )
    columns = ", ".join(
        f"{name} {'numeric' if name in PLACEMENT_SUM_HOURS else 'int'}"
        for name in _PLACEMENT_COLUMNS
    )
    return f"""
CREATE OR REPLACE FUNCTION report_placement_facts(p matching_placement, outcome_kind text)
RETURNS TABLE (day date, {columns})
LANGUAGE sql STABLE AS $$
  SELECT * FROM (VALUES
    {rows}
  ) AS f (day, {", ".join(_PLACEMENT_COLUMNS)})
  WHERE f.day IS NOT NULL
$$;
"""


def _upsert(key: tuple[str, ...], columns: Iterable[str]) -> str:
    """Group by the key (the first columns of the SELECT), in order (so that concurrent
    transactions lock rows in the same order), and add to the rows already there."""
    numbers = ", ".join(str(n + 1) for n in range(len(key)))
    updates = ", ".join(f"{column} = s.{column} + excluded.{column}" for column in columns)
    return (
        f"GROUP BY {numbers} ORDER BY {numbers}\n"
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    )


def _placement_upsert(parts: Iterable[str]) -> str:
    """Add what the placements of the ``parts`` contribute, times their ``sign``: SELECTs
    of ``p`` (a placement row), ``project_id``, ``trade_id``, ``contractor_id``,
    ``outcome_kind`` (NULL without an outcome) and ``sign``. One statement per table, so
    that a change takes the rows it adds to in one order."""
    key = ("day", "project_id", "trade_id", "contractor_id")
    sums = ", ".join(f"sum(x.sign * f.{name})" for name in _PLACEMENT_COLUMNS)
    source = "\n  UNION ALL\n".join(parts)
    return "".join(
        f"""
INSERT INTO {table} AS s ({", ".join(key)}, {", ".join(_PLACEMENT_COLUMNS)})
SELECT {day.format(day="f.day")}, x.project_id, x.trade_id, x.contractor_id, {sums}
FROM ({source}) AS x
CROSS JOIN LATERAL report_placement_facts(x.p, x.outcome_kind) AS f
{_upsert(key, _PLACEMENT_COLUMNS)};
"""
        for table, day in _PLACEMENT_TABLES.items()
    )


def _retention_upsert(parts: Iterable[str]) -> str:
    """Add what the checks of the ``parts`` contribute, times their ``sign``: SELECTs of
    the check's ``months``, ``status`` and ``due_on``, its placement's
    ``placement_status``, ``ends_on``, ``project_id`` and ``contractor_id``, and ``sign``."""
    key = ("day", "due_grain", "due", "project_id", "contractor_id")
    sums = []
    for months in RetentionMonths.values:
        sums.append(f"sum(x.sign) FILTER (WHERE x.months = {months})")
        for status in RetentionStatus.values:
            sums.append(f"sum(x.sign) FILTER (WHERE x.months = {months} AND x.status = '{status}')")
    due = (
        f"CASE WHEN h.due_grain = '{DueGrain.MONTH}' "
        "THEN date_trunc('month', x.due_on)::date ELSE x.due_on END"
    )
    source = "\n  UNION ALL\n".join(parts)
    return "".join(
        f"""
INSERT INTO {table} AS s ({", ".join(key)}, {", ".join(RETENTION_SUM_COUNTS)})
SELECT {day.format(day="x.ends_on")}, h.due_grain, {due}, x.project_id, x.contractor_id,
  {", ".join(f"coalesce({one}, 0)" for one in sums)}
FROM ({source}) AS x
CROSS JOIN {_DUE_GRAINS}
WHERE x.placement_status = '{PlacementStatus.COMPLETED}'
{_upsert(key, RETENTION_SUM_COUNTS)};
"""
        for table, day in _RETENTION_TABLES.items()
    )


# In a trigger, OLD counts off (not on INSERT) and NEW on (not on DELETE).
_SIGNS = {"OLD": ("-1", "TG_OP <> 'INSERT'"), "NEW": ("1", "TG_OP <> 'DELETE'")}


def _placements(*, row: str, need: str, kind: str, joins: str, where: str, sign: str) -> str:
    """A SELECT of placement rows for ``_placement_upsert``."""
    return f"""SELECT {row} AS p, {need}.project_id, {need}.trade_id, {need}.contractor_id,
    {kind}::text AS outcome_kind, {sign} AS sign
  {joins}
  WHERE {where}"""


def _checks(*, check: str, placement: str, need: str, joins: str, where: str, sign: str) -> str:
    """A SELECT of retention checks for ``_retention_upsert``."""
    return f"""SELECT {check}.months, {check}.status, {check}.due_on,
    {placement}.status AS placement_status, {placement}.ends_on,
    {need}.project_id, {need}.contractor_id, {sign} AS sign
  {joins}
  WHERE {where}"""


_ALL_PLACEMENTS = """FROM matching_placement p
  JOIN renovations_labourneed n ON n.id = p.need_id
  LEFT JOIN matching_outcome o ON o.placement_id = p.id"""
_ALL_CHECKS = """FROM matching_retentioncheck c
  JOIN matching_outcome o ON o.id = c.outcome_id
  JOIN matching_placement p ON p.id = o.placement_id
  JOIN renovations_labourneed n ON n.id = p.need_id"""


def _on_placement() -> str:
    """A placement row: its own counts and its outcome's checks."""
    placements, checks = [], []
    for rec, (sign, when) in _SIGNS.items():
        placements.append(
            _placements(
                row=rec,
                need="n",
                kind="o.kind",
                joins=f"""FROM renovations_labourneed n
  LEFT JOIN matching_outcome o ON o.placement_id = {rec}.id""",
                where=f"n.id = {rec}.need_id AND {when}",
                sign=sign,
            )
        )
        checks.append(
            _checks(
                check="c",
                placement=rec,
                need="n",
                joins=f"""FROM matching_outcome o
  JOIN matching_retentioncheck c ON c.outcome_id = o.id
  JOIN renovations_labourneed n ON n.id = {rec}.need_id""",
                where=f"o.placement_id = {rec}.id AND {when}",
                sign=sign,
            )
        )
    return _placement_upsert(placements) + _retention_upsert(checks)


def _on_outcome() -> str:
    """An outcome row: its placement counts by the outcome's kind instead of as
    "missing" (or back, or both when it moves), and its checks come (or go) with it."""
    placements, checks = [], []
    for rec, (sign, when) in _SIGNS.items():
        for kind, times in ((f"{rec}.kind", sign), ("NULL", str(-int(sign)))):
            placements.append(
                _placements(
                    row="p",
                    need="n",
                    kind=kind,
                    joins="""FROM matching_placement p
  JOIN renovations_labourneed n ON n.id = p.need_id""",
                    where=f"p.id = {rec}.placement_id AND {when}",
                    sign=times,
                )
            )
        checks.append(
            _checks(
                check="c",
                placement="p",
                need="n",
                joins=f"""FROM matching_retentioncheck c
  JOIN matching_placement p ON p.id = {rec}.placement_id
  JOIN renovations_labourneed n ON n.id = p.need_id""",
                where=f"c.outcome_id = {rec}.id AND {when}",
                sign=sign,
            )
        )
    return _placement_upsert(placements) + _retention_upsert(checks)


def _on_check() -> str:
    return _retention_upsert(
        _checks(
            check=rec,
            placement="p",
            need="n",
            joins="""FROM matching_outcome o
  JOIN matching_placement p ON p.id = o.placement_id
  JOIN renovations_labourneed n ON n.id = p.need_id""",
            where=f"o.id = {rec}.outcome_id AND {when}",
            sign=sign,
        )
        for rec, (sign, when) in _SIGNS.items()
    )


def _on_need() -> str:
    """A need's project, trade or contractor: all its placements and checks move."""
    placements = [
        _placements(
            row="p",
            need=rec,
            kind="o.kind",
            joins=_ALL_PLACEMENTS,
            where="p.need_id = OLD.id",
            sign=sign,
        )
        for rec, (sign, _) in _SIGNS.items()
    ]
    checks = [
        _checks(
            check="c",
            placement="p",
            need=rec,
            joins=_ALL_CHECKS,
            where="p.need_id = OLD.id",
            sign=sign,
        )
        for rec, (sign, _) in _SIGNS.items()
    ]
    return _placement_upsert(placements) + _retention_upsert(checks)


# Before a trigger reads the rows its row hangs from (the need of a placement; the
# placement and need of an outcome; the outcome, placement and need of a check), it
# locks them FOR SHARE, need first, then placement, then outcome. A transaction
# changing one of them meanwhile holds a lock that conflicts, so one waits for the
# other to commit, and the waiting trigger's next statement reads the committed rows:
# under READ COMMITTED it would otherwise add its share under a need's old trade, or
# as "missing" beside an outcome committed a moment before, and the sums would drift.
_NEEDS_OF_PLACEMENTS = """PERFORM 1 FROM renovations_labourneed n
    JOIN matching_placement p ON p.need_id = n.id
    WHERE p.id IN ({ids}) ORDER BY n.id FOR SHARE OF n;"""
_PLACEMENTS = """PERFORM 1 FROM matching_placement p
    WHERE p.id IN ({ids}) ORDER BY p.id FOR SHARE;"""
_LOCKS = {
    "report_sums_placement": (
        """PERFORM 1 FROM renovations_labourneed n
    WHERE n.id IN (OLD.need_id, NEW.need_id) ORDER BY n.id FOR SHARE;"""
    ),
    "report_sums_outcome": "\n  ".join(
        (
            _NEEDS_OF_PLACEMENTS.format(ids="OLD.placement_id, NEW.placement_id"),
            _PLACEMENTS.format(ids="OLD.placement_id, NEW.placement_id"),
        )
    ),
    "report_sums_check": "\n  ".join(
        (
            _NEEDS_OF_PLACEMENTS.format(
                ids="SELECT o.placement_id FROM matching_outcome o "
                "WHERE o.id IN (OLD.outcome_id, NEW.outcome_id)"
            ),
            _PLACEMENTS.format(
                ids="SELECT o.placement_id FROM matching_outcome o "
                "WHERE o.id IN (OLD.outcome_id, NEW.outcome_id)"
            ),
            """PERFORM 1 FROM matching_outcome o
    WHERE o.id IN (OLD.outcome_id, NEW.outcome_id) ORDER BY o.id FOR SHARE;""",
        )
    ),
    # The need's own UPDATE holds its row; its placements' triggers wait for it.
    "report_sums_need": "",
}


def _trigger_functions() -> str:
    """A function per table that takes away its old row's share and adds the new one's."""
    functions = {
        "report_sums_placement": _on_placement,
        "report_sums_outcome": _on_outcome,
        "report_sums_check": _on_check,
        "report_sums_need": _on_need,
    }
    return "\n".join(
        f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  {_RETURN_IF_PAUSED}
  {_LOCKS[name]}
{body()}
  RETURN NULL;
END
$body$;"""
        for name, body in functions.items()
    )


# What a change must touch for the sums to move; other updates skip the triggers.
_WATCHED = {
    "matching_placement": (
        "need_id",
        "status",
        "proposed_at",
        "decided_at",
        "starts_on",
        "ends_on",
        "interrupt_reason",
        "hours_per_week",
    ),
    "matching_outcome": ("placement_id", "kind"),
    "matching_retentioncheck": ("outcome_id", "months", "status", "due_on"),
}


def _triggers() -> str:
    statements = []
    for table, function in _TRIGGERS.items():
        statements.append(f"DROP TRIGGER IF EXISTS {function} ON {table};")
        statements.append(f"DROP TRIGGER IF EXISTS {function}_update ON {table};")
        if table == "renovations_labourneed":
            watched: tuple[str, ...] = ("project_id", "trade_id", "contractor_id")
            events = "UPDATE"
        else:
            watched = _WATCHED[table]
            events = "INSERT OR DELETE OR UPDATE"
        old = ", ".join(f"OLD.{column}" for column in watched)
        new = ", ".join(f"NEW.{column}" for column in watched)
        if events == "UPDATE":
            statements.append(
                f"CREATE TRIGGER {function} AFTER UPDATE ON {table} FOR EACH ROW "
                f"WHEN (({old}) IS DISTINCT FROM ({new})) EXECUTE FUNCTION {function}();"
            )
        else:
            statements.append(
                f"CREATE TRIGGER {function} AFTER INSERT OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}();"
            )
            statements.append(
                f"CREATE TRIGGER {function}_update AFTER UPDATE ON {table} FOR EACH ROW "
                f"WHEN (({old}) IS DISTINCT FROM ({new})) EXECUTE FUNCTION {function}();"
            )
    return "\n".join(statements)


def report_sums_install(schema_editor: Any = None) -> None:
    """Create or replace the functions and triggers (PostgreSQL; elsewhere nothing)."""
    if not report_sums_kept():
        return
    with connection.cursor() as cursor:
        cursor.execute(_placement_facts_function())
        cursor.execute(_trigger_functions())
        cursor.execute(_triggers())


def _installed_sql() -> str:
    return _placement_facts_function() + _trigger_functions() + _triggers()


@transaction.atomic
def report_sums_sync() -> bool:
    """Install the triggers and rebuild the sums when the SQL this code writes differs
    from the SQL installed (PostgreSQL; run after every ``migrate``, see
    ``matching.apps``); True when it did.

    The installed SQL is known by a digest in the comment of a trigger function. So a
    change to what the sums count (a new interrupt reason or outcome kind is a new
    column, added by its own migration) is installed and summed once the migrations
    that add its columns have run, never before them.
    """
    if not report_sums_kept():
        return False
    digest = f"byggebro report sums {hashlib.sha256(_installed_sql().encode()).hexdigest()}"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT obj_description(to_regprocedure('report_sums_placement()'), 'pg_proc')"
        )
        (installed,) = cursor.fetchone()
        if installed == digest:
            return False
        report_sums_install()
        cursor.execute("COMMENT ON FUNCTION report_sums_placement() IS %s", [digest])
    report_sums_rebuild()
    return True


def report_sums_uninstall(schema_editor: Any = None) -> None:
    if not report_sums_kept():
        return
    with connection.cursor() as cursor:
        for table, function in _TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {function} ON {table}")
            cursor.execute(f"DROP TRIGGER IF EXISTS {function}_update ON {table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")
        cursor.execute("DROP FUNCTION IF EXISTS report_placement_facts(matching_placement, text)")


@transaction.atomic
def report_sums_rebuild() -> None:
    """Recompute every sum from the placements, outcomes and checks (PostgreSQL)."""
    if not report_sums_kept():
        return
    with connection.cursor() as cursor:
        tables = ", ".join([*_PLACEMENT_TABLES, *_RETENTION_TABLES])
        cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        for table in (*_PLACEMENT_TABLES, *_RETENTION_TABLES):
            cursor.execute(f"DELETE FROM {table}")
        placements = _placements(
            row="p", need="n", kind="o.kind", joins=_ALL_PLACEMENTS, where="true", sign="1"
        )
        cursor.execute(_placement_upsert([placements]))
        checks = _checks(
            check="c", placement="p", need="n", joins=_ALL_CHECKS, where="true", sign="1"
        )
        cursor.execute(_retention_upsert([checks]))
        cursor.execute(f"ANALYZE {tables}")


@contextmanager
def report_sums_paused() -> Iterator[None]:
    """Write many rows with the triggers idle, then rebuild the sums once (PostgreSQL).

    The triggers return at once while ``byggebro.report_sums_paused`` is on, a setting
    local to the transaction (``ALTER TABLE … DISABLE TRIGGER`` would wait for locks,
    and fails while deferred foreign key checks are pending)."""
    if not report_sums_kept():
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT set_config('{_PAUSED}', 'on', true)")
        # On an error the transaction rolls back, the setting with it: resetting it
        # then would only hide the error behind "current transaction is aborted".
        yield
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT set_config('{_PAUSED}', 'off', true)")
        report_sums_rebuild()
