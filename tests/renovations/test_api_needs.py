"""Labour needs: read in scope, posted and changed by the contractor's staff and the
job centre, with the rules of the need's window, kind and status."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from renovations.models import (
    FollowUpGroup,
    LabourNeed,
    NeedKind,
    NeedStatus,
    ProjectContractor,
    ProjectStatus,
)
from tests.personas import World
from tests.renovations.api import call
from tests.renovations.factories import ContractorFactory, LabourNeedFactory, trade

START = dt.date(2026, 9, 1)


def _new(world: World, **fields: Any) -> dict[str, Any]:
    return {
        "project": world.project.pk,
        "contractor": world.murer.pk,
        "trade": "murer",
        "places": 2,
        "earliest_start": START.isoformat(),
        "latest_start": (START + dt.timedelta(days=21)).isoformat(),
        "requires_safety_course": True,
        "min_danish_level": 2,
        "min_age": 18,
        "description": "Facaderenovering, blok C",
        "mentor_name": "Jens Mester",
        "mentor_email": "jens@fynskmurer.dk",
        "mentor_phone": "+45 20 30 40 50",
        **fields,
    }


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("anne", {"murer", "other"}),
        ("bo", {"murer"}),
        ("eva", {"other"}),
        ("dorte", {"murer", "other"}),
        ("frida", {"murer", "other"}),
        ("ida", {"murer", "other"}),
        ("carl", set()),
    ],
)
def test_each_role_lists_the_needs_in_its_scope(
    client: Client, world: World, persona: str, visible: set[str]
) -> None:
    """Contractor staff see their own contractor's needs, the others those of their sites."""
    names = {world.need.pk: "murer", world.other_need.pk: "other"}
    answer = call(client, world.everyone()[persona], "GET", "needs")
    assert answer.status == 200
    assert {names[pk] for pk in answer.ids} == visible


def test_a_need_shows_its_requirements_and_mentor(client: Client, world: World) -> None:
    """Whoever sees a need sees the site contact too."""
    answer = call(client, world.frida, "GET", "need", need_id=world.need.pk)
    assert answer.status == 200
    assert answer.body["contractor"] == world.murer.pk
    assert answer.body["contractor_name"] == "Fynsk Murer A/S"
    assert answer.body["project"] == world.project.pk
    assert answer.body["trade"] == "murer"
    assert answer.body["kind"] == "snusepraktik"
    assert answer.body["weeks"] == 4
    assert answer.body["mentor_name"] == "Jens Mester"
    assert answer.body["mentor_email"] == "jens@entreprenoer.dk"
    assert answer.body["status"] == "open"


@pytest.mark.parametrize("persona", ["eva", "carl"])
def test_a_need_outside_the_scope_is_not_found(client: Client, world: World, persona: str) -> None:
    """Eva does not see Bo's need, Carl nothing in Odense: 404 for read and change."""
    user = world.everyone()[persona]
    assert call(client, user, "GET", "need", need_id=world.need.pk).status == 404
    assert call(client, user, "PATCH", "need", {"places": 9}, need_id=world.need.pk).status == 404


