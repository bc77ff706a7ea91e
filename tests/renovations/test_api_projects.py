"""Renovation projects: read in scope, written by the municipality's coordinators."""

from typing import Any

import pytest
from django.test import Client

from renovations.models import FollowUpGroup, ProjectStatus, RenovationProject
from tests.personas import World
from tests.renovations.api import call
from tests.renovations.factories import HousingAreaFactory, RenovationProjectFactory


def _new(world: World, **fields: Any) -> dict[str, Any]:
    return {
        "area": world.area.pk,
        "name": "Korsløkkeparken etape 2",
        "site_address": "Korsløkkevej 2, 5220 Odense SØ",
        "starts_on": "2027-01-04",
        "ends_on": "2028-12-22",
        "target_placements": 40,
        "target_jobs": 12,
        "target_education": 5,
        "trainee_share_target": "8.5",
        "craft_budget_dkk": 120_000_000,
        **fields,
    }


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("anne", True),  # her municipality
        ("bo", True),  # his contractor is engaged on it
        ("eva", True),
        ("dorte", True),  # her housing area
        ("frida", True),  # her follow-up group's project
        ("ida", True),
        ("carl", False),  # Svendborg
    ],
)
def test_each_role_lists_the_projects_in_its_scope(
    client: Client, world: World, persona: str, sees: bool
) -> None:
    """Only projects in the user's municipality, area, engagements or groups are listed."""
    svendborg = RenovationProjectFactory.create(
        area=HousingAreaFactory.create(municipality=world.svendborg)
    )
    answer = call(client, world.everyone()[persona], "GET", "projects")
    assert answer.status == 200
    assert (world.project.pk in answer.ids) == sees
    assert (svendborg.pk in answer.ids) == (persona in {"carl", "ida"})


def test_a_project_shows_its_area_municipality_and_targets(client: Client, world: World) -> None:
    """The detail carries the social-clause targets and where the site is."""
    answer = call(client, world.dorte, "GET", "project", project_id=world.project.pk)
    assert answer.status == 200
    assert answer.body["area"] == world.area.pk
    assert answer.body["area_name"] == "Korsløkkeparken"
    assert answer.body["municipality"] == "461"
    assert answer.body["target_placements"] == 180
    assert answer.body["trainee_share_target"] is None


def test_a_project_outside_the_scope_is_not_found(client: Client, world: World) -> None:
    """Carl gets 404 for Anne's project, exactly as for one that does not exist."""
    assert call(client, world.carl, "GET", "project", project_id=world.project.pk).status == 404
    assert call(client, world.anne, "GET", "project", project_id=999_999).status == 404


def test_projects_filter_by_status_municipality_and_area(client: Client, world: World) -> None:
    """``status``, ``municipality`` (code) and ``area`` narrow the list."""
    planned = RenovationProjectFactory.create(area=world.area, status=ProjectStatus.PLANNED)
    other_area = HousingAreaFactory.create(municipality=world.odense)
    elsewhere = RenovationProjectFactory.create(area=other_area)
    by_status = call(client, world.anne, "GET", "projects", {"status": "planned"})
    by_area = call(client, world.anne, "GET", "projects", {"area": other_area.pk})
    by_code = call(client, world.ida, "GET", "projects", {"municipality": "461"})
    assert by_status.ids == {planned.pk}
    assert by_area.ids == {elsewhere.pk}
    assert by_code.ids == {world.project.pk, planned.pk, elsewhere.pk}


def test_a_bad_filter_is_a_field_error(client: Client, world: World) -> None:
    """An unknown status in the query is a 400 naming the parameter."""
    answer = call(client, world.anne, "GET", "projects", {"status": "demolished"})
    assert answer.status == 400
    assert "status" in answer.fields


def test_the_coordinator_registers_a_project_in_her_area(client: Client, world: World) -> None:
    """Anne creates a project in Korsløkkeparken; it starts as planned."""
    answer = call(client, world.anne, "POST", "projects", _new(world))
    assert answer.status == 201, answer
    project = RenovationProject.objects.get(pk=answer.body["id"])
    assert project.status == ProjectStatus.PLANNED
    assert str(project.trainee_share_target) == "8.50"
    assert answer.body["trainee_share_target"] == "8.50"
    assert answer.body["craft_budget_dkk"] == 120_000_000


