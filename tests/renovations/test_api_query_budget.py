"""Each list endpoint runs the same number of queries for a page of 1 and of 50 rows.

The rows of a page and everything they show come in a fixed number of queries
(select_related and prefetches), so that no N+1 can creep in unnoticed.
"""

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from renovations.models import (
    ActionItem,
    FollowUpGroup,
    FollowUpGroupMember,
    Meeting,
    ProjectContractor,
)
from tests.accounts.factories import UserFactory
from tests.personas import World
from tests.renovations.factories import (
    ContractorFactory,
    HousingAreaFactory,
    LabourNeedFactory,
    MunicipalityFactory,
    RenovationProjectFactory,
)

ROWS = 55


def _queries(client: Client, user: User, url: str, page_size: int) -> tuple[int, int]:
    """Return the number of queries and of rows for one page."""
    client.force_login(user)
    client.get(url, {"page_size": 1})  # the session and caches are warm for both
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200, response.content[:300]
    return len(queries), len(response.json()["results"])


def _assert_constant(client: Client, user: User, url: str) -> int:
    small, one = _queries(client, user, url, 1)
    large, fifty = _queries(client, user, url, 50)
    assert (one, fifty) == (1, 50)
    assert small == large, f"{url}: {small} queries for 1 row, {large} for 50"
    return large


def _municipalities(world: World) -> str:
    for n in range(ROWS):
        MunicipalityFactory.create(code=f"{600 + n}")
    return reverse("municipalities")


def _areas(world: World) -> str:
    for _ in range(ROWS):
        HousingAreaFactory.create(municipality=world.odense)
    return reverse("housing-areas")


def _projects(world: World) -> str:
    for _ in range(ROWS):
        RenovationProjectFactory.create(area=world.area)
    return reverse("projects")


def _contractors(world: World) -> str:
    for _ in range(ROWS):
        contractor = ContractorFactory.create()
        ProjectContractor.objects.create(project=world.project, contractor=contractor)
    return reverse("contractors")


def _needs(world: World) -> str:
    for _ in range(ROWS):
        LabourNeedFactory.create(project=world.project, contractor=world.murer)
    return reverse("needs")


def _groups(world: World) -> str:
    for n in range(ROWS):
        group = FollowUpGroup.objects.create(project=world.project, name=f"Gruppe {n}")
        FollowUpGroupMember.objects.create(
            group=group, user=UserFactory.create(), organisation="3F Fyn"
        )
    return reverse("follow-up-groups")


def _meetings(world: World) -> str:
    group = FollowUpGroup.objects.get(project=world.project)
    for n in range(ROWS):
        meeting = Meeting.objects.create(group=group, held_on=dt.date(2026, 1, 1) + dt.timedelta(n))
        ActionItem.objects.create(meeting=meeting, text="Opfølgning", owner=world.frida)
    return reverse("follow-up-group-meetings", kwargs={"group_id": group.pk})


@pytest.mark.parametrize(
    ("make", "persona"),
    [
        (_municipalities, "bo"),
        (_areas, "bo"),
        (_projects, "anne"),
        (_contractors, "anne"),
        (_needs, "anne"),
        (_needs, "bo"),
        (_groups, "frida"),
        (_groups, "anne"),
        (_meetings, "frida"),
    ],
)
def test_a_list_page_costs_the_same_queries_for_1_and_50_rows(
    client: Client, world: World, make: Callable[[World], str], persona: str
) -> None:
    """Enough rows for two pages of 50; both page sizes cost the same."""
    user = world.everyone()[persona]
    url = make(world)
    if make is _groups and persona == "frida":
        for group in FollowUpGroup.objects.all():
            group.memberships.get_or_create(user=user, defaults={"organisation": "3F Fyn"})
    _assert_constant(client, user, url)


def test_the_trades_list_costs_the_same_queries_for_1_and_all_rows(
    client: Client, world: World
) -> None:
    """The seeded trades are fewer than 50: one row against all of them."""
    small, _ = _queries(client, world.bo, reverse("trades"), 1)
    large, rows = _queries(client, world.bo, reverse("trades"), 50)
    assert rows > 10
    assert small == large


def test_the_needs_list_costs_only_the_roles_more_than_reference_data(
    client: Client, world: World
) -> None:
    """Beyond what any request costs (session, user) and a page (count, rows), the needs
    list reads the user's roles once (four queries), and nothing else."""
    reference, _ = _queries(client, world.anne, reverse("trades"), 50)
    needs = _assert_constant(client, world.anne, _needs(world))
    assert needs <= reference + 4