@pytest.fixture
def many_needs(world: World) -> dict[str, LabourNeed]:
    """Needs that differ in one way each from the world's two."""
    base = {"project": world.project, "contractor": world.murer}
    return {
        "filled": LabourNeedFactory.create(**base, status=NeedStatus.FILLED),
        "maler": LabourNeedFactory.create(**base, trade=trade("maler")),
        "job": LabourNeedFactory.create(**base, kind=NeedKind.ORDINAERT_JOB, weeks=52),
        "late": LabourNeedFactory.create(
            **base, earliest_start=dt.date(2027, 1, 4), latest_start=dt.date(2027, 2, 1)
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "filled"}, {"filled"}),
        ({"trade": "maler"}, {"maler"}),
        ({"kind": "ordinaert_job"}, {"job"}),
        ({"contractor": "other"}, {"other_need"}),
        ({"latest_start_from": "2027-01-01"}, {"late"}),
        ({"latest_start_from": "2027-01-01", "latest_start_to": "2027-01-31"}, set()),
        ({"project": "world", "status": "filled"}, {"filled"}),
        ({"project": 999_999}, set()),
    ],
)
def test_needs_filter_by_what_a_user_looks_for(
    client: Client,
    world: World,
    many_needs: dict[str, LabourNeed],
    query: dict[str, Any],
    expected: set[str],
) -> None:
    """Status, trade code, kind, contractor, project and a window on the latest start."""
    if query.get("contractor") == "other":
        query = {**query, "contractor": world.other_contractor.pk}
    if query.get("project") == "world":
        query = {**query, "project": world.project.pk}
    names = {need.pk: name for name, need in many_needs.items()}
    names[world.other_need.pk] = "other_need"
    names[world.need.pk] = "need"
    answer = call(client, world.anne, "GET", "needs", query)
    assert answer.status == 200, answer
    assert {names[pk] for pk in answer.ids} == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "pending"}, "status"),
        ({"kind": "internship"}, "kind"),
        ({"project": "one"}, "project"),
        ({"latest_start_from": "tomorrow"}, "latest_start_from"),
        ({"latest_start_from": "2026-05-01", "latest_start_to": "2026-04-01"}, "latest_start_to"),
    ],
)
def test_a_bad_filter_is_a_field_error(
    client: Client, world: World, query: dict[str, str], field: str
) -> None:
    """A filter that cannot be read is a 400 naming the parameter."""
    answer = call(client, world.anne, "GET", "needs", query)
    assert answer.status == 400
    assert field in answer.fields


def test_contractor_staff_post_a_need_for_their_own_contractor(
    client: Client, world: World
) -> None:
    """Bo posts for Fynsk Murer on its site: open, four weeks, created by him."""
    answer = call(client, world.bo, "POST", "needs", _new(world))
    assert answer.status == 201, answer
    need = LabourNeed.objects.get(pk=answer.body["id"])
    assert need.status == NeedStatus.OPEN
    assert need.weeks == 4
    assert need.created_by == world.bo
    assert answer.body["created_by"] == world.bo.pk
    assert answer.body["min_age"] == 18
    assert answer.body["mentor_phone"] == "+45 20 30 40 50"


def test_the_coordinator_posts_for_any_contractor_on_her_site(client: Client, world: World) -> None:
    """Anne posts on behalf of Eva's company."""
    body = _new(world, contractor=world.other_contractor.pk)
    answer = call(client, world.anne, "POST", "needs", body)
    assert answer.status == 201, answer
    assert answer.body["contractor"] == world.other_contractor.pk


@pytest.mark.parametrize(
    ("kind", "weeks"),
    [
        ("snusepraktik", 4),
        ("virksomhedspraktik", 4),
        ("loentilskud", 26),
        ("laerling", 156),
        ("ordinaert_job", 52),
    ],
)
def test_the_weeks_default_to_the_kind(client: Client, world: World, kind: str, weeks: int) -> None:
    """Without ``weeks`` a need runs as long as its kind usually does."""
    answer = call(client, world.bo, "POST", "needs", _new(world, kind=kind))
    assert answer.status == 201, answer
    assert answer.body["weeks"] == weeks


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"places": 0}, "places"),
        ({"latest_start": "2026-08-01"}, "latest_start"),  # before the earliest start
        ({"weeks": 6}, "weeks"),  # a snusepraktik is four weeks
        ({"kind": "laerling", "weeks": 0}, "weeks"),
        ({"min_age": 14}, "min_age"),
        ({"min_age": 71}, "min_age"),
        ({"min_danish_level": 5}, "min_danish_level"),
        ({"trade": "astronaut"}, "trade"),
        ({"kind": "internship"}, "kind"),
        ({"mentor_email": "jens"}, "mentor_email"),
        ({"earliest_start": None}, "earliest_start"),
    ],
)
def test_invalid_needs_are_refused_with_field_errors(
    client: Client, world: World, fields: dict[str, Any], field: str
) -> None:
    """Each broken rule is a 400 naming its field, and nothing is created."""
    before = LabourNeed.objects.count()
    answer = call(client, world.bo, "POST", "needs", _new(world, **fields))
    assert answer.status == 400, answer
    assert field in answer.fields
    assert LabourNeed.objects.count() == before


