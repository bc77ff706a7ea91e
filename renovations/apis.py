"""The renovations API: reference data, projects, contractors, labour needs and
follow-up groups, as thin views over renovations' services and selectors.

What a user sees is decided by the selectors (scoped by role); who may change what
is decided by the services. Objects outside a user's scope answer 404.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_fields import RelatedSlugField
from accounts.api_schema import error_responses
from accounts.api_views import PagedApi, request_user
from accounts.ids import id_field
from accounts.models import User
from renovations import selectors, services
from renovations.models import (
    AreaCategory,
    Contractor,
    ContractorRole,
    DanishLevel,
    HousingArea,
    LabourNeed,
    NeedKind,
    NeedStatus,
    ProjectStatus,
    RenovationProject,
    Trade,
)
from renovations.selectors import user_roles


class ListApi(PagedApi):
    """A paged list of one serializer's rows."""

    def page(
        self, request: Request, rows: QuerySet[Any], serializer: type[serializers.Serializer[Any]]
    ) -> Response:
        paginator = self.pagination_class()
        shown = paginator.paginate_queryset(rows, request, view=self) or []
        return paginator.get_paginated_response(serializer(shown, many=True).data)


class WriteRoles(BasePermission):
    """Refuse a write at once to users holding none of the view's ``write_roles``.

    Whether the user may make the change on the objects the input names is the
    service's rule; this only answers 403 to a caller who may never write here,
    before looking at their input.
    """

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return True
        allowed = set(getattr(view, "write_roles", ()))
        if allowed & set(user_roles(user=request.user).names()):
            return True
        self.message = _("Your role does not allow this.")
        return False


