"""Suggestions for one labour need: ranked in the database, explained in Python.

The query applies every hard rule as a filter and computes the same soft score as
``matching.algorithm.score`` as SQL expressions, ordered and limited in the database.
The top rows are then loaded as facts and re-checked by the algorithm itself, which
also gives each suggestion its reasons: nothing stale (a consent withdrawn a second
ago) is ever suggested, and the order the user sees is the algorithm's.
"""

import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest, Least
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError, ErrorKind
from accounts.models import User
from matching.algorithm import (
    EXPLORATORY_KINDS,
    CandidateColumns,
    CandidateFacts,
    HardRule,
    NeedFacts,
    Suggestion,
    Weights,
    hard_rule_failures,
    score,
    suggest,
    top_candidates,
)
from matching.models import (
    PLACEMENT_HOLDING_STATUSES,
    PLACEMENT_STARTED_STATUSES,
    Candidate,
    CandidateStatus,
    Consent,
    ConsentRecipient,
    Placement,
    PlacementStatus,
    TradeInterest,
)
from matching.selectors import (
    candidate_no_shows,
    consent_valid_q,
    no_show_placements,
    no_shows_by_candidate,
)
from renovations import workdays
from renovations.models import HousingArea, LabourNeed, NeedStatus
from renovations.selectors import need_get, need_list, user_roles


def matching_weights() -> Weights:
    """The score's weights from settings (MATCHING_WEIGHTS), over the defaults."""
    return Weights(**getattr(settings, "MATCHING_WEIGHTS", {}))


def need_facts(need: LabourNeed, *, listed: Iterable[int] | None = None) -> NeedFacts:
    """The need as the algorithm reads it; ``listed`` (the municipality's other areas) is
    looked up unless given."""
    area = need.project.area
    if listed is None:
        listed = (
            HousingArea.objects.filter(municipality_id=area.municipality_id)
            .exclude(pk=area.pk)
            .values_list("pk", flat=True)
        )
    return NeedFacts(
        id=need.pk,
        trade_id=need.trade_id,
        kind=need.kind,
        earliest_start=need.earliest_start,
        latest_start=need.latest_start,
        window_end=workdays.last_working_day_of_week(need.latest_start, need.weeks),
        area_id=area.pk,
        municipality_id=area.municipality_id,
        listed_area_ids=frozenset(listed),
        requires_driving_licence=need.requires_driving_licence,
        requires_safety_course=need.requires_safety_course,
        min_danish_level=need.min_danish_level,
        english_ok_accepted=need.english_ok_accepted,
        min_age=need.min_age,
    )


def _count_of(placements: QuerySet[Placement], per: str) -> Coalesce:
    """The number of ``placements`` (filtered on an ``OuterRef``) per ``per``, 0 for none."""
    counted = placements.order_by().values(per).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _started_before() -> Exists:
    """Whether the candidate has had a placement that started (the first-placement
    bonus goes to those who have not): a test per candidate, not a count of them."""
    return Exists(
        Placement.objects.filter(candidate=OuterRef("pk"), status__in=PLACEMENT_STARTED_STATUSES)
    )


def _count(queryset: QuerySet[Placement]) -> Coalesce:
    return _count_of(queryset.filter(candidate=OuterRef("pk")), "candidate")


def eligible_candidates(
    need: NeedFacts, *, municipality_id: int, today: date
) -> QuerySet[Candidate]:
    """The candidates of the municipality that pass every hard rule for the need."""
    eligible = Candidate.objects.filter(
        municipality_id=municipality_id,
        status=CandidateStatus.ACTIVE,
        anonymised_on__isnull=True,
    ).filter(
        Exists(
            Consent.objects.filter(
                consent_valid_q(on=today),
                candidate=OuterRef("pk"),
                recipient=ConsentRecipient.CONTRACTORS,
            )
        ),
        Q(available_from__isnull=True) | Q(available_from__lte=need.latest_start),
        ~Exists(
            Placement.objects.filter(
                candidate=OuterRef("pk"),
                status__in=PLACEMENT_HOLDING_STATUSES,
                starts_on__lte=need.window_end,
                ends_on__gte=need.earliest_start,
            )
        ),
        ~Exists(
            Placement.objects.filter(
                candidate=OuterRef("pk"), need_id=need.id, status=PlacementStatus.DECLINED
            )
        ),
    )
    if need.requires_driving_licence:
        eligible = eligible.filter(has_driving_licence=True)
    if need.requires_safety_course:
        eligible = eligible.filter(safety_course_until__gte=need.earliest_start)
    if need.min_danish_level:
        language = Q(danish_level__gte=need.min_danish_level)
        if need.english_ok_accepted:
            language |= Q(speaks_english=True)
        eligible = eligible.filter(language)
    if need.min_age is not None:
        eligible = eligible.filter(
            birth_date__lte=need.earliest_start - relativedelta(years=need.min_age)
        )
    return eligible