def test_a_snusepraktik_of_four_weeks_given_explicitly_is_fine(
    client: Client, world: World
) -> None:
    """Saying ``weeks: 4`` for a snusepraktik is no error."""
    assert call(client, world.bo, "POST", "needs", _new(world, weeks=4)).status == 201


def test_a_contractor_not_engaged_on_the_project_cannot_get_a_need_there(
    client: Client, world: World
) -> None:
    """Anne sees a newly registered contractor, but it does not work on her site yet."""
    newcomer = ContractorFactory.create()
    answer = call(client, world.anne, "POST", "needs", _new(world, contractor=newcomer.pk))
    assert answer.status == 400
    assert "contractor" in answer.fields


@pytest.mark.parametrize(
    ("persona", "field"),
    [
        ("eva", "contractor"),  # Bo's company is not hers to name
        ("carl", "project"),  # Anne's project is not in his scope
    ],
)
def test_what_lies_outside_the_scope_is_unknown_in_the_input(
    client: Client, world: World, persona: str, field: str
) -> None:
    """A reference to something the poster cannot see reads as one that does not exist."""
    answer = call(client, world.everyone()[persona], "POST", "needs", _new(world))
    assert answer.status == 400
    assert field in answer.fields


def test_staff_who_see_another_contractor_may_not_post_for_it(client: Client, world: World) -> None:
    """Bo, also a follow-up member, sees Eva's company but may not post needs for it."""
    FollowUpGroup.objects.get(project=world.project).memberships.create(
        user=world.bo, organisation="Fynsk Murer"
    )
    body = _new(world, contractor=world.other_contractor.pk)
    answer = call(client, world.bo, "POST", "needs", body)
    assert answer.status == 403


@pytest.mark.parametrize("persona", ["dorte", "frida"])
def test_readers_of_needs_do_not_post_them(client: Client, world: World, persona: str) -> None:
    """The social worker and the follow-up member get 403 before their input is read."""
    assert call(client, world.everyone()[persona], "POST", "needs", {}).status == 403


def test_a_completed_project_takes_no_new_needs(client: Client, world: World) -> None:
    """Posting on a finished site is a conflict with its state."""
    world.project.status = ProjectStatus.COMPLETED
    world.project.save()
    answer = call(client, world.bo, "POST", "needs", _new(world))
    assert answer.status == 409


def test_contractor_staff_change_their_own_need(client: Client, world: World) -> None:
    """Bo changes the places and the mentor of his need; nothing else moves."""
    answer = call(
        client,
        world.bo,
        "PATCH",
        "need",
        {"places": 3, "mentor_name": "Lise Svend"},
        need_id=world.need.pk,
    )
    assert answer.status == 200, answer
    world.need.refresh_from_db()
    assert (world.need.places, world.need.mentor_name) == (3, "Lise Svend")
    assert world.need.trade.code == "murer"


@pytest.mark.parametrize("persona", ["dorte", "frida"])
def test_readers_may_not_change_a_need(client: Client, world: World, persona: str) -> None:
    """Seeing a need is not changing it: 403."""
    answer = call(
        client, world.everyone()[persona], "PATCH", "need", {"places": 9}, need_id=world.need.pk
    )
    assert answer.status == 403


def test_staff_may_not_change_another_contractors_need_they_see(
    client: Client, world: World
) -> None:
    """Bo, also a follow-up member, sees Eva's need: 403, not a change."""
    FollowUpGroup.objects.get(project=world.project).memberships.create(
        user=world.bo, organisation="Fynsk Murer"
    )
    answer = call(client, world.bo, "PATCH", "need", {"places": 9}, need_id=world.other_need.pk)
    assert answer.status == 403
    world.other_need.refresh_from_db()
    assert world.other_need.places == 2


