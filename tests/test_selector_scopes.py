"""Needs, projects, placements and outcomes are scoped by role in their selectors."""

import datetime as dt

import pytest
from django.utils import timezone

from matching.models import Outcome, OutcomeKind
from matching.selectors import outcome_list, placement_list
from renovations.selectors import need_list, project_list
from tests.personas import World


@pytest.mark.parametrize(
    ("persona", "needs"),
    [
        ("anne", {"murer", "other"}),  # her municipality's project
        ("bo", {"murer"}),  # his own contractor's
        ("eva", {"other"}),
        ("dorte", {"murer", "other"}),  # her area's project
        ("frida", {"murer", "other"}),  # her group's project
        ("carl", set()),
    ],
)
def test_needs_per_role(world: World, persona: str, needs: set[str]) -> None:
    names = {world.need.pk: "murer", world.other_need.pk: "other"}
    seen = need_list(user=world.everyone()[persona]).values_list("pk", flat=True)
    assert {names[pk] for pk in seen} == needs
    assert project_list(user=world.everyone()[persona]).exists() == bool(needs)


@pytest.mark.parametrize(
    ("persona", "people"),
    [
        ("anne", {"Sara", "Nina"}),
        ("bo", {"Sara"}),  # Nina withdrew her consent
        ("eva", set()),
        ("dorte", {"Sara"}),
        ("frida", set()),
        ("carl", set()),
    ],
)
def test_placements_per_role(world: World, persona: str, people: set[str]) -> None:
    placements = placement_list(user=world.everyone()[persona], today=timezone.localdate())
    assert {p.candidate.first_name for p in placements} == people


@pytest.mark.parametrize(
    ("persona", "count"), [("anne", 1), ("ida", 1), ("bo", 0), ("dorte", 0), ("frida", 0)]
)
def test_outcomes_are_the_job_centres(world: World, persona: str, count: int) -> None:
    Outcome.objects.create(
        candidate=world.sara, kind=OutcomeKind.EDUCATION, started_on=dt.date(2026, 6, 1)
    )
    assert outcome_list(user=world.everyone()[persona]).count() == count
