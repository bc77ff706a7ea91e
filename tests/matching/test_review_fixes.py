"""Rules found missing in review, each pinned by a test."""

import datetime as dt

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.errors import ApplicationError, ErrorKind
from matching.models import ConsentRecipient, PlacementStatus
from matching.services import (
    AllocationChoice,
    allocation_confirm,
    consent_withdraw,
    placement_accept,
    placement_interrupt,
    placement_propose,
)
from matching.suggestions import suggestions_for_need
from renovations import workdays
from renovations.models import NeedStatus
from tests.matching.factories import ConsentFactory
from tests.personas import World


def test_a_referrer_withdraws_only_the_housing_consent_of_a_referral_in_sight(
    client: Client, world: World
) -> None:
    contractors = world.sara.consents.get(recipient=ConsentRecipient.CONTRACTORS)
    housing = world.sara.consents.get(recipient=ConsentRecipient.HOUSING_SOCIAL_PLAN)
    client.force_login(world.dorte)
    assert client.post(reverse("consent-withdraw", args=[contractors.pk])).status_code == 404
    assert client.post(reverse("consent-withdraw", args=[housing.pk])).status_code == 200
    # Out of sight now: nothing more to withdraw for Dorte.
    consent_withdraw(consent=contractors, by=world.anne, today=timezone.localdate())
    contractors.withdrawn_on = None
    contractors.save()
    assert client.post(reverse("consent-withdraw", args=[contractors.pk])).status_code == 404


def test_a_cancelled_need_accepts_nobody(world: World) -> None:
    world.need.status = NeedStatus.CANCELLED
    world.need.save()
    with pytest.raises(ApplicationError) as caught:
        placement_accept(placement=world.sara.placements.get(), by=world.bo, now=timezone.now())
    assert caught.value.kind is ErrorKind.CONFLICT


def test_an_interrupted_placement_gives_its_place_back(world: World) -> None:
    world.need.places = 1
    world.need.save()
    placement = placement_accept(
        placement=world.sara.placements.get(), by=world.bo, now=timezone.now()
    )
    world.need.refresh_from_db()
    assert world.need.status == NeedStatus.FILLED
    placement_interrupt(
        placement=placement, by=world.anne, today=timezone.localdate(), reason="illness"
    )
    world.need.refresh_from_db()
    assert world.need.status == NeedStatus.OPEN


@override_settings(MATCHING_SUGGESTIONS=1, MATCHING_ALLOCATION_TOP_K=5)
def test_an_allocation_may_choose_below_the_first_suggestions(world: World) -> None:
    today = timezone.localdate()
    for person in (world.omar, world.sara):
        ConsentFactory.create(
            candidate=person,
            recipient=ConsentRecipient.CONTRACTORS,
            given_on=today,
            expires_on=today + dt.timedelta(days=300),
        )
    world.sara.placements.update(status=PlacementStatus.WITHDRAWN)
    ranked = suggestions_for_need(world.other_need, today=today, limit=5)
    second = ranked[1].candidate_id
    person = world.omar if second == world.omar.pk else world.sara
    start = workdays.working_day_on_or_after(today + dt.timedelta(days=2))
    with pytest.raises(ApplicationError):  # alone, it needs a reason
        placement_propose(
            need=world.other_need, candidate=person, by=world.anne, starts_on=start, today=today
        )
    (placement,) = allocation_confirm(
        by=world.anne,
        today=today,
        choices=[AllocationChoice(need=world.other_need, candidate=person)],
    )
    assert placement.override_reason == ""


def test_contractors_cannot_filter_by_what_they_may_not_see(client: Client, world: World) -> None:
    client.force_login(world.bo)
    everyone = client.get(reverse("candidates")).json()["count"]
    assert client.get(reverse("candidates"), {"status": "exited"}).json()["count"] == everyone
