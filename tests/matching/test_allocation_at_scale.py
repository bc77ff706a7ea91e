"""Ranking many needs at once (``top_candidates``) and the allocation's optimality.

``top_candidates`` is how an allocation over thousands of needs finds each need's top
K without scoring every candidate for every need; it must give exactly what ``suggest``
gives one need at a time. The allocation over those edges must be optimal: checked
here against an exact dense assignment (scipy's ``linear_sum_assignment``) on
instances small enough for a dense matrix.
"""

from datetime import timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matching.algorithm import (
    CandidateFacts,
    NeedFacts,
    Suggestion,
    Weights,
    allocate,
    candidate_columns,
    hard_rule_failures,
    score,
    suggest,
    top_candidates,
)
from tests.matching.test_algorithm import TODAY, candidates, needs

AREAS = (10, 11, 12)


@st.composite
def need_sets(draw: st.DrawFn) -> list[NeedFacts]:
    """Needs with their own ids, in different areas with different listed neighbours."""
    made = []
    for need_id in range(100, 100 + draw(st.integers(1, 6))):
        need = draw(needs())
        area = draw(st.sampled_from(AREAS))
        made.append(
            NeedFacts(
                **{
                    **vars(need),
                    "id": need_id,
                    "area_id": area,
                    "listed_area_ids": frozenset(a for a in AREAS if a != area),
                }
            )
        )
    return made


people = st.lists(st.integers(1, 10**6), unique=True, min_size=1, max_size=30).flatmap(
    lambda ids: st.tuples(*[candidates(id) for id in ids])
)


@settings(max_examples=100, deadline=None)
@given(
    many=need_sets(),
    pool=people,
    limit=st.integers(1, 6),
    shortlist=st.none() | st.integers(1, 8),
)
def test_top_candidates_ranks_each_need_as_suggest_does(
    many: list[NeedFacts],
    pool: tuple[CandidateFacts, ...],
    limit: int,
    shortlist: int | None,
) -> None:
    """The same candidates, scores and order per need, whether the shortlist holds enough
    eligible rows or the need falls back to every candidate."""
    found = top_candidates(many, candidate_columns(pool), Weights(), TODAY, limit, shortlist)
    for need in many:
        expected = [(s.candidate_id, s.score) for s in suggest(need, pool, Weights(), TODAY, limit)]
        assert [(s.candidate_id, s.score) for s in found if s.need_id == need.id] == expected


@settings(max_examples=50, deadline=None)
@given(pool=people)
def test_columns_give_back_the_same_facts(pool: tuple[CandidateFacts, ...]) -> None:
    """A row of the columns is the candidate's facts: the rules and score read the same."""
    columns = candidate_columns(pool)
    for row, candidate in enumerate(pool):
        again = columns.facts(row)
        assert again == candidate or (
            sorted(again.trade_ranks) == sorted(candidate.trade_ranks)
            and again == CandidateFacts(**{**vars(candidate), "trade_ranks": again.trade_ranks})
        )


def _dense_optimum(places: dict[int, int], edges: list[Suggestion]) -> int:
    """The best total by an exact assignment on the dense places-by-candidates matrix,
    with one empty seat per place (worth nothing) so that a place may stay empty."""
    slots = [need_id for need_id, free in places.items() for _ in range(free)]
    people_ = sorted({e.candidate_id for e in edges})
    if not slots or not people_:
        return 0
    forbidden = -(10**6)
    profit = np.full((len(slots), len(people_) + len(slots)), forbidden, dtype=np.int64)
    profit[:, len(people_) :] = 0
    column = {c: i for i, c in enumerate(people_)}
    for e in edges:
        for row, need_id in enumerate(slots):
            if need_id == e.need_id:
                profit[row, column[e.candidate_id]] = max(
                    profit[row, column[e.candidate_id]], e.score
                )
    rows, columns = linear_sum_assignment(profit, maximize=True)
    return int(profit[rows, columns].sum())


@st.composite
def larger_instances(draw: st.DrawFn) -> tuple[dict[int, int], list[Suggestion]]:
    places = {n: draw(st.integers(0, 5)) for n in range(draw(st.integers(1, 12)))}
    pairs = draw(
        st.sets(st.tuples(st.sampled_from(sorted(places)), st.integers(1, 25)), max_size=80)
    )
    return places, [Suggestion(n, c, draw(st.integers(0, 100))) for n, c in sorted(pairs)]


@settings(max_examples=100, deadline=None)
@given(instance=larger_instances())
def test_the_allocation_total_equals_the_dense_exact_optimum(
    instance: tuple[dict[int, int], list[Suggestion]],
) -> None:
    places, edges = instance
    result = allocate(places, edges)
    assert result.total == _dense_optimum(places, edges)
    used = [pair.candidate_id for pair in result.pairs]
    assert len(used) == len(set(used))


def test_an_allocation_over_ranked_needs_breaks_no_rule_and_explains_itself() -> None:
    """End to end without a database: rank many needs, allocate, explain the pairs."""
    rng = np.random.default_rng(7)
    pool = [
        CandidateFacts(
            id=n,
            referred_on=TODAY - timedelta(days=int(rng.integers(0, 700))),
            trade_ranks=((int(rng.integers(1, 4)), 1),),
            open_to_any_trade=bool(rng.integers(0, 2)),
            home_area_id=int(rng.choice(AREAS)),
            has_driving_licence=bool(rng.integers(0, 2)),
            danish_level=int(rng.integers(0, 5)),
        )
        for n in range(1, 400)
    ]
    many = [
        NeedFacts(
            id=100 + n,
            trade_id=1 + n % 3,
            kind="snusepraktik" if n % 2 else "laerling",
            earliest_start=TODAY + timedelta(days=7),
            latest_start=TODAY + timedelta(days=21),
            window_end=TODAY + timedelta(days=50),
            area_id=AREAS[n % 3],
            listed_area_ids=frozenset(a for a in AREAS if a != AREAS[n % 3]),
            requires_driving_licence=n % 4 == 0,
            min_danish_level=n % 3,
        )
        for n in range(30)
    ]
    columns = candidate_columns(pool)
    edges = top_candidates(many, columns, Weights(), TODAY, limit=5)
    result = allocate(dict.fromkeys((n.id for n in many), 2), edges)
    by_id = {n.id: n for n in many}
    row_of = {c.id: row for row, c in enumerate(pool)}
    assert result.pairs
    for pair in result.pairs:
        facts = columns.facts(row_of[pair.candidate_id])
        assert hard_rule_failures(by_id[pair.need_id], facts) == []
        assert score(by_id[pair.need_id], facts, Weights(), TODAY)[0] == pair.score
