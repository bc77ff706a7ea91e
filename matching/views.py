"""The web pages for candidates, needs, placements, allocations and the calendar.

Each page calls the same selectors and services as the API, and shows a candidate
or placement through the API's own allow-list for the reader's role
(``candidate_data``, ``placement_data``): a contractor's page cannot show a field
the contractor's API answer would not carry.
"""

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.errors import ApplicationError, ErrorKind
from accounts.pages import form_error, page, page_user
from matching import forms, reports, selectors, services, suggestions
from matching.algorithm import allocate
from matching.apis import candidate_data
from matching.cpr import cpr_lookup_key
from matching.explain import reason_text
from matching.models import (
    PLACEMENT_HOLDING_STATUSES,
    Candidate,
    CandidateStatus,
    ConsentRecipient,
    Outcome,
    Placement,
    PlacementStatus,
    RetentionCheck,
)
from matching.placement_apis import placement_data
from matching.report_exports import report_charts
from matching.services.allocations import first_possible_start
from renovations.models import Contractor, DanishLevel, LabourNeed, NeedKind, NeedStatus
from renovations.selectors import (
    housing_area_list,
    need_changeable_by,
    need_get,
    need_list,
    project_list,
    trade_list,
    user_roles,
)

PAGE_SIZE = 50


def trade_names() -> dict[str, str]:
    """Trade codes to their names in the page's language."""
    language = get_language() or "da"
    return {t.code: t.name_in(language) for t in trade_list()}


def labelled(row: dict[str, Any], trades: dict[str, str] | None = None) -> dict[str, Any]:
    """Add display values to an allow-listed row: its choice fields hold codes, its dates text."""
    shown = dict(row)
    for key in (
        "starts_on",
        "ends_on",
        "referred_on",
        "safety_course_until",
        "available_from",
        "held_on",
    ):
        if isinstance(shown.get(key), str):
            shown[key] = date.fromisoformat(shown[key])
    if "status" in shown and "candidate" in shown and shown["status"] in PlacementStatus.values:
        shown["status_label"] = PlacementStatus(shown["status"]).label
    elif shown.get("status") in CandidateStatus.values:
        shown["status_label"] = CandidateStatus(shown["status"]).label
    if shown.get("danish_level") is not None:
        shown["danish_level_label"] = DanishLevel(shown["danish_level"]).label
    if trades is not None and isinstance(shown.get("need"), dict):
        shown["trade_label"] = trades.get(shown["need"]["trade"], shown["need"]["trade"])
    if trades is not None and isinstance(shown.get("trade"), str):
        shown["trade_label"] = trades.get(shown["trade"], shown["trade"])
    if "follow_ups" in shown:
        shown["follow_ups"] = [labelled(dict(f)) for f in shown["follow_ups"]]
    if "weeks" in shown:
        shown["weeks"] = [labelled(dict(w), trades) for w in shown["weeks"]]
    if "placements" in shown:
        shown["placements"] = [
            labelled({**p, "candidate": None}, trades) for p in shown["placements"]
        ]
    return shown


def _placement_rows(placements: list[Placement], user: Any) -> list[dict[str, Any]]:
    """Placements as the user may see them, each read audited."""
    selectors.placement_rows_read(user=user, placements=placements)
    trades = trade_names()
    return [labelled(placement_data(p, user), trades) for p in placements]


def _int_param(request: HttpRequest, name: str) -> int | None:
    """A positive id from the query string, or None (a bad value is ignored, never a 500)."""
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and 0 < int(value) < 2**62 else None