@pytest.mark.parametrize(
    ("current", "new", "expected"),
    [
        ("open", "filled", 200),
        ("open", "closed", 200),
        ("open", "cancelled", 200),
        ("filled", "open", 200),  # a place came free again
        ("filled", "closed", 200),
        ("filled", "cancelled", 409),
        ("closed", "open", 409),
        ("cancelled", "open", 409),
        ("cancelled", "filled", 409),
        ("open", "open", 200),
    ],
)
def test_a_need_moves_only_along_its_status_transitions(
    client: Client, world: World, current: str, new: str, expected: int
) -> None:
    """Closed and cancelled are final; the rest follows the need's places."""
    LabourNeed.objects.filter(pk=world.need.pk).update(status=current)
    answer = call(client, world.bo, "PATCH", "need", {"status": new}, need_id=world.need.pk)
    assert answer.status == expected, answer
    world.need.refresh_from_db()
    assert world.need.status == (new if expected == 200 else current)


@pytest.mark.parametrize("status", ["closed", "cancelled"])
def test_nothing_changes_on_a_closed_or_cancelled_need(
    client: Client, world: World, status: str
) -> None:
    """Not even the description: a final need is history."""
    LabourNeed.objects.filter(pk=world.need.pk).update(status=status)
    answer = call(
        client, world.anne, "PATCH", "need", {"description": "Ny tekst"}, need_id=world.need.pk
    )
    assert answer.status == 409


@pytest.mark.parametrize(("kind", "weeks"), [("laerling", 156), ("loentilskud", 26)])
def test_changing_the_kind_brings_its_weeks(
    client: Client, world: World, kind: str, weeks: int
) -> None:
    """A snusepraktik turned into another kind takes that kind's usual length."""
    answer = call(client, world.anne, "PATCH", "need", {"kind": kind}, need_id=world.need.pk)
    assert answer.status == 200, answer
    assert answer.body["weeks"] == weeks


def test_a_need_turned_into_a_snusepraktik_lasts_four_weeks(client: Client, world: World) -> None:
    """And a snusepraktik cannot be given other weeks on the way."""
    need = LabourNeedFactory.create(
        project=world.project, contractor=world.murer, kind=NeedKind.LAERLING, weeks=156
    )
    refused = call(
        client, world.bo, "PATCH", "need", {"kind": "snusepraktik", "weeks": 8}, need_id=need.pk
    )
    assert refused.status == 400
    assert "weeks" in refused.fields
    answer = call(client, world.bo, "PATCH", "need", {"kind": "snusepraktik"}, need_id=need.pk)
    assert answer.status == 200
    assert answer.body["weeks"] == 4


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"latest_start": "2000-01-01"}, "latest_start"),  # before the stored earliest start
        ({"places": 0}, "places"),
        ({"status": "pending"}, "status"),
        ({"min_age": 80}, "min_age"),
    ],
)
def test_invalid_changes_are_field_errors(
    client: Client, world: World, fields: dict[str, Any], field: str
) -> None:
    """A change is checked against the need as stored."""
    answer = call(client, world.bo, "PATCH", "need", fields, need_id=world.need.pk)
    assert answer.status == 400, answer
    assert field in answer.fields


def test_the_project_and_contractor_of_a_need_stay(client: Client, world: World) -> None:
    """A need cannot be moved to another site or company: those fields are not read."""
    other = ContractorFactory.create()
    ProjectContractor.objects.create(project=world.project, contractor=other)
    answer = call(
        client, world.anne, "PATCH", "need", {"contractor": other.pk}, need_id=world.need.pk
    )
    assert answer.status == 200
    world.need.refresh_from_db()
    assert world.need.contractor == world.murer
