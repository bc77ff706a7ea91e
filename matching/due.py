"""Selectors of what is due on a day: the domain state behind the reminders (DESIGN §6).

Each returns plain rows (``values()``), unscoped: they are for the system's own
planner, which decides who is told. None of them returns a CPR number, benefit
group or note. The day's arithmetic (working days, placement weeks) is the
caller's; these take dates and answer with the rows that match.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from matching.models import (
    Candidate,
    CandidateStatus,
    Consent,
    ConsentRecipient,
    EndPlan,
    FollowUp,
    Outcome,
    Placement,
    PlacementStatus,
    PlacementWeek,
    RetentionCheck,
)
from matching.selectors import consent_valid_q
from matching.services.placements import PLACE_TAKING_STATUSES
from renovations.models import LabourNeed, NeedStatus

# A placement runs (the intern is, or should be, on the site) in these states.
RUNNING_STATUSES = (PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE)

PLACEMENT_FIELDS = ("id", "starts_on", "ends_on", "candidate_id", "owner_id")


def _placements(statuses: tuple[str, ...]) -> QuerySet[Placement]:
    """Placements of people still in the model; ``owner_id`` is the coordinator to tell."""
    return Placement.objects.filter(
        status__in=statuses, candidate__anonymised_on__isnull=True
    ).annotate(owner_id=Coalesce("coordinator_id", "candidate__coordinator_id"))


def _consent_to_contractors(on: date) -> Exists:
    return Exists(
        Consent.objects.filter(
            consent_valid_q(on=on),
            candidate=OuterRef("candidate_id"),
            recipient=ConsentRecipient.CONTRACTORS,
        )
    )


def placements_starting(*, after: date, until: date) -> QuerySet[Any, Any]:
    """Accepted placements starting after ``after`` and on or before ``until``.

    ``candidate_email`` is the intern's own address (empty when there is none) and
    ``shareable`` whether the site may be told about them (valid consent on ``after``).
    """
    return (
        _placements((PlacementStatus.ACCEPTED,))
        .filter(starts_on__gt=after, starts_on__lte=until)
        .annotate(
            candidate_email=F("candidate__email"),
            shareable=_consent_to_contractors(after),
        )
        .values(*PLACEMENT_FIELDS, "candidate_email", "shareable")
    )


def placements_running_without_follow_up(
    *,
    today: date,
    since: date,
    channel: str = "",
    statuses: tuple[str, ...] = RUNNING_STATUSES,
) -> QuerySet[Any, Any]:
    """Running placements on ``today`` with no follow-up held from ``since`` on.

    ``channel`` limits the follow-ups that count (a mentor's check-in only, say);
    ``shareable`` is whether the site may be told about the intern today.
    """
    follow_ups = FollowUp.objects.filter(placement=OuterRef("pk"), held_on__gte=since)
    if channel:
        follow_ups = follow_ups.filter(channel=channel)
    return (
        _placements(statuses)
        .filter(starts_on__lte=today, ends_on__gte=today)
        .exclude(Exists(follow_ups))
        .annotate(shareable=_consent_to_contractors(today))
        .values(*PLACEMENT_FIELDS, "shareable")
    )


def placement_week_mentors(*, placement_ids: Iterable[int]) -> dict[tuple[int, int], str]:
    """The mentor's email of each (placement, week) of the rotation, where there is one.

    ``placement_ids`` may be a query of ids (a subquery), as for ``need_mentors``.
    """
    rows = PlacementWeek.objects.filter(placement_id__in=placement_ids).exclude(mentor_email="")
    return {
        (placement_id, week): email
        for placement_id, week, email in rows.values_list("placement_id", "week", "mentor_email")
    }


def need_mentors(*, placement_ids: Iterable[int]) -> dict[int, str]:
    """The need's site contact of each placement: the mentor when the week names none."""
    rows = Placement.objects.filter(pk__in=placement_ids).exclude(need__mentor_email="")
    return dict(rows.values_list("pk", "need__mentor_email"))


def placements_ending_without_end_plan(*, first: date, last: date) -> QuerySet[Any, Any]:
    """Running placements ending between ``first`` and ``last`` with no plan for after."""
    return (
        _placements(RUNNING_STATUSES)
        .filter(ends_on__gte=first, ends_on__lte=last)
        .exclude(Exists(EndPlan.objects.filter(placement=OuterRef("pk"))))
        .values(*PLACEMENT_FIELDS)
    )


def placements_ended_without_outcome(*, first: date, last: date) -> QuerySet[Any, Any]:
    """Placements that ended between ``first`` and ``last`` and have no outcome recorded."""
    return (
        _placements(
            (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED)
        )
        .filter(ends_on__gte=first, ends_on__lte=last)
        .exclude(Exists(Outcome.objects.filter(placement=OuterRef("pk"))))
        .values(*PLACEMENT_FIELDS)
    )


def needs_unfilled(*, first: date, last: date) -> QuerySet[Any, Any]:
    """Open needs whose latest start lies between ``first`` and ``last`` with places free."""
    return (
        LabourNeed.objects.filter(
            status=NeedStatus.OPEN, latest_start__gte=first, latest_start__lte=last
        )
        .annotate(
            taken=Count("placements", filter=Q(placements__status__in=PLACE_TAKING_STATUSES)),
            municipality_id=F("project__area__municipality_id"),
        )
        .filter(taken__lt=F("places"))
        .values("id", "latest_start", "municipality_id")
    )


def retention_checks_due(*, first: date, last: date) -> QuerySet[Any, Any]:
    """Retention checks due between ``first`` and ``last`` that nobody has done yet."""
    return (
        RetentionCheck.objects.filter(
            due_on__gte=first,
            due_on__lte=last,
            checked_on__isnull=True,
            outcome__candidate__anonymised_on__isnull=True,
        )
        .annotate(owner_id=F("outcome__candidate__coordinator_id"))
        .values("id", "due_on", "owner_id", "outcome__placement_id")
    )


def consents_expiring(*, today: date, last: date) -> QuerySet[Any, Any]:
    """Valid consents of active candidates expiring after ``today`` and by ``last``.

    A consent already renewed (a valid consent for the same recipient lasting
    longer) is not expiring.
    """
    renewed = Consent.objects.filter(
        consent_valid_q(on=today),
        candidate=OuterRef("candidate_id"),
        recipient=OuterRef("recipient"),
        expires_on__gt=OuterRef("expires_on"),
    )
    return (
        Consent.objects.filter(
            consent_valid_q(on=today),
            expires_on__lte=last,
            candidate__status=CandidateStatus.ACTIVE,
            candidate__anonymised_on__isnull=True,
        )
        .exclude(Exists(renewed))
        .annotate(owner_id=F("candidate__coordinator_id"))
        .values("id", "expires_on", "owner_id", "candidate_id")
    )


def candidate_first_names(*, candidate_ids: list[int]) -> dict[int, str]:
    """The first name of each candidate: all an email may say about a person."""
    return dict(Candidate.objects.filter(pk__in=candidate_ids).values_list("pk", "first_name"))


def placements_running_among(*, placement_ids: list[int], on: date) -> QuerySet[Any, Any]:
    """Of ``placement_ids``, those still running on the day."""
    return (
        _placements(RUNNING_STATUSES)
        .filter(pk__in=placement_ids, starts_on__lte=on, ends_on__gte=on)
        .values(*PLACEMENT_FIELDS)
    )


def placement_summaries(*, placement_ids: list[int]) -> dict[int, dict[str, Any]]:
    """What an email may say about each placement: dates, trade, project, first name."""
    rows = Placement.objects.filter(pk__in=placement_ids).values(
        "id",
        "starts_on",
        "ends_on",
        "candidate_id",
        "status",
        first_name=F("candidate__first_name"),
        trade_da=F("need__trade__name_da"),
        trade_en=F("need__trade__name_en"),
        project=F("need__project__name"),
        site_address=F("need__project__site_address"),
    )
    return {row["id"]: dict(row) for row in rows}


def retention_check_summaries(*, check_ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = RetentionCheck.objects.filter(pk__in=check_ids).values(
        "id", "due_on", "months", first_name=F("outcome__candidate__first_name")
    )
    return {row["id"]: dict(row) for row in rows}


def consent_summaries(*, consent_ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = Consent.objects.filter(pk__in=consent_ids).values(
        "id", "expires_on", "recipient", "candidate_id", first_name=F("candidate__first_name")
    )
    return {row["id"]: dict(row) for row in rows}
