"""What needs a user's attention today: the reads behind the dashboard.

What counts as due is ``matching.due``'s, the same rules the reminders follow; each
list is then cut to the user's own scope (``selectors.placement_search``, the need and
retention scopes), so a dashboard shows nothing the user could not open. The page
audits the placements it names with ``selectors.placement_rows_read``.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from matching import due
from matching.models import Placement, PlacementStatus, RetentionCheck
from matching.selectors import placement_search
from matching.suggestions import free_places
from renovations import workdays
from renovations.models import LabourNeed
from renovations.selectors import need_list, user_roles

# How far ahead the dashboard looks for starts, ends and needs running out of time.
STARTS_WITHIN = timedelta(days=7)
ENDS_WITHIN = timedelta(days=7)
# As the reminders: an end plan is due five working days before the end.
END_PLAN_WORKING_DAYS = 5
NEED_UNFILLED_WITHIN = timedelta(days=10)
# Older things still undone stay on the list this long.
LOOK_BACK = timedelta(days=365)


@dataclass
class Attention:
    """The dashboard's lists for one user on one day; empty lists for roles not held."""

    follow_ups_due: list[Placement] = field(default_factory=list)
    starting: list[Placement] = field(default_factory=list)
    ending: list[Placement] = field(default_factory=list)
    end_plans_missing: list[Placement] = field(default_factory=list)
    outcomes_missing: list[Placement] = field(default_factory=list)
    retention_checks_due: list[RetentionCheck] = field(default_factory=list)
    unfilled_needs: list[tuple[LabourNeed, int]] = field(default_factory=list)
    to_answer: list[Placement] = field(default_factory=list)
    interns: list[Placement] = field(default_factory=list)

    def placements(self) -> list[Placement]:
        """Every placement named on the page, once each (for the audit)."""
        seen: dict[int, Placement] = {}
        for rows in (
            self.follow_ups_due,
            self.starting,
            self.ending,
            self.end_plans_missing,
            self.outcomes_missing,
            self.to_answer,
            self.interns,
        ):
            for placement in rows:
                seen.setdefault(placement.pk, placement)
        return list(seen.values())


def _week_start(today: date) -> date:
    return today - timedelta(days=today.weekday())


def _coordinated(user: User, today: date) -> QuerySet[Placement]:
    roles = user_roles(user=user)
    placements = placement_search(user=user, today=today)
    if roles.is_admin:
        return placements
    return placements.filter(candidate__municipality_id__in=roles.municipality_ids)


def attention_for(*, user: User, today: date) -> Attention:
    """The lists for the user's roles: the coordinator's and the contractor staff's."""
    roles = user_roles(user=user)
    found = Attention()
    if roles.is_coordinator or roles.is_admin:
        mine = _coordinated(user, today).order_by("starts_on", "id")

        def among(rows: QuerySet[Any, Any]) -> list[Placement]:
            return list(mine.filter(pk__in=rows.values("id")))

        found.follow_ups_due = among(
            due.placements_running_without_follow_up(today=today, since=_week_start(today))
        )
        found.starting = among(
            due.placements_starting(after=today - timedelta(days=1), until=today + STARTS_WITHIN)
        )
        found.ending = list(
            mine.filter(
                status=PlacementStatus.ACTIVE, ends_on__gte=today, ends_on__lte=today + ENDS_WITHIN
            )
        )
        plan_horizon = workdays.add_working_days(today, END_PLAN_WORKING_DAYS)
        found.end_plans_missing = among(
            due.placements_ending_without_end_plan(first=today - LOOK_BACK, last=plan_horizon)
        )
        found.outcomes_missing = among(
            due.placements_ended_without_outcome(first=today - LOOK_BACK, last=today)
        )
        checks = RetentionCheck.objects.select_related("outcome__candidate").filter(
            pk__in=due.retention_checks_due(first=today - LOOK_BACK, last=today).values("id")
        )
        if not roles.is_admin:
            checks = checks.filter(outcome__candidate__municipality_id__in=roles.municipality_ids)
        found.retention_checks_due = list(checks.order_by("due_on", "id")[:50])
        unfilled = due.needs_unfilled(
            first=today - LOOK_BACK, last=today + NEED_UNFILLED_WITHIN
        ).values("id")
        needs = list(need_list(user=user).filter(pk__in=unfilled))
        if not roles.is_admin:
            needs = [n for n in needs if n.project.area.municipality_id in roles.municipality_ids]
        places = free_places(needs)
        found.unfilled_needs = [(need, places[need.pk]) for need in needs if places[need.pk]]
    if roles.is_contractor_staff:
        own = placement_search(user=user, today=today).filter(
            need__contractor_id__in=roles.contractor_ids
        )
        found.to_answer = list(own.filter(status=PlacementStatus.PROPOSED).order_by("starts_on"))
        found.interns = list(
            own.filter(
                status__in=(PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE),
                ends_on__gte=today - timedelta(days=7),
            ).order_by("starts_on")
        )
    return found
