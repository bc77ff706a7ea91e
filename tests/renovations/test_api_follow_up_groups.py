"""Follow-up groups and their meetings: members read, the job centre records."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from renovations.models import ActionItem, FollowUpGroup, Meeting
from tests.personas import World
from tests.renovations.api import call
from tests.renovations.factories import HousingAreaFactory, RenovationProjectFactory


@pytest.fixture
def group(world: World) -> FollowUpGroup:
    return FollowUpGroup.objects.get(project=world.project)


def _meeting(world: World, **fields: Any) -> dict[str, Any]:
    return {
        "held_on": "2026-06-01",
        "agenda": "1. Status\n2. Rapport",
        "minutes": "Tallene blev gennemgået.",
        "action_items": [
            {"text": "Tjek lærlingetal", "owner": world.frida.pk, "due_on": "2026-06-15"},
            {"text": "Invitér skolen", "owner": world.anne.pk, "done": True},
            {"text": "Find lokale"},
        ],
        **fields,
    }


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("anne", True),  # her municipality's project
        ("frida", True),  # a member
        ("ida", True),
        ("bo", False),
        ("eva", False),
        ("dorte", False),
        ("carl", False),
    ],
)
def test_each_role_lists_the_groups_it_may_see(
    client: Client, world: World, group: FollowUpGroup, persona: str, sees: bool
) -> None:
    """Members see their own groups, coordinators their municipality's, nobody else any."""
    svendborg = FollowUpGroup.objects.create(
        project=RenovationProjectFactory.create(
            area=HousingAreaFactory.create(municipality=world.svendborg)
        ),
        name="Skovparkens følgegruppe",
    )
    answer = call(client, world.everyone()[persona], "GET", "follow-up-groups")
    assert answer.status == 200
    assert (group.pk in answer.ids) == sees
    assert (svendborg.pk in answer.ids) == (persona in {"carl", "ida"})


def test_a_group_shows_its_members_and_next_meeting(
    client: Client, world: World, group: FollowUpGroup
) -> None:
    """Members are named with the organisation each represents."""
    (row,) = call(client, world.frida, "GET", "follow-up-groups").body["results"]
    assert row["project"] == world.project.pk
    assert row["cadence_months"] == 2
    assert row["members"] == [
        {"user": world.frida.pk, "full_name": "Frida", "organisation": "3F Fyn"}
    ]


def test_the_coordinator_records_a_meeting_with_its_actions(
    client: Client, world: World, group: FollowUpGroup
) -> None:
    """Agenda, minutes and action items (owner, due date, done) are kept together."""
    answer = call(
        client, world.anne, "POST", "follow-up-group-meetings", _meeting(world), group_id=group.pk
    )
    assert answer.status == 201, answer
    assert answer.body["held_on"] == "2026-06-01"
    assert answer.body["report_snapshot"] is None
    items = answer.body["action_items"]
    assert [item["text"] for item in items] == ["Tjek lærlingetal", "Invitér skolen", "Find lokale"]
    assert items[0]["owner"] == world.frida.pk and items[0]["owner_name"] == "Frida"
    assert items[0]["due_on"] == "2026-06-15" and items[0]["done"] is False
    assert items[1]["done"] is True
    assert items[2]["owner"] is None and items[2]["owner_name"] is None
    assert ActionItem.objects.filter(meeting__group=group).count() == 3


def test_members_read_the_meetings(client: Client, world: World, group: FollowUpGroup) -> None:
    """Frida reads the minutes and actions, latest meeting first."""
    call(client, world.anne, "POST", "follow-up-group-meetings", _meeting(world), group_id=group.pk)
    later = _meeting(world, held_on="2026-08-03", action_items=[])
    call(client, world.anne, "POST", "follow-up-group-meetings", later, group_id=group.pk)
    answer = call(client, world.frida, "GET", "follow-up-group-meetings", group_id=group.pk)
    assert answer.status == 200
    assert [m["held_on"] for m in answer.body["results"]] == ["2026-08-03", "2026-06-01"]
    assert len(answer.body["results"][1]["action_items"]) == 3


