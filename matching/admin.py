from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from accounts.errors import ApplicationError
from accounts.models import AuditAction
from accounts.services import audit_event_create, audit_events_create
from matching.cpr import cpr_birth_date, cpr_lookup_key
from matching.models import (
    Candidate,
    Consent,
    EndPlan,
    FollowUp,
    Outcome,
    Placement,
    PlacementWeek,
    RetentionCheck,
    TradeInterest,
)
from matching.selectors import candidate_rows_read

# What a placement's __str__ reads: "<candidate> – <trade> – <contractor> (<kind>)". The change
# list renders __str__ for every row (in the selection checkbox's label), so these must be joined.
PLACEMENT_STR_RELATED = ("candidate", "need__trade", "need__contractor")


class CandidateDataAdmin(admin.ModelAdmin):
    """An admin whose rows name a candidate: every page of rows and every record shown
    is audited as a read of that candidate, as everywhere else."""

    # The path from a row to its candidate's id.
    candidate_path = "candidate_id"

    def _candidate_id(self, obj: Any) -> int:
        value = obj
        for part in self.candidate_path.split("."):
            value = getattr(value, part)
        return int(value)

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        changelist = super().get_changelist_instance(request)
        term = request.GET.get("q", "").strip()
        audit_events_create(
            actor=request.user,  # type: ignore[arg-type]
            action=AuditAction.SEARCH if term else AuditAction.LIST,
            object_type=self.model._meta.model_name or "",
            candidate_ids=[self._candidate_id(obj) for obj in changelist.result_list],
            purpose=f"admin search: {term}" if term else "admin",
        )
        return changelist

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            audit_event_create(
                actor=request.user,  # type: ignore[arg-type]
                action=AuditAction.VIEW,
                object_type=self.model._meta.model_name or "",
                object_id=obj.pk,
                candidate_id=self._candidate_id(obj),
                purpose="admin",
            )
        return obj


# --- Candidates ----------------------------------------------------------------


class CprInput(forms.TextInput):
    """A text input that never renders its value, so a redisplayed form cannot echo a CPR number."""

    def format_value(self, value: Any) -> None:
        return None


