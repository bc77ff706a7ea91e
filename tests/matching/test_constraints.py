"""The database refuses impossible candidates, consents, placements and follow-ups."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction

from matching.models import (
    Consent,
    FollowUp,
    FollowUpChannel,
    Outcome,
    OutcomeKind,
    Placement,
    PlacementStatus,
    RetentionCheck,
    TradeInterest,
)
from tests.matching.factories import CandidateFactory, ConsentFactory, PlacementFactory
from tests.renovations.factories import LabourNeedFactory, trade

pytestmark = pytest.mark.django_db


def _refused(save: Callable[[], object]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


def test_trade_interest_rank_is_1_to_3() -> None:
    candidate = CandidateFactory.create()
    _refused(lambda: TradeInterest.objects.create(candidate=candidate, trade=trade(), rank=4))
    _refused(lambda: TradeInterest.objects.create(candidate=candidate, trade=trade(), rank=0))


def test_trade_interest_rank_and_trade_unique_per_candidate() -> None:
    candidate = CandidateFactory.create()
    TradeInterest.objects.create(candidate=candidate, trade=trade("murer"), rank=1)
    _refused(
        lambda: TradeInterest.objects.create(candidate=candidate, trade=trade("maler"), rank=1)
    )
    _refused(
        lambda: TradeInterest.objects.create(candidate=candidate, trade=trade("murer"), rank=2)
    )
    # Another candidate may rank the same trade first.
    TradeInterest.objects.create(candidate=CandidateFactory.create(), trade=trade("murer"), rank=1)


def test_placement_ends_on_or_after_its_start() -> None:
    _refused(
        lambda: PlacementFactory.create(starts_on=dt.date(2026, 3, 9), ends_on=dt.date(2026, 3, 6))
    )


def test_placement_hours_within_a_working_week() -> None:
    _refused(lambda: PlacementFactory.create(hours_per_week=0))
    _refused(lambda: PlacementFactory.create(hours_per_week=61))


def test_consent_expires_after_it_is_given() -> None:
    _refused(
        lambda: ConsentFactory.create(
            given_on=dt.date(2026, 1, 12), expires_on=dt.date(2026, 1, 12)
        )
    )


def test_consent_is_not_withdrawn_before_it_is_given() -> None:
    consent = ConsentFactory.create()
    _refused(
        lambda: Consent.objects.filter(pk=consent.pk).update(withdrawn_on=dt.date(2025, 12, 1))
    )


def test_follow_up_wellbeing_1_to_5_and_days_within_a_week() -> None:
    placement = PlacementFactory.create()

    def follow_up(**fields: object) -> FollowUp:
        return FollowUp.objects.create(
            placement=placement,
            held_on=dt.date(2026, 3, 6),
            channel=FollowUpChannel.ON_SITE,
            **fields,
        )

    _refused(lambda: follow_up(wellbeing=6))
    _refused(lambda: follow_up(days_present=5, days_absent=3))
    follow_up(wellbeing=4, days_present=4, days_absent=1)


def test_one_outcome_per_placement_and_retention_months_3_6_12() -> None:
    placement = PlacementFactory.create(status=PlacementStatus.COMPLETED)
    outcome = Outcome.objects.create(
        candidate=placement.candidate,
        placement=placement,
        kind=OutcomeKind.JOB_ON_SITE,
        started_on=dt.date(2026, 3, 30),
    )
    _refused(
        lambda: Outcome.objects.create(
            candidate=placement.candidate,
            placement=placement,
            kind=OutcomeKind.EDUCATION,
            started_on=dt.date(2026, 4, 1),
        )
    )
    RetentionCheck.objects.create(outcome=outcome, months=3, due_on=dt.date(2026, 6, 30))
    _refused(
        lambda: RetentionCheck.objects.create(
            outcome=outcome, months=3, due_on=dt.date(2026, 6, 30)
        )
    )
    _refused(
        lambda: RetentionCheck.objects.create(
            outcome=outcome, months=4, due_on=dt.date(2026, 7, 30)
        )
    )


@pytest.mark.postgres
def test_postgres_refuses_two_overlapping_placements_for_one_candidate() -> None:
    """One candidate can never hold two overlapping proposed/accepted/active placements."""
    first = PlacementFactory.create(starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 27))
    other_need = LabourNeedFactory.create()

    def overlapping(status: PlacementStatus) -> Placement:
        return PlacementFactory.create(
            candidate=first.candidate,
            need=other_need,
            status=status,
            # Touching on the last day is an overlap: both ends are inclusive.
            starts_on=dt.date(2026, 3, 27),
            ends_on=dt.date(2026, 4, 23),
        )

    for status in (PlacementStatus.PROPOSED, PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE):
        _refused(lambda status=status: overlapping(status))  # type: ignore[misc]


@pytest.mark.postgres
def test_postgres_allows_back_to_back_and_ended_placements() -> None:
    first = PlacementFactory.create(starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 27))
    PlacementFactory.create(
        candidate=first.candidate, starts_on=dt.date(2026, 3, 30), ends_on=dt.date(2026, 4, 24)
    )
    for status in (
        PlacementStatus.DECLINED,
        PlacementStatus.WITHDRAWN,
        PlacementStatus.COMPLETED,
        PlacementStatus.INTERRUPTED,
    ):
        PlacementFactory.create(
            candidate=first.candidate,
            status=status,
            starts_on=dt.date(2026, 3, 2),
            ends_on=dt.date(2026, 3, 27),
        )
    # A declined placement can not come back to life over an active one.
    declined = Placement.objects.filter(status=PlacementStatus.DECLINED).get()
    _refused(
        lambda: Placement.objects.filter(pk=declined.pk).update(status=PlacementStatus.PROPOSED)
    )
