"""The authorization matrix: every URL, every method, every persona, declared and tested.

A new endpoint without a line in POLICY fails ``test_every_endpoint_has_a_policy``.
Expected answers: a status code, or OK for any 2xx (and 400 where the persona is
allowed but sends an empty body). Objects outside a user's scope answer 404.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from matching.models import ConsentRecipient, Outcome, OutcomeKind
from tests.matching.policy import MATCHING_BODIES, MATCHING_POLICY, meeting_pack_kwargs
from tests.notifications.policy import NOTIFICATIONS_POLICY
from tests.personas import World
from tests.policy import OK, PERSONAS, Expect, everyone, logged_in
from tests.renovations.policy import RENOVATIONS_BODIES, RENOVATIONS_POLICY, meeting_kwargs
from tests.web.policy import WEB_POLICY, web_kwargs


def candidate_rule(*, anne: Expect, bo: Expect, dorte: Expect) -> dict[str, Expect]:
    """Sara is in Anne's municipality, introduced to Bo's need and referred by Dorte."""
    return {
        "anonymous": 401,
        "anne": anne,
        "ida": anne,
        "bo": bo,
        "dorte": dorte,
        "carl": 404,
        "eva": 404,
        "frida": 404,
    }


NEW_CANDIDATE = {"municipality": "461", "first_name": "Ny", "last_name": "Person"}
NEW_CONSENT = {"recipient": "trade_union", "purpose": "Medlemskab", "given_on": "2026-01-05"}

# (url name, method) -> persona -> expected; with the request body where one is needed.
_BASE_POLICY: dict[tuple[str, str], dict[str, Expect]] = {
    ("healthz", "GET"): everyone(200),
    ("set_language", "POST"): everyone(302),
    ("login", "GET"): everyone(200),
    ("logout", "POST"): everyone(OK),
    ("password_change", "GET"): logged_in(200, anonymous=302),
    ("password_change", "POST"): logged_in(200, anonymous=302),
    ("password_change_done", "GET"): logged_in(200, anonymous=302),
    ("password_reset", "GET"): everyone(200),
    ("password_reset", "POST"): everyone(200),
    ("admin_password_reset", "GET"): everyone(200),
    ("admin_password_reset", "POST"): everyone(200),
    ("password_reset_done", "GET"): everyone(200),
    ("password_reset_confirm", "GET"): everyone(200),
    ("password_reset_confirm", "POST"): everyone(200),
    ("password_reset_complete", "GET"): everyone(200),
    ("login", "POST"): everyone(200),
    # Django's form views treat PUT as POST: the same form, the same answer.
    ("login", "PUT"): everyone(200),
    ("password_change", "PUT"): logged_in(200, anonymous=302),
    ("password_reset", "PUT"): everyone(200),
    ("admin_password_reset", "PUT"): everyone(200),
    ("password_reset_confirm", "PUT"): everyone(200),
    ("schema", "GET"): everyone(200),
    ("api-docs", "GET"): everyone(200),
    ("auth-token", "POST"): everyone(400),
    ("auth-token", "DELETE"): logged_in(OK),
    ("candidates", "GET"): logged_in(200),
    ("candidates", "POST"): {
        **logged_in(403),
        "anne": 201,
        "ida": 201,
    },
    ("candidate", "GET"): candidate_rule(anne=200, bo=200, dorte=200),
    ("candidate", "PATCH"): candidate_rule(anne=200, bo=403, dorte=403),
    ("candidate-consents", "POST"): candidate_rule(anne=201, bo=403, dorte=403),
    ("candidate-export", "GET"): candidate_rule(anne=200, bo=403, dorte=403),
    ("candidate-erase", "POST"): candidate_rule(anne=200, bo=403, dorte=403),
    # The consent is for contractors: the referring social worker withdraws only housing ones.
    ("consent-withdraw", "POST"): candidate_rule(anne=200, bo=404, dorte=404),
}
_BASE_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("candidates", "POST"): NEW_CANDIDATE,
    ("candidate", "PATCH"): {"phone": "12345678"},
    ("candidate-consents", "POST"): NEW_CONSENT,
    ("candidate-erase", "POST"): {"reason": "Borgerens anmodning"},
    ("set_language", "POST"): {"language": "en", "next": "/"},
}
POLICY = {
    **_BASE_POLICY,
    **RENOVATIONS_POLICY,
    **MATCHING_POLICY,
    **NOTIFICATIONS_POLICY,
    **WEB_POLICY,
}
BODIES: dict[tuple[str, str], Any] = {**_BASE_BODIES, **RENOVATIONS_BODIES, **MATCHING_BODIES}
HANDLERS = ("get", "post", "put", "patch", "delete")


def _patterns(
    patterns: list[Any], namespace: str | None = None
) -> Iterator[tuple[URLPattern, str | None]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, entry.namespace or namespace)
        else:
            yield entry, namespace


def _methods(pattern: URLPattern) -> set[str]:
    view = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
    if view is None:  # a function view: its policy says which methods it has
        return {method for name, method in POLICY if name == pattern.name}
    allowed = {m for m in HANDLERS if hasattr(view, m) and m in view.http_method_names}
    return {method.upper() for method in allowed}


def test_every_endpoint_has_a_policy() -> None:
    """A URL nobody declared a policy for is a hole: declare it here first."""
    declared = set(POLICY)
    found: set[tuple[str, str]] = set()
    for pattern, namespace in _patterns(get_resolver().url_patterns):
        if namespace == "admin":
            continue  # the admin site: staff only, see test_admin_is_for_staff_only
        assert pattern.name, f"unnamed URL pattern {pattern.pattern}"
        for method in _methods(pattern):
            found.add((pattern.name, method))
    assert found - declared == set(), "endpoints without a policy"
    assert declared - found == set(), "policies for endpoints that do not exist"
    for key, rule in POLICY.items():
        assert set(rule) == set(PERSONAS), key


def _kwargs(name: str, world: World) -> dict[str, Any]:
    if any(page == name for page, _method in WEB_POLICY):
        return web_kwargs(name, world)
    if name.startswith("candidate"):
        return {"candidate_id": world.sara.pk} if name != "candidates" else {}
    if name == "need-suggestions":
        return {"need_id": world.other_need.pk}
    if name.startswith("placement-") or name == "placement":
        return {"placement_id": world.sara.placements.get().pk}
    if name == "retention-check-record":
        outcome = Outcome.objects.create(
            candidate=world.sara, kind=OutcomeKind.JOB_ELSEWHERE, started_on=timezone.localdate()
        )
        check = outcome.retention_checks.create(months=3, due_on=timezone.localdate())
        return {"check_id": check.pk}
    if name == "project":
        return {"project_id": world.project.pk}
    if name == "need":
        return {"need_id": world.need.pk}
    if name in ("follow-up-group-meeting", "action-item"):
        return meeting_kwargs(world, name)
    if name == "meeting-pack":
        return meeting_pack_kwargs(world)
    if name == "follow-up-group-meetings":
        return {"group_id": world.project.follow_up_groups.get().pk}
    if name == "consent-withdraw":
        consent = world.sara.consents.get(recipient=ConsentRecipient.CONTRACTORS)
        return {"consent_id": consent.pk}
    if name == "check-in":
        return {"token": "not-a-signed-token"}
    if name == "password_reset_confirm":
        return {"uidb64": "MQ", "token": "set-password"}
    return {}


CASES = [(name, method, persona) for (name, method), rule in POLICY.items() for persona in rule]


@pytest.mark.parametrize(("name", "method", "persona"), CASES)
def test_policy(client: Client, world: World, name: str, method: str, persona: str) -> None:
    expected = POLICY[(name, method)][persona]
    if persona != "anonymous":
        client.force_login(world.everyone()[persona])
    url = reverse(name, kwargs=_kwargs(name, world))
    body = BODIES.get((name, method), {})
    if callable(body):
        body = body(world)
    if name == "set_language":
        response = client.post(url, body)
    else:
        response = getattr(client, method.lower())(url, body, content_type="application/json")
    if expected == OK:
        assert 200 <= response.status_code < 300 or response.status_code == 302, (
            response.status_code
        )
    else:
        assert response.status_code == expected, (response.status_code, response.content[:300])


@pytest.mark.parametrize(("persona", "expected"), [("anonymous", 302), ("anne", 302), ("ida", 200)])
def test_admin_is_for_staff_only(client: Client, world: World, persona: str, expected: int) -> None:
    if persona != "anonymous":
        client.force_login(world.everyone()[persona])
    for url in (
        "/admin/",
        "/admin/matching/candidate/",
        f"/admin/matching/candidate/{world.sara.pk}/change/",
    ):
        assert client.get(url).status_code == expected, url