def test_members_do_not_record_meetings(client: Client, world: World, group: FollowUpGroup) -> None:
    """Frida sees the group but the job centre keeps its record: 403."""
    answer = call(
        client, world.frida, "POST", "follow-up-group-meetings", _meeting(world), group_id=group.pk
    )
    assert answer.status == 403
    assert not Meeting.objects.filter(group=group).exists()


@pytest.mark.parametrize("persona", ["bo", "eva", "dorte", "carl"])
def test_a_group_outside_the_scope_is_not_found(
    client: Client, world: World, group: FollowUpGroup, persona: str
) -> None:
    """Neither its meetings nor a new one: 404."""
    user = world.everyone()[persona]
    assert call(client, user, "GET", "follow-up-group-meetings", group_id=group.pk).status == 404
    posted = call(client, user, "POST", "follow-up-group-meetings", {}, group_id=group.pk)
    assert posted.status == 404


def test_an_unknown_group_is_not_found(client: Client, world: World) -> None:
    assert (
        call(client, world.ida, "GET", "follow-up-group-meetings", group_id=999_999).status == 404
    )


def test_one_meeting_per_group_per_day(client: Client, world: World, group: FollowUpGroup) -> None:
    """A second meeting on the same day is a conflict, and the first stays as it was."""
    first = call(
        client, world.anne, "POST", "follow-up-group-meetings", _meeting(world), group_id=group.pk
    )
    assert first.status == 201
    again = call(
        client,
        world.ida,
        "POST",
        "follow-up-group-meetings",
        _meeting(world, minutes="Andet"),
        group_id=group.pk,
    )
    assert again.status == 409
    assert Meeting.objects.get(group=group).minutes == "Tallene blev gennemgået."
    assert ActionItem.objects.filter(meeting__group=group).count() == 3


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"held_on": None}, "held_on"),
        ({"held_on": "first monday"}, "held_on"),
        ({"action_items": [{"text": ""}]}, "action_items"),
        ({"action_items": [{"text": "Gør noget", "due_on": "2026-05-01"}]}, "action_items"),
        ({"action_items": [{"text": "Gør noget", "owner": "carl"}]}, "action_items"),
        ({"action_items": [{"text": "Gør noget", "owner": 999_999}]}, "action_items"),
    ],
)
def test_invalid_meetings_are_refused_with_field_errors(
    client: Client, world: World, group: FollowUpGroup, fields: dict[str, Any], field: str
) -> None:
    """An action's owner must be a member or one of the group's coordinators; an action is
    not due before the meeting."""
    items = fields.get("action_items", [])
    for item in items:
        if item.get("owner") == "carl":
            item["owner"] = world.carl.pk
    answer = call(
        client,
        world.anne,
        "POST",
        "follow-up-group-meetings",
        _meeting(world, **fields),
        group_id=group.pk,
    )
    assert answer.status == 400, answer
    assert field in answer.fields
    assert not Meeting.objects.filter(group=group).exists()


def test_recording_the_planned_meeting_plans_the_next(
    client: Client, world: World, group: FollowUpGroup
) -> None:
    """The next meeting moves on by the group's cadence, to a working day."""
    group.next_meeting_on = dt.date(2026, 6, 1)
    group.save()
    call(client, world.anne, "POST", "follow-up-group-meetings", _meeting(world), group_id=group.pk)
    group.refresh_from_db()
    assert group.next_meeting_on == dt.date(2026, 8, 3)  # 1 August 2026 is a Saturday


def test_recording_an_earlier_meeting_keeps_the_plan(
    client: Client, world: World, group: FollowUpGroup
) -> None:
    """Minutes of a past meeting, written up late, do not move the next one."""
    group.next_meeting_on = dt.date(2026, 9, 1)
    group.save()
    call(client, world.anne, "POST", "follow-up-group-meetings", _meeting(world), group_id=group.pk)
    group.refresh_from_db()
    assert group.next_meeting_on == dt.date(2026, 9, 1)