def ranked_in_database(
    need: NeedFacts, *, municipality_id: int, today: date, weights: Weights, limit: int
) -> list[int]:
    """Ids of the top eligible candidates by the soft score, computed in SQL."""
    exploratory = need.kind in EXPLORATORY_KINDS
    ranks = weights.trade_rank_exploratory if exploratory else weights.trade_rank_committed
    rank = Subquery(
        TradeInterest.objects.filter(candidate=OuterRef("pk"), trade_id=need.trade_id).values(
            "rank"
        )[:1],
        output_field=IntegerField(),
    )
    months = (Value(today.year) - ExtractYear("referred_on")) * 12 + (
        Value(today.month) - ExtractMonth("referred_on")
    )
    listed = list(need.listed_area_ids) or [-1]
    points = (
        Case(
            When(trade_rank=1, then=Value(ranks[0])),
            When(trade_rank=2, then=Value(ranks[1])),
            When(trade_rank=3, then=Value(ranks[2])),
            When(open_to_any_trade=True, then=Value(weights.open_to_any_trade)),
            default=Value(0),
        )
        + Case(
            When(home_area_id=need.area_id, then=Value(weights.local_resident)),
            When(home_area_id__in=listed, then=Value(weights.listed_area_resident)),
            default=Value(0),
        )
        + Least(
            Value(weights.waiting_max),
            Greatest(Value(0), F("months_waited") * Value(weights.waiting_per_month)),
        )
        + Case(When(started_before=False, then=Value(weights.first_placement)), default=Value(0))
        + F("no_shows") * Value(weights.per_no_show)
    )
    rows = (
        eligible_candidates(need, municipality_id=municipality_id, today=today)
        .annotate(
            trade_rank=rank,
            months_waited=ExpressionWrapper(months, output_field=IntegerField()),
            started_before=_started_before(),
            no_shows=_count(no_show_placements()),
        )
        .annotate(score=Greatest(Value(0), Least(Value(100), points)))
        .order_by("-score", "referred_on", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return list(rows)


def candidate_facts(candidate_ids: Iterable[int], *, today: date) -> list[CandidateFacts]:
    """The facts the algorithm needs about these candidates, in five queries."""
    ids = list(candidate_ids)
    consented = set(
        Consent.objects.filter(
            consent_valid_q(on=today), candidate_id__in=ids, recipient=ConsentRecipient.CONTRACTORS
        ).values_list("candidate_id", flat=True)
    )
    ranks: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for candidate_id, trade_id, rank in TradeInterest.objects.filter(
        candidate_id__in=ids
    ).values_list("candidate_id", "trade_id", "rank"):
        ranks[candidate_id].append((trade_id, rank))
    busy: dict[int, list[tuple[date, date]]] = defaultdict(list)
    declined: dict[int, set[int]] = defaultdict(set)
    started: set[int] = set()
    for candidate_id, need_id, status, starts_on, ends_on in (
        Placement.objects.filter(candidate_id__in=ids)
        .order_by()
        .values_list("candidate_id", "need_id", "status", "starts_on", "ends_on")
    ):
        if status in PLACEMENT_HOLDING_STATUSES:
            busy[candidate_id].append((starts_on, ends_on))
        if status == PlacementStatus.DECLINED:
            declined[candidate_id].add(need_id)
        if status in PLACEMENT_STARTED_STATUSES:
            started.add(candidate_id)
    no_shows = candidate_no_shows(candidate_ids=ids)
    return [
        CandidateFacts(
            id=c.pk,
            referred_on=c.referred_on,
            municipality_id=c.municipality_id,
            active=c.status == CandidateStatus.ACTIVE and c.anonymised_on is None,
            consent_to_contractors=c.pk in consented,
            available_from=c.available_from,
            busy=tuple(busy[c.pk]),
            trade_ranks=tuple(ranks[c.pk]),
            open_to_any_trade=c.open_to_any_trade,
            has_driving_licence=c.has_driving_licence,
            safety_course_until=c.safety_course_until,
            danish_level=c.danish_level,
            speaks_english=c.speaks_english,
            birth_date=c.birth_date,
            home_area_id=c.home_area_id,
            started_before=c.pk in started,
            no_shows=no_shows[c.pk],
            declined_for=frozenset(declined[c.pk]),
        )
        for c in Candidate.objects.filter(pk__in=ids)
    ]


def suggestions_for_need(
    need: LabourNeed, *, today: date, limit: int, weights: Weights | None = None
) -> list[Suggestion]:
    """The top candidates for a need, ranked in memory (``candidate_index``) or in SQL,
    and re-checked by the algorithm against the database as it is now."""
    weights = weights or matching_weights()
    facts = need_facts(need)
    municipality_id = need.project.area.municipality_id
    pool = candidate_index(municipality_id=municipality_id, today=today)
    if pool is not None:
        # A margin for people whose facts changed since the index was read: they drop
        # out in the re-check. Too few left: rank in the database after all.
        ranked = top_candidates([facts], pool, weights, today, 2 * limit + 10)
        found = suggest(
            facts,
            candidate_facts([s.candidate_id for s in ranked], today=today),
            weights,
            today,
            limit,
        )
        if len(found) == limit or len(found) == len(ranked):
            return found
    top = ranked_in_database(
        facts, municipality_id=municipality_id, today=today, weights=weights, limit=limit
    )
    return suggest(facts, candidate_facts(top, today=today), weights, today, limit)


_INDEX: dict[int, tuple[float, date, CandidateColumns]] = {}
_INDEX_LOCK = threading.Lock()


def candidate_index(*, municipality_id: int, today: date) -> CandidateColumns | None:
    """The municipality's candidates as this worker last read them (``allocation_candidates``),
    for at most MATCHING_INDEX_SECONDS; None when that is 0.

    What it may have missed since (a new consent, a new person) shows up at the next
    read; what it holds that is no longer true (a consent withdrawn a second ago, a new
    placement) never reaches a user: the top rows are re-checked against the database.
    One entry per municipality, replaced when old: the worker's memory does not grow.
    """
    seconds = int(settings.MATCHING_INDEX_SECONDS)
    if seconds <= 0:
        return None
    with _INDEX_LOCK:
        held = _INDEX.get(municipality_id)
        if held is not None and held[1] == today and time.monotonic() - held[0] < seconds:
            return held[2]
        pool = allocation_candidates(
            municipality_ids={municipality_id}, need_ids=set(), today=today
        )
        _INDEX[municipality_id] = (time.monotonic(), today, pool)
        return pool


def explain_candidate(
    need: LabourNeed, candidate_id: int, *, today: date
) -> Suggestion | list[HardRule]:
    """Why a candidate is or is not suggested: the failed hard rules, or the scored suggestion."""
    facts = need_facts(need)
    (candidate,) = candidate_facts([candidate_id], today=today)
    failures = hard_rule_failures(facts, candidate)
    if failures:
        return failures
    total, reasons = score(facts, candidate, matching_weights(), today)
    return Suggestion(need.pk, candidate_id, total, reasons)


# The statuses that take a place on a need: promised, held or served.
PLACE_TAKING_STATUSES = (*PLACEMENT_HOLDING_STATUSES, PlacementStatus.COMPLETED)


def free_places(needs: Iterable[LabourNeed]) -> dict[int, int]:
    """Places on each need not yet taken or promised (proposed, accepted, active, completed)."""
    needs = list(needs)
    promised = dict(
        Placement.objects.filter(need__in=needs, status__in=PLACE_TAKING_STATUSES)
        .values("need")
        .annotate(n=Count("pk"))
        .values_list("need", "n")
    )
    return {need.pk: max(0, need.places - promised.get(need.pk, 0)) for need in needs}


def with_places_taken(needs: QuerySet[LabourNeed]) -> QuerySet[LabourNeed]:
    """The needs, each with ``places_taken``: what ``free_places`` subtracts, read in the
    needs' own query (no list of thousands of ids sent back)."""
    return needs.annotate(
        places_taken=_count_of(
            Placement.objects.filter(need=OuterRef("pk"), status__in=PLACE_TAKING_STATUSES),
            "need",
        )
    )


@dataclass(frozen=True)
class AllocationProblem:
    """The free places of the needs and each need's top K eligible candidates (the
    edges, without reasons: ``explained`` gives the reasons of the pairs chosen)."""

    places: dict[int, int]
    edges: list[Suggestion]
    needs: dict[int, NeedFacts]
    labour_needs: dict[int, LabourNeed]
    pool: CandidateColumns
    weights: Weights
    today: date

    def explained(self, pairs: Iterable[Suggestion]) -> list[Suggestion]:
        row_of = {int(candidate_id): row for row, candidate_id in enumerate(self.pool.ids)}
        found = []
        for pair in pairs:
            facts = self.pool.facts(row_of[pair.candidate_id])
            total, reasons = score(self.needs[pair.need_id], facts, self.weights, self.today)
            found.append(Suggestion(pair.need_id, pair.candidate_id, total, reasons))
        return found


def allocation_proposal(
    chosen: QuerySet[LabourNeed], *, today: date, top_k: int, weights: Weights | None = None
) -> AllocationProblem:
    """Each open place's candidates, for all the needs at once in a fixed number of
    queries: the needs with the places taken, their areas, and the candidates of their
    job centres as columns (``allocation_candidates``), ranked by ``top_candidates``."""
    weights = weights or matching_weights()
    needs = list(with_places_taken(chosen))
    places = {
        need.pk: max(0, need.places - need.places_taken)  # type: ignore[attr-defined]
        for need in needs
    }
    open_needs = [need for need in needs if places[need.pk]]
    areas: dict[int, set[int]] = defaultdict(set)
    for area_id, municipality_id in HousingArea.objects.filter(
        municipality_id__in={need.project.area.municipality_id for need in open_needs}
    ).values_list("pk", "municipality_id"):
        areas[municipality_id].add(area_id)
    facts = {
        need.pk: need_facts(
            need, listed=areas[need.project.area.municipality_id] - {need.project.area_id}
        )
        for need in open_needs
    }
    pool = allocation_candidates(
        municipality_ids={f.municipality_id for f in facts.values()},
        need_ids=chosen.values("pk"),
        today=today,
    )
    edges = top_candidates(list(facts.values()), pool, weights, today, top_k)
    return AllocationProblem(
        places, edges, facts, {need.pk: need for need in needs}, pool, weights, today
    )


def allocation_candidates(
    *, municipality_ids: set[int], need_ids: Iterable[int] | QuerySet[Any], today: date
) -> CandidateColumns:
    """The candidates of the job centres that pass the rules no need changes (active,
    not anonymised, consent to share with contractors), as columns, in four queries;
    with who declined which of ``need_ids`` (ids, or a query of them)."""
    candidates = (
        Candidate.objects.filter(
            municipality_id__in=municipality_ids,
            status=CandidateStatus.ACTIVE,
            anonymised_on__isnull=True,
        )
        .filter(
            Exists(
                Consent.objects.filter(
                    consent_valid_q(on=today),
                    candidate=OuterRef("pk"),
                    recipient=ConsentRecipient.CONTRACTORS,
                )
            )
        )
        .order_by("pk")
    )
    rows = list(
        candidates.annotate(started_before=_started_before()).values_list(
            "pk",
            "referred_on",
            "municipality_id",
            "available_from",
            "open_to_any_trade",
            "has_driving_licence",
            "safety_course_until",
            "danish_level",
            "speaks_english",
            "birth_date",
            "home_area_id",
            "started_before",
        )
    )
    count = len(rows)
    columns = list(zip(*rows, strict=True)) if rows else [()] * 12
    # The related rows are read for all the job centres' candidates, a superset of the
    # pool that is cheaper to name than the pool with its consents; rows of people
    # outside the pool are passed over.
    theirs = Candidate.objects.filter(municipality_id__in=municipality_ids).values("pk")
    no_shows = no_shows_by_candidate(theirs)

    def ordinals(values: Iterable[date | None]) -> np.ndarray:
        return np.fromiter((v.toordinal() if v else 0 for v in values), np.int64, count)

    ids = np.array(columns[0], dtype=np.int64)
    row_of = {candidate_id: row for row, candidate_id in enumerate(columns[0])}
    trade_ranks: dict[int, np.ndarray] = {}
    for candidate_id, trade_id, rank in (
        TradeInterest.objects.filter(candidate__in=theirs)
        .order_by()
        .values_list("candidate_id", "trade_id", "rank")
    ):
        row = row_of.get(candidate_id)
        if row is None:
            continue
        ranks = trade_ranks.get(trade_id)
        if ranks is None:
            ranks = trade_ranks[trade_id] = np.zeros(count, dtype=np.int8)
        ranks[row] = rank
    busy: dict[int, list[tuple[date, date]]] = defaultdict(list)
    declined: dict[int, set[int]] = defaultdict(set)
    # Two parts, each off its own index: the periods held, and the declines of these needs.
    mine = Placement.objects.filter(candidate__in=theirs).order_by()
    fields = ("candidate_id", "need_id", "status", "starts_on", "ends_on")
    holding = mine.filter(status__in=PLACEMENT_HOLDING_STATUSES).values_list(*fields)
    declines = mine.filter(status=PlacementStatus.DECLINED, need_id__in=need_ids)
    for candidate_id, need_id, status, starts_on, ends_on in holding.union(
        declines.values_list(*fields), all=True
    ):
        row = row_of.get(candidate_id)
        if row is None:
            continue
        if status == PlacementStatus.DECLINED:
            declined[row].add(need_id)
        else:
            busy[row].append((starts_on, ends_on))
    return CandidateColumns(
        ids=ids,
        referred_on=ordinals(columns[1]),
        referred_months=np.fromiter((d.year * 12 + d.month for d in columns[1]), np.int64, count),
        municipality_id=np.array(columns[2], dtype=np.int64),
        active=np.ones(count, dtype=bool),
        consent_to_contractors=np.ones(count, dtype=bool),
        available_from=ordinals(columns[3]),
        open_to_any_trade=np.array(columns[4], dtype=bool),
        has_driving_licence=np.array(columns[5], dtype=bool),
        safety_course_until=ordinals(columns[6]),
        danish_level=np.array(columns[7], dtype=np.int64),
        speaks_english=np.array(columns[8], dtype=bool),
        birth_date=ordinals(columns[9]),
        home_area_id=np.fromiter((-1 if a is None else a for a in columns[10]), np.int64, count),
        started_before=np.array(columns[11], dtype=bool),
        no_shows=np.fromiter((no_shows.get(c, 0) for c in columns[0]), np.int64, count),
        trade_ranks=trade_ranks,
        busy={row: tuple(spans) for row, spans in busy.items()},
        declined_for={row: frozenset(ids_) for row, ids_ in declined.items()},
    )


def need_for_suggestions(*, user: User, need_id: int) -> LabourNeed:
    """A need whose candidates the user may rank: 404 outside the scope, 403 unless the
    user coordinates the need's municipality (ranking people is the job centre's)."""
    need = need_get(user=user, need_id=need_id)
    roles = user_roles(user=user)
    if not (roles.is_admin or need.project.area.municipality_id in roles.municipality_ids):
        raise ApplicationError(
            _("Suggestions are for the job centre's coordinators."), kind=ErrorKind.FORBIDDEN
        )
    return need


def allocation_needs(
    *,
    user: User,
    project: int | None = None,
    municipality: str = "",
    latest_start_from: date | None = None,
    latest_start_to: date | None = None,
) -> QuerySet[LabourNeed]:
    """The open needs of the user's own municipalities that an allocation covers."""
    roles = user_roles(user=user)
    if not (roles.is_admin or roles.is_coordinator):
        raise ApplicationError(
            _("Allocations are for the job centre's coordinators."), kind=ErrorKind.FORBIDDEN
        )
    needs = need_list(user=user).filter(status=NeedStatus.OPEN)
    if not roles.is_admin:
        needs = needs.filter(project__area__municipality_id__in=roles.municipality_ids)
    if project is not None:
        needs = needs.filter(project_id=project)
    if municipality:
        needs = needs.filter(project__area__municipality__code=municipality)
    if latest_start_from is not None:
        needs = needs.filter(latest_start__gte=latest_start_from)
    if latest_start_to is not None:
        needs = needs.filter(latest_start__lte=latest_start_to)
    return needs.select_related("project__area")
