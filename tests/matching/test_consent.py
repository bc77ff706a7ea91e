"""Consent decides who else sees a candidate; withdrawal takes effect at once."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.errors import ApplicationError, ErrorKind
from accounts.models import User
from matching.models import Consent, ConsentRecipient
from matching.services import consent_record, consent_withdraw
from tests.personas import World


def _sees(client: Client, user: User, candidate_id: int) -> bool:
    client.force_login(user)
    return client.get(reverse("candidate", args=[candidate_id])).status_code == 200


def test_withdrawing_the_contractors_consent_hides_the_candidate_at_once(
    client: Client, world: World
) -> None:
    assert _sees(client, world.bo, world.sara.pk)
    consent = world.sara.consents.get(recipient=ConsentRecipient.CONTRACTORS)
    client.force_login(world.anne)
    response = client.post(reverse("consent-withdraw", args=[consent.pk]))
    assert response.status_code == 200
    assert response.json()["withdrawn_on"] == timezone.localdate().isoformat()
    assert not _sees(client, world.bo, world.sara.pk)
    # The job centre still has the person; only the sharing stopped.
    assert _sees(client, world.anne, world.sara.pk)


def test_withdrawing_the_housing_consent_hides_the_referral_from_the_social_worker(
    client: Client, world: World
) -> None:
    consent = world.sara.consents.get(recipient=ConsentRecipient.HOUSING_SOCIAL_PLAN)
    client.force_login(world.dorte)
    assert client.post(reverse("consent-withdraw", args=[consent.pk])).status_code == 200
    assert not _sees(client, world.dorte, world.sara.pk)
    assert _sees(client, world.bo, world.sara.pk)


def test_an_expired_consent_counts_as_none(client: Client, world: World) -> None:
    Consent.objects.filter(candidate=world.sara, recipient=ConsentRecipient.CONTRACTORS).update(
        expires_on=timezone.localdate()
    )
    assert not _sees(client, world.bo, world.sara.pk)


def test_withdrawing_twice_is_a_conflict(client: Client, world: World) -> None:
    consent = world.sara.consents.get(recipient=ConsentRecipient.CONTRACTORS)
    client.force_login(world.anne)
    client.post(reverse("consent-withdraw", args=[consent.pk]))
    assert client.post(reverse("consent-withdraw", args=[consent.pk])).status_code == 409


@pytest.mark.parametrize("persona", ["bo", "carl", "frida"])
def test_others_cannot_withdraw_a_consent(client: Client, world: World, persona: str) -> None:
    consent = world.sara.consents.get(recipient=ConsentRecipient.CONTRACTORS)
    client.force_login(world.everyone()[persona])
    assert client.post(reverse("consent-withdraw", args=[consent.pk])).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


@pytest.mark.django_db
def test_consent_expires_after_twelve_months_by_default(world: World) -> None:
    consent = consent_record(
        candidate=world.omar,
        recipient=ConsentRecipient.TRADE_UNION,
        purpose="Medlemskab",
        given_on=dt.date(2026, 2, 28),
        by=world.anne,
    )
    assert consent.expires_on == dt.date(2027, 2, 28)
    consent_withdraw(consent=consent, by=world.anne, today=dt.date(2026, 3, 1))
    with pytest.raises(ApplicationError) as caught:
        consent_withdraw(consent=consent, by=world.anne, today=dt.date(2026, 3, 2))
    assert caught.value.kind is ErrorKind.CONFLICT


def test_the_social_worker_refers_a_resident_only_with_consent(
    client: Client, world: World
) -> None:
    client.force_login(world.dorte)
    referral = {
        "municipality": "461",
        "first_name": "Ali",
        "last_name": "Jensen",
        "home_area": world.area.pk,
        "trades": ["murer"],
    }
    response = client.post(reverse("candidates"), referral, content_type="application/json")
    assert response.status_code == 400
    assert "consents" in response.json()["extra"]["fields"]
    given = timezone.localdate().isoformat()
    referral["consents"] = [
        {"recipient": "housing_social_plan", "purpose": "Opfølgning", "given_on": given}
    ]
    response = client.post(reverse("candidates"), referral, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["access"] == "referrer"
    assert response.json()["status"] == "active"
    # Anne, at the job centre, now has the referral in full.
    client.force_login(world.anne)
    full = client.get(reverse("candidate", args=[response.json()["id"]])).json()
    assert full["referral_source"] == "housing_social" and full["referred_by"] == world.dorte.pk


def test_nobody_registers_people_outside_their_own_job_centre_or_area(
    client: Client, world: World
) -> None:
    for persona in ("carl", "bo", "frida"):
        client.force_login(world.everyone()[persona])
        response = client.post(
            reverse("candidates"),
            {"municipality": "461", "first_name": "X", "last_name": "Y"},
            content_type="application/json",
        )
        assert response.status_code == 403, persona
