"""The web pages for posting and changing labour needs (contractor staff and coordinators)."""

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.errors import ApplicationError
from accounts.models import User
from accounts.pages import form_error, page, page_user
from renovations import services
from renovations.forms import MeetingForm, NeedForm
from renovations.models import ProjectContractor, ProjectStatus
from renovations.selectors import (
    follow_up_group_for_change,
    need_creatable_by,
    need_for_change,
    project_list,
)

# What a contractor posts; a change may also set the status.
NEED_FIELDS = tuple(f for f in services.NEED_CHANGEABLE_FIELDS if f != "status")


def _engagements(user: Any) -> list[ProjectContractor]:
    """The (project, contractor) pairs the user may post needs for."""
    projects = project_list(user=user).exclude(status=ProjectStatus.COMPLETED)
    engagements = (
        ProjectContractor.objects.filter(project__in=projects.values("pk"))
        .select_related("project__area", "contractor")
        .order_by("project__name", "contractor__name")
    )
    return [
        e
        for e in engagements
        if need_creatable_by(user=user, project=e.project, contractor=e.contractor)
    ]


@require_http_methods(["GET", "POST"])
@page
def need_new_page(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    engagements = _engagements(user)
    if not engagements:
        raise Http404
    form = NeedForm(request.POST or None, engagements=engagements)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in NEED_FIELDS}
        chosen = {f"{e.project_id}-{e.contractor_id}": e for e in engagements}
        engagement = chosen[form.cleaned_data["engagement"]]
        try:
            need = services.need_create(
                by=user, project=engagement.project, contractor=engagement.contractor, **data
            )
        except ApplicationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The labour need is posted."))
            return redirect("page-need", need_id=need.pk)
    return render(
        request, "renovations/need_form.html", {"title": _("Post a labour need"), "form": form}
    )


@require_http_methods(["GET", "POST"])
@page
def need_edit_page(request: HttpRequest, need_id: int) -> HttpResponse:
    user = page_user(request)
    need = need_for_change(user=user, need_id=need_id)
    initial = {name: getattr(need, name) for name in (*NEED_FIELDS, "status")}
    form = NeedForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k in (*NEED_FIELDS, "status")}
        try:
            services.need_update(need=need, by=user, changes=changes)
        except ApplicationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The labour need is saved."))
            return redirect("page-need", need_id=need.pk)
    return render(
        request,
        "renovations/need_form.html",
        {"title": _("Change the labour need"), "form": form, "need": need},
    )


@require_http_methods(["GET", "POST"])
@page
def meeting_new_page(request: HttpRequest, group_id: int) -> HttpResponse:
    """The coordinator records a follow-up group's meeting: minutes and agreed actions."""
    user = page_user(request)
    group = follow_up_group_for_change(user=user, group_id=group_id)
    owners = (
        User.objects.filter(
            Q(follow_up_memberships__group=group)
            | Q(coordinated_municipalities=group.project.area.municipality_id)
        )
        .distinct()
        .order_by("full_name", "id")
    )
    form = MeetingForm(
        request.POST or None, owners=owners, initial={"held_on": group.next_meeting_on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_create(
                group=group,
                by=user,
                held_on=form.cleaned_data["held_on"],
                agenda=form.cleaned_data["agenda"],
                minutes=form.cleaned_data["minutes"],
                action_items=[
                    services.ActionItemGiven(text=text, owner_id=owner, due_on=due)
                    for text, owner, due in form.actions()
                ],
            )
        except ApplicationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect("dashboard")
    return render(
        request,
        "renovations/meeting_form.html",
        {"title": _("Record a meeting"), "form": form, "group": group},
    )
