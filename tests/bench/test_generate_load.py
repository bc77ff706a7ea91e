"""``manage.py generate_load``: the benchmark's caseload, in a municipality of its own."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from matching.management.commands.generate_load import COORDINATOR_EMAIL, MUNICIPALITY_CODE
from matching.models import Candidate, TradeInterest
from matching.selectors import candidate_scope
from renovations.models import LabourNeed, Municipality
from renovations.selectors import need_list
from tests.personas import World

SMALL = {"candidates": 120, "needs": 15, "projects": 3, "contractors": 5}


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