def test_another_municipalitys_coordinator_may_not_add_a_project(
    client: Client, world: World
) -> None:
    """Carl coordinates Svendborg, not Odense: 403, and nothing is created."""
    before = RenovationProject.objects.count()
    answer = call(client, world.carl, "POST", "projects", _new(world))
    assert answer.status == 403
    assert RenovationProject.objects.count() == before


@pytest.mark.parametrize("persona", ["bo", "dorte", "frida"])
def test_roles_that_never_write_projects_are_refused_before_their_input(
    client: Client, world: World, persona: str
) -> None:
    """Contractor staff, social workers and members get 403 even for an empty body."""
    answer = call(client, world.everyone()[persona], "POST", "projects", {})
    assert answer.status == 403
    assert set(answer.body) == {"message", "extra"}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_on": "2026-12-31"}, "ends_on"),  # before the start
        ({"trainee_share_target": "100.5"}, "trainee_share_target"),
        ({"trainee_share_target": "-1"}, "trainee_share_target"),
        ({"target_jobs": -1}, "target_jobs"),
        ({"status": "demolished"}, "status"),
        ({"area": 999_999}, "area"),
        ({"name": "   "}, "name"),
        ({"starts_on": "soon"}, "starts_on"),
    ],
)
def test_invalid_projects_are_refused_with_field_errors(
    client: Client, world: World, fields: dict[str, Any], field: str
) -> None:
    """Each broken rule is a 400 that names its field in extra.fields."""
    answer = call(client, world.anne, "POST", "projects", _new(world, **fields))
    assert answer.status == 400, answer
    assert field in answer.fields


def test_the_coordinator_changes_targets_and_status(client: Client, world: World) -> None:
    """A PATCH changes only what it names."""
    answer = call(
        client,
        world.anne,
        "PATCH",
        "project",
        {"target_jobs": 65, "status": "completed"},
        project_id=world.project.pk,
    )
    assert answer.status == 200, answer
    world.project.refresh_from_db()
    assert world.project.target_jobs == 65
    assert world.project.status == ProjectStatus.COMPLETED
    assert world.project.target_placements == 180


def test_a_change_that_ends_the_project_before_it_starts_is_refused(
    client: Client, world: World
) -> None:
    """The end is checked against the start already stored."""
    answer = call(
        client,
        world.anne,
        "PATCH",
        "project",
        {"ends_on": "2025-01-01"},
        project_id=world.project.pk,
    )
    assert answer.status == 400
    assert "ends_on" in answer.fields
    world.project.refresh_from_db()
    assert str(world.project.ends_on) != "2025-01-01"


@pytest.mark.parametrize("persona", ["bo", "eva", "dorte", "frida"])
def test_those_who_only_see_the_project_may_not_change_it(
    client: Client, world: World, persona: str
) -> None:
    """An engaged contractor, the social worker and a member see the project: 403."""
    answer = call(
        client,
        world.everyone()[persona],
        "PATCH",
        "project",
        {"name": "Omdøbt"},
        project_id=world.project.pk,
    )
    assert answer.status == 403


def test_a_coordinator_elsewhere_finds_no_project_to_change(client: Client, world: World) -> None:
    """Carl's PATCH on Anne's project is a 404, even with a bad body."""
    answer = call(
        client, world.carl, "PATCH", "project", {"ends_on": "x"}, project_id=world.project.pk
    )
    assert answer.status == 404


def test_a_member_who_also_coordinates_elsewhere_may_not_change_the_project(
    client: Client, world: World
) -> None:
    """Carl in Anne's follow-up group sees her project, but it is not his municipality's."""
    FollowUpGroup.objects.get(project=world.project).memberships.create(
        user=world.carl, organisation="Svendborg Kommune"
    )
    answer = call(
        client, world.carl, "PATCH", "project", {"name": "Omdøbt"}, project_id=world.project.pk
    )
    assert answer.status == 403