# --- Candidates ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page
def candidates_page(request: HttpRequest) -> HttpResponse:
    user, today = page_user(request), timezone.localdate()
    roles = user_roles(user=user)
    if not (roles.is_admin or roles.is_coordinator or roles.is_social_worker):
        raise Http404
    cpr_form = forms.CprSearchForm(request.POST or None)
    if request.method == "POST" and (roles.is_admin or roles.is_coordinator):
        found_by_cpr = _find_by_cpr(cpr_form, user, today)
        if found_by_cpr is not None:
            return redirect("page-candidate", candidate_id=found_by_cpr.pk)
    form = forms.CandidateSearchForm(request.GET or None)
    search, status = "", ""
    if form.is_valid():
        search, status = form.cleaned_data["q"].strip(), form.cleaned_data["status"]
    found = selectors.candidate_list(user=user, today=today, search=search, status=status)
    paginator = Paginator(found, PAGE_SIZE)
    page_number = _int_param(request, "page") or 1
    shown = paginator.get_page(page_number)
    selectors.candidate_rows_read(user=user, candidates=shown.object_list, search=search)
    trades = trade_names()
    rows = [labelled(candidate_data(c, user), trades) for c in shown.object_list]
    return render(
        request,
        "matching/candidates.html",
        {
            "title": _("Candidates") if roles.is_coordinator or roles.is_admin else _("Referrals"),
            "form": form,
            "rows": rows,
            "page_obj": shown,
            "query": request.GET.copy(),
            "may_register": roles.is_coordinator or roles.is_admin,
            "may_refer": roles.is_social_worker,
            "cpr_form": cpr_form,
        },
    )


def _find_by_cpr(form: forms.CprSearchForm, user: Any, today: date) -> Candidate | None:
    """The person with this CPR number among the user's candidates (its lookup key only;
    the audit names the kind of search, never the number); None with a form error."""
    if not form.is_valid():
        return None
    try:
        key = cpr_lookup_key(form.cleaned_data["cpr"])
    except ApplicationError as error:
        form_error(form, error)
        return None
    found = selectors.candidate_list(user=user, today=today).filter(cpr_lookup=key).first()
    if found is None:
        form.add_error("cpr", _("Nobody with this CPR number is registered in your job centre."))
        return None
    selectors.candidate_rows_read(user=user, candidates=[found], purpose="search by CPR number")
    return found


@require_GET
@page
def candidate_page(request: HttpRequest, candidate_id: int) -> HttpResponse:
    user, today = page_user(request), timezone.localdate()
    candidate = selectors.candidate_detail(
        user=user, today=today, candidate_id=candidate_id, purpose="web page"
    )
    access = selectors.candidate_access(candidate)
    context: dict[str, Any] = {
        "title": f"{candidate.first_name}",
        "row": labelled(candidate_data(candidate, user), trade_names()),
        "access": access.value,
    }
    if access is selectors.CandidateAccess.FULL:
        context.update(
            candidate=candidate,
            title=f"{candidate.first_name} {candidate.last_name}",
            consents=candidate.consents.order_by("-given_on", "-id"),
            outcomes=Outcome.objects.filter(candidate=candidate)
            .select_related("placement", "trade", "employer")
            .prefetch_related("retention_checks")
            .order_by("-started_on"),
            consent_form=forms.ConsentForm(initial={"given_on": today}),
            today=today,
        )
    return render(request, "matching/candidate.html", context)


@require_http_methods(["GET", "POST"])
@page
def candidate_new_page(request: HttpRequest) -> HttpResponse:
    user, today = page_user(request), timezone.localdate()
    roles = user_roles(user=user)
    coordinator = roles.is_admin or roles.is_coordinator
    if not (coordinator or roles.is_social_worker):
        raise Http404
    areas = None if coordinator else housing_area_list().filter(pk__in=roles.area_ids)
    form = forms.CandidateCreateForm(request.POST or None, social_worker_areas=areas)
    if coordinator and not roles.is_admin:
        own = form.fields["municipality"]
        own.queryset = own.queryset.filter(pk__in=roles.municipality_ids)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        consents = []
        evidence = data.pop("consent_evidence", "")
        if data.pop("consent_contractors", False):
            consents.append(
                services.ConsentGiven(
                    recipient=ConsentRecipient.CONTRACTORS,
                    purpose=_("Introduction to contractors on the site"),
                    given_on=today,
                    evidence=evidence,
                )
            )
        if data.pop("consent_housing", False):
            consents.append(
                services.ConsentGiven(
                    recipient=ConsentRecipient.HOUSING_SOCIAL_PLAN,
                    purpose=_("Follow-up by the housing social plan"),
                    given_on=today,
                    evidence=evidence,
                )
            )
        if "municipality" not in data:
            data["municipality"] = data["home_area"].municipality
        try:
            candidate = services.candidate_create(
                by=user,
                referred_on=today,
                cpr=data.pop("cpr", "").strip() or None,
                consents=consents,
                **data,
            )
        except ApplicationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The person is registered."))
            return redirect("page-candidate", candidate_id=candidate.pk)
    title = _("Register a candidate") if coordinator else _("Refer a resident")
    return render(request, "matching/candidate_new.html", {"title": title, "form": form})


