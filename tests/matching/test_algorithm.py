"""The matching algorithm, without a database: hard rules, score, suggestions, allocation."""

import itertools
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.algorithm import (
    CandidateFacts,
    HardRule,
    NeedFacts,
    ReasonCode,
    Suggestion,
    Weights,
    allocate,
    hard_rule_failures,
    score,
    suggest,
)

TODAY = date(2026, 3, 2)
MURER, MALER = 1, 2
KORSLOEKKE, VOLLSMOSE = 10, 11
NEED = NeedFacts(
    id=100,
    trade_id=MURER,
    kind="snusepraktik",
    earliest_start=date(2026, 3, 9),
    latest_start=date(2026, 3, 30),
    window_end=date(2026, 4, 24),
    area_id=KORSLOEKKE,
    listed_area_ids=frozenset({VOLLSMOSE}),
)


def person(id: int = 1, **facts: object) -> CandidateFacts:
    return CandidateFacts(id=id, referred_on=TODAY, **facts)  # type: ignore[arg-type]


def test_an_eligible_candidate_fails_no_rule() -> None:
    assert hard_rule_failures(NEED, person()) == []


def test_each_hard_rule_names_itself() -> None:
    strict = NeedFacts(
        **{
            **NEED.__dict__,
            "requires_driving_licence": True,
            "requires_safety_course": True,
            "min_danish_level": 2,
            "min_age": 18,
        },
    )
    failures = hard_rule_failures(
        strict,
        person(
            municipality_id=99,
            active=False,
            consent_to_contractors=False,
            available_from=date(2026, 4, 1),
            busy=((date(2026, 4, 20), date(2026, 5, 15)),),
            safety_course_until=date(2026, 3, 1),
            danish_level=1,
            birth_date=date(2010, 1, 1),
            declined_for=frozenset({100}),
        ),
    )
    assert set(failures) == set(HardRule)


def test_english_instead_of_danish_where_the_need_accepts_it() -> None:
    need = NeedFacts(**{**NEED.__dict__, "min_danish_level": 3, "english_ok_accepted": True})
    assert hard_rule_failures(need, person(danish_level=0, speaks_english=True)) == []
    assert hard_rule_failures(need, person(danish_level=0)) == [HardRule.DANISH]


def test_a_local_resident_with_the_trade_first_scores_highest_and_says_why() -> None:
    total, reasons = score(
        NEED,
        person(
            trade_ranks=((MURER, 1),),
            home_area_id=KORSLOEKKE,
        ),
        Weights(),
        TODAY,
    )
    codes = {reason.code for reason in reasons}
    assert codes == {ReasonCode.TRADE_RANK, ReasonCode.LOCAL_RESIDENT, ReasonCode.FIRST_PLACEMENT}
    assert total == 15 + 35 + 10 == sum(reason.points for reason in reasons)


def test_no_shows_pull_the_score_down_but_never_below_zero() -> None:
    total, reasons = score(NEED, person(no_shows=3, started_before=True), Weights(), TODAY)
    assert total == 0
    assert any(r.code == ReasonCode.NO_SHOWS and r.points == -30 for r in reasons)


def test_waiting_time_counts_up_to_its_cap() -> None:
    long_ago = CandidateFacts(id=1, referred_on=TODAY - timedelta(days=400), started_before=True)
    total, _ = score(NEED, long_ago, Weights(), TODAY)
    assert total == Weights().waiting_max


def test_suggest_ranks_by_score_then_waiting() -> None:
    early = CandidateFacts(id=3, referred_on=date(2026, 2, 28))
    late = CandidateFacts(id=2, referred_on=date(2026, 3, 1))
    local = person(id=4, home_area_id=KORSLOEKKE)
    inactive = person(id=5, active=False, home_area_id=KORSLOEKKE)
    ranked = suggest(NEED, [late, early, local, inactive], Weights(), TODAY, limit=3)
    assert [s.candidate_id for s in ranked] == [4, 3, 2]


# --- Property tests ----------------------------------------------------------------

dates = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))


@st.composite
def candidates(draw: st.DrawFn, id: int) -> CandidateFacts:
    busy_start = draw(st.none() | dates)
    return CandidateFacts(
        id=id,
        referred_on=draw(st.dates(min_value=date(2024, 1, 1), max_value=TODAY)),
        active=draw(st.booleans()),
        consent_to_contractors=draw(st.booleans()),
        available_from=draw(st.none() | dates),
        busy=() if busy_start is None else ((busy_start, busy_start + timedelta(days=25)),),
        trade_ranks=tuple(
            (trade, rank) for rank, trade in enumerate(draw(st.permutations([1, 2, 3]))[:2], 1)
        ),
        open_to_any_trade=draw(st.booleans()),
        has_driving_licence=draw(st.booleans()),
        safety_course_until=draw(st.none() | dates),
        danish_level=draw(st.integers(0, 4)),
        speaks_english=draw(st.booleans()),
        birth_date=draw(
            st.none() | st.dates(min_value=date(1960, 1, 1), max_value=date(2011, 1, 1))
        ),
        home_area_id=draw(st.sampled_from([None, KORSLOEKKE, VOLLSMOSE, 12])),
        started_before=draw(st.booleans()),
        no_shows=draw(st.integers(0, 2)),
        declined_for=frozenset(draw(st.sets(st.sampled_from([100, 101])))),
    )


