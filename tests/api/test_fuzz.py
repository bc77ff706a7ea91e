"""Fuzz the live API as each role: no server error, every answer as documented, and
no object outside the caller's scope ever returned.

schemathesis reads the schema the app serves at ``/api/schema/`` and sends the
requests it generates for every operation straight to the WSGI application, inside
the test's transaction, with the API token of a persona of ``tests/personas.py``:
one for each role, and Carl, who coordinates another municipality and must see
nothing of Anne's. Ids in paths are drawn from the world's own objects, in and out of
the persona's scope, so that the scope check has something to catch.

The run is bounded and derandomised (the same requests on every run): the fuzzing
phase, ``MAX_EXAMPLES`` per operation and persona. ``FUZZ_THOROUGH=1`` adds the
coverage phase (every boundary and invalid value the schema suggests) and four times
the examples, for a search that takes many minutes.
"""

import os
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.db.models import Model, QuerySet
from django.utils import timezone
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import Case, CheckContext, CheckFunction, Response
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import User
from config.wsgi import application
from matching.models import Candidate, Consent, Placement, RetentionCheck
from matching.selectors import candidate_scope, placement_list
from renovations.models import FollowUpGroup, LabourNeed, RenovationProject
from renovations.selectors import need_list, project_list
from tests.personas import World, build_world

# Anne coordinates, Bo is contractor staff, Dorte a housing social worker, Frida sits
# in the follow-up group, Ida administers; Carl coordinates elsewhere.
PERSONAS = ("anne", "bo", "dorte", "frida", "ida", "carl")

THOROUGH = os.environ.get("FUZZ_THOROUGH") == "1"
MAX_EXAMPLES = 80 if THOROUGH else 20
CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20261122,
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "phases": {"coverage": {"enabled": THOROUGH}},
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)

CHECKS: list[CheckFunction] = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# Failures found and not yet fixed: each line turns off one check on one operation,
# with the reason; delete it with the fix. None at the moment.
KNOWN_FAILURES: dict[str, tuple[str, str]] = {}


# --- What a persona may see -----------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


SCOPES: dict[str, Callable[[User], QuerySet[Any]]] = {
    "candidate": lambda user: candidate_scope(user=user, today=_today()),
    "consent": lambda user: Consent.objects.filter(
        candidate__in=candidate_scope(user=user, today=_today())
    ),
    "placement": lambda user: placement_list(user=user, today=_today()),
    "need": lambda user: need_list(user=user),
    "project": lambda user: project_list(user=user),
}

# Path parameter -> the model whose ids it takes, and the kind of object (a key of
# SCOPES) it must name for an answer to succeed; None where no scope is checked yet.
PATH_IDS: dict[str, tuple[type[Model], str | None]] = {
    "candidate_id": (Candidate, "candidate"),
    "consent_id": (Consent, "consent"),
    "placement_id": (Placement, "placement"),
    "need_id": (LabourNeed, "need"),
    "project_id": (RenovationProject, "project"),
    "check_id": (RetentionCheck, None),
    "group_id": (FollowUpGroup, None),
}


def _object_ids(body: Any) -> list[int]:
    """The ids of the object an answer shows, or of each row of a page of them."""
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        return [row["id"] for row in body["results"] if isinstance(row, dict) and "id" in row]
    if isinstance(body, dict) and isinstance(body.get("id"), int):
        return [body["id"]]
    return []


# Path -> the kind of object a successful answer shows, and where its ids are; the
# first entry the operation's path starts with applies.
BODIES: list[tuple[str, str, Callable[[Any], list[int]]]] = [
    ("/api/v1/candidates/{candidate_id}/consents/", "consent", _object_ids),
    ("/api/v1/candidates/{candidate_id}/export/", "candidate", lambda b: [b["candidate"]["id"]]),
    ("/api/v1/candidates/{candidate_id}/erase/", "candidate", lambda b: [b["candidate_id"]]),
    ("/api/v1/candidates/", "candidate", _object_ids),
    ("/api/v1/consents/", "consent", _object_ids),
    ("/api/v1/placements/", "placement", _object_ids),
    ("/api/v1/needs/{need_id}/suggestions/", "candidate", _object_ids),
    ("/api/v1/needs/", "need", _object_ids),
    ("/api/v1/projects/", "project", _object_ids),
]


def _body_rule(path: str) -> tuple[str, Callable[[Any], list[int]]] | None:
    for prefix, kind, ids in BODIES:
        if path.startswith(prefix):
            return kind, ids
    return None