@require_POST
@page
def candidate_consent_page(request: HttpRequest, candidate_id: int) -> HttpResponse:
    user, today = page_user(request), timezone.localdate()
    candidate = selectors.candidate_for_change(user=user, today=today, candidate_id=candidate_id)
    form = forms.ConsentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["given_on"] > today:
            form.add_error("given_on", _("A consent cannot be given in the future."))
        else:
            try:
                services.consent_record(candidate=candidate, by=user, **data)
            except ApplicationError as error:
                form_error(form, error)
            else:
                messages.success(request, _("The consent is recorded."))
                return redirect("page-candidate", candidate_id=candidate.pk)
    messages.error(request, _first_error(form))
    return redirect("page-candidate", candidate_id=candidate.pk)


@require_POST
@page
def consent_withdraw_page(request: HttpRequest, consent_id: int) -> HttpResponse:
    user, today = page_user(request), timezone.localdate()
    consent = selectors.consent_for_change(user=user, today=today, consent_id=consent_id)
    try:
        services.consent_withdraw(consent=consent, by=user, today=today)
    except ApplicationError as error:
        form_error_message(request, error)
    else:
        messages.success(request, _("The consent is withdrawn from today."))
    if selectors.candidate_scope(user=user, today=today).filter(pk=consent.candidate_id).exists():
        return redirect("page-candidate", candidate_id=consent.candidate_id)
    return redirect("dashboard")


def form_error_message(request: HttpRequest, error: ApplicationError) -> None:
    """A broken rule on an action without a form of its own becomes a message."""
    if error.kind in (ErrorKind.NOT_FOUND, ErrorKind.FORBIDDEN):
        raise error
    messages.error(request, error.message)


# --- Needs -----------------------------------------------------------------------------


@require_GET
@page
def needs_page(request: HttpRequest) -> HttpResponse:
    user = page_user(request)
    roles = user_roles(user=user)
    status = request.GET.get("status", NeedStatus.OPEN)
    if status not in NeedStatus.values and status != "all":
        status = NeedStatus.OPEN
    needs = list(need_list(user=user, status="" if status == "all" else status)[:500])
    places = suggestions.free_places(needs)
    return render(
        request,
        "matching/needs.html",
        {
            "title": _("Labour needs"),
            "rows": [(need, places[need.pk]) for need in needs],
            "status": status,
            "statuses": [("all", _("All")), *NeedStatus.choices],
            "may_post": roles.is_admin or roles.is_coordinator or roles.is_contractor_staff,
        },
    )


@require_GET
@page
def need_page(request: HttpRequest, need_id: int) -> HttpResponse:
    user, today = page_user(request), timezone.localdate()
    need = need_get(user=user, need_id=need_id)
    context: dict[str, Any] = {
        "title": f"{need.trade} – {need.contractor.name}",
        "need": need,
        "free": suggestions.free_places([need])[need.pk],
        "may_change": need_changeable_by(user=user, need=need),
        "placements": _placement_rows(
            list(selectors.placement_search(user=user, today=today, need=need.pk)), user
        ),
    }
    if need.status == NeedStatus.OPEN:
        try:
            context["suggestions"] = _suggestions(need, user, today)
        except ApplicationError as error:
            if error.kind is not ErrorKind.FORBIDDEN:
                raise
    return render(request, "matching/need.html", context)


def _suggestions(need: LabourNeed, user: Any, today: date) -> list[dict[str, Any]]:
    """The need's ranked candidates with their reasons, each row's read audited."""
    need = suggestions.need_for_suggestions(user=user, need_id=need.pk)
    found = suggestions.suggestions_for_need(need, today=today, limit=settings.MATCHING_SUGGESTIONS)
    people = Candidate.objects.in_bulk([s.candidate_id for s in found])
    selectors.candidate_rows_read(
        user=user, candidates=people.values(), purpose=f"suggestions for need {need.pk}"
    )
    return [
        {
            "candidate": people[s.candidate_id],
            "score": s.score,
            "reasons": [reason_text(r) for r in s.reasons],
            "starts_on": first_possible_start(need, people[s.candidate_id], today),
        }
        for s in found
    ]


