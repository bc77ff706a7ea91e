"""Introducing a candidate to a need: consent, schedule and overlap rules."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from accounts.errors import ApplicationError, ErrorKind
from matching.models import ConsentRecipient, Placement, PlacementStatus
from matching.selectors import candidate_scope
from matching.services import consent_withdraw, placement_propose
from renovations import workdays
from renovations.models import NeedStatus
from tests.matching.factories import ConsentFactory
from tests.personas import World


def _start(world: World) -> dt.date:
    return workdays.working_day_on_or_after(world.need.earliest_start + dt.timedelta(days=1))


def _propose(world: World, candidate: object, **overrides: object) -> Placement:
    fields = {
        "need": world.other_need,
        "candidate": candidate,
        "by": world.anne,
        "starts_on": _start(world),
        "today": timezone.localdate(),
        **overrides,
    }
    return placement_propose(**fields)  # type: ignore[arg-type]


def _refused(kind: ErrorKind, world: World, candidate: object, **overrides: object) -> str:
    with translation.override("en"), pytest.raises(ApplicationError) as caught:
        _propose(world, candidate, **overrides)
    assert caught.value.kind is kind
    return caught.value.message


def test_without_consent_nobody_is_introduced_to_a_contractor(world: World) -> None:
    message = _refused(ErrorKind.CONFLICT, world, world.omar)
    assert "consent" in message
    assert not Placement.objects.filter(candidate=world.omar).exists()


def test_a_withdrawn_consent_stops_introductions_at_once(world: World) -> None:
    today = timezone.localdate()
    consent = ConsentFactory.create(
        candidate=world.omar,
        recipient=ConsentRecipient.CONTRACTORS,
        given_on=today - dt.timedelta(days=3),
        expires_on=today + dt.timedelta(days=300),
    )
    consent_withdraw(consent=consent, by=world.anne, today=today)
    _refused(ErrorKind.CONFLICT, world, world.omar)


def test_with_consent_the_contractor_sees_the_new_introduction(world: World) -> None:
    today = timezone.localdate()
    ConsentFactory.create(
        candidate=world.omar,
        recipient=ConsentRecipient.CONTRACTORS,
        given_on=today,
        expires_on=today + dt.timedelta(days=300),
    )
    assert not candidate_scope(user=world.eva, today=today).filter(pk=world.omar.pk).exists()
    placement = _propose(world, world.omar)
    assert placement.status == PlacementStatus.PROPOSED
    assert placement.ends_on == workdays.last_working_day_of_week(placement.starts_on, 4)
    assert placement.weeks.count() == 4
    assert candidate_scope(user=world.eva, today=today).filter(pk=world.omar.pk).exists()


def test_schedule_rules(world: World) -> None:
    saturday = world.need.latest_start - dt.timedelta(
        days=(world.need.latest_start.weekday() - 5) % 7
    )
    _refused(ErrorKind.INVALID, world, world.sara, starts_on=saturday)
    _refused(
        ErrorKind.INVALID,
        world,
        world.sara,
        starts_on=world.need.latest_start + dt.timedelta(days=7),
    )


def test_an_overlapping_placement_is_a_conflict(world: World) -> None:
    # Sara is already proposed to Bo's need from a week from today.
    message = _refused(ErrorKind.CONFLICT, world, world.sara, starts_on=_start(world))
    assert "placement" in message


def test_only_open_needs_and_own_candidates(world: World) -> None:
    world.other_need.status = NeedStatus.FILLED
    world.other_need.save()
    _refused(ErrorKind.CONFLICT, world, world.sara)
    _refused(ErrorKind.FORBIDDEN, world, world.sara, by=world.carl)


def test_choosing_someone_outside_the_suggestions_needs_a_reason_which_is_kept(
    world: World,
) -> None:
    """Omar lacks the driving licence the need asks for: never suggested, but choosable."""
    today = timezone.localdate()
    ConsentFactory.create(
        candidate=world.omar,
        recipient=ConsentRecipient.CONTRACTORS,
        given_on=today,
        expires_on=today + dt.timedelta(days=300),
    )
    world.other_need.requires_driving_licence = True
    world.other_need.save()
    message = _refused(ErrorKind.INVALID, world, world.omar)
    assert "suggestions" in message
    placement = _propose(world, world.omar, override_reason="Får kørekort i næste uge")
    assert placement.override_reason == "Får kørekort i næste uge"


def test_a_suggested_candidate_keeps_the_score_and_reasons_of_the_proposal(world: World) -> None:
    today = timezone.localdate()
    ConsentFactory.create(
        candidate=world.omar,
        recipient=ConsentRecipient.CONTRACTORS,
        given_on=today,
        expires_on=today + dt.timedelta(days=300),
    )
    placement = _propose(world, world.omar)
    assert placement.score is not None and placement.score > 0
    assert {"first_placement"} <= {reason["code"] for reason in placement.reasons}
    assert placement.override_reason == ""