class InScope(serializers.PrimaryKeyRelatedField):
    """A reference by id to an object the caller may see; any other id reads as unknown."""

    def __init__(
        self, *, scope: Callable[..., QuerySet[Any]], queryset: QuerySet[Any], **kwargs: Any
    ) -> None:
        self.scope = scope
        super().__init__(queryset=queryset, **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        user: User | AnonymousUser = self.context["request"].user
        return self.scope(user=user)


def _in_scope(model: type[Model], scope: Callable[..., QuerySet[Any]], **kwargs: Any) -> InScope:
    return InScope(scope=scope, queryset=model._default_manager.all(), **kwargs)


class _Changes(serializers.Serializer[Any]):
    """A PATCH body: every field may be left out, and none takes a default."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class MeApi(APIView):
    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        email = serializers.EmailField()
        full_name = serializers.CharField()
        language = serializers.CharField()
        roles = serializers.ListField(child=serializers.CharField())
        municipalities = serializers.ListField(
            child=serializers.IntegerField(), help_text="Coordinator of these municipalities."
        )
        contractors = serializers.ListField(
            child=serializers.IntegerField(), help_text="Staff of these contractors."
        )
        housing_areas = serializers.ListField(
            child=serializers.IntegerField(), help_text="Housing social worker for these areas."
        )
        follow_up_groups = serializers.ListField(child=serializers.IntegerField())

    @extend_schema(operation_id="me", responses={200: OutputSerializer, **error_responses()})
    def get(self, request: Request) -> Response:
        user = request.user
        roles = user_roles(user=user)
        return Response(
            self.OutputSerializer(
                {
                    "id": user.pk,
                    "email": getattr(user, "email", ""),
                    "full_name": getattr(user, "full_name", ""),
                    "language": getattr(user, "language", "da"),
                    "roles": roles.names(),
                    "municipalities": sorted(roles.municipality_ids),
                    "contractors": sorted(roles.contractor_ids),
                    "housing_areas": sorted(roles.area_ids),
                    "follow_up_groups": sorted(roles.group_ids),
                }
            ).data
        )


# --- Reference data --------------------------------------------------------------------


class TradeSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name_da = serializers.CharField()
    name_en = serializers.CharField()


class MunicipalitySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class HousingAreaSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    municipality = serializers.CharField(source="municipality.code", help_text="Its code.")
    category = serializers.ChoiceField(choices=AreaCategory.choices)
    postal_code = serializers.CharField()
    residents = serializers.IntegerField()


class TradeListApi(ListApi):
    @extend_schema(
        operation_id="trades_list",
        responses={200: TradeSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request) -> Response:
        return self.page(request, selectors.trade_list(), TradeSerializer)


class MunicipalityListApi(ListApi):
    @extend_schema(
        operation_id="municipalities_list",
        responses={200: MunicipalitySerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request) -> Response:
        return self.page(request, selectors.municipality_list(), MunicipalitySerializer)


class HousingAreaListApi(ListApi):
    class FilterSerializer(serializers.Serializer[Any]):
        municipality = serializers.CharField(
            required=False, default="", max_length=3, help_text="A municipality's code."
        )

    @extend_schema(
        operation_id="housing_areas_list",
        parameters=[FilterSerializer],
        responses={200: HousingAreaSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        areas = selectors.housing_area_list(**filters.validated_data)
        return self.page(request, areas, HousingAreaSerializer)


# --- Projects ------------------------------------------------------------------------


class ProjectSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    area = serializers.IntegerField(source="area_id")
    area_name = serializers.CharField(source="area.name")
    municipality = serializers.CharField(source="area.municipality.code", help_text="Its code.")
    site_address = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    status = serializers.ChoiceField(choices=ProjectStatus.choices)
    target_placements = serializers.IntegerField()
    target_jobs = serializers.IntegerField()
    target_education = serializers.IntegerField()
    trainee_share_target = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        help_text="Percent of the craft wages, if the clause sets one.",
    )
    craft_budget_dkk = serializers.IntegerField(allow_null=True)


class _ProjectFields(serializers.Serializer[Any]):
    """The fields of a project a coordinator writes."""

    name = serializers.CharField(max_length=200)
    site_address = serializers.CharField(max_length=300)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    status = serializers.ChoiceField(choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    target_placements = serializers.IntegerField(min_value=0, max_value=100_000, default=0)
    target_jobs = serializers.IntegerField(min_value=0, max_value=100_000, default=0)
    target_education = serializers.IntegerField(min_value=0, max_value=100_000, default=0)
    trainee_share_target = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        allow_null=True,
        default=None,
        help_text="Percent of the craft wages (0–100).",
    )
    craft_budget_dkk = serializers.IntegerField(
        min_value=0, max_value=10**15, allow_null=True, default=None
    )


class ProjectListApi(ListApi):
    permission_classes = (IsAuthenticated, WriteRoles)
    write_roles = ("admin", "coordinator")

    class FilterSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False, default="")
        municipality = serializers.CharField(
            required=False, default="", max_length=3, help_text="A municipality's code."
        )
        area = id_field(required=False, help_text="A housing area.")

    class InputSerializer(_ProjectFields):
        """A new project, in a housing area; planned unless another status is given."""

        area = serializers.PrimaryKeyRelatedField(queryset=HousingArea.objects.all())

    @extend_schema(
        operation_id="projects_list",
        parameters=[FilterSerializer],
        responses={200: ProjectSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        projects = selectors.project_list(user=request.user, **filters.validated_data)
        return self.page(request, projects, ProjectSerializer)

    @extend_schema(
        operation_id="projects_create",
        request=InputSerializer,
        responses={201: ProjectSerializer, **error_responses(400, 403)},
        description="Coordinators of the area's municipality and administrators.",
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        project = services.project_create(by=request_user(request), **payload.validated_data)
        shown = selectors.project_get(user=request.user, project_id=project.pk)
        return Response(ProjectSerializer(shown).data, status=status.HTTP_201_CREATED)


class ProjectDetailApi(APIView):
    class InputSerializer(_Changes, _ProjectFields):
        """Changes to a project: only the fields sent change."""

    @extend_schema(
        operation_id="projects_retrieve",
        responses={200: ProjectSerializer, **error_responses(404)},
    )
    def get(self, request: Request, project_id: int) -> Response:
        project = selectors.project_get(user=request.user, project_id=project_id)
        return Response(ProjectSerializer(project).data)

    @extend_schema(
        operation_id="projects_partial_update",
        request=InputSerializer,
        responses={200: ProjectSerializer, **error_responses(400, 403, 404)},
        description="Coordinators of the project's municipality and administrators.",
    )
    def patch(self, request: Request, project_id: int) -> Response:
        user = request_user(request)
        project = selectors.project_for_change(user=user, project_id=project_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.project_update(project=project, by=user, changes=dict(payload.validated_data))
        shown = selectors.project_get(user=user, project_id=project_id)
        return Response(ProjectSerializer(shown).data)


# --- Contractors ---------------------------------------------------------------------


class EngagementSerializer(serializers.Serializer[Any]):
    project = serializers.IntegerField(source="project_id")
    project_name = serializers.CharField(source="project.name")
    role = serializers.ChoiceField(choices=ContractorRole.choices)


class ContractorSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    cvr = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField(allow_blank=True)  # may be empty: not "format: email"
    phone = serializers.CharField(allow_blank=True)
    engagements = EngagementSerializer(
        many=True, help_text="On the projects you can see; others are left out."
    )


class ContractorListApi(ListApi):
    permission_classes = (IsAuthenticated, WriteRoles)
    write_roles = ("admin", "coordinator")

    class InputSerializer(serializers.Serializer[Any]):
        cvr = serializers.CharField(max_length=20, help_text="8 digits; spaces are ignored.")
        name = serializers.CharField(max_length=200)
        email = serializers.EmailField(required=False, allow_blank=True, default="")
        phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)
        project = _in_scope(
            RenovationProject,
            selectors.project_list,
            required=False,
            allow_null=True,
            default=None,
            help_text="Engage the new contractor on this project at once.",
        )
        role = serializers.ChoiceField(choices=ContractorRole.choices, default=ContractorRole.TRADE)

    @extend_schema(
        operation_id="contractors_list",
        responses={200: ContractorSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request) -> Response:
        return self.page(
            request, selectors.contractor_list(user=request.user), ContractorSerializer
        )

    @extend_schema(
        operation_id="contractors_create",
        request=InputSerializer,
        responses={201: ContractorSerializer, **error_responses(400, 403, 409)},
        description="Coordinators and administrators; engaging it on a project needs a "
        "coordinator of the project's municipality. A CVR number already registered is 409.",
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        contractor = services.contractor_create(by=request_user(request), **payload.validated_data)
        shown = selectors.contractor_list(user=request.user).get(pk=contractor.pk)
        return Response(ContractorSerializer(shown).data, status=status.HTTP_201_CREATED)


# --- Labour needs ----------------------------------------------------------------------

DANISH_LEVELS = ", ".join(f"{level.value} {level.name.lower()}" for level in DanishLevel)


class LabourNeedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    project = serializers.IntegerField(source="project_id")
    project_name = serializers.CharField(source="project.name")
    contractor = serializers.IntegerField(source="contractor_id")
    contractor_name = serializers.CharField(source="contractor.name")
    trade = serializers.CharField(source="trade.code")
    kind = serializers.ChoiceField(choices=NeedKind.choices)
    places = serializers.IntegerField()
    earliest_start = serializers.DateField()
    latest_start = serializers.DateField()
    weeks = serializers.IntegerField()
    requires_driving_licence = serializers.BooleanField()
    requires_safety_course = serializers.BooleanField()
    min_danish_level = serializers.IntegerField(help_text=DANISH_LEVELS)
    english_ok_accepted = serializers.BooleanField()
    min_age = serializers.IntegerField(allow_null=True)
    description = serializers.CharField(allow_blank=True)
    mentor_name = serializers.CharField(allow_blank=True)
    mentor_email = serializers.CharField(allow_blank=True)  # may be empty
    mentor_phone = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=NeedStatus.choices)
    created_by = serializers.IntegerField(source="created_by_id", allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


# The list's rows as ``values()`` reads them: each key of ``LabourNeedSerializer`` and
# the column it comes from.
NEED_COLUMNS = {
    "id": "id",
    "project": "project_id",
    "project_name": "project__name",
    "contractor": "contractor_id",
    "contractor_name": "contractor__name",
    "trade": "trade__code",
    "kind": "kind",
    "places": "places",
    "earliest_start": "earliest_start",
    "latest_start": "latest_start",
    "weeks": "weeks",
    "requires_driving_licence": "requires_driving_licence",
    "requires_safety_course": "requires_safety_course",
    "min_danish_level": "min_danish_level",
    "english_ok_accepted": "english_ok_accepted",
    "min_age": "min_age",
    "description": "description",
    "mentor_name": "mentor_name",
    "mentor_email": "mentor_email",
    "mentor_phone": "mentor_phone",
    "status": "status",
    "created_by": "created_by_id",
    "created_at": "created_at",
    "updated_at": "updated_at",
}
_DATES = ("earliest_start", "latest_start")
_MOMENTS = ("created_at", "updated_at")
_MOMENT = serializers.DateTimeField()


def need_rows(needs: QuerySet[LabourNeed]) -> QuerySet[Any]:
    """The needs as ``LabourNeedSerializer``'s rows, built from ``values()`` without
    model instances or DRF's fields (most of a list page's time); the serializer still
    describes them in the schema, and tests/renovations/test_need_rows.py holds them equal."""
    return needs.values(*NEED_COLUMNS.values())


def need_row(values: dict[str, Any]) -> dict[str, Any]:
    row = {key: values[column] for key, column in NEED_COLUMNS.items()}
    for key in _DATES:
        row[key] = row[key].isoformat()
    for key in _MOMENTS:
        row[key] = _MOMENT.to_representation(row[key])
    return row


class _NeedFields(serializers.Serializer[Any]):
    """The fields of a need its poster writes."""

    trade = RelatedSlugField(slug_field="code", queryset=Trade.objects.all())
    kind = serializers.ChoiceField(choices=NeedKind.choices, default=NeedKind.SNUSEPRAKTIK)
    places = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    earliest_start = serializers.DateField()
    latest_start = serializers.DateField()
    weeks = serializers.IntegerField(
        min_value=1,
        max_value=156,
        required=False,
        allow_null=True,
        help_text="Defaults to the usual length of the kind; a snusepraktik is 4.",
    )
    requires_driving_licence = serializers.BooleanField(default=False)
    requires_safety_course = serializers.BooleanField(default=False)
    min_danish_level = serializers.IntegerField(
        min_value=DanishLevel.NONE,
        max_value=DanishLevel.FLUENT,
        default=DanishLevel.NONE,
        help_text=DANISH_LEVELS,
    )
    english_ok_accepted = serializers.BooleanField(default=False)
    min_age = serializers.IntegerField(min_value=15, max_value=70, allow_null=True, default=None)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    mentor_name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    mentor_email = serializers.EmailField(required=False, allow_blank=True, default="")
    mentor_phone = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=30
    )


class NeedListApi(ListApi):
    permission_classes = (IsAuthenticated, WriteRoles)
    write_roles = ("admin", "coordinator", "contractor_staff")

    class FilterSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(choices=NeedStatus.choices, required=False, default="")
        trade = serializers.CharField(required=False, default="", max_length=40, help_text="Code.")
        project = id_field(required=False)
        kind = serializers.ChoiceField(choices=NeedKind.choices, required=False, default="")
        contractor = id_field(required=False)
        latest_start_from = serializers.DateField(required=False)
        latest_start_to = serializers.DateField(required=False)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            first, last = attrs.get("latest_start_from"), attrs.get("latest_start_to")
            if first and last and first > last:
                raise serializers.ValidationError(
                    {"latest_start_to": _("The end of the period is before its start.")}
                )
            return attrs

    class InputSerializer(_NeedFields):
        """A new labour need; it starts open."""

        project = _in_scope(RenovationProject, selectors.project_list)
        contractor = _in_scope(Contractor, selectors.contractor_list)

    @extend_schema(
        operation_id="needs_list",
        parameters=[FilterSerializer],
        responses={200: LabourNeedSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        needs = selectors.need_list(user=request.user, **filters.validated_data)
        return self.page_of(request, needs, need_rows, need_row)

    @extend_schema(
        operation_id="needs_create",
        request=InputSerializer,
        responses={201: LabourNeedSerializer, **error_responses(400, 403, 409)},
        description="Contractor staff for their own contractor, on a project it is engaged "
        "on; coordinators on their municipality's projects. A new need is open.",
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        need = services.need_create(by=request_user(request), **payload.validated_data)
        shown = selectors.need_get(user=request.user, need_id=need.pk)
        return Response(LabourNeedSerializer(shown).data, status=status.HTTP_201_CREATED)


class NeedDetailApi(APIView):
    class InputSerializer(_Changes, _NeedFields):
        """Changes to a need: only the fields sent change."""

        status = serializers.ChoiceField(
            choices=NeedStatus.choices,
            help_text="open ↔ filled, open or filled → closed, open → cancelled; "
            "closed and cancelled are final.",
        )

    @extend_schema(
        operation_id="needs_retrieve",
        responses={200: LabourNeedSerializer, **error_responses(404)},
    )
    def get(self, request: Request, need_id: int) -> Response:
        need = selectors.need_get(user=request.user, need_id=need_id)
        return Response(LabourNeedSerializer(need).data)

    @extend_schema(
        operation_id="needs_partial_update",
        request=InputSerializer,
        responses={200: LabourNeedSerializer, **error_responses(400, 403, 404, 409)},
        description="Contractor staff change their own contractor's needs; coordinators "
        "any need on their municipality's projects.",
    )
    def patch(self, request: Request, need_id: int) -> Response:
        user = request_user(request)
        need = selectors.need_for_change(user=user, need_id=need_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.need_update(need=need, by=user, changes=dict(payload.validated_data))
        shown = selectors.need_get(user=user, need_id=need_id)
        return Response(LabourNeedSerializer(shown).data)


# --- Follow-up groups and meetings -----------------------------------------------------


class GroupMemberSerializer(serializers.Serializer[Any]):
    user = serializers.IntegerField(source="user_id")
    full_name = serializers.CharField(source="user.full_name")
    organisation = serializers.CharField(help_text="The organisation the member represents.")


class FollowUpGroupSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    project = serializers.IntegerField(source="project_id")
    project_name = serializers.CharField(source="project.name")
    cadence_months = serializers.IntegerField()
    next_meeting_on = serializers.DateField(allow_null=True)
    members = GroupMemberSerializer(source="memberships", many=True)


class ActionItemSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    text = serializers.CharField()
    owner = serializers.IntegerField(source="owner_id", allow_null=True)
    owner_name = serializers.CharField(source="owner.full_name", allow_null=True, default=None)
    due_on = serializers.DateField(allow_null=True)
    done = serializers.BooleanField()


class MeetingSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    agenda = serializers.CharField(allow_blank=True)
    minutes = serializers.CharField(allow_blank=True)
    report_snapshot = serializers.JSONField(
        allow_null=True, help_text="The report as it stood for the meeting (frozen)."
    )
    action_items = ActionItemSerializer(many=True)
    created_at = serializers.DateTimeField()


class FollowUpGroupListApi(ListApi):
    @extend_schema(
        operation_id="follow_up_groups_list",
        responses={200: FollowUpGroupSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request) -> Response:
        groups = selectors.follow_up_group_list(user=request.user)
        return self.page(request, groups, FollowUpGroupSerializer)


class ActionItemInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=2000)
    owner = id_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="A user id: a member of the group or a coordinator of its municipality.",
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    done = serializers.BooleanField(default=False)


class FollowUpGroupMeetingsApi(ListApi):
    class InputSerializer(serializers.Serializer[Any]):
        held_on = serializers.DateField()
        agenda = serializers.CharField(required=False, allow_blank=True, default="")
        minutes = serializers.CharField(required=False, allow_blank=True, default="")
        action_items = serializers.ListField(
            child=ActionItemInputSerializer(), required=False, default=list, max_length=100
        )

    @extend_schema(
        operation_id="follow_up_groups_meetings_list",
        responses={200: MeetingSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, group_id: int) -> Response:
        group = selectors.follow_up_group_get(user=request.user, group_id=group_id)
        return self.page(request, selectors.meeting_list(group=group), MeetingSerializer)

    @extend_schema(
        operation_id="follow_up_groups_meetings_create",
        request=InputSerializer,
        responses={201: MeetingSerializer, **error_responses(400, 403, 404, 409)},
        description="Coordinators of the project's municipality and administrators record "
        "meetings; members read them. One meeting per group per day.",
    )
    def post(self, request: Request, group_id: int) -> Response:
        user = request_user(request)
        group = selectors.follow_up_group_for_change(user=user, group_id=group_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        items = [
            services.ActionItemGiven(
                text=item["text"], owner_id=item["owner"], due_on=item["due_on"], done=item["done"]
            )
            for item in data.pop("action_items")
        ]
        meeting = services.meeting_create(group=group, by=user, action_items=items, **data)
        shown = selectors.meeting_list(group=group).get(pk=meeting.pk)
        return Response(MeetingSerializer(shown).data, status=status.HTTP_201_CREATED)


class FollowUpGroupMeetingApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        agenda = serializers.CharField(required=False, allow_blank=True)
        minutes = serializers.CharField(required=False, allow_blank=True)
        action_items = serializers.ListField(
            child=ActionItemInputSerializer(),
            required=False,
            default=list,
            max_length=100,
            help_text="Actions to add; change existing ones at /action-items/{id}/.",
        )

    @extend_schema(
        operation_id="follow_up_groups_meetings_partial_update",
        request=InputSerializer,
        responses={200: MeetingSerializer, **error_responses(400, 403, 404)},
        description="Record a meeting's agenda or minutes afterwards and add its actions: "
        "coordinators of the project's municipality and administrators.",
    )
    def patch(self, request: Request, group_id: int, meeting_id: int) -> Response:
        user = request_user(request)
        meeting = selectors.meeting_for_change(user=user, group_id=group_id, meeting_id=meeting_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        items = [
            services.ActionItemGiven(
                text=item["text"], owner_id=item["owner"], due_on=item["due_on"], done=item["done"]
            )
            for item in data.pop("action_items")
        ]
        services.meeting_update(meeting=meeting, by=user, action_items=items, **data)
        shown = selectors.meeting_list(group=meeting.group).get(pk=meeting.pk)
        return Response(MeetingSerializer(shown).data)


class ActionItemApi(APIView):
    class InputSerializer(_Changes):
        text = serializers.CharField(max_length=2000)
        owner = id_field(allow_null=True, help_text="A member or a coordinator of the group.")
        due_on = serializers.DateField(allow_null=True)
        done = serializers.BooleanField()

    @extend_schema(
        operation_id="action_items_partial_update",
        request=InputSerializer,
        responses={200: ActionItemSerializer, **error_responses(400, 403, 404)},
        description="The group's coordinators change an action; its owner may mark it done.",
    )
    def patch(self, request: Request, item_id: int) -> Response:
        user = request_user(request)
        item = selectors.action_item_get(user=user, item_id=item_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        changes = dict(payload.validated_data)
        if "owner" in changes:
            changes["owner_id"] = changes.pop("owner")
        services.action_item_update(item=item, by=user, changes=changes)
        return Response(
            ActionItemSerializer(selectors.action_item_get(user=user, item_id=item_id)).data
        )