@require_POST
@page
def need_introduce_page(request: HttpRequest, need_id: int) -> HttpResponse:
    """One click: propose a suggested candidate; htmx swaps in the result row."""
    user, today = page_user(request), timezone.localdate()
    need = suggestions.need_for_suggestions(user=user, need_id=need_id)
    form = forms.IntroduceForm(request.POST)
    placement: Placement | None = None
    problem = ""
    if not form.is_valid():
        problem = _("Choose a candidate.")
    else:
        try:
            candidate = selectors.candidate_for_change(
                user=user, today=today, candidate_id=form.cleaned_data["candidate"]
            )
            placement = services.placement_propose(
                need=need,
                candidate=candidate,
                by=user,
                starts_on=first_possible_start(need, candidate, today),
                today=today,
                override_reason=form.cleaned_data["override_reason"],
            )
        except ApplicationError as failure:
            if failure.kind is ErrorKind.FORBIDDEN:
                raise
            if failure.kind is ErrorKind.NOT_FOUND:
                raise Http404(failure.message) from failure
            problem = failure.message
    if request.headers.get("HX-Request"):
        return render(
            request,
            "matching/_introduced.html",
            {
                "placement": placement,
                "error": problem,
                "candidate_id": request.POST.get("candidate"),
            },
        )
    if placement is not None:
        messages.success(request, _("The candidate is introduced to the contractor."))
        return redirect("page-placement", placement_id=placement.pk)
    messages.error(request, problem)
    return redirect("page-need", need_id=need.pk)


# --- Placements ------------------------------------------------------------------------


@require_GET
@page
def placement_page(request: HttpRequest, placement_id: int) -> HttpResponse:
    user, today = page_user(request), timezone.localdate()
    placement = selectors.placement_detail(user=user, today=today, placement_id=placement_id)
    access = selectors.placement_access(user=user, placement=placement)
    full = access is selectors.PlacementAccess.FULL
    contractor = access is selectors.PlacementAccess.CONTRACTOR
    context: dict[str, Any] = {
        "title": _("Placement"),
        "row": labelled(placement_data(placement, user), trade_names()),
        "access": access.value,
        "today": today,
        "actions": _actions(placement, full=full, contractor=contractor),
    }
    started = placement.status in (
        PlacementStatus.ACTIVE,
        PlacementStatus.COMPLETED,
        PlacementStatus.INTERRUPTED,
    )
    if full or contractor:
        context["decline_form"] = forms.DeclineForm()
        context["interrupt_form"] = forms.InterruptForm()
        if started:
            context["follow_up_form"] = forms.FollowUpForm(
                initial={"held_on": today, "days_present": 5, "days_absent": 0},
                for_contractor=not full,
            )
    if full:
        outcomes = list(
            Outcome.objects.filter(placement=placement).prefetch_related("retention_checks")
        )
        context.update(
            placement=placement,
            end_plan=getattr(placement, "end_plan", None),
            outcomes=outcomes,
            checks=[
                (
                    check,
                    forms.RetentionCheckForm(
                        initial={"checked_on": today}, auto_id=f"id_check{check.pk}_%s"
                    ),
                )
                for check in RetentionCheck.objects.filter(outcome__in=outcomes).order_by("months")
            ],
        )
        if placement.status in PLACEMENT_HOLDING_STATUSES:
            weeks = list(placement.weeks.all())
            initial: dict[str, Any] = {}
            for week in weeks:
                initial[f"trade_{week.week}"] = week.trade_id
                initial[f"contractor_{week.week}"] = week.contractor_id
                initial[f"mentor_{week.week}"] = week.mentor_name
            context["rotation_form"] = _rotation_form(placement, initial=initial)
        if placement.status in (PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE):
            end_plan = context["end_plan"]
            context["end_plan_form"] = forms.EndPlanForm(
                initial={
                    "kind": end_plan.kind if end_plan else None,
                    "details": end_plan.details if end_plan else "",
                    "agreed_on": today,
                }
            )
        if not outcomes and placement.status in (
            PlacementStatus.COMPLETED,
            PlacementStatus.INTERRUPTED,
        ):
            context["outcome_form"] = forms.OutcomeForm(
                initial={"started_on": placement.ends_on + timedelta(days=1)}
            )
    return render(request, "matching/placement.html", context)


