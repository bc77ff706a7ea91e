"""The meeting pack: frozen once, seven days before the meeting, for the group's members."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.test import Client

from matching.models import MeetingPack, OutcomeKind, PlacementStatus
from matching.selectors import meetings_due_a_pack
from matching.services import meeting_pack_freeze
from matching.tasks import meeting_pack_freeze_task
from renovations.models import ActionItem, Meeting
from tests.personas import World
from tests.reports.builders import exits_load

NOW = dt.datetime(2026, 11, 24, 6, 15, tzinfo=ZoneInfo("Europe/Copenhagen"))
TODAY = NOW.date()


def _meetings(world: World) -> tuple[Meeting, Meeting]:
    group = world.project.follow_up_groups.get()
    last = Meeting.objects.create(group=group, held_on=dt.date(2026, 9, 29), minutes="Godt i gang")
    ActionItem.objects.create(meeting=last, text="Tjek lærlingetal", owner=world.frida)
    coming = Meeting.objects.create(group=group, held_on=TODAY + dt.timedelta(days=7))
    return last, coming


def test_the_pack_covers_the_days_since_the_last_meeting(world: World) -> None:
    last, coming = _meetings(world)
    exits_load(need=world.need, ended_on=dt.date(2026, 10, 16), outcomes={OutcomeKind.NONE: 2})
    unrecorded = exits_load(
        need=world.need, ended_on=dt.date(2026, 11, 6), outcomes={}, without_outcome=5
    )
    pack = meeting_pack_freeze(meeting=coming, now=NOW)

    assert (pack.period_start, pack.period_end) == (last.held_on, TODAY - dt.timedelta(days=1))
    report = pack.report
    assert report["suppressed"] is True  # as the members see it
    assert report["period"]["exits"]["completed"]["label"] == "7"
    none = next(k for k in report["period"]["exits"]["by_kind"] if k["code"] == "none")
    assert none["count"]["label"] == "≤3"  # the 2 who went back to the job centre
    assert report["period"]["exits"]["missing"]["label"] == "x"  # else 7 - 5 gives them away
    assert pack.stalled["missing_outcomes"] == {"value": 5, "label": "5", "mark": "shown"}
    assert pack.stalled["missing_end_plans"]["label"] == "0"
    # Bo's need has had its two places taken; Eva's has both free.
    assert [(n["need"], n["free"]) for n in pack.stalled["unfilled_needs"]] == [
        (world.other_need.pk, 2)
    ]
    assert pack.previous_actions == [
        {"text": "Tjek lærlingetal", "owner": "Frida", "due_on": None, "done": False}
    ]
    assert len(unrecorded) == 5


def test_a_small_stalled_count_shows_as_at_most_three(world: World) -> None:
    _last, coming = _meetings(world)
    placement = exits_load(
        need=world.need, ended_on=dt.date(2026, 11, 6), outcomes={}, without_outcome=1
    )[0]
    placement.status = PlacementStatus.INTERRUPTED
    placement.save()
    pack = meeting_pack_freeze(meeting=coming, now=NOW)
    assert pack.stalled["missing_outcomes"] == {"value": None, "label": "≤3", "mark": "small"}


def test_freezing_twice_keeps_the_first_pack(world: World) -> None:
    """The reminder rule and the beat task may both ask: one pack, never rewritten."""
    _last, coming = _meetings(world)
    first = meeting_pack_freeze(meeting=coming, now=NOW)
    exits_load(need=world.need, ended_on=dt.date(2026, 11, 20), outcomes={OutcomeKind.NONE: 9})
    again = meeting_pack_freeze(meeting=coming, now=NOW + dt.timedelta(days=1))
    assert again.pk == first.pk
    assert again.report == first.report
    assert MeetingPack.objects.count() == 1


def test_meetings_of_the_coming_week_without_a_pack_are_due(world: World) -> None:
    _last, coming = _meetings(world)
    assert list(meetings_due_a_pack(today=TODAY)) == [coming]
    assert list(meetings_due_a_pack(today=TODAY - dt.timedelta(days=1))) == []
    meeting_pack_freeze_task(coming.pk)
    assert list(meetings_due_a_pack(today=TODAY)) == []
    meeting_pack_freeze_task(coming.pk + 1000)  # gone: nothing happens


def test_members_and_coordinators_read_the_pack(client: Client, world: World) -> None:
    _last, coming = _meetings(world)
    url = f"/api/v1/meetings/{coming.pk}/pack/"
    client.force_login(world.frida)
    assert client.get(url).status_code == 404  # not made yet
    meeting_pack_freeze(meeting=coming, now=NOW)
    answer = client.get(url)
    assert answer.status_code == 200
    body = answer.json()
    assert body["held_on"] == coming.held_on.isoformat()
    assert body["previous_actions"][0]["owner"] == "Frida"
    assert body["report"]["scope"]["kind"] == "project"
    client.force_login(world.anne)
    assert client.get(url).status_code == 200
    for outsider in (world.bo, world.carl, world.dorte):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
