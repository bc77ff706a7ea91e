"""The whole story through the API: a need, an introduction, four weeks, an outcome,
and the checks at 3, 6 and 12 months."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.models import PlacementStatus, RetentionCheck
from renovations import workdays
from renovations.models import NeedStatus
from tests.personas import World


def _call(client: Client, user: Any, method: str, url: str, body: Any = None) -> Any:
    client.force_login(user)
    response = getattr(client, method)(url, body or {}, content_type="application/json")
    return response


def test_from_need_to_the_twelve_month_check(client: Client, world: World) -> None:
    """Anne introduces Sara; Bo accepts; four weeks on site; a job; checked a year on."""
    world.need.places = 1
    world.need.save()
    # Sara's earlier proposal is withdrawn so that she is free for the new one.
    old = world.sara.placements.get()
    assert (
        _call(client, world.anne, "post", reverse("placement-withdraw", args=[old.pk])).status_code
        == 200
    )

    start = workdays.working_day_on_or_after(world.need.earliest_start + dt.timedelta(days=2))
    proposed = _call(
        client,
        world.anne,
        "post",
        reverse("placements"),
        {"need": world.need.pk, "candidate": world.sara.pk, "starts_on": start.isoformat()},
    )
    assert proposed.status_code == 201, proposed.json()
    placement = proposed.json()
    pid = placement["id"]
    assert placement["status"] == "proposed" and len(placement["weeks"]) == 4
    assert placement["ends_on"] == workdays.last_working_day_of_week(start, 4).isoformat()

    # Bo sees the introduction by first name and initial, and accepts.
    seen = _call(client, world.bo, "get", reverse("placement", args=[pid])).json()
    assert seen["access"] == "contractor" and seen["candidate_name"] == "Sara H."
    accepted = _call(client, world.bo, "post", reverse("placement-accept", args=[pid]))
    assert accepted.json()["status"] == "accepted"
    world.need.refresh_from_db()
    assert world.need.status == NeedStatus.FILLED

    with time_machine.travel(dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC)):
        assert (
            _call(client, world.bo, "post", reverse("placement-start", args=[pid])).json()["status"]
            == "active"
        )
        follow_up = _call(
            client,
            world.anne,
            "post",
            reverse("placement-follow-ups", args=[pid]),
            {
                "held_on": start.isoformat(),
                "channel": "on_site",
                "days_present": 3,
                "days_absent": 0,
                "wellbeing": 4,
                "notes": "Godt i gang",
            },
        )
        assert follow_up.status_code == 201, follow_up.json()
        attendance = _call(
            client,
            world.bo,
            "post",
            reverse("placement-follow-ups", args=[pid]),
            {
                "held_on": start.isoformat(),
                "channel": "on_site",
                "days_present": 3,
                "days_absent": 0,
                "mentor_feedback": "Mødestabil og nysgerrig",
            },
        )
        assert attendance.status_code == 201
        hire = _call(
            client, world.bo, "post", reverse("placement-hire", args=[pid]), {"wants_to_hire": True}
        )
        assert hire.json()["wants_to_hire"] is True
        # Completing without an end plan is refused.
        assert (
            _call(client, world.anne, "post", reverse("placement-complete", args=[pid])).status_code
            == 409
        )
        plan = _call(
            client,
            world.anne,
            "put",
            reverse("placement-end-plan", args=[pid]),
            {
                "kind": "job_offer_on_site",
                "details": "Tilbud om ansættelse",
                "agreed_on": start.isoformat(),
            },
        )
        assert plan.json()["end_plan"]["kind"] == "job_offer_on_site"

    end = dt.date.fromisoformat(placement["ends_on"])
    with time_machine.travel(dt.datetime.combine(end, dt.time(15), tzinfo=dt.UTC)):
        completed = _call(client, world.anne, "post", reverse("placement-complete", args=[pid]))
        assert completed.json()["status"] == "completed"
        # The contractor never sees the coordinator's notes or the wellbeing score.
        site_view = _call(client, world.bo, "get", reverse("placement", args=[pid])).json()
        assert "Godt i gang" not in str(site_view) and "wellbeing" not in str(site_view)
        outcome = _call(
            client,
            world.anne,
            "post",
            reverse("outcomes"),
            {
                "candidate": world.sara.pk,
                "placement": pid,
                "kind": "job_on_site",
                "started_on": (end + dt.timedelta(days=3)).isoformat(),
                "employer": world.murer.pk,
                "evidence": "employer_confirmed",
                "trade": "murer",
            },
        )
        assert outcome.status_code == 201, outcome.json()
        checks = outcome.json()["retention_checks"]
        assert [c["months"] for c in checks] == [3, 6, 12]
        twelve = checks[2]
        early = _call(
            client,
            world.anne,
            "post",
            reverse("retention-check-record", args=[twelve["id"]]),
            {"status": "in_job"},
        )
        assert early.status_code == 409

    due = dt.date.fromisoformat(twelve["due_on"])
    with time_machine.travel(dt.datetime.combine(due, dt.time(10), tzinfo=dt.UTC)):
        recorded = _call(
            client,
            world.anne,
            "post",
            reverse("retention-check-record", args=[twelve["id"]]),
            {"status": "unknown"},
        )
        assert recorded.status_code == 200
        assert RetentionCheck.objects.get(pk=twelve["id"]).status == "unknown"


ILLEGAL = {
    # action -> the states it may not start from (every state outside its allowed ones)
    "accept": ["accepted", "active", "completed", "interrupted", "declined", "withdrawn"],
    "decline": ["accepted", "active", "completed", "interrupted", "declined", "withdrawn"],
    "withdraw": ["accepted", "active", "completed", "interrupted", "declined", "withdrawn"],
    "start": ["proposed", "active", "completed", "interrupted", "declined", "withdrawn"],
    "complete": ["proposed", "accepted", "completed", "interrupted", "declined", "withdrawn"],
    "interrupt": ["proposed", "completed", "interrupted", "declined", "withdrawn"],
}
BODY = {"decline": {"reason": "Nej tak"}, "interrupt": {"reason": "personal"}}


@pytest.mark.parametrize(
    ("action", "state"), [(a, s) for a, states in ILLEGAL.items() for s in states]
)
def test_every_illegal_transition_is_a_409(
    client: Client, world: World, action: str, state: str
) -> None:
    placement = world.sara.placements.get()
    placement.status = state
    placement.save()
    response = _call(
        client,
        world.anne,
        "post",
        reverse(f"placement-{action}", args=[placement.pk]),
        BODY.get(action),
    )
    assert response.status_code == 409, response.json()
    assert set(response.json()) == {"message", "extra"}
    placement.refresh_from_db()
    assert placement.status == state


def test_a_full_need_accepts_no_more(client: Client, world: World) -> None:
    world.need.places = 1
    world.need.save()
    nina = world.nina.placements.get()
    sara = world.sara.placements.get()
    assert (
        _call(client, world.bo, "post", reverse("placement-accept", args=[sara.pk])).status_code
        == 200
    )
    response = _call(client, world.bo, "post", reverse("placement-accept", args=[nina.pk]))
    # Nina withdrew her consent, so Bo cannot even find her placement; Anne can, and is told.
    assert response.status_code == 404
    response = _call(client, world.anne, "post", reverse("placement-accept", args=[nina.pk]))
    assert response.status_code == 409
    assert type(nina).objects.get(pk=nina.pk).status == PlacementStatus.PROPOSED


def test_a_declined_candidate_is_not_proposed_again_for_that_need(
    client: Client, world: World
) -> None:
    sara = world.sara.placements.get()
    _call(client, world.bo, "post", reverse("placement-decline", args=[sara.pk]), {"reason": "Nej"})
    again = _call(
        client,
        world.anne,
        "post",
        reverse("placements"),
        {
            "need": world.need.pk,
            "candidate": world.sara.pk,
            "starts_on": workdays.working_day_on_or_after(
                timezone.localdate() + dt.timedelta(days=1)
            ).isoformat(),
        },
    )
    assert again.status_code == 409