def _rotation_form(placement: Placement, **kwargs: Any) -> forms.RotationForm:
    on_site = Contractor.objects.filter(
        Q(engagements__project_id=placement.need.project_id) | Q(pk=placement.need.contractor_id)
    ).distinct()
    return forms.RotationForm(weeks=placement.need.weeks, contractors=on_site, **kwargs)


def _actions(placement: Placement, *, full: bool, contractor: bool) -> list[str]:
    """The transitions offered on the page; the services decide whether they may happen."""
    offered: list[str] = []
    status = placement.status
    if status == PlacementStatus.PROPOSED:
        offered += ["accept", "decline"] if contractor or full else []
        offered += ["withdraw"] if full else []
    if status == PlacementStatus.ACCEPTED and (full or contractor):
        offered += ["start", "interrupt"]
    if status == PlacementStatus.ACTIVE:
        offered += ["complete"] if full else []
        offered += ["interrupt"] if full or contractor else []
    if status in (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED) and (full or contractor):
        offered += ["unhire" if placement.wants_to_hire else "hire"]
    return offered


PLACEMENT_ACTIONS = (
    "accept",
    "decline",
    "withdraw",
    "start",
    "complete",
    "interrupt",
    "hire",
    "unhire",
    "follow-up",
    "end-plan",
    "outcome",
    "rotation",
)


@require_POST
@page
def placement_action_page(request: HttpRequest, placement_id: int, action: str) -> HttpResponse:
    """Every change to a placement from its page: one service each, errors as messages."""
    if action not in PLACEMENT_ACTIONS:
        raise Http404
    user, today, now = page_user(request), timezone.localdate(), timezone.now()
    placement = selectors.placement_in_scope(user=user, today=today, placement_id=placement_id)
    done = {
        "accept": _("The candidate is accepted."),
        "decline": _("The candidate is declined."),
        "withdraw": _("The introduction is withdrawn."),
        "start": _("The placement has started."),
        "complete": _("The placement is completed."),
        "interrupt": _("The placement is ended early."),
        "hire": _("Noted: the contractor wants to hire."),
        "unhire": _("Noted: the contractor no longer plans to hire."),
        "follow-up": _("The follow-up is recorded."),
        "end-plan": _("The end plan is saved."),
        "outcome": _("The outcome is recorded, with checks after 3, 6 and 12 months."),
        "rotation": _("The rotation is planned."),
    }
    try:
        invalid = _act(action, request, placement, user, today, now)
    except ApplicationError as error:
        form_error_message(request, error)
    else:
        if invalid:
            messages.error(request, invalid)
        else:
            messages.success(request, done[action])
    return redirect("page-placement", placement_id=placement.pk)


def _first_error(form: Any) -> str:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label}: {errors[0]}" if label else str(errors[0])
    return ""


def _act(
    action: str,
    request: HttpRequest,
    placement: Placement,
    user: Any,
    today: date,
    now: Any,
) -> str:
    """Run one action; return a form error to show, or "" when it was done."""
    form: Any
    if action == "accept":
        services.placement_accept(placement=placement, by=user, now=now)
    elif action == "decline":
        form = forms.DeclineForm(request.POST)
        if not form.is_valid():
            return _first_error(form)
        services.placement_decline(
            placement=placement, by=user, now=now, reason=form.cleaned_data["reason"]
        )
    elif action == "withdraw":
        services.placement_withdraw(placement=placement, by=user, now=now)
    elif action == "start":
        services.placement_start(placement=placement, by=user, today=today)
    elif action == "complete":
        services.placement_complete(placement=placement, by=user, today=today)
    elif action == "interrupt":
        form = forms.InterruptForm(request.POST)
        if not form.is_valid():
            return _first_error(form)
        services.placement_interrupt(
            placement=placement, by=user, today=today, reason=form.cleaned_data["reason"]
        )
    elif action in ("hire", "unhire"):
        services.placement_hire_flag(placement=placement, by=user, wants_to_hire=action == "hire")
    elif action == "follow-up":
        full = selectors.placement_access(user=user, placement=placement).value == "full"
        form = forms.FollowUpForm(request.POST, for_contractor=not full)
        if not form.is_valid():
            return _first_error(form)
        data = {"channel": "on_site", **form.cleaned_data}
        services.follow_up_record(placement=placement, by=user, **data)
    elif action == "end-plan":
        form = forms.EndPlanForm(request.POST)
        if not form.is_valid():
            return _first_error(form)
        services.end_plan_set(placement=placement, by=user, **form.cleaned_data)
    elif action == "rotation":
        form = _rotation_form(placement, data=request.POST)
        if not form.is_valid():
            return _first_error(form)
        services.placement_weeks_plan(placement=placement, by=user, weeks=form.plans())
    elif action == "outcome":
        form = forms.OutcomeForm(request.POST)
        if not form.is_valid():
            return _first_error(form)
        services.outcome_record(
            candidate=placement.candidate, placement=placement, by=user, **form.cleaned_data
        )
    return ""


