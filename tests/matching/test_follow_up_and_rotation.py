"""Follow-ups, no-shows and the rotation across trades."""

import datetime as dt
from functools import partial

import pytest

from accounts.errors import ApplicationError, ErrorKind
from matching.models import FollowUpChannel, InterruptReason, Placement, PlacementStatus
from matching.selectors import candidate_no_shows
from matching.services import WeekPlan, follow_up_record, placement_weeks_plan
from tests.matching.factories import PlacementFactory
from tests.personas import World
from tests.renovations.factories import ContractorFactory, trade


def _active(world: World) -> Placement:
    placement = world.sara.placements.get()
    placement.status = PlacementStatus.ACTIVE
    placement.save()
    return placement


def test_contractor_staff_record_attendance_but_not_the_coordinators_notes(world: World) -> None:
    placement = _active(world)
    record = partial(
        follow_up_record,
        placement=placement,
        held_on=placement.starts_on,
        channel=FollowUpChannel.ON_SITE,
        days_present=4,
        days_absent=1,
    )
    follow_up = record(by=world.bo, mentor_feedback="God til at spørge")
    assert follow_up.mentor_feedback == "God til at spørge"
    with pytest.raises(ApplicationError) as caught:
        record(by=world.bo, notes="Privat")
    assert caught.value.kind is ErrorKind.INVALID
    with pytest.raises(ApplicationError) as caught:
        record(by=world.eva)
    assert caught.value.kind is ErrorKind.FORBIDDEN
    record(by=world.anne, notes="Trives", next_step="Snak om uddannelse")


def test_no_shows_count_each_placement_once(world: World) -> None:
    placement = _active(world)
    for week in range(2):
        follow_up_record(
            placement=placement,
            by=world.anne,
            held_on=placement.starts_on + dt.timedelta(days=7 * week),
            channel=FollowUpChannel.PHONE,
            days_present=0,
            days_absent=5,
        )
    PlacementFactory.create(
        candidate=world.sara,
        status=PlacementStatus.INTERRUPTED,
        interrupt_reason=InterruptReason.NO_SHOW,
        starts_on=dt.date(2025, 3, 3),
        ends_on=dt.date(2025, 3, 3),
    )
    assert candidate_no_shows(candidate_ids=[world.sara.pk, world.omar.pk]) == {
        world.sara.pk: 2,
        world.omar.pk: 0,
    }


def test_the_rotation_covers_every_week_with_contractors_on_the_site(world: World) -> None:
    placement = world.sara.placements.get()
    plan = [
        WeekPlan(week=1, trade=trade("murer"), contractor=world.murer),
        WeekPlan(week=2, trade=trade("toemrer"), contractor=world.other_contractor),
        WeekPlan(week=3, trade=trade("maler"), contractor=world.other_contractor),
        WeekPlan(week=4, trade=trade("murer"), contractor=world.murer, mentor_name="Jens"),
    ]
    rows = placement_weeks_plan(placement=placement, by=world.anne, weeks=plan)
    assert [(r.week, r.trade.code) for r in rows] == [
        (1, "murer"),
        (2, "toemrer"),
        (3, "maler"),
        (4, "murer"),
    ]
    with pytest.raises(ApplicationError):
        placement_weeks_plan(placement=placement, by=world.anne, weeks=plan[:3])
    elsewhere = ContractorFactory.create()
    off_site = [*plan[:3], WeekPlan(week=4, trade=trade("murer"), contractor=elsewhere)]
    with pytest.raises(ApplicationError):
        placement_weeks_plan(placement=placement, by=world.anne, weeks=off_site)
    with pytest.raises(ApplicationError) as caught:
        placement_weeks_plan(placement=placement, by=world.bo, weeks=plan)
    assert caught.value.kind is ErrorKind.FORBIDDEN