def _kinds(case: Case) -> set[str]:
    """The kinds of object the scope check looks at for this operation."""
    kinds = {PATH_IDS[name][1] for name in case.path_parameters if name in PATH_IDS}
    rule = _body_rule(case.path)
    if rule is not None:
        kinds.add(rule[0])
    return {kind for kind in kinds if kind is not None}


def _visible(user: User, kinds: set[str]) -> dict[str, set[int]]:
    fresh = User.objects.get(pk=user.pk)  # roles are read once per user object
    return {kind: set(SCOPES[kind](fresh).values_list("pk", flat=True)) for kind in kinds}


def scope_check(user: User, before: dict[str, set[int]]) -> CheckFunction:
    """A check that a successful answer names only objects the user could see.

    Before or after the request: a create shows what was not there before, and a
    withdrawal or an erasure what is gone after.
    """

    def no_object_outside_scope(ctx: CheckContext, response: Response, case: Case) -> None:
        if case.method.upper() != case.operation.method.upper():
            return  # the probes with other methods (OPTIONS) show no object
        if not 200 <= response.status_code < 300:
            return
        after = _visible(user, set(before))
        seen = {kind: before[kind] | after[kind] for kind in before}
        leaks = []
        for name, value in case.path_parameters.items():
            kind = PATH_IDS[name][1] if name in PATH_IDS else None
            if kind is not None and value not in seen[kind]:
                leaks.append(f"{name}={value}")
        rule = _body_rule(case.path)
        if rule is not None and response.content:
            kind, ids = rule
            leaks += [f"{kind} {id_}" for id_ in ids(response.json()) if id_ not in seen[kind]]
        assert not leaks, f"outside the caller's scope: {', '.join(leaks)}"

    return no_object_outside_scope


# --- The run -----------------------------------------------------------------------------------


@pytest.fixture
def wsgi_in_test_transaction(db: None) -> Iterator[None]:
    """Serve requests in the test's transaction, as Django's test client does.

    A WSGI request ends by closing a connection that is not in autocommit mode; inside
    the test's transaction that would break every request after the first.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_world(wsgi_in_test_transaction: None) -> World:
    return build_world()


@pytest.fixture
def known_ids(fuzz_world: World) -> dict[str, list[int]]:
    """For each id in a path, the world's ids of that kind and one that does not exist."""
    known = {}
    for name, (model, _) in PATH_IDS.items():
        ids = sorted(model._default_manager.values_list("pk", flat=True))
        known[name] = [*ids, max(ids, default=0) + 1000]
    return known


def _aim(case: Case, known: dict[str, list[int]]) -> None:
    """Point each id in the path at an object of the world, or at one that does not exist.

    Which one follows from the generated value, so the run stays deterministic. Ids
    that are not integers become integers: the URL patterns take only digits, and a
    path that matches none never reaches the API (Django answers its own HTML 404).
    """
    for name, value in case.path_parameters.items():
        slot = abs(value) if isinstance(value, int) and not isinstance(value, bool) else 0
        ids = known.get(name)
        case.path_parameters[name] = ids[slot % len(ids)] if ids else slot


@schema.parametrize()
@pytest.mark.parametrize("persona", PERSONAS)
@settings(
    suppress_health_check=[
        # The persona's world is built once per operation and shared by its examples.
        HealthCheck.function_scoped_fixture,
        # Some request bodies are slow or large to generate; no fault of the API.
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ]
)
def test_api(case: Case, persona: str, fuzz_world: World, known_ids: dict[str, list[int]]) -> None:
    """No 5xx, answers as documented, and nothing outside the persona's scope."""
    user = fuzz_world.everyone()[persona]
    # Issued again whenever it is gone: the fuzzer revokes it with DELETE /auth/token/.
    token, _ = Token.objects.get_or_create(user=user)
    _aim(case, known_ids)
    checks = [*CHECKS, scope_check(user, _visible(user, _kinds(case)))]
    known = KNOWN_FAILURES.get(case.operation.label)
    if known is not None:
        checks = [check for check in checks if check.__name__ != known[0]]
    case.call_and_validate(headers={"Authorization": f"Token {token.key}"}, checks=checks)


def test_known_failures_name_operations() -> None:
    """A known failure of an operation that is gone is a line to delete."""
    operations = {
        result.ok().label for result in schema.get_all_operations() if isinstance(result, Ok)
    }
    assert set(KNOWN_FAILURES) <= operations