class CandidateAdminForm(forms.ModelForm):
    """The candidate form, with a CPR number that is turned into its lookup key and dropped."""

    cpr = forms.CharField(
        label=_("CPR number (not stored)"),
        required=False,
        max_length=11,
        widget=CprInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Only a keyed hash is kept, to find the same person again. Leave empty to keep "
            "the registered number; it is never shown again."
        ),
    )

    class Meta:
        model = Candidate
        fields = (
            "first_name",
            "last_name",
            "email",
            "phone",
            "birth_date",
            "status",
            "municipality",
            "coordinator",
            "home_area",
            "benefit_group",
            "referral_source",
            "referred_by",
            "referred_on",
            "open_to_any_trade",
            "has_driving_licence",
            "safety_course_until",
            "danish_level",
            "speaks_english",
            "available_from",
            "notes",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned_data = self.cleaned_data
        number = (cleaned_data.get("cpr") or "").strip()
        # The number must not outlive validation, not even in cleaned_data.
        cleaned_data["cpr"] = ""
        if not number:
            return cleaned_data
        try:
            lookup = cpr_lookup_key(number)
            birth_date = cpr_birth_date(number)
        except ApplicationError as exc:
            self.add_error("cpr", forms.ValidationError(exc.message, code="invalid_cpr"))
            return cleaned_data
        if Candidate.objects.filter(cpr_lookup=lookup).exclude(pk=self.instance.pk).exists():
            self.add_error(
                "cpr",
                forms.ValidationError(_("This person is already registered."), code="cpr_taken"),
            )
            return cleaned_data
        self.instance.cpr_lookup = lookup
        if not cleaned_data.get("birth_date"):
            cleaned_data["birth_date"] = birth_date
        return cleaned_data


class CprRegisteredFilter(admin.SimpleListFilter):
    title = _("CPR registered")
    parameter_name = "cpr_registered"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> QuerySet[Candidate]:
        if self.value() == "yes":
            return queryset.filter(cpr_lookup__isnull=False)
        if self.value() == "no":
            return queryset.filter(cpr_lookup__isnull=True)
        return queryset


class TradeInterestInline(admin.TabularInline):
    model = TradeInterest
    extra = 0
    max_num = 3


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = (
        "recipient",
        "purpose",
        "given_on",
        "expires_on",
        "withdrawn_on",
        "evidence",
        "recorded_by",
    )
    autocomplete_fields = ("recorded_by",)


sensitive_cpr = method_decorator(sensitive_post_parameters("cpr"))


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    """Candidates, with the CPR number accepted on input but never shown, stored or searched.

    Each list, search, view and change is written to the audit log, as every other read
    of a candidate's personal data is.
    """

    form = CandidateAdminForm
    list_display = (
        "last_name",
        "first_name",
        "municipality",
        "status",
        "referred_on",
        "coordinator",
        "cpr_registered",
    )
    list_display_links = ("last_name", "first_name")
    list_filter = (
        "status",
        "municipality",
        "benefit_group",
        "referral_source",
        CprRegisteredFilter,
        "open_to_any_trade",
        "has_driving_licence",
        "referred_on",
    )
    list_select_related = ("municipality", "coordinator")
    search_fields = ("first_name", "last_name", "email", "phone")
    date_hierarchy = "referred_on"
    autocomplete_fields = ("coordinator", "home_area", "referred_by")
    readonly_fields = ("cpr_registered", "created_at", "updated_at")
    inlines = (TradeInterestInline, ConsentInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "first_name",
                    "last_name",
                    "email",
                    "phone",
                    "cpr",
                    "cpr_registered",
                    "birth_date",
                    "status",
                )
            },
        ),
        (
            _("Job centre and referral"),
            {
                "fields": (
                    "municipality",
                    "coordinator",
                    "home_area",
                    "benefit_group",
                    "referral_source",
                    "referred_by",
                    "referred_on",
                )
            },
        ),
        (
            _("Matching"),
            {
                "fields": (
                    "open_to_any_trade",
                    "has_driving_licence",
                    "safety_course_until",
                    "danish_level",
                    "speaks_english",
                    "available_from",
                )
            },
        ),
        (_("Notes (coordinators only)"), {"fields": ("notes",)}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    @admin.display(description=_("CPR registered"), boolean=True, ordering="cpr_lookup")
    def cpr_registered(self, obj: Candidate) -> bool:
        return obj.cpr_lookup is not None

    @sensitive_cpr
    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return super().add_view(request, form_url, extra_context)

    @sensitive_cpr
    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "GET":
            self._audit(request, AuditAction.VIEW, object_id=object_id, purpose="admin")
        return super().change_view(request, object_id, form_url, extra_context)

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        """Audit each candidate on the page shown, with the search term if any."""
        changelist = super().get_changelist_instance(request)
        candidate_rows_read(
            user=request.user,  # type: ignore[arg-type]
            candidates=changelist.result_list,
            search=request.GET.get("q", "").strip(),
            purpose="admin",
        )
        return changelist

    def save_model(self, request: HttpRequest, obj: Candidate, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = AuditAction.UPDATE if change else AuditAction.CREATE
        self._audit(request, action, object_id=obj.pk, purpose="admin")

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is Consent:
            for consent in formset.save(commit=False):
                if consent.recorded_by_id is None:
                    consent.recorded_by = request.user
                consent.save()
            for consent in formset.deleted_objects:
                consent.delete()
            return
        super().save_formset(request, form, formset, change)

    def delete_model(self, request: HttpRequest, obj: Candidate) -> None:
        object_id = obj.pk
        super().delete_model(request, obj)
        self._audit(request, AuditAction.DELETE, object_id=object_id, purpose="admin")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Candidate]) -> None:
        object_ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        for object_id in object_ids:
            self._audit(request, AuditAction.DELETE, object_id=object_id, purpose="admin")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Candidate], search_term: str
    ) -> tuple[QuerySet[Candidate], bool]:
        """Audit a search from another form's candidate picker (the change list audits its own)."""
        results = super().get_search_results(request, queryset, search_term)
        if search_term and request.path.endswith("/autocomplete/"):
            self._audit(request, AuditAction.SEARCH, purpose=f"admin picker: {search_term}")
        return results

    def _audit(
        self, request: HttpRequest, action: AuditAction, *, object_id: Any = "", purpose: str
    ) -> None:
        candidate_id = int(object_id) if str(object_id).isdigit() else None
        audit_event_create(
            actor=request.user,  # type: ignore[arg-type]
            action=action,
            object_type="candidate",
            object_id=object_id,
            candidate_id=candidate_id,
            purpose=purpose,
        )


