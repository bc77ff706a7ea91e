"""The authorization matrix's lines for the web pages (see tests/personas.py).

Pages send anonymous visitors to the login page (302). Outside a user's scope a
page answers 404; in scope but not allowed, 403. The matrix posts an empty JSON
body, which a page's form reads as empty: a form page answers 200 with its
errors, an action redirects back with a message (302).
"""

import datetime as dt
from typing import Any

from django.utils import timezone

from matching.models import ConsentRecipient, Outcome, OutcomeKind
from matching.services.meeting_packs import meeting_pack_freeze
from renovations.models import Meeting
from tests.personas import World
from tests.policy import Expect


def pages(
    *,
    anne: Expect,
    bo: Expect,
    dorte: Expect,
    carl: Expect = 404,
    eva: Expect = 404,
    frida: Expect = 404,
) -> dict[str, Expect]:
    """Ida (administrator) sees what Anne sees; anonymous visitors are sent to log in."""
    return {
        "anonymous": 302,
        "anne": anne,
        "ida": anne,
        "bo": bo,
        "dorte": dorte,
        "carl": carl,
        "eva": eva,
        "frida": frida,
    }


EVERYONE = pages(anne=200, bo=200, dorte=200, carl=200, eva=200, frida=200)
COORDINATORS = pages(anne=200, carl=200, bo=404, dorte=404)

WEB_POLICY: dict[tuple[str, str], dict[str, Expect]] = {
    ("dashboard", "GET"): EVERYONE,
    ("page-notifications", "GET"): EVERYONE,
    ("page-candidates", "GET"): pages(anne=200, carl=200, bo=404, dorte=200),
    ("page-candidates", "POST"): pages(anne=200, carl=200, bo=404, dorte=200),
    ("page-candidate-new", "GET"): pages(anne=200, carl=200, bo=404, dorte=200),
    ("page-candidate-new", "POST"): pages(anne=200, carl=200, bo=404, dorte=200),
    ("page-candidate", "GET"): pages(anne=200, bo=200, dorte=200),
    ("page-candidate-consent", "POST"): pages(anne=302, bo=403, dorte=403),
    # Sara's consent for contractors: the social worker withdraws only housing ones.
    ("page-consent-withdraw", "POST"): pages(anne=302, bo=404, dorte=404),
    ("page-needs", "GET"): EVERYONE,
    ("page-need", "GET"): pages(anne=200, bo=200, dorte=200, frida=200),
    ("page-need-new", "GET"): pages(anne=200, bo=200, eva=200, dorte=404),
    ("page-need-new", "POST"): pages(anne=200, bo=200, eva=200, dorte=404),
    ("page-need-edit", "GET"): pages(anne=200, bo=200, dorte=403, frida=403),
    ("page-need-edit", "POST"): pages(anne=200, bo=200, dorte=403, frida=403),
    ("page-need-introduce", "POST"): pages(anne=302, bo=403, dorte=403, frida=403),
    ("page-placement", "GET"): pages(anne=200, bo=200, dorte=200),
    # Accepting Sara's proposed placement: the job centre or the contractor.
    ("page-placement-action", "POST"): pages(anne=302, bo=302, dorte=403),
    ("page-retention-check", "POST"): pages(anne=302, bo=404, dorte=404),
    ("page-allocations", "GET"): pages(anne=200, carl=200, bo=403, eva=403, dorte=403, frida=403),
    ("page-allocations", "POST"): pages(anne=200, carl=200, bo=403, eva=403, dorte=403, frida=403),
    ("page-calendar", "GET"): COORDINATORS,
    ("page-report", "GET"): EVERYONE,
    # The pack is for the group's members and the municipality's coordinators.
    ("page-meeting-pack", "GET"): pages(anne=200, bo=404, dorte=404, frida=200),
    # Meetings are recorded by the coordinators of the group's municipality.
    ("page-meeting-new", "GET"): pages(anne=200, bo=404, dorte=404, frida=403),
    ("page-meeting-new", "POST"): pages(anne=200, bo=404, dorte=404, frida=403),
}


def web_kwargs(name: str, world: World) -> dict[str, Any]:
    """The URL arguments of a page: Sara, her placement and consent, Bo's need."""
    if name in ("page-candidate", "page-candidate-consent"):
        return {"candidate_id": world.sara.pk}
    if name == "page-consent-withdraw":
        consent = world.sara.consents.get(recipient=ConsentRecipient.CONTRACTORS)
        return {"consent_id": consent.pk}
    if name in ("page-need", "page-need-edit", "page-need-introduce"):
        return {"need_id": world.need.pk}
    if name == "page-placement":
        return {"placement_id": world.sara.placements.get().pk}
    if name == "page-placement-action":
        return {"placement_id": world.sara.placements.get().pk, "action": "accept"}
    if name == "page-retention-check":
        outcome = Outcome.objects.create(
            candidate=world.sara, kind=OutcomeKind.JOB_ELSEWHERE, started_on=timezone.localdate()
        )
        return {"check_id": outcome.retention_checks.create(months=3, due_on=outcome.started_on).pk}
    if name == "page-meeting-pack":
        group = world.project.follow_up_groups.get()
        meeting = Meeting.objects.create(
            group=group, held_on=timezone.localdate() + dt.timedelta(days=5)
        )
        meeting_pack_freeze(meeting=meeting, now=timezone.now())
        return {"meeting_id": meeting.pk}
    if name == "page-meeting-new":
        return {"group_id": world.project.follow_up_groups.get().pk}
    return {}
