"""``manage.py generate_load``: the benchmark's caseload, in a municipality of its own."""

import itertools
from collections import Counter, defaultdict
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from matching.management.commands._placement_history import HISTORIC_NEED_DESCRIPTION
from matching.management.commands.generate_load import COORDINATOR_EMAIL, MUNICIPALITY_CODE
from matching.models import (
    PLACEMENT_HOLDING_STATUSES,
    Candidate,
    EndPlan,
    FollowUp,
    Outcome,
    Placement,
    PlacementStatus,
    RetentionCheck,
    TradeInterest,
)
from matching.selectors import candidate_scope, no_show_placements
from renovations.models import LabourNeed, Municipality
from renovations.selectors import need_list
from tests.personas import World

SMALL = {"candidates": 120, "needs": 15, "projects": 3, "contractors": 5, "placements": 0}


def _load(**options: object) -> str:
    out = StringIO()
    call_command("generate_load", stdout=out, **{**SMALL, **options})
    return out.getvalue()


def test_the_coordinator_sees_the_load_and_nobody_else_does(world: World) -> None:
    """The load's coordinator has every generated candidate and need; Anne none of them."""
    _load()
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    today = timezone.localdate()
    assert candidate_scope(user=coordinator, today=today).count() == 120
    assert need_list(user=coordinator).count() == 15
    assert not candidate_scope(user=world.anne, today=today).filter(
        municipality__code=MUNICIPALITY_CODE
    )
    interests = TradeInterest.objects.filter(candidate__municipality__code=MUNICIPALITY_CODE)
    assert 120 <= interests.count() <= 360


@pytest.mark.django_db
def test_a_second_run_finds_the_load_in_place_and_reset_replaces_it() -> None:
    """The same counts again change nothing; other counts need --reset, which starts over."""
    _load()
    first = set(Candidate.objects.values_list("pk", flat=True))
    assert "in place" in _load()
    assert set(Candidate.objects.values_list("pk", flat=True)) == first
    with pytest.raises(CommandError, match="--reset"):
        _load(candidates=10)
    _load(candidates=10, needs=2, reset=True)
    assert Candidate.objects.count() == 10
    assert LabourNeed.objects.count() == 2
    assert Municipality.objects.filter(code=MUNICIPALITY_CODE).count() == 1


@pytest.mark.django_db
def test_history_is_years_of_finished_placements_that_never_overlap() -> None:
    """--placements writes that many placements, all over, spread over years, one at a time
    per candidate, on closed needs of the load, with follow-ups, end plans and outcomes."""
    _load(placements=900)
    today = timezone.localdate()
    placements = list(Placement.objects.select_related("candidate", "need__project__area"))
    assert len(placements) == 900
    statuses = Counter(p.status for p in placements)
    assert set(statuses) == {
        PlacementStatus.COMPLETED,
        PlacementStatus.INTERRUPTED,
        PlacementStatus.DECLINED,
        PlacementStatus.WITHDRAWN,
    }
    assert not set(statuses) & set(PLACEMENT_HOLDING_STATUSES)
    assert min(p.starts_on for p in placements) < today - timedelta(days=3 * 365)
    by_candidate = defaultdict(list)
    for p in placements:
        assert p.candidate.municipality.code == MUNICIPALITY_CODE
        assert p.candidate.referred_on <= p.starts_on <= p.ends_on < today
        assert p.need.description == HISTORIC_NEED_DESCRIPTION
        assert p.need.status in ("filled", "closed") and p.need.kind == p.kind
        by_candidate[p.candidate_id].append(p)
    for own in by_candidate.values():
        own.sort(key=lambda p: p.starts_on)
        assert all(a.ends_on < b.starts_on for a, b in itertools.pairwise(own))
    for p in placements[:60]:
        p.full_clean()  # fields, checks and, on PostgreSQL, the exclusion constraint
    completed = {p.pk for p in placements if p.status == PlacementStatus.COMPLETED}
    assert set(EndPlan.objects.values_list("placement", flat=True)) == completed
    started = {p.pk: p for p in placements if p.status in ("completed", "interrupted")}
    for follow_up in FollowUp.objects.all():
        placement = started[follow_up.placement_id]
        assert placement.starts_on <= follow_up.held_on <= placement.ends_on
    no_shows = {p.pk for p in placements if p.interrupt_reason == "no_show"}
    assert no_shows and no_shows <= set(no_show_placements().values_list("pk", flat=True))
    outcomes = Outcome.objects.all()
    assert outcomes and all(o.placement_id in started for o in outcomes)
    assert RetentionCheck.objects.count() == 3 * len(outcomes)
    assert RetentionCheck.objects.filter(checked_on__isnull=False).exists()


@pytest.mark.django_db
def test_history_counts_towards_the_load_in_place_and_reset_removes_it() -> None:
    """A run with the same placements finds the load in place; --reset deletes the history."""
    _load(placements=300)
    assert "in place" in _load(placements=300)
    with pytest.raises(CommandError, match="--reset"):
        _load(placements=200)
    _load(placements=0, reset=True)
    assert not Placement.objects.exists()
    assert not LabourNeed.objects.filter(description=HISTORIC_NEED_DESCRIPTION).exists()
    assert LabourNeed.objects.count() == 15
