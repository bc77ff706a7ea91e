"""The landing page for every role, and the user's own notifications.

The dashboard lives here, at the top of the layers, because it combines the
domain's "what needs attention" (matching) with the outbox (bounced emails).
"""

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.pages import page, page_user
from matching import selectors
from matching.apis import candidate_data
from matching.attention import attention_for
from matching.placement_apis import placement_data
from matching.views import labelled, trade_names
from notifications.selectors import notification_list
from renovations.selectors import follow_up_group_list, meeting_list, need_list, user_roles


@require_GET
@page
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """What needs the user's attention today, per role held."""
    user, today = page_user(request), timezone.localdate()
    roles = user_roles(user=user)
    attention = attention_for(user=user, today=today)
    named = attention.placements()
    selectors.placement_rows_read(user=user, placements=named)
    trades = trade_names()
    shown = {p.pk: labelled(placement_data(p, user), trades) for p in named}

    def rows(placements: list[Any]) -> list[dict[str, Any]]:
        return [shown[p.pk] for p in placements]

    context: dict[str, Any] = {
        "title": _("Overview"),
        "today": today,
        "roles": roles,
        "coordinator": roles.is_coordinator or roles.is_admin,
        "follow_ups_due": rows(attention.follow_ups_due),
        "starting": rows(attention.starting),
        "ending": rows(attention.ending),
        "end_plans_missing": rows(attention.end_plans_missing),
        "outcomes_missing": rows(attention.outcomes_missing),
        "retention_checks_due": attention.retention_checks_due,
        "unfilled_needs": attention.unfilled_needs,
        "to_answer": rows(attention.to_answer),
        "interns": rows(attention.interns),
    }
    if attention.retention_checks_due:
        selectors.candidate_rows_read(
            user=user,
            candidates=[c.outcome.candidate for c in attention.retention_checks_due],
            purpose="retention checks due",
        )
    if roles.is_contractor_staff:
        context["own_needs"] = list(
            need_list(user=user)
            .filter(contractor_id__in=roles.contractor_ids)
            .exclude(status__in=("closed", "cancelled"))[:50]
        )
    if roles.is_social_worker:
        referrals = list(
            selectors.candidate_list(user=user, today=today).filter(referred_by=user)[:100]
        )
        selectors.candidate_rows_read(user=user, candidates=referrals, purpose="own referrals")
        context["referrals"] = [labelled(candidate_data(c, user), trades) for c in referrals]
    if roles.is_follow_up_member or roles.is_coordinator:
        groups = list(follow_up_group_list(user=user)[:20])
        context["groups"] = [(g, list(meeting_list(group=g)[:3])) for g in groups]
    return render(request, "notifications/dashboard.html", context)


@require_GET
@page
def notifications_page(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    paginator = Paginator(notification_list(user=user), 50)
    number = request.GET.get("page", "1")
    shown = paginator.get_page(int(number) if number.isdigit() and len(number) < 9 else 1)
    return render(
        request,
        "notifications/notifications.html",
        {"title": _("Notifications"), "page_obj": shown},
    )