@admin.register(TradeInterest)
class TradeInterestAdmin(CandidateDataAdmin):
    list_display = ("candidate", "rank", "trade")
    list_filter = ("rank", "trade")
    list_select_related = ("candidate", "trade")
    search_fields = ("candidate__first_name", "candidate__last_name")
    autocomplete_fields = ("candidate",)


@admin.register(Consent)
class ConsentAdmin(CandidateDataAdmin):
    list_display = ("candidate", "recipient", "given_on", "expires_on", "withdrawn_on")
    list_filter = (
        "recipient",
        "given_on",
        "expires_on",
        ("withdrawn_on", admin.EmptyFieldListFilter),
    )
    list_select_related = ("candidate",)
    search_fields = ("candidate__first_name", "candidate__last_name", "purpose", "evidence")
    date_hierarchy = "given_on"
    autocomplete_fields = ("candidate", "recorded_by")
    readonly_fields = ("created_at",)

    def save_model(self, request: HttpRequest, obj: Consent, form: Any, change: bool) -> None:
        if not change and obj.recorded_by_id is None:
            obj.recorded_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


# --- Placements ------------------------------------------------------------------


class PlacementWeekInline(admin.TabularInline):
    model = PlacementWeek
    extra = 0
    autocomplete_fields = ("trade", "contractor")


class FollowUpInline(admin.StackedInline):
    model = FollowUp
    extra = 0
    autocomplete_fields = ("by",)
    readonly_fields = ("created_at",)


class EndPlanInline(admin.StackedInline):
    model = EndPlan
    extra = 0


