"""The web pages for posting and changing labour needs (contractor staff and coordinators)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.errors import ApplicationError
from accounts.pages import form_error, page, page_user
from renovations import services
from renovations.forms import NeedForm
from renovations.models import ProjectContractor, ProjectStatus
from renovations.selectors import need_creatable_by, need_for_change, project_list

NEED_FIELDS = (
    "trade",
    "kind",
    "places",
    "earliest_start",
    "latest_start",
    "weeks",
    "requires_driving_licence",
    "requires_safety_course",
    "min_danish_level",
    "english_ok_accepted",
    "min_age",
    "description",
    "mentor_name",
    "mentor_email",
    "mentor_phone",
)


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
