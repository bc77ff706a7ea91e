"""Minutes and actions recorded after a meeting, through the API."""

import datetime as dt

from django.test import Client

from renovations.models import ActionItem, Meeting
from tests.personas import World


def _meeting(world: World) -> tuple[Meeting, ActionItem]:
    group = world.project.follow_up_groups.get()
    meeting = Meeting.objects.create(group=group, held_on=dt.date(2026, 9, 29), agenda="Status")
    item = ActionItem.objects.create(meeting=meeting, text="Tjek lærlingetal", owner=world.frida)
    return meeting, item


def test_a_coordinator_records_minutes_and_adds_actions(client: Client, world: World) -> None:
    meeting, _item = _meeting(world)
    client.force_login(world.anne)
    answer = client.patch(
        f"/api/v1/follow-up-groups/{meeting.group_id}/meetings/{meeting.pk}/",
        {
            "minutes": "  Gennemgik rapporten.  ",
            "action_items": [{"text": "Ring til skolen", "owner": world.anne.pk}],
        },
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["agenda"], body["minutes"]) == ("Status", "Gennemgik rapporten.")
    assert [a["text"] for a in body["action_items"]] == ["Tjek lærlingetal", "Ring til skolen"]


def test_an_action_cannot_fall_due_before_its_meeting(client: Client, world: World) -> None:
    _meeting_row, item = _meeting(world)
    client.force_login(world.anne)
    answer = client.patch(
        f"/api/v1/action-items/{item.pk}/",
        {"due_on": "2026-09-01"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "due_on" in answer.json()["extra"]["fields"]


def test_the_owner_marks_an_action_done_but_changes_nothing_else(
    client: Client, world: World
) -> None:
    _meeting_row, item = _meeting(world)
    client.force_login(world.frida)
    url = f"/api/v1/action-items/{item.pk}/"
    answer = client.patch(url, {"done": True}, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["done"] is True
    assert client.patch(url, {"text": "Andet"}, content_type="application/json").status_code == 403
    client.force_login(world.bo)
    assert client.patch(url, {"done": False}, content_type="application/json").status_code == 404
    item.refresh_from_db()
    assert (item.done, item.text) == (True, "Tjek lærlingetal")
