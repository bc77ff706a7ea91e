"""Every read of a candidate's personal data, and every write, leaves an audit event."""

from typing import Any

import pytest
from django.db import DatabaseError, connection
from django.test import Client
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent
from tests.personas import World


def _events(**filters: object) -> list[tuple[str, int | None, str]]:
    return [
        (e.action, e.candidate_id, e.purpose)
        for e in AuditEvent.objects.filter(**filters).order_by("id")
    ]


def test_each_listed_row_is_audited(client: Client, world: World) -> None:
    client.force_login(world.anne)
    rows = client.get(reverse("candidates"), {"page_size": 2}).json()["results"]
    assert len(rows) == 2
    assert _events(actor=world.anne) == [(AuditAction.LIST, row["id"], "") for row in rows]


def test_a_search_is_audited_with_its_criterion(client: Client, world: World) -> None:
    client.force_login(world.anne)
    client.get(reverse("candidates"), {"search": "Sara"})
    assert _events(actor=world.anne) == [(AuditAction.SEARCH, world.sara.pk, "search: Sara")]


def test_detail_export_and_every_write_are_audited(client: Client, world: World) -> None:
    client.force_login(world.anne)
    sara = world.sara.pk
    client.get(reverse("candidate", args=[sara]))
    client.patch(
        reverse("candidate", args=[sara]), {"phone": "12345678"}, content_type="application/json"
    )
    client.post(
        reverse("candidate-consents", args=[sara]),
        {
            "recipient": "vocational_school",
            "purpose": "Optagelse på skolen",
            "given_on": "2026-01-05",
        },
        content_type="application/json",
    )
    consent = world.sara.consents.get(recipient="vocational_school")
    client.post(reverse("consent-withdraw", args=[consent.pk]))
    client.get(reverse("candidate-export", args=[sara]))
    client.post(reverse("candidate-erase", args=[sara]), {"reason": "Borgerens anmodning"})
    actions = [action for action, candidate, _ in _events(actor=world.anne) if candidate == sara]
    assert actions == [
        AuditAction.VIEW,
        AuditAction.UPDATE,  # the change
        AuditAction.VIEW,  # the record shown after it
        AuditAction.CREATE,  # the consent
        AuditAction.UPDATE,  # its withdrawal
        AuditAction.EXPORT,
        AuditAction.DELETE,
    ]


def test_the_contractors_reads_are_audited_too(client: Client, world: World) -> None:
    client.force_login(world.bo)
    client.get(reverse("candidates"))
    client.get(reverse("candidate", args=[world.sara.pk]))
    assert _events(actor=world.bo) == [
        (AuditAction.LIST, world.sara.pk, ""),
        (AuditAction.VIEW, world.sara.pk, ""),
    ]


@pytest.mark.parametrize("url_name", ["candidates", "candidate"])
def test_when_the_audit_write_fails_the_request_fails_and_shows_nothing(
    client: Client, world: World, url_name: str
) -> None:
    def refuse_audit(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        """Every write to the audit table fails, however it is written."""
        if sql.lstrip().upper().startswith("INSERT") and AuditEvent._meta.db_table in sql:
            raise DatabaseError("audit table unavailable")
        return execute(sql, params, many, context)

    client.force_login(world.anne)
    args = [world.sara.pk] if url_name == "candidate" else []
    with connection.execute_wrapper(refuse_audit):
        response = client.get(reverse(url_name, args=args))
    assert response.status_code == 503
    assert "Sara" not in response.content.decode()
    assert set(response.json()) == {"message", "extra"}


def test_the_export_holds_everything_and_who_looked(client: Client, world: World) -> None:
    client.force_login(world.bo)
    client.get(reverse("candidate", args=[world.sara.pk]))
    client.force_login(world.anne)
    export = client.get(reverse("candidate-export", args=[world.sara.pk])).json()
    assert export["candidate"]["first_name"] == "Sara"
    assert export["candidate"]["notes"] == "Fortrolig note"
    assert "cpr_lookup" not in export["candidate"]
    assert {c["recipient"] for c in export["consents"]} == {"contractors", "housing_social_plan"}
    assert len(export["placements"]) == 1
    assert ("Bo", "view") in {(e["by"], e["action"]) for e in export["access_log"]}