@require_POST
@page
def retention_check_page(request: HttpRequest, check_id: int) -> HttpResponse:
    user = page_user(request)
    check = selectors.retention_check_in_scope(user=user, check_id=check_id)
    form = forms.RetentionCheckForm(request.POST)
    if form.is_valid():
        try:
            services.retention_check_record(check=check, by=user, **form.cleaned_data)
        except ApplicationError as error:
            form_error_message(request, error)
        else:
            messages.success(request, _("The check is recorded."))
    else:
        messages.error(request, _first_error(form))
    placement_id = check.outcome.placement_id
    if placement_id:
        return redirect("page-placement", placement_id=placement_id)
    return redirect("page-candidate", candidate_id=check.outcome.candidate_id)


# --- Allocation ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page
def allocations_page(request: HttpRequest) -> HttpResponse:
    """Propose an allocation for a scope, then confirm the rows kept (edited or not)."""
    user, today = page_user(request), timezone.localdate()
    needs_in_scope = suggestions.allocation_needs(user=user)  # 403 for anyone but coordinators
    projects = project_list(user=user).filter(pk__in=needs_in_scope.values("project_id"))
    scope = forms.AllocationScopeForm(request.POST or request.GET or None, projects=projects)
    context: dict[str, Any] = {"title": _("Allocation"), "scope": scope}
    if request.method == "POST" and "confirm" in request.POST:
        confirmed = _confirm_allocation(request, user, today)
        if confirmed is not None:
            messages.success(
                request,
                _("%(count)s candidates are introduced to the contractors.") % {"count": confirmed},
            )
            return redirect("page-allocations")
    if scope.is_bound and scope.is_valid():
        project = scope.cleaned_data["project"] or None
        problem = suggestions.allocation_proposal(
            suggestions.allocation_needs(user=user, project=project),
            today=today,
            top_k=settings.MATCHING_ALLOCATION_TOP_K,
        )
        needs = problem.labour_needs
        edges = problem.edges
        result = allocate(problem.places, edges)
        people = Candidate.objects.in_bulk({e.candidate_id for e in edges})
        selectors.candidate_rows_read(
            user=user, candidates=people.values(), purpose="allocation proposal"
        )
        options: dict[int, list[Any]] = {}
        for edge in edges:
            options.setdefault(edge.need_id, []).append(people[edge.candidate_id])
        context["rows"] = [
            {
                "index": index,
                "need": needs[pair.need_id],
                "candidate": people[pair.candidate_id],
                "score": pair.score,
                "reasons": [reason_text(r) for r in pair.reasons],
                "options": options[pair.need_id],
            }
            for index, pair in enumerate(problem.explained(result.pairs))
        ]
        context["total"] = result.total
        context["unfilled"] = [
            (needs[n], p) for n, p in sorted(result.unfilled.items()) if p and n in needs
        ]
    return render(request, "matching/allocations.html", context)


def _confirm_allocation(request: HttpRequest, user: Any, today: date) -> int | None:
    """Turn the ticked rows into proposals (all or nothing); None with a message if refused."""
    choices = []
    try:
        for key in request.POST.getlist("row"):
            if not key.isdigit() or int(key) > 10_000:
                continue
            need_id = request.POST.get(f"need-{key}", "")
            candidate_id = request.POST.get(f"candidate-{key}", "")
            if not (need_id.isdigit() and candidate_id.isdigit()):
                continue
            choices.append(
                services.AllocationChoice(
                    need=need_get(user=user, need_id=int(need_id)),
                    candidate=selectors.candidate_for_change(
                        user=user, today=today, candidate_id=int(candidate_id)
                    ),
                    override_reason=request.POST.get(f"reason-{key}", "")[:2000],
                )
            )
        if not choices:
            messages.error(request, _("Tick at least one row to confirm."))
            return None
        placements = services.allocation_confirm(by=user, today=today, choices=choices)
    except ApplicationError as error:
        if error.kind is ErrorKind.FORBIDDEN:
            raise
        messages.error(request, error.message)
        return None
    return len(placements)


