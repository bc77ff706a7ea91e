"""The authorization matrix's lines for the placement API (see tests/personas.py).

Sara's placement on Bo's need is proposed. Where a persona may act but the state
forbids it (starting a proposed placement), the answer is 409: past the role check.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from renovations import workdays
from tests.personas import World
from tests.policy import Expect, logged_in


def placement_rule(
    *, anne: Expect, bo: Expect, dorte: Expect, eva: Expect = 404
) -> dict[str, Expect]:
    return {
        "anonymous": 401,
        "anne": anne,
        "ida": anne,
        "bo": bo,
        "dorte": dorte,
        "carl": 404,
        "eva": eva,
        "frida": 404,
    }


def _start(world: World) -> str:
    day = workdays.working_day_on_or_after(world.other_need.earliest_start + dt.timedelta(days=1))
    return day.isoformat()


def _weeks(world: World) -> dict[str, Any]:
    return {
        "weeks": [{"week": n, "trade": "murer", "contractor": world.murer.pk} for n in range(1, 5)]
    }


MATCHING_POLICY: dict[tuple[str, str], dict[str, Expect]] = {
    ("placements", "GET"): logged_in(200),
    # Omar has no consent for contractors: those who may propose get 409, no one else
    # even finds the need and the candidate together.
    ("placements", "POST"): {**logged_in(404), "anne": 409, "ida": 409},
    ("placement", "GET"): placement_rule(anne=200, bo=200, dorte=200),
    ("placement-accept", "POST"): placement_rule(anne=200, bo=200, dorte=403),
    ("placement-decline", "POST"): placement_rule(anne=200, bo=200, dorte=403),
    ("placement-start", "POST"): placement_rule(anne=409, bo=409, dorte=403),
    ("placement-complete", "POST"): placement_rule(anne=409, bo=403, dorte=403),
    ("placement-interrupt", "POST"): placement_rule(anne=409, bo=409, dorte=403),
    ("placement-withdraw", "POST"): placement_rule(anne=200, bo=403, dorte=403),
    ("placement-hire", "POST"): placement_rule(anne=409, bo=409, dorte=403),
    ("placement-follow-ups", "POST"): placement_rule(anne=409, bo=409, dorte=403),
    ("placement-end-plan", "PUT"): placement_rule(anne=409, bo=403, dorte=403),
    ("placement-weeks", "PUT"): placement_rule(anne=200, bo=403, dorte=403),
    ("outcomes", "POST"): {
        **logged_in(404),
        "anne": 201,
        "ida": 201,
        "bo": 403,
        "dorte": 403,
    },
    ("retention-check-record", "POST"): {**logged_in(404), "anne": 200, "ida": 200},
    # Eva's need on Anne's site: everyone who sees the need, but only coordinators rank people.
    ("need-suggestions", "GET"): {
        **logged_in(403),
        "anne": 200,
        "ida": 200,
        "bo": 404,
        "carl": 404,
    },
    # Carl coordinates Svendborg: his allocation covers his own needs (none here).
    ("allocations", "POST"): {**logged_in(403), "anne": 200, "ida": 200, "carl": 200},
    # Omar has no consent: past the role check the coordinators get 409, nobody else finds him.
    ("allocations-confirm", "POST"): {**logged_in(404), "anne": 409, "ida": 409},
    # Everyone logged in has a report of what they may see (tests/reports/test_api.py
    # has the scopes: a project or municipality outside them is 404).
    ("reports", "GET"): logged_in(200),
    # The pack of the group's coming meeting: its members and coordinators.
    ("meeting-pack", "GET"): {
        **logged_in(404),
        "anne": 200,
        "ida": 200,
        "frida": 200,
    },
}


def meeting_pack_kwargs(world: World) -> dict[str, Any]:
    """A meeting of the project's group next week, with its pack made."""
    from matching.services import meeting_pack_freeze
    from renovations.models import Meeting

    group = world.project.follow_up_groups.get()
    meeting = Meeting.objects.create(
        group=group, held_on=timezone.localdate() + dt.timedelta(days=7), agenda="Status"
    )
    meeting_pack_freeze(meeting=meeting, now=timezone.now())
    return {"meeting_id": meeting.pk}


MATCHING_BODIES: dict[tuple[str, str], dict[str, Any] | Callable[[World], dict[str, Any]]] = {
    ("placements", "POST"): lambda w: {
        "need": w.other_need.pk,
        "candidate": w.omar.pk,
        "starts_on": _start(w),
    },
    ("placement-decline", "POST"): {"reason": "Ingen plads alligevel"},
    ("placement-interrupt", "POST"): {"reason": "illness"},
    ("placement-hire", "POST"): {"wants_to_hire": True},
    ("placement-follow-ups", "POST"): lambda w: {
        "held_on": timezone.localdate().isoformat(),
        "channel": "on_site",
        "days_present": 4,
        "days_absent": 1,
    },
    ("placement-end-plan", "PUT"): {
        "kind": "education",
        "details": "Erhvervsskole",
        "agreed_on": "2026-01-05",
    },
    ("placement-weeks", "PUT"): _weeks,
    ("outcomes", "POST"): lambda w: {
        "candidate": w.sara.pk,
        "kind": "job_on_site",
        "started_on": timezone.localdate().isoformat(),
        "employer": w.murer.pk,
    },
    ("retention-check-record", "POST"): {"status": "in_job", "evidence": "employer_confirmed"},
    ("allocations-confirm", "POST"): lambda w: {
        "choices": [{"need": w.other_need.pk, "candidate": w.omar.pk}],
    },
}
