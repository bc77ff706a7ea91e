"""The authorization matrix's lines for the renovations API (see tests/personas.py).

The project is in Anne's Odense; Bo's and Eva's contractors are engaged on it, and
the need is Bo's; Dorte is the housing social worker of its area; Frida sits in its
follow-up group; Carl coordinates Svendborg and sees none of it. A reference in a
request body to something outside the caller's scope reads as unknown: 400.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from tests.personas import World
from tests.policy import Expect, logged_in


def project_rule(*, anne: Expect, others: Expect) -> dict[str, Expect]:
    """Everyone but Carl sees the project (municipality, engagement, area, group)."""
    return {
        "anonymous": 401,
        "anne": anne,
        "ida": anne,
        "bo": others,
        "eva": others,
        "dorte": others,
        "frida": others,
        "carl": 404,
    }


def need_rule(*, anne: Expect, bo: Expect, others: Expect) -> dict[str, Expect]:
    """Bo's need: Eva (another contractor) and Carl do not see it."""
    return {
        "anonymous": 401,
        "anne": anne,
        "ida": anne,
        "bo": bo,
        "eva": 404,
        "dorte": others,
        "frida": others,
        "carl": 404,
    }


def group_rule(*, anne: Expect, frida: Expect) -> dict[str, Expect]:
    """The project's follow-up group: its coordinators, its members and administrators."""
    return {
        "anonymous": 401,
        "anne": anne,
        "ida": anne,
        "frida": frida,
        "bo": 404,
        "eva": 404,
        "dorte": 404,
        "carl": 404,
    }


def _new_project(world: World) -> dict[str, Any]:
    return {
        "area": world.area.pk,
        "name": "Etape 2",
        "site_address": "Korsløkkevej 2, 5220 Odense SØ",
        "starts_on": "2027-01-04",
        "ends_on": "2028-12-22",
    }


def _new_need(world: World) -> dict[str, Any]:
    return {
        "project": world.project.pk,
        "contractor": world.murer.pk,
        "trade": "maler",
        "earliest_start": world.need.earliest_start.isoformat(),
        "latest_start": world.need.latest_start.isoformat(),
    }


def _new_meeting(world: World) -> dict[str, Any]:
    return {
        "held_on": "2026-06-01",
        "agenda": "Status",
        "action_items": [{"text": "Tjek lærlingetal", "owner": world.frida.pk}],
    }


RENOVATIONS_POLICY: dict[tuple[str, str], dict[str, Expect]] = {
    ("me", "GET"): logged_in(200),
    ("trades", "GET"): logged_in(200),
    ("municipalities", "GET"): logged_in(200),
    ("housing-areas", "GET"): logged_in(200),
    ("projects", "GET"): logged_in(200),
    # Carl coordinates, but not the area's municipality.
    ("projects", "POST"): {**logged_in(403), "anne": 201, "ida": 201},
    ("project", "GET"): project_rule(anne=200, others=200),
    ("project", "PATCH"): project_rule(anne=200, others=403),
    ("contractors", "GET"): logged_in(200),
    # Any coordinator registers contractors; engaging one is the project's coordinators'.
    ("contractors", "POST"): {**logged_in(403), "anne": 201, "ida": 201, "carl": 201},
    ("needs", "GET"): logged_in(200),
    # Eva cannot name Bo's contractor, Carl not Anne's project: unknown to them.
    ("needs", "POST"): {
        **logged_in(403),
        "anne": 201,
        "ida": 201,
        "bo": 201,
        "eva": 400,
        "carl": 400,
    },
    ("need", "GET"): need_rule(anne=200, bo=200, others=200),
    ("need", "PATCH"): need_rule(anne=200, bo=200, others=403),
    ("follow-up-groups", "GET"): logged_in(200),
    ("follow-up-group-meetings", "GET"): group_rule(anne=200, frida=200),
    ("follow-up-group-meetings", "POST"): group_rule(anne=201, frida=403),
    ("follow-up-group-meeting", "PATCH"): group_rule(anne=200, frida=403),
    # Frida owns the action: she may mark it done.
    ("action-item", "PATCH"): group_rule(anne=200, frida=200),
}
RENOVATIONS_BODIES: dict[tuple[str, str], dict[str, Any] | Callable[[World], dict[str, Any]]] = {
    ("projects", "POST"): _new_project,
    ("project", "PATCH"): {"target_jobs": 65},
    ("contractors", "POST"): {"cvr": "1358 5628", "name": "Ny Entreprise ApS"},
    ("needs", "POST"): _new_need,
    ("need", "PATCH"): {"places": 3},
    ("follow-up-group-meetings", "POST"): _new_meeting,
    ("follow-up-group-meeting", "PATCH"): {"minutes": "Referat"},
    ("action-item", "PATCH"): {"done": True},
}


def meeting_kwargs(world: World, name: str) -> dict[str, Any]:
    """A past meeting of the project's group with one action, owned by Frida."""
    from renovations.models import ActionItem, Meeting

    group = world.project.follow_up_groups.get()
    meeting = Meeting.objects.create(group=group, held_on=dt.date(2026, 9, 29))
    item = ActionItem.objects.create(meeting=meeting, text="Tjek lærlingetal", owner=world.frida)
    if name == "action-item":
        return {"item_id": item.pk}
    return {"group_id": group.pk, "meeting_id": meeting.pk}
