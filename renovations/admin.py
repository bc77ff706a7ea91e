from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from renovations.models import (
    ActionItem,
    Contractor,
    FollowUpGroup,
    FollowUpGroupMember,
    HousingArea,
    HousingOrganisation,
    LabourNeed,
    Meeting,
    Municipality,
    ProjectContractor,
    RenovationProject,
    Trade,
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    ordering = ("name",)
    filter_horizontal = ("coordinators",)


@admin.register(HousingOrganisation)
class HousingOrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "cvr")
    search_fields = ("name", "cvr")


@admin.register(HousingArea)
class HousingAreaAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "municipality",
        "organisation",
        "category",
        "postal_code",
        "residents",
    )
    list_filter = ("category", "municipality")
    list_select_related = ("municipality", "organisation")
    search_fields = ("name", "postal_code", "organisation__name", "organisation__cvr")
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("social_workers",)


class ProjectContractorInline(admin.TabularInline):
    model = ProjectContractor
    extra = 0
    autocomplete_fields = ("contractor",)


@admin.register(RenovationProject)
class RenovationProjectAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "area",
        "status",
        "starts_on",
        "ends_on",
        "target_placements",
        "target_jobs",
        "target_education",
    )
    list_filter = ("status", "area__municipality", "starts_on")
    list_select_related = ("area",)
    search_fields = ("name", "site_address", "area__name")
    date_hierarchy = "starts_on"
    autocomplete_fields = ("area",)
    inlines = (ProjectContractorInline,)
    fieldsets = (
        (None, {"fields": ("area", "name", "site_address", "starts_on", "ends_on", "status")}),
        (
            _("Social-clause targets"),
            {
                "fields": (
                    "target_placements",
                    "target_jobs",
                    "target_education",
                    "trainee_share_target",
                    "craft_budget_dkk",
                )
            },
        ),
    )


@admin.register(Contractor)
class ContractorAdmin(admin.ModelAdmin):
    list_display = ("name", "cvr", "email", "phone")
    search_fields = ("name", "cvr", "email")
    filter_horizontal = ("staff",)


@admin.register(ProjectContractor)
class ProjectContractorAdmin(admin.ModelAdmin):
    list_display = ("contractor", "project", "role")
    list_filter = ("role",)
    list_select_related = ("contractor", "project")
    search_fields = ("contractor__name", "contractor__cvr", "project__name")
    autocomplete_fields = ("project", "contractor")


@admin.register(Trade)
class TradeAdmin(admin.ModelAdmin):
    list_display = ("code", "name_da", "name_en")
    search_fields = ("code", "name_da", "name_en")
    ordering = ("name_da",)


@admin.register(LabourNeed)
class LabourNeedAdmin(admin.ModelAdmin):
    list_display = (
        "trade",
        "contractor",
        "project",
        "kind",
        "places",
        "earliest_start",
        "latest_start",
        "status",
    )
    list_filter = ("status", "kind", "trade", "project__area__municipality", "latest_start")
    list_select_related = ("trade", "contractor", "project")
    search_fields = (
        "project__name",
        "contractor__name",
        "contractor__cvr",
        "trade__code",
        "trade__name_da",
        "trade__name_en",
    )
    date_hierarchy = "earliest_start"
    autocomplete_fields = ("project", "contractor", "created_by")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "project",
                    "contractor",
                    "trade",
                    "kind",
                    "places",
                    "earliest_start",
                    "latest_start",
                    "weeks",
                    "status",
                    "description",
                )
            },
        ),
        (
            _("Requirements"),
            {
                "fields": (
                    "requires_driving_licence",
                    "requires_safety_course",
                    "min_danish_level",
                    "english_ok_accepted",
                    "min_age",
                )
            },
        ),
        (_("Mentor on the site"), {"fields": ("mentor_name", "mentor_email", "mentor_phone")}),
        (_("Record"), {"fields": ("created_by", "created_at", "updated_at")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[LabourNeed]:
        # __str__ names the trade and contractor, also in autocomplete lists and forms. The
        # change list skips list_select_related once a queryset has select_related of its own.
        return super().get_queryset(request).select_related(*self.list_select_related)

    def save_model(self, request: HttpRequest, obj: LabourNeed, form: Any, change: bool) -> None:
        if not change and obj.created_by_id is None:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


class FollowUpGroupMemberInline(admin.TabularInline):
    model = FollowUpGroupMember
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(FollowUpGroup)
class FollowUpGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "project", "cadence_months", "next_meeting_on")
    list_filter = ("cadence_months", "next_meeting_on")
    list_select_related = ("project",)
    search_fields = ("name", "project__name")
    autocomplete_fields = ("project",)
    inlines = (FollowUpGroupMemberInline,)


@admin.register(FollowUpGroupMember)
class FollowUpGroupMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "group")
    list_select_related = ("user", "group")
    search_fields = ("user__full_name", "user__email", "organisation", "group__name")
    autocomplete_fields = ("group", "user")


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    autocomplete_fields = ("owner",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("group", "held_on", "created_at")
    list_filter = ("held_on",)
    list_select_related = ("group",)
    search_fields = ("group__name", "group__project__name")
    date_hierarchy = "held_on"
    autocomplete_fields = ("group",)
    # The snapshot is the report as it stood at the meeting; it is frozen, never edited.
    readonly_fields = ("report_snapshot", "created_at")
    inlines = (ActionItemInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Meeting]:
        # __str__ names the group, also in autocomplete lists and forms.
        return super().get_queryset(request).select_related(*self.list_select_related)


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ("short_text", "meeting", "owner", "due_on", "done")
    list_editable = ("done",)
    list_filter = ("done", "due_on")
    list_select_related = ("meeting__group", "owner")
    search_fields = ("text", "owner__full_name", "meeting__group__name")
    date_hierarchy = "due_on"
    autocomplete_fields = ("meeting", "owner")

    @admin.display(description=_("action"), ordering="text")
    def short_text(self, obj: ActionItem) -> str:
        return str(obj)