@admin.register(Placement)
class PlacementAdmin(CandidateDataAdmin):
    list_display = (
        "candidate",
        "need",
        "kind",
        "status",
        "starts_on",
        "ends_on",
        "coordinator",
        "wants_to_hire",
    )
    list_filter = (
        "status",
        "kind",
        "interrupt_reason",
        "wants_to_hire",
        "candidate__municipality",
        "starts_on",
    )
    list_select_related = (*PLACEMENT_STR_RELATED, "coordinator")
    search_fields = (
        "candidate__first_name",
        "candidate__last_name",
        "need__project__name",
        "need__contractor__name",
        "need__trade__name_da",
    )
    date_hierarchy = "starts_on"
    autocomplete_fields = ("candidate", "need", "coordinator", "decided_by")
    # Score and reasons are what the algorithm said at the proposal; they are history.
    readonly_fields = ("score", "reasons", "proposed_at")
    inlines = (PlacementWeekInline, FollowUpInline, EndPlanInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "candidate",
                    "need",
                    "kind",
                    "starts_on",
                    "ends_on",
                    "hours_per_week",
                    "status",
                    "coordinator",
                )
            },
        ),
        (
            _("Proposal"),
            {"fields": ("score", "reasons", "override_reason", "proposed_at")},
        ),
        (
            _("Decision and end"),
            {
                "fields": (
                    "decided_by",
                    "decided_at",
                    "decline_reason",
                    "interrupt_reason",
                    "wants_to_hire",
                )
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Placement]:
        # __str__ names candidate, trade and contractor, also in autocomplete lists and forms.
        # The change list skips list_select_related once a queryset has select_related.
        return super().get_queryset(request).select_related(*self.list_select_related)


@admin.register(PlacementWeek)
class PlacementWeekAdmin(CandidateDataAdmin):
    candidate_path = "placement.candidate_id"
    list_display = ("candidate", "week", "trade", "contractor", "mentor_name")
    list_filter = ("trade",)
    list_select_related = ("placement__candidate", "trade", "contractor")
    search_fields = (
        "placement__candidate__first_name",
        "placement__candidate__last_name",
        "mentor_name",
        "contractor__name",
    )
    autocomplete_fields = ("placement", "trade", "contractor")

    @admin.display(description=_("candidate"), ordering="placement__candidate__last_name")
    def candidate(self, obj: PlacementWeek) -> str:
        return str(obj.placement.candidate)


@admin.register(FollowUp)
class FollowUpAdmin(CandidateDataAdmin):
    candidate_path = "placement.candidate_id"
    list_display = (
        "candidate",
        "held_on",
        "channel",
        "days_present",
        "days_absent",
        "wellbeing",
        "by",
    )
    list_filter = ("channel", "wellbeing", "held_on")
    list_select_related = (*(f"placement__{name}" for name in PLACEMENT_STR_RELATED), "by")
    search_fields = ("placement__candidate__first_name", "placement__candidate__last_name")
    date_hierarchy = "held_on"
    autocomplete_fields = ("placement", "by")
    readonly_fields = ("created_at",)

    @admin.display(description=_("candidate"), ordering="placement__candidate__last_name")
    def candidate(self, obj: FollowUp) -> str:
        return str(obj.placement.candidate)


@admin.register(EndPlan)
class EndPlanAdmin(CandidateDataAdmin):
    candidate_path = "placement.candidate_id"
    list_display = ("candidate", "kind", "agreed_on")
    list_filter = ("kind", "agreed_on")
    list_select_related = ("placement__candidate",)
    search_fields = (
        "placement__candidate__first_name",
        "placement__candidate__last_name",
        "details",
    )
    date_hierarchy = "agreed_on"
    autocomplete_fields = ("placement",)

    @admin.display(description=_("candidate"), ordering="placement__candidate__last_name")
    def candidate(self, obj: EndPlan) -> str:
        return str(obj.placement.candidate)


# --- Outcomes --------------------------------------------------------------------


class RetentionCheckInline(admin.TabularInline):
    model = RetentionCheck
    extra = 0
    max_num = 3


@admin.register(Outcome)
class OutcomeAdmin(CandidateDataAdmin):
    list_display = ("candidate", "kind", "employer_display", "trade", "started_on", "evidence")
    list_filter = ("kind", "evidence", "candidate__municipality", "started_on")
    list_select_related = ("candidate", "employer", "trade")
    search_fields = (
        "candidate__first_name",
        "candidate__last_name",
        "employer__name",
        "employer__cvr",
        "employer_name",
    )
    date_hierarchy = "started_on"
    autocomplete_fields = ("candidate", "placement", "employer", "trade", "recorded_by")
    readonly_fields = ("created_at",)
    inlines = (RetentionCheckInline,)

    @admin.display(description=_("employer"), ordering="employer__name")
    def employer_display(self, obj: Outcome) -> str:
        return str(obj.employer) if obj.employer is not None else obj.employer_name

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outcome]:
        # __str__ names the candidate, also in autocomplete lists and forms.
        # The change list skips list_select_related once a queryset has select_related.
        return super().get_queryset(request).select_related(*self.list_select_related)

    def save_model(self, request: HttpRequest, obj: Outcome, form: Any, change: bool) -> None:
        if not change and obj.recorded_by_id is None:
            obj.recorded_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(RetentionCheck)
class RetentionCheckAdmin(CandidateDataAdmin):
    candidate_path = "outcome.candidate_id"
    list_display = ("candidate", "months", "due_on", "checked_on", "status", "evidence")
    list_filter = ("status", "months", "evidence", "due_on")
    list_select_related = ("outcome__candidate",)
    search_fields = ("outcome__candidate__first_name", "outcome__candidate__last_name")
    date_hierarchy = "due_on"
    autocomplete_fields = ("outcome",)

    @admin.display(description=_("candidate"), ordering="outcome__candidate__last_name")
    def candidate(self, obj: RetentionCheck) -> str:
        return str(obj.outcome.candidate)
