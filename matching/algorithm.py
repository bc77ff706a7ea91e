"""Matching candidates to labour needs: hard rules, an explained score, an allocation.

Pure Python and numpy/scipy, no ORM: frozen dataclasses in, ranked proposals with
their reasons out (DESIGN §4). The selectors load the rows; this module decides.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching


class HardRule(StrEnum):
    """Why a candidate is never suggested for a need."""

    OTHER_MUNICIPALITY = "other_municipality"
    INACTIVE = "inactive"
    NO_CONSENT = "no_consent"
    NOT_AVAILABLE = "not_available"
    BUSY = "busy"
    DRIVING_LICENCE = "driving_licence"
    SAFETY_COURSE = "safety_course"
    DANISH = "danish"
    AGE = "age"
    DECLINED = "declined"


class ReasonCode(StrEnum):
    """The parts of the soft score."""

    TRADE_RANK = "trade_rank"
    OPEN_TO_ANY_TRADE = "open_to_any_trade"
    LOCAL_RESIDENT = "local_resident"
    LISTED_AREA_RESIDENT = "listed_area_resident"
    WAITING = "waiting"
    FIRST_PLACEMENT = "first_placement"
    NO_SHOWS = "no_shows"


@dataclass(frozen=True)
class Weights:
    """Points for each part of the score; the total is kept within 0–100."""

    trade_rank_committed: tuple[int, int, int] = (30, 20, 10)  # apprenticeships and jobs
    trade_rank_exploratory: tuple[int, int, int] = (15, 10, 5)  # the snusepraktik
    open_to_any_trade: int = 5
    local_resident: int = 35  # lives in the area being renovated: the heart of the model
    listed_area_resident: int = 15  # lives in another listed area of the municipality
    waiting_per_month: int = 2
    waiting_max: int = 10
    first_placement: int = 10
    per_no_show: int = -10


# Kinds where the trade is a first try rather than a commitment.
EXPLORATORY_KINDS = frozenset({"snusepraktik", "virksomhedspraktik"})


@dataclass(frozen=True)
class NeedFacts:
    id: int
    trade_id: int
    kind: str
    earliest_start: date
    latest_start: date
    window_end: date  # the last day a placement starting at latest_start would run to
    area_id: int  # the housing area being renovated
    municipality_id: int = 0  # whose job centre's candidates the need is for
    listed_area_ids: frozenset[int] = frozenset()  # the municipality's other listed areas
    requires_driving_licence: bool = False
    requires_safety_course: bool = False
    min_danish_level: int = 0
    english_ok_accepted: bool = False
    min_age: int | None = None


@dataclass(frozen=True)
class CandidateFacts:
    id: int
    referred_on: date
    municipality_id: int = 0
    active: bool = True
    consent_to_contractors: bool = True
    available_from: date | None = None
    busy: tuple[tuple[date, date], ...] = ()  # proposed, accepted or active placements
    trade_ranks: tuple[tuple[int, int], ...] = ()  # (trade id, rank 1..3)
    open_to_any_trade: bool = False
    has_driving_licence: bool = False
    safety_course_until: date | None = None
    danish_level: int = 0
    speaks_english: bool = False
    birth_date: date | None = None
    home_area_id: int | None = None
    started_before: bool = False  # has had a placement that started
    no_shows: int = 0
    declined_for: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    points: int
    detail: int | None = None  # the rank, months waited or no-shows behind the points


@dataclass(frozen=True)
class Suggestion:
    need_id: int
    candidate_id: int
    score: int
    reasons: tuple[Reason, ...] = field(default=())


def _age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def hard_rule_failures(need: NeedFacts, candidate: CandidateFacts) -> list[HardRule]:
    """Every hard rule the candidate fails for the need; empty means eligible."""
    failures = []
    if candidate.municipality_id != need.municipality_id:
        failures.append(HardRule.OTHER_MUNICIPALITY)
    if not candidate.active:
        failures.append(HardRule.INACTIVE)
    if not candidate.consent_to_contractors:
        failures.append(HardRule.NO_CONSENT)
    if candidate.available_from is not None and candidate.available_from > need.latest_start:
        failures.append(HardRule.NOT_AVAILABLE)
    if any(
        start <= need.window_end and end >= need.earliest_start for start, end in candidate.busy
    ):
        failures.append(HardRule.BUSY)
    if need.requires_driving_licence and not candidate.has_driving_licence:
        failures.append(HardRule.DRIVING_LICENCE)
    if need.requires_safety_course and (
        candidate.safety_course_until is None or candidate.safety_course_until < need.earliest_start
    ):
        failures.append(HardRule.SAFETY_COURSE)
    if candidate.danish_level < need.min_danish_level and not (
        need.english_ok_accepted and candidate.speaks_english
    ):
        failures.append(HardRule.DANISH)
    if need.min_age is not None and (
        candidate.birth_date is None
        or _age_on(candidate.birth_date, need.earliest_start) < need.min_age
    ):
        failures.append(HardRule.AGE)
    if need.id in candidate.declined_for:
        failures.append(HardRule.DECLINED)
    return failures


def score(
    need: NeedFacts, candidate: CandidateFacts, weights: Weights, today: date
) -> tuple[int, tuple[Reason, ...]]:
    """The soft score, 0–100, and its parts."""
    reasons: list[Reason] = []
    rank = dict(candidate.trade_ranks).get(need.trade_id)
    ranks = (
        weights.trade_rank_exploratory
        if need.kind in EXPLORATORY_KINDS
        else weights.trade_rank_committed
    )
    if rank is not None and 1 <= rank <= 3:
        reasons.append(Reason(ReasonCode.TRADE_RANK, ranks[rank - 1], rank))
    elif candidate.open_to_any_trade:
        reasons.append(Reason(ReasonCode.OPEN_TO_ANY_TRADE, weights.open_to_any_trade))
    if candidate.home_area_id is not None:
        if candidate.home_area_id == need.area_id:
            reasons.append(Reason(ReasonCode.LOCAL_RESIDENT, weights.local_resident))
        elif candidate.home_area_id in need.listed_area_ids:
            reasons.append(Reason(ReasonCode.LISTED_AREA_RESIDENT, weights.listed_area_resident))
    # Calendar months since referral, clamped as the SQL ranking clamps them.
    months = (today.year - candidate.referred_on.year) * 12 + (
        today.month - candidate.referred_on.month
    )
    waiting = min(weights.waiting_max, max(0, months * weights.waiting_per_month))
    if waiting:
        reasons.append(Reason(ReasonCode.WAITING, waiting, months))
    if not candidate.started_before:
        reasons.append(Reason(ReasonCode.FIRST_PLACEMENT, weights.first_placement))
    if candidate.no_shows:
        reasons.append(
            Reason(
                ReasonCode.NO_SHOWS, weights.per_no_show * candidate.no_shows, candidate.no_shows
            )
        )
    total = max(0, min(100, sum(reason.points for reason in reasons)))
    return total, tuple(reasons)


def suggest(
    need: NeedFacts,
    candidates: Iterable[CandidateFacts],
    weights: Weights,
    today: date,
    limit: int,
) -> list[Suggestion]:
    """The top ``limit`` eligible candidates, best first (ties: longest waiting, then id)."""
    eligible = []
    for candidate in candidates:
        if hard_rule_failures(need, candidate):
            continue
        total, reasons = score(need, candidate, weights, today)
        eligible.append((-total, candidate.referred_on, candidate.id, reasons))
    eligible.sort(key=lambda row: row[:3])
    return [
        Suggestion(need.id, candidate_id, -negative, reasons)
        for negative, _, candidate_id, reasons in eligible[:limit]
    ]


@dataclass(frozen=True)
class Allocation:
    pairs: tuple[Suggestion, ...]
    total: int
    unfilled: dict[int, int]  # need id -> places left empty


def allocate(places: dict[int, int], suggestions: Sequence[Suggestion]) -> Allocation:
    """The assignment of candidates to free places that maximises the total score.

    ``places`` gives each need's free places; ``suggestions`` are the eligible
    (need, candidate, score) edges, usually each need's top K. At most one place per
    candidate and at most the free places per need; solved exactly as a sparse
    bipartite matching (rows: places; columns: candidates, plus one empty seat per
    place so that a place may stay unfilled), never a dense candidates-by-places matrix.
    """
    slots = [(need_id, n) for need_id, free in places.items() for n in range(max(0, free))]
    if not slots or not suggestions:
        return Allocation((), 0, {need_id: max(0, free) for need_id, free in places.items()})
    slot_rows: dict[int, list[int]] = {}
    for row, (need_id, _) in enumerate(slots):
        slot_rows.setdefault(need_id, []).append(row)
    candidate_ids = sorted({s.candidate_id for s in suggestions if s.need_id in slot_rows})
    column_of = {candidate_id: column for column, candidate_id in enumerate(candidate_ids)}
    # Costs must be positive (a stored zero is a missing edge): a pair costs
    # ceiling - score + epsilon and an empty seat the ceiling, so minimising the cost
    # maximises the total score. Scores are whole numbers and epsilon times the number
    # of places stays below one, so epsilon never trades away a point of score; it only
    # keeps zero-score pairs out.
    ceiling = 1 + max(s.score for s in suggestions)
    epsilon = 0.5 / (len(slots) + 1)
    best: dict[tuple[int, int], Suggestion] = {}
    for s in suggestions:
        key = (s.need_id, s.candidate_id)
        if s.need_id in slot_rows and (key not in best or s.score > best[key].score):
            best[key] = s
    rows, columns, costs = [], [], []
    for (need_id, candidate_id), s in best.items():
        for row in slot_rows[need_id]:
            rows.append(row)
            columns.append(column_of[candidate_id])
            costs.append(ceiling - s.score + epsilon)
    empty_seat = len(candidate_ids)
    for row in range(len(slots)):
        rows.append(row)
        columns.append(empty_seat + row)
        costs.append(float(ceiling))
    graph = csr_matrix(
        (np.array(costs, dtype=float), (np.array(rows), np.array(columns))),
        shape=(len(slots), len(candidate_ids) + len(slots)),
    )
    matched_rows, matched_columns = min_weight_full_bipartite_matching(graph)
    pairs = []
    unfilled = dict.fromkeys(slot_rows, 0)
    for row, column in zip(matched_rows, matched_columns, strict=True):
        need_id = slots[row][0]
        if column >= empty_seat:
            unfilled[need_id] += 1
        else:
            pairs.append(best[(need_id, candidate_ids[column])])
    pairs.sort(key=lambda s: (s.need_id, -s.score, s.candidate_id))
    return Allocation(tuple(pairs), sum(s.score for s in pairs), unfilled)


# --- Many needs at once: each need's top K without scoring everyone for every need ---


@dataclass(frozen=True, eq=False)
class CandidateColumns:
    """Candidates as columns (numpy arrays, one row per candidate), for ranking many needs
    at once with ``top_candidates``; the same facts as ``CandidateFacts``.

    Dates are day ordinals (``date.toordinal()``), 0 for none; ``home_area_id`` is -1
    for none. ``trade_ranks`` maps a trade id to each row's rank for it (0: none);
    ``busy`` and ``declined_for`` hold only the rows that have any.
    """

    ids: np.ndarray
    referred_on: np.ndarray
    referred_months: np.ndarray  # year * 12 + month of the referral
    municipality_id: np.ndarray
    active: np.ndarray
    consent_to_contractors: np.ndarray
    available_from: np.ndarray
    open_to_any_trade: np.ndarray
    has_driving_licence: np.ndarray
    safety_course_until: np.ndarray
    danish_level: np.ndarray
    speaks_english: np.ndarray
    birth_date: np.ndarray
    home_area_id: np.ndarray
    started_before: np.ndarray
    no_shows: np.ndarray
    trade_ranks: dict[int, np.ndarray]
    busy: dict[int, tuple[tuple[date, date], ...]]
    declined_for: dict[int, frozenset[int]]

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def flagged(self) -> np.ndarray:
        """Whether each row has any ``busy`` period or ``declined_for`` need: the rows
        whose lists ``_eligible`` must read, found once per pool, not once per need."""
        mask = np.zeros(len(self.ids), dtype=bool)
        mask[np.fromiter({*self.busy, *self.declined_for}, dtype=np.int64)] = True
        return mask

    def facts(self, row: int) -> CandidateFacts:
        """One row as the facts ``hard_rule_failures`` and ``score`` read."""

        def day(ordinal: int) -> date | None:
            return date.fromordinal(int(ordinal)) if ordinal else None

        referred = day(self.referred_on[row])
        assert referred is not None
        home = int(self.home_area_id[row])
        return CandidateFacts(
            id=int(self.ids[row]),
            referred_on=referred,
            municipality_id=int(self.municipality_id[row]),
            active=bool(self.active[row]),
            consent_to_contractors=bool(self.consent_to_contractors[row]),
            available_from=day(self.available_from[row]),
            busy=self.busy.get(row, ()),
            trade_ranks=tuple(
                (trade_id, int(ranks[row]))
                for trade_id, ranks in self.trade_ranks.items()
                if ranks[row]
            ),
            open_to_any_trade=bool(self.open_to_any_trade[row]),
            has_driving_licence=bool(self.has_driving_licence[row]),
            safety_course_until=day(self.safety_course_until[row]),
            danish_level=int(self.danish_level[row]),
            speaks_english=bool(self.speaks_english[row]),
            birth_date=day(self.birth_date[row]),
            home_area_id=None if home < 0 else home,
            started_before=bool(self.started_before[row]),
            no_shows=int(self.no_shows[row]),
            declined_for=self.declined_for.get(row, frozenset()),
        )


def candidate_columns(candidates: Sequence[CandidateFacts]) -> CandidateColumns:
    """The facts as columns (for tests and small sets; the loader builds columns directly)."""

    def ordinals(values: Iterable[date | None]) -> np.ndarray:
        return np.array([v.toordinal() if v else 0 for v in values], dtype=np.int64)

    rows = list(candidates)
    trade_ranks: dict[int, np.ndarray] = {}
    for row, c in enumerate(rows):
        for trade_id, rank in c.trade_ranks:
            trade_ranks.setdefault(trade_id, np.zeros(len(rows), dtype=np.int8))[row] = rank
    return CandidateColumns(
        ids=np.array([c.id for c in rows], dtype=np.int64),
        referred_on=ordinals(c.referred_on for c in rows),
        referred_months=np.array(
            [c.referred_on.year * 12 + c.referred_on.month for c in rows], dtype=np.int64
        ),
        municipality_id=np.array([c.municipality_id for c in rows], dtype=np.int64),
        active=np.array([c.active for c in rows], dtype=bool),
        consent_to_contractors=np.array([c.consent_to_contractors for c in rows], dtype=bool),
        available_from=ordinals(c.available_from for c in rows),
        open_to_any_trade=np.array([c.open_to_any_trade for c in rows], dtype=bool),
        has_driving_licence=np.array([c.has_driving_licence for c in rows], dtype=bool),
        safety_course_until=ordinals(c.safety_course_until for c in rows),
        danish_level=np.array([c.danish_level for c in rows], dtype=np.int64),
        speaks_english=np.array([c.speaks_english for c in rows], dtype=bool),
        birth_date=ordinals(c.birth_date for c in rows),
        home_area_id=np.array(
            [-1 if c.home_area_id is None else c.home_area_id for c in rows], dtype=np.int64
        ),
        started_before=np.array([c.started_before for c in rows], dtype=bool),
        no_shows=np.array([c.no_shows for c in rows], dtype=np.int64),
        trade_ranks=trade_ranks,
        busy={row: c.busy for row, c in enumerate(rows) if c.busy},
        declined_for={row: c.declined_for for row, c in enumerate(rows) if c.declined_for},
    )


def _years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for a 29th): who is born on or before
    it is at least ``years`` old on ``day``, as ``_age_on`` counts."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _eligible(need: NeedFacts, pool: CandidateColumns, rows: np.ndarray) -> np.ndarray:
    """Which of the rows pass every hard rule for the need (``hard_rule_failures``)."""
    ok = (
        (pool.municipality_id[rows] == need.municipality_id)
        & pool.active[rows]
        & pool.consent_to_contractors[rows]
    )
    available = pool.available_from[rows]
    ok &= (available == 0) | (available <= need.latest_start.toordinal())
    if need.requires_driving_licence:
        ok &= pool.has_driving_licence[rows]
    if need.requires_safety_course:
        ok &= pool.safety_course_until[rows] >= need.earliest_start.toordinal()
    if need.min_danish_level:
        language = pool.danish_level[rows] >= need.min_danish_level
        if need.english_ok_accepted:
            language |= pool.speaks_english[rows]
        ok &= language
    if need.min_age is not None:
        born = pool.birth_date[rows]
        ok &= (born > 0) & (born <= _years_before(need.earliest_start, need.min_age).toordinal())
    for at in np.flatnonzero(ok & pool.flagged[rows]):
        row = int(rows[at])
        if need.id in pool.declined_for.get(row, ()) or any(
            start <= need.window_end and end >= need.earliest_start
            for start, end in pool.busy.get(row, ())
        ):
            ok[at] = False
    return ok


def _own_points(pool: CandidateColumns, weights: Weights, today: date) -> np.ndarray:
    """The parts of the score that do not depend on the need."""
    months = today.year * 12 + today.month - pool.referred_months
    waiting = np.clip(months * weights.waiting_per_month, 0, weights.waiting_max)
    first = np.where(pool.started_before, 0, weights.first_placement)
    return waiting + first + pool.no_shows * weights.per_no_show


def top_candidates(
    needs: Sequence[NeedFacts],
    pool: CandidateColumns,
    weights: Weights,
    today: date,
    limit: int,
    shortlist: int | None = None,
) -> list[Suggestion]:
    """Each need's top ``limit`` eligible candidates, exactly as ``suggest`` ranks them
    one need at a time (same scores, same ties), without the reasons.

    Needs that share a trade, kind of commitment and area share one score per
    candidate; their best rows (``shortlist``, fifty times ``limit``) are found once with a partial
    sort, and each need keeps the first of them that pass its hard rules. A need whose
    rules leave too few of them looks at every candidate. ``score`` gives the reasons
    of the pairs chosen.
    """
    count = len(pool)
    if count == 0 or limit <= 0:
        return []
    own = _own_points(pool, weights, today)
    # Ties go to the longest waiting, then the lowest id: a unique key per row.
    order = np.lexsort((pool.ids, pool.referred_on))
    tiebreak = np.empty(count, dtype=np.int64)
    tiebreak[order] = np.arange(count - 1, -1, -1)
    groups: dict[tuple[int, bool, int, frozenset[int]], list[NeedFacts]] = {}
    for need in needs:
        key = (need.trade_id, need.kind in EXPLORATORY_KINDS, need.area_id, need.listed_area_ids)
        groups.setdefault(key, []).append(need)
    short = min(count, shortlist or 50 * limit)
    suggestions: list[Suggestion] = []
    # Many groups share a trade, or an area: each part of the score is built once.
    trade_points: dict[tuple[int, bool], np.ndarray] = {}
    area_points: dict[tuple[int, frozenset[int]], np.ndarray] = {}
    for (trade_id, exploratory, area_id, listed), members in groups.items():
        trade = trade_points.get((trade_id, exploratory))
        if trade is None:
            ranks = pool.trade_ranks.get(trade_id, np.zeros(count, dtype=np.int8))
            points = weights.trade_rank_exploratory if exploratory else weights.trade_rank_committed
            trade = trade_points[trade_id, exploratory] = own + np.select(
                [ranks == 1, ranks == 2, ranks == 3, pool.open_to_any_trade],
                [points[0], points[1], points[2], weights.open_to_any_trade],
                0,
            )
        area = area_points.get((area_id, listed))
        if area is None:
            home = pool.home_area_id
            area = area_points[area_id, listed] = np.where(
                home == area_id,
                weights.local_resident,
                np.where(np.isin(home, list(listed)), weights.listed_area_resident, 0),
            )
        total = np.clip(trade + area, 0, 100)
        key = total * count + tiebreak
        best = np.argpartition(-key, short - 1)[:short] if short < count else np.arange(count)
        best = best[np.argsort(-key[best])]
        for need in members:
            chosen = best[_eligible(need, pool, best)][:limit]
            if len(chosen) < limit and short < count:
                everyone = np.flatnonzero(_eligible(need, pool, np.arange(count)))
                chosen = everyone[np.argsort(-key[everyone])][:limit]
            suggestions.extend(
                Suggestion(need.id, int(pool.ids[row]), int(total[row])) for row in chosen
            )
    return suggestions