@st.composite
def needs(draw: st.DrawFn) -> NeedFacts:
    earliest = draw(dates)
    latest = earliest + timedelta(days=draw(st.integers(0, 30)))
    return NeedFacts(
        id=draw(st.sampled_from([100, 101])),
        trade_id=draw(st.integers(1, 3)),
        kind=draw(st.sampled_from(["snusepraktik", "laerling", "ordinaert_job"])),
        earliest_start=earliest,
        latest_start=latest,
        window_end=latest + timedelta(days=25),
        area_id=KORSLOEKKE,
        listed_area_ids=frozenset({VOLLSMOSE}),
        requires_driving_licence=draw(st.booleans()),
        requires_safety_course=draw(st.booleans()),
        min_danish_level=draw(st.integers(0, 4)),
        english_ok_accepted=draw(st.booleans()),
        min_age=draw(st.none() | st.integers(15, 30)),
    )


@settings(max_examples=200, deadline=None)
@given(
    need=needs(),
    people=st.lists(st.integers(1, 10**6), unique=True, max_size=25).flatmap(
        lambda ids: st.tuples(*[candidates(id) for id in ids])
    ),
)
def test_no_suggestion_ever_breaks_a_hard_rule(
    need: NeedFacts, people: tuple[CandidateFacts, ...]
) -> None:
    by_id = {candidate.id: candidate for candidate in people}
    ranked = suggest(need, people, Weights(), TODAY, limit=10)
    for suggestion in ranked:
        assert hard_rule_failures(need, by_id[suggestion.candidate_id]) == []
        assert 0 <= suggestion.score <= 100
    eligible = [c for c in people if not hard_rule_failures(need, c)]
    assert len(ranked) == min(10, len(eligible))
    scores = [s.score for s in ranked]
    assert scores == sorted(scores, reverse=True)


def _brute_force(places: dict[int, int], edges: list[Suggestion]) -> int:
    """The best total over every way of giving each candidate at most one place."""
    candidates_ = sorted({e.candidate_id for e in edges})
    options = {c: [None, *[e for e in edges if e.candidate_id == c]] for c in candidates_}
    best = 0
    for choice in itertools.product(*options.values()):
        taken = [e for e in choice if e is not None]
        per_need = {n: sum(1 for e in taken if e.need_id == n) for n in places}
        if all(per_need[n] <= places[n] for n in places):
            best = max(best, sum(e.score for e in taken))
    return best


@st.composite
def instances(draw: st.DrawFn) -> tuple[dict[int, int], list[Suggestion]]:
    places = {n: draw(st.integers(0, 3)) for n in range(draw(st.integers(1, 3)))}
    pairs = draw(
        st.sets(st.tuples(st.sampled_from(sorted(places)), st.integers(1, 6)), max_size=10)
    )
    edges = [Suggestion(n, c, draw(st.integers(0, 100))) for n, c in sorted(pairs)]
    return places, edges


@settings(max_examples=300, deadline=None)
@given(instance=instances())
def test_the_allocation_is_feasible_and_optimal(
    instance: tuple[dict[int, int], list[Suggestion]],
) -> None:
    places, edges = instance
    result = allocate(places, edges)
    used = [pair.candidate_id for pair in result.pairs]
    assert len(used) == len(set(used)), "a candidate placed twice"
    for need_id, free in places.items():
        taken = sum(1 for pair in result.pairs if pair.need_id == need_id)
        assert taken <= free
        assert result.unfilled.get(need_id, free) == free - taken
    assert set(result.pairs) <= set(edges)
    assert result.total == _brute_force(places, edges)


def test_allocation_prefers_the_total_over_the_greedy_choice() -> None:
    """Greedy gives Ali to need 1 (90) and leaves need 2 empty; the optimum does better."""
    edges = [Suggestion(1, 1, 90), Suggestion(1, 2, 80), Suggestion(2, 1, 85)]
    result = allocate({1: 1, 2: 1}, edges)
    assert result.total == 80 + 85
    assert result.unfilled == {1: 0, 2: 0}
