"""The reminder rules of DESIGN §6: who is told what, on which working day.

Each rule reads domain state through the selectors of ``matching.due`` and
``renovations`` and yields ``Planned`` rows with a deterministic idempotency key,
so that planning the same day twice (or in two processes at once) plans each
message once. A rule looks back over a short window rather than at one day, so a
day the planner did not run (a holiday, an outage) is caught up on the next
working day; the key keeps it to one message.
"""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import (
    CharField,
    DateField,
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Value,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Concat, ExtractIsoWeekDay
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from matching import due
from matching.models import FollowUpChannel, PlacementStatus
from matching.services import meeting_pack_freeze
from notifications.bulk import copy_supported, staged
from notifications.models import CheckInLink, Notification, NotificationKind
from notifications.office import at, opening
from renovations import workdays
from renovations.due import meetings_between, municipality_coordinators
from renovations.models import Meeting


@dataclass(frozen=True)
class Planned:
    """One message a rule wants sent: to a user (``user_id``) or an address (``email``)."""

    kind: str
    key: str
    due_at: datetime
    user_id: int | None = None
    email: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    placement_id: int | None = None


@dataclass(frozen=True)
class Day:
    """The day being planned, with the dates the rules are measured from."""

    today: date
    now: datetime

    @property
    def monday(self) -> date:
        return self.today - timedelta(days=self.today.weekday())

    @property
    def opening(self) -> datetime:
        return opening(self.today)


def email_key(email: str) -> str:
    """A short, stable stand-in for an address in a key (keys are shown to staff)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def placement_week(starts_on: date, on: date) -> int:
    """The placement week (1, 2, ...) that ``on`` falls in: calendar weeks from the start."""
    first_monday = starts_on - timedelta(days=starts_on.weekday())
    return (on - first_monday).days // 7 + 1


class DaysUntil(Func):
    """Whole days from a date column to ``day`` (``day`` minus the date), in SQL."""

    output_field = IntegerField()

    def __init__(self, column: str, day: date) -> None:
        super().__init__(Value(day, output_field=DateField()), F(column))

    def _parts(self, compiler: SQLCompiler) -> tuple[str, str, list[Any]]:
        day, column = self.get_source_expressions()
        day_sql, day_params = compiler.compile(day)
        column_sql, column_params = compiler.compile(column)
        return day_sql, column_sql, [*day_params, *column_params]

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        """PostgreSQL: a date minus a date is a number of days."""
        day_sql, column_sql, params = self._parts(compiler)
        return f"(CAST({day_sql} AS date) - {column_sql})", params

    def as_sqlite(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        day_sql, column_sql, params = self._parts(compiler)
        return f"CAST(julianday({day_sql}) - julianday({column_sql}) AS INTEGER)", params


def placement_week_sql(on: date) -> Expression:
    """``placement_week(starts_on, on)`` as an SQL expression over a placement's row."""
    weekday = Cast(ExtractIsoWeekDay("starts_on"), IntegerField()) - 1  # Monday is 0
    return Cast(DaysUntil("starts_on", on) + weekday, IntegerField()) / 7 + 1


def not_planned(rows: QuerySet[Any, Any], *key: str | Combinable) -> QuerySet[Any, Any]:
    """``rows`` less those whose key (text and expressions over the row) is in the outbox.

    The rule's own query leaves out what an earlier run planned, so a run that finds
    nothing new costs a few queries; the key must be the one the rule writes.
    """
    parts = [Value(part) if isinstance(part, str) else Cast(part, CharField()) for part in key]
    return rows.alias(planned_key=Concat(*parts, output_field=CharField())).exclude(
        Exists(Notification.objects.filter(idempotency_key=OuterRef("planned_key")))
    )


def placement_starts_soon(day: Day) -> Iterator[Planned]:
    """The intern (if they have an address) and the mentor, 2 working days before the start."""
    rows = list(
        due.placements_starting(after=day.today, until=workdays.add_working_days(day.today, 2))
    )
    mentors = _mentors([row["id"] for row in rows if row["shareable"]], week=1)
    for row in rows:
        context = {"placement": row["id"], "candidate": row["candidate_id"]}
        due_at = max(opening(workdays.add_working_days(row["starts_on"], -2)), day.opening)
        if row["candidate_email"]:
            yield Planned(
                NotificationKind.PLACEMENT_STARTS_SOON,
                f"placement_starts_soon:p{row['id']}:candidate",
                due_at,
                email=row["candidate_email"],
                context={**context, "audience": "candidate"},
                placement_id=row["id"],
            )
        mentor = mentors.get(row["id"])
        if row["shareable"] and mentor:
            yield Planned(
                NotificationKind.PLACEMENT_STARTS_SOON,
                f"placement_starts_soon:p{row['id']}:mentor",
                due_at,
                email=mentor,
                context={**context, "audience": "mentor"},
                placement_id=row["id"],
            )


def _mentors(
    placement_ids: list[int],
    week: int | dict[int, int],
    among: QuerySet[Any, int] | None = None,
) -> dict[int, str]:
    """The mentor to write to for each placement that week: the rotation's, else the need's.

    ``among``, a query of (at least) those placements' ids, is sent to the database
    in their place: a subquery instead of thousands of parameters.
    """
    ids = placement_ids if among is None else among
    by_week = due.placement_week_mentors(placement_ids=ids)
    fallback = due.need_mentors(placement_ids=ids)
    found = {}
    for placement_id in placement_ids:
        number = week if isinstance(week, int) else week[placement_id]
        mentor = by_week.get((placement_id, number)) or fallback.get(placement_id)
        if mentor:
            found[placement_id] = mentor
    return found


def follow_up_due(day: Day) -> Iterator[Planned]:
    """The coordinator, from the first working day of each placement week without a follow-up."""
    rows = not_planned(
        due.placements_running_without_follow_up(today=day.today, since=day.monday),
        f"{NotificationKind.FOLLOW_UP_DUE}:p",
        F("id"),
        ":w",
        placement_week_sql(day.today),
    )
    for row in rows:
        if row["owner_id"] is None:
            continue
        week = placement_week(row["starts_on"], day.today)
        first_day = workdays.working_day_on_or_after(max(day.monday, row["starts_on"]))
        yield Planned(
            NotificationKind.FOLLOW_UP_DUE,
            f"follow_up_due:p{row['id']}:w{week}",
            opening(first_day),
            user_id=row["owner_id"],
            context={"placement": row["id"], "candidate": row["candidate_id"], "week": week},
            placement_id=row["id"],
        )


def mentor_check_in(day: Day) -> Iterator[Planned]:
    """The site mentor, on the last working day of each placement week: a signed link."""
    week_ends = workdays.working_day_on_or_before(day.monday + timedelta(days=6))
    running = due.placements_running_without_follow_up(
        today=day.today,
        since=day.monday,
        channel=FollowUpChannel.MENTOR_CHECK_IN,
        statuses=(PlacementStatus.ACTIVE,),
    )
    if day.today != week_ends:  # only the placements ending today
        running = running.filter(ends_on=day.today)
    wanted = not_planned(
        running.filter(shareable=True),
        f"{NotificationKind.MENTOR_CHECK_IN}:p",
        F("id"),
        ":w",
        placement_week_sql(day.today),
    )
    rows = list(wanted)
    weeks = {row["id"]: placement_week(row["starts_on"], day.today) for row in rows}
    # The mentors are found through the rule's query, not a list of every placement's id.
    mentors = _mentors(list(weeks), week=weeks, among=wanted.values_list("id", flat=True))
    links = check_in_links_ensure(
        [(pid, weeks[pid], mentor) for pid, mentor in mentors.items()], day=day
    )
    send_at = at(day.today, time(settings.NOTIFICATIONS_CHECK_IN_HOUR))
    for row in rows:
        mentor = mentors.get(row["id"])
        if not mentor:
            continue
        week = weeks[row["id"]]
        yield Planned(
            NotificationKind.MENTOR_CHECK_IN,
            f"mentor_check_in:p{row['id']}:w{week}",
            send_at,
            email=mentor,
            context={
                "placement": row["id"],
                "candidate": row["candidate_id"],
                "week": week,
                "check_in": links[(row["id"], week)],
            },
            placement_id=row["id"],
        )


def check_in_links_ensure(
    wanted: list[tuple[int, int, str]], *, day: Day
) -> dict[tuple[int, int], int]:
    """The check-in link of each (placement, week, mentor), made once: returns their ids."""
    expires = at(
        workdays.add_working_days(day.today, settings.NOTIFICATIONS_CHECK_IN_WORKING_DAYS),
        time(23, 59),
    )
    if not wanted:
        return {}
    if copy_supported():
        return _check_in_links_copy(wanted, expires)
    ids: dict[tuple[int, int], int] = {}

    def known(placement_ids: list[int]) -> None:
        for start in range(0, len(placement_ids), 5000):
            chunk = placement_ids[start : start + 5000]
            for pk, pid, week in CheckInLink.objects.filter(placement_id__in=chunk).values_list(
                "pk", "placement_id", "week"
            ):
                ids[(pid, week)] = pk

    known([pid for pid, _, _ in wanted])
    missing = [(pid, week, email) for pid, week, email in wanted if (pid, week) not in ids]
    CheckInLink.objects.bulk_create(
        [
            CheckInLink(placement_id=pid, week=week, mentor_email=email, expires_at=expires)
            for pid, week, email in missing
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    known([pid for pid, _, _ in missing])
    return ids


@transaction.atomic
def _check_in_links_copy(
    wanted: list[tuple[int, int, str]], expires: datetime
) -> dict[tuple[int, int], int]:
    """PostgreSQL: the links in one ``COPY``, the missing ones made in one insert."""
    table = CheckInLink._meta.db_table
    columns = (("placement_id", "bigint"), ("week", "smallint"), ("mentor_email", "varchar(254)"))
    with staged("check_in_wanted", columns, wanted) as cursor:
        cursor.execute(
            f"INSERT INTO {table} (placement_id, week, mentor_email, expires_at, created_at) "
            "SELECT placement_id, week, mentor_email, %s, %s FROM check_in_wanted "
            "ORDER BY placement_id, week ON CONFLICT (placement_id, week) DO NOTHING",
            [expires, timezone.now()],
        )
        cursor.execute(
            f"SELECT link.id, link.placement_id, link.week FROM {table} AS link "
            "JOIN check_in_wanted USING (placement_id, week)"
        )
        return {(pid, week): pk for pk, pid, week in cursor.fetchall()}


def end_plan_due(day: Day) -> Iterator[Planned]:
    """The coordinator, 5 working days before the end, while there is no end plan."""
    last = workdays.add_working_days(day.today, 5)
    rows = not_planned(
        due.placements_ending_without_end_plan(first=day.today, last=last),
        f"{NotificationKind.END_PLAN_DUE}:p",
        F("id"),
    )
    for row in rows:
        if row["owner_id"] is None:
            continue
        yield Planned(
            NotificationKind.END_PLAN_DUE,
            f"end_plan_due:p{row['id']}",
            max(opening(workdays.add_working_days(row["ends_on"], -5)), day.opening),
            user_id=row["owner_id"],
            context={"placement": row["id"], "candidate": row["candidate_id"]},
            placement_id=row["id"],
        )


def outcome_missing(day: Day) -> Iterator[Planned]:
    """The coordinator, 3 working days after the end, while no outcome is recorded."""
    last = workdays.add_working_days(day.today, -3)
    first = last - timedelta(days=settings.NOTIFICATIONS_LOOKBACK_DAYS)
    rows = not_planned(
        due.placements_ended_without_outcome(first=first, last=last),
        f"{NotificationKind.OUTCOME_MISSING}:p",
        F("id"),
    )
    for row in rows:
        if row["owner_id"] is None:
            continue
        yield Planned(
            NotificationKind.OUTCOME_MISSING,
            f"outcome_missing:p{row['id']}",
            max(opening(workdays.add_working_days(row["ends_on"], 3)), day.opening),
            user_id=row["owner_id"],
            context={"placement": row["id"], "candidate": row["candidate_id"]},
            placement_id=row["id"],
        )


def need_unfilled(day: Day) -> Iterator[Planned]:
    """The municipality's coordinators, 10 days before a need's latest start with places free."""
    rows = list(due.needs_unfilled(first=day.today, last=day.today + timedelta(days=10)))
    coordinators = municipality_coordinators(
        municipality_ids={row["municipality_id"] for row in rows}
    )
    for row in rows:
        for user_id in coordinators.get(row["municipality_id"], ()):
            yield Planned(
                NotificationKind.NEED_UNFILLED,
                f"need_unfilled:n{row['id']}:u{user_id}",
                day.opening,
                user_id=user_id,
                context={"need": row["id"]},
            )


def retention_check_due(day: Day) -> Iterator[Planned]:
    """The coordinator, on the check's due date (or the next working day)."""
    first = day.today - timedelta(days=settings.NOTIFICATIONS_LOOKBACK_DAYS)
    rows = not_planned(
        due.retention_checks_due(first=first, last=day.today),
        f"{NotificationKind.RETENTION_CHECK_DUE}:r",
        F("id"),
    )
    for row in rows:
        if row["owner_id"] is None:
            continue
        yield Planned(
            NotificationKind.RETENTION_CHECK_DUE,
            f"retention_check_due:r{row['id']}",
            max(opening(row["due_on"]), day.opening)
            if workdays.is_working_day(row["due_on"])
            else day.opening,
            user_id=row["owner_id"],
            context={"retention_check": row["id"], "placement": row["outcome__placement_id"]},
            placement_id=row["outcome__placement_id"],
        )


def meeting_pack(day: Day) -> Iterator[Planned]:
    """The follow-up group's members, 7 days before a meeting: the link to its frozen pack."""
    rows = meetings_between(after=day.today, until=day.today + timedelta(days=7))
    # The pack is frozen before its link goes out (idempotent: made once per meeting).
    for meeting in Meeting.objects.filter(pk__in={meeting_id for meeting_id, _ in rows}):
        meeting_pack_freeze(meeting=meeting, now=day.now)
    for meeting_id, user_id in rows:
        yield Planned(
            NotificationKind.MEETING_PACK,
            f"meeting_pack:m{meeting_id}:u{user_id}",
            day.opening,
            user_id=user_id,
            context={"meeting": meeting_id},
        )


def consent_expiring(day: Day) -> Iterator[Planned]:
    """The coordinator, 30 days before a consent expires (unless it was renewed)."""
    rows = not_planned(
        due.consents_expiring(today=day.today, last=day.today + timedelta(days=30)),
        f"{NotificationKind.CONSENT_EXPIRING}:c",
        F("id"),
    )
    for row in rows:
        if row["owner_id"] is None:
            continue
        yield Planned(
            NotificationKind.CONSENT_EXPIRING,
            f"consent_expiring:c{row['id']}",
            day.opening,
            user_id=row["owner_id"],
            context={"consent": row["id"], "candidate": row["candidate_id"]},
        )


def check_ins_missed_pairs(
    *, now: datetime, placement_ids: list[int] | None = None
) -> set[tuple[int, int]]:
    """(placement, week) where that week's and the week before's check-in links expired unused."""
    expired = CheckInLink.objects.filter(
        used_at__isnull=True,
        expires_at__lt=now,
        expires_at__gte=now - timedelta(days=settings.NOTIFICATIONS_LOOKBACK_DAYS),
    )
    if placement_ids is not None:
        expired = expired.filter(placement_id__in=placement_ids)
    missed = set(expired.values_list("placement_id", "week"))
    return {(pid, week) for pid, week in missed if (pid, week - 1) in missed}


def check_ins_missed(day: Day) -> Iterator[Planned]:
    """The coordinator, when a running placement's mentor missed two check-ins in a row."""
    pairs = check_ins_missed_pairs(now=day.now)
    running = {
        row["id"]: row
        for row in due.placements_running_among(
            placement_ids=[pid for pid, _ in pairs], on=day.today
        )
    }
    for pid, week in sorted(pairs):
        row = running.get(pid)
        if row is None or row["owner_id"] is None:
            continue
        yield Planned(
            NotificationKind.CHECK_INS_MISSED,
            f"check_ins_missed:p{pid}:w{week}",
            day.opening,
            user_id=row["owner_id"],
            context={"placement": pid, "candidate": row["candidate_id"], "week": week},
            placement_id=pid,
        )


Rule = Callable[[Day], Iterable[Planned]]

RULES: tuple[Rule, ...] = (
    placement_starts_soon,
    follow_up_due,
    mentor_check_in,
    end_plan_due,
    outcome_missing,
    need_unfilled,
    retention_check_due,
    meeting_pack,
    consent_expiring,
    check_ins_missed,
)