# --- Calendar --------------------------------------------------------------------------

CALENDAR_WEEKS = 8


@require_GET
@page
def calendar_page(request: HttpRequest) -> HttpResponse:
    """Placements per site, week by week, from the chosen week on."""
    user, today = page_user(request), timezone.localdate()
    roles = user_roles(user=user)
    if not (roles.is_admin or roles.is_coordinator):
        raise Http404
    form = forms.CalendarForm(request.GET or None)
    start = today
    if form.is_valid() and form.cleaned_data["start"]:
        start = form.cleaned_data["start"]
    first = start - timedelta(days=start.weekday())
    weeks = [first + timedelta(weeks=n) for n in range(CALENDAR_WEEKS)]
    last = weeks[-1] + timedelta(days=6)
    placements = list(
        selectors.placement_search(user=user, today=today, starts_to=last)
        .filter(
            ends_on__gte=first,
            status__in=(
                PlacementStatus.PROPOSED,
                PlacementStatus.ACCEPTED,
                PlacementStatus.ACTIVE,
                PlacementStatus.COMPLETED,
            ),
        )
        .order_by("need__project__name", "starts_on", "id")[:500]
    )
    rows = _placement_rows(placements, user)
    sites: dict[str, list[dict[str, Any]]] = {}
    for placement, row in zip(placements, rows, strict=True):
        cells = [
            {
                "on": placement.starts_on <= week + timedelta(days=6) and placement.ends_on >= week,
                "now": week <= today <= week + timedelta(days=6),
            }
            for week in weeks
        ]
        sites.setdefault(placement.need.project.name, []).append({"row": row, "cells": cells})
    return render(
        request,
        "matching/calendar.html",
        {
            "title": _("Calendar"),
            "form": form,
            "weeks": weeks,
            "sites": sites,
            "previous": (first - timedelta(weeks=4)).isoformat(),
            "next": (first + timedelta(weeks=4)).isoformat(),
            "need_kinds": NeedKind,
        },
    )


# --- Report ----------------------------------------------------------------------------

REPORT_PERIODS = 12  # two-month blocks offered in the period picker (two years)


@require_GET
@page
def report_page(request: HttpRequest) -> HttpResponse:
    """The follow-up group's report: a project (or all the user's) and a two-month block,
    with the same figures, and the same disclosure control, as the API and its exports."""
    user, today = page_user(request), timezone.localdate()
    projects = list(project_list(user=user))
    latest = reports.Period.last_complete(today)
    periods = [latest]
    for _n in range(REPORT_PERIODS - 1):
        periods.append(periods[-1].previous_block())
    form = forms.ReportForm(request.GET or None, projects=projects, periods=periods)
    project, period = None, latest
    if form.is_bound and form.is_valid():
        project = form.cleaned_data["project"] or None
        chosen = form.cleaned_data["period"]
        period = next((p for p in periods if p.start.isoformat() == chosen), latest)
    report = reports.report_for(user=user, today=today, project=project, period=period)
    window = report.period
    export_query = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    if project:
        export_query["project"] = str(project)
    return render(
        request,
        "matching/report_page.html",
        {
            "title": _("Report"),
            "form": form,
            "report": report,
            "window": window,
            # The PDF's own charts (inline SVG, no style attributes for the CSP to refuse).
            "charts": report_charts(report),
            "export_query": urlencode(export_query),
        },
    )


@require_GET
@page
def meeting_pack_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The pack frozen for a follow-up group's meeting: the report since the last meeting
    as the members see it, what is stuck on the project, and the last meeting's actions."""
    pack = selectors.meeting_pack_get(user=page_user(request), meeting_id=meeting_id)
    return render(
        request,
        "matching/meeting_pack.html",
        {
            "title": _("Meeting pack"),
            "pack": pack,
            "meeting": pack.meeting,
            "report": pack.report,
            "stalled": pack.stalled,
            "actions": pack.previous_actions,
        },
    )
