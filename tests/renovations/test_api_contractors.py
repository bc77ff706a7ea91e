"""Contractors: who sees which, and who registers and engages them."""

from typing import Any

import pytest
from django.test import Client

from renovations.models import Contractor, ContractorRole, FollowUpGroup, ProjectContractor
from tests.personas import World
from tests.renovations.api import call
from tests.renovations.factories import (
    ContractorFactory,
    HousingAreaFactory,
    RenovationProjectFactory,
)

CVR = "13585628"


@pytest.fixture
def svendborg_contractor(world: World) -> Contractor:
    """A contractor on a Svendborg site, also engaged on Anne's project."""
    project = RenovationProjectFactory.create(
        area=HousingAreaFactory.create(municipality=world.svendborg), name="Skovparken"
    )
    contractor = ContractorFactory.create(name="Sydfyns Tag ApS")
    ProjectContractor.objects.create(project=project, contractor=contractor)
    return contractor


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("anne", {"murer", "other", "unengaged"}),  # on her projects; and not yet engaged
        ("carl", {"svendborg", "unengaged"}),
        ("bo", {"murer"}),  # his own only
        ("eva", {"other"}),
        ("dorte", {"murer", "other"}),  # engaged on her area's project
        ("frida", {"murer", "other"}),  # engaged on her group's project
        ("ida", {"murer", "other", "svendborg", "unengaged"}),
    ],
)
def test_each_role_lists_its_contractors(
    client: Client, world: World, svendborg_contractor: Contractor, persona: str, visible: set[str]
) -> None:
    """Staff see their own; others the contractors on the projects they can see."""
    unengaged = ContractorFactory.create(name="Nyregistreret ApS")
    names = {
        world.murer.pk: "murer",
        world.other_contractor.pk: "other",
        svendborg_contractor.pk: "svendborg",
        unengaged.pk: "unengaged",
    }
    answer = call(client, world.everyone()[persona], "GET", "contractors")
    assert answer.status == 200
    assert {names[pk] for pk in answer.ids} == visible


def test_engagements_are_shown_only_on_projects_the_reader_sees(
    client: Client, world: World, svendborg_contractor: Contractor
) -> None:
    """Carl sees the Svendborg contractor's Svendborg site, not that it works for Anne."""
    ProjectContractor.objects.create(
        project=world.project, contractor=svendborg_contractor, role=ContractorRole.SUB
    )
    carl = call(client, world.carl, "GET", "contractors")
    row = next(row for row in carl.body["results"] if row["id"] == svendborg_contractor.pk)
    assert [e["project_name"] for e in row["engagements"]] == ["Skovparken"]
    ida = call(client, world.ida, "GET", "contractors")
    row = next(row for row in ida.body["results"] if row["id"] == svendborg_contractor.pk)
    assert {e["project"] for e in row["engagements"]} == {
        world.project.pk,
        svendborg_contractor.engagements.exclude(project=world.project).get().project_id,
    }


def test_a_contractor_shows_cvr_contact_and_engagements(client: Client, world: World) -> None:
    """Bo reads his company's CVR number, contact data and role on the site."""
    answer = call(client, world.bo, "GET", "contractors")
    (row,) = answer.body["results"]
    assert row["cvr"] == world.murer.cvr
    assert row["name"] == "Fynsk Murer A/S"
    assert row["email"] == world.murer.email
    assert row["engagements"] == [
        {"project": world.project.pk, "project_name": world.project.name, "role": "trade"}
    ]


def test_a_coordinator_registers_a_contractor(client: Client, world: World) -> None:
    """The CVR number may be written with spaces; it is kept as 8 digits."""
    answer = call(
        client,
        world.anne,
        "POST",
        "contractors",
        {"cvr": "1358 5628", "name": "Ny Entreprise ApS", "email": "info@ny.dk"},
    )
    assert answer.status == 201, answer
    assert answer.body["cvr"] == CVR
    assert answer.body["engagements"] == []
    listed = call(client, world.anne, "GET", "contractors")
    assert answer.body["id"] in listed.ids  # not engaged yet, but not lost either


def test_a_contractor_can_be_engaged_on_a_project_at_once(client: Client, world: World) -> None:
    """With ``project`` and ``role`` the new contractor is engaged in the same request."""
    body = {"cvr": CVR, "name": "Ny Entreprise ApS", "project": world.project.pk, "role": "main"}
    answer = call(client, world.anne, "POST", "contractors", body)
    assert answer.status == 201, answer
    assert answer.body["engagements"] == [
        {"project": world.project.pk, "project_name": world.project.name, "role": "main"}
    ]
    assert ProjectContractor.objects.filter(
        project=world.project, contractor_id=answer.body["id"], role="main"
    ).exists()


def test_a_cvr_number_registered_already_is_a_conflict(client: Client, world: World) -> None:
    """The same company twice is a 409, whoever registered it first."""
    answer = call(client, world.ida, "POST", "contractors", {"cvr": world.murer.cvr, "name": "X"})
    assert answer.status == 409
    assert "CVR" in answer.body["message"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"cvr": "13585627"}, "cvr"),  # wrong check digit
        ({"cvr": "1234"}, "cvr"),
        ({"name": ""}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"role": "boss"}, "role"),
    ],
)
def test_invalid_contractors_are_refused_with_field_errors(
    client: Client, world: World, fields: dict[str, Any], field: str
) -> None:
    """Each broken rule is a 400 naming its field."""
    answer = call(client, world.anne, "POST", "contractors", {"cvr": CVR, "name": "Ny", **fields})
    assert answer.status == 400, answer
    assert field in answer.fields


@pytest.mark.parametrize("persona", ["bo", "eva", "dorte", "frida"])
def test_only_coordinators_and_administrators_register_contractors(
    client: Client, world: World, persona: str
) -> None:
    """Everybody else gets 403, before their input is looked at."""
    answer = call(client, world.everyone()[persona], "POST", "contractors", {})
    assert answer.status == 403


def test_a_project_outside_the_scope_is_unknown_in_the_input(client: Client, world: World) -> None:
    """Carl cannot name Anne's project: it reads as a project that does not exist."""
    body = {"cvr": CVR, "name": "Ny", "project": world.project.pk}
    answer = call(client, world.carl, "POST", "contractors", body)
    assert answer.status == 400
    assert "project" in answer.fields
    assert not Contractor.objects.filter(cvr=CVR).exists()


def test_engaging_needs_the_projects_coordinator(client: Client, world: World) -> None:
    """Carl, in Anne's follow-up group, sees her project but may not engage anyone on it;
    the contractor is not registered either."""
    FollowUpGroup.objects.get(project=world.project).memberships.create(
        user=world.carl, organisation="Svendborg Kommune"
    )
    body = {"cvr": CVR, "name": "Ny", "project": world.project.pk}
    answer = call(client, world.carl, "POST", "contractors", body)
    assert answer.status == 403
    assert not Contractor.objects.filter(cvr=CVR).exists()
