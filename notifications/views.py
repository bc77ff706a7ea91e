"""The landing page for every role, the user's own notifications, and the site
mentor's weekly check-in (one page from a signed link, no account, no JavaScript).

The dashboard lives here, at the top of the layers, because it combines the
domain's "what needs attention" (matching) with the outbox (bounced emails).
"""

from datetime import timedelta
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.errors import ApplicationError, ErrorKind
from accounts.pages import page, page_user
from matching import selectors
from matching.apis import candidate_data
from matching.attention import attention_for
from matching.placement_apis import placement_data
from matching.views import labelled, trade_names
from notifications.email import check_in_link_id
from notifications.selectors import check_ins_missed, notification_bounces, notification_list
from notifications.services import CheckIn, check_in_link_usable, check_in_submit
from renovations.selectors import (
    follow_up_group_changeable_by,
    follow_up_group_list,
    meeting_list,
    need_list,
    user_roles,
)

# Bounced emails stay on the coordinator's overview this long.
BOUNCES_SHOWN_FOR = timedelta(days=14)


@require_GET
@page
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """What needs the user's attention today, per role held."""
    user, today = page_user(request), timezone.localdate()
    roles = user_roles(user=user)
    attention = attention_for(user=user, today=today)
    coordinator = roles.is_coordinator or roles.is_admin
    now = timezone.now()
    missed = check_ins_missed(user=user, now=now) if coordinator else []
    missed_weeks = {m.placement_id: m.week for m in missed}
    missed_placements = list(
        selectors.placement_search(user=user, today=today).filter(pk__in=list(missed_weeks))
    )
    named = attention.placements()
    named += [p for p in missed_placements if p.pk not in {n.pk for n in named}]
    selectors.placement_rows_read(user=user, placements=named)
    trades = trade_names()
    shown = {p.pk: labelled(placement_data(p, user), trades) for p in named}

    def rows(placements: list[Any]) -> list[dict[str, Any]]:
        return [shown[p.pk] for p in placements]

    context: dict[str, Any] = {
        "title": _("Overview"),
        "today": today,
        "roles": roles,
        "coordinator": coordinator,
        "bounces": list(notification_bounces(user=user, since=now - BOUNCES_SHOWN_FOR)[:20])
        if coordinator
        else [],
        "missed_check_ins": [
            {"row": shown[p.pk], "week": missed_weeks[p.pk]} for p in missed_placements
        ],
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
        context["changeable_groups"] = {
            g.pk for g in groups if follow_up_group_changeable_by(user=user, group=g)
        }
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


WELLBEING = [(str(n), str(n)) for n in range(1, 6)]


class CheckInForm(forms.Form):
    days_present = forms.IntegerField(
        label=_("Days on the site this week"), min_value=0, max_value=7
    )
    days_absent = forms.IntegerField(label=_("Days absent this week"), min_value=0, max_value=7)
    wellbeing = forms.TypedChoiceField(
        label=_("How did the week go? (1 = badly, 5 = very well)"),
        choices=WELLBEING,
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )
    assessment = forms.CharField(
        label=_("Short assessment"),
        help_text=_("What went well, what to work on. No health or private matters."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        present, absent = data.get("days_present"), data.get("days_absent")
        if isinstance(present, int) and isinstance(absent, int) and present + absent > 7:
            raise forms.ValidationError(_("A week has at most seven days."))
        return data


@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, token: str) -> HttpResponse:
    now = timezone.now()
    link_id = check_in_link_id(token)
    try:
        link = check_in_link_usable(link_id=link_id, now=now)
    except ApplicationError as error:
        raise Http404(error.message) from error
    context = {
        "first_name": link.placement.candidate.first_name,
        "week": link.week,
        "done": link.used_at is not None,
    }
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and not context["done"] and form.is_valid():
        data = form.cleaned_data
        try:
            check_in_submit(
                link_id=link.pk,
                now=now,
                check_in=CheckIn(
                    days_present=data["days_present"],
                    days_absent=data["days_absent"],
                    wellbeing=data["wellbeing"],
                    assessment=data["assessment"],
                ),
            )
        except ApplicationError as error:
            if error.kind == ErrorKind.NOT_FOUND:
                raise Http404(error.message) from error
            form.add_error(None, error.message)
        else:
            context["done"] = True
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "notifications/check_in.html", {**context, "form": form}, status=status)
