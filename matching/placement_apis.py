"""The placement API: proposals, transitions, rotation, follow-ups, end plans, outcomes.

Reads are scoped and audited in matching.selectors; each write is one service in
matching.services, which checks the role and the allowed states.
"""

from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_fields import RelatedSlugField
from accounts.api_schema import error_responses
from accounts.api_views import PagedApi, request_user
from accounts.ids import id_field
from accounts.models import User
from matching import selectors, services
from matching.apis import access_tag
from matching.models import (
    Candidate,
    EndPlanKind,
    Evidence,
    FollowUpChannel,
    InterruptReason,
    OutcomeKind,
    Placement,
    PlacementStatus,
    RetentionStatus,
)
from renovations.models import Contractor, Trade
from renovations.selectors import need_get


class NeedRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    project = serializers.IntegerField(source="project_id")
    trade = serializers.CharField(source="trade.code")
    contractor = serializers.IntegerField(source="contractor_id")
    contractor_name = serializers.CharField(source="contractor.name")


class WeekSerializer(serializers.Serializer[Any]):
    week = serializers.IntegerField()
    trade = serializers.CharField(source="trade.code")
    contractor = serializers.IntegerField(source="contractor_id")
    mentor_name = serializers.CharField()
    mentor_email = serializers.CharField()
    mentor_phone = serializers.CharField()


class AttendanceSerializer(serializers.Serializer[Any]):
    """What the site sees of a follow-up: attendance and its own feedback."""

    id = serializers.IntegerField()
    held_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=FollowUpChannel.choices)
    days_present = serializers.IntegerField()
    days_absent = serializers.IntegerField()
    mentor_feedback = serializers.CharField()


class FollowUpSerializer(AttendanceSerializer):
    wellbeing = serializers.IntegerField(allow_null=True)
    notes = serializers.CharField()
    next_step = serializers.CharField()


class EndPlanSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=EndPlanKind.choices)
    details = serializers.CharField()
    agreed_on = serializers.DateField()


class _Seen:
    """A placement together with the role it is seen through (its ``access`` tag)."""

    def __init__(self, placement: Placement, access: selectors.CandidateAccess) -> None:
        self._placement = placement
        self.access = access.value

    def __getattr__(self, name: str) -> Any:
        return getattr(self._placement, name)


class _PlacementBase(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    candidate = serializers.IntegerField(source="candidate_id")


class PlacementFullSerializer(_PlacementBase):
    """Everything, for the candidate's job centre."""

    access = access_tag(selectors.CandidateAccess.FULL)

    candidate_name = serializers.SerializerMethodField()
    need = NeedRefSerializer()
    kind = serializers.CharField()
    status = serializers.ChoiceField(choices=PlacementStatus.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    coordinator = serializers.IntegerField(source="coordinator_id", allow_null=True)
    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    reasons = serializers.ListField(child=serializers.DictField())
    override_reason = serializers.CharField()
    decided_by = serializers.IntegerField(source="decided_by_id", allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decline_reason = serializers.CharField()
    interrupt_reason = serializers.CharField()
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1)
    wants_to_hire = serializers.BooleanField()
    weeks = WeekSerializer(many=True)
    follow_ups = FollowUpSerializer(many=True)
    end_plan = serializers.SerializerMethodField()

    @extend_schema_field(EndPlanSerializer(allow_null=True))
    def get_end_plan(self, placement: Placement) -> dict[str, Any] | None:
        end_plan = getattr(placement, "end_plan", None)  # a missing one-to-one raises
        return dict(EndPlanSerializer(end_plan).data) if end_plan else None

    def get_candidate_name(self, placement: Placement) -> str:
        return f"{placement.candidate.first_name} {placement.candidate.last_name}"


class PlacementContractorSerializer(_PlacementBase):
    """For the contractor's staff: their intern by first name, the site's own records."""

    access = access_tag(selectors.CandidateAccess.CONTRACTOR)

    candidate_name = serializers.SerializerMethodField()
    need = NeedRefSerializer()
    kind = serializers.CharField()
    status = serializers.ChoiceField(choices=PlacementStatus.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    decline_reason = serializers.CharField()
    interrupt_reason = serializers.CharField()
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1)
    wants_to_hire = serializers.BooleanField()
    weeks = WeekSerializer(many=True)
    follow_ups = AttendanceSerializer(many=True)

    def get_candidate_name(self, placement: Placement) -> str:
        return f"{placement.candidate.first_name} {placement.candidate.last_name[:1]}."


class PlacementReferralSerializer(_PlacementBase):
    """For the referring social worker: the status only."""

    access = access_tag(selectors.CandidateAccess.REFERRER)

    status = serializers.ChoiceField(choices=PlacementStatus.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


_PLACEMENT_VARIANTS: dict[str, serializers.Serializer[Any] | type[serializers.Serializer[Any]]] = {
    "full": PlacementFullSerializer,
    "contractor": PlacementContractorSerializer,
    "referrer": PlacementReferralSerializer,
}
PlacementOutput = PolymorphicProxySerializer(
    component_name="Placement", serializers=_PLACEMENT_VARIANTS, resource_type_field_name="access"
)
# A page of them: with the view's pagination_class, the schema describes the page.
PlacementRows = PolymorphicProxySerializer(
    component_name="Placement",
    serializers=_PLACEMENT_VARIANTS,
    resource_type_field_name="access",
    many=True,
)
_SERIALIZERS: dict[selectors.PlacementAccess, type[serializers.Serializer[Any]]] = {
    selectors.PlacementAccess.FULL: PlacementFullSerializer,
    selectors.PlacementAccess.CONTRACTOR: PlacementContractorSerializer,
    selectors.PlacementAccess.REFERRER: PlacementReferralSerializer,
}


def placement_data(placement: Placement, user: User) -> dict[str, Any]:
    access = selectors.placement_access(user=user, placement=placement)
    return dict(_SERIALIZERS[access](_Seen(placement, access)).data)


class PlacementListApi(PagedApi):
    class FilterSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(
            choices=PlacementStatus.choices, required=False, default=""
        )
        need = id_field(required=False, allow_null=True, default=None)
        candidate = id_field(required=False, allow_null=True, default=None)
        project = id_field(required=False, allow_null=True, default=None)
        starts_from = serializers.DateField(required=False, allow_null=True, default=None)
        starts_to = serializers.DateField(required=False, allow_null=True, default=None)

    class InputSerializer(serializers.Serializer[Any]):
        need = id_field()
        candidate = id_field()
        starts_on = serializers.DateField()
        override_reason = serializers.CharField(required=False, allow_blank=True, default="")
        hours_per_week = serializers.DecimalField(
            max_digits=4, decimal_places=1, min_value=1, max_value=60, required=False
        )

    @extend_schema(
        operation_id="placements_list",
        parameters=[FilterSerializer],
        responses={200: PlacementRows, **error_responses(400, 404)},
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        user = request_user(request)
        placements = selectors.placement_search(
            user=user, today=timezone.localdate(), **filters.validated_data
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(placements, request, view=self) or []
        selectors.placement_rows_read(user=user, placements=page)
        return paginator.get_paginated_response([placement_data(p, user) for p in page])

    @extend_schema(
        operation_id="placements_propose",
        request=InputSerializer,
        responses={201: PlacementOutput, **error_responses(400, 403, 404, 409)},
        description="Introduce a candidate to a labour need (a proposed placement).",
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user, today = request_user(request), timezone.localdate()
        data = payload.validated_data
        need = need_get(user=user, need_id=data["need"])
        candidate = selectors.candidate_for_change(
            user=user, today=today, candidate_id=data["candidate"]
        )
        extra = {"hours_per_week": data["hours_per_week"]} if "hours_per_week" in data else {}
        placement = services.placement_propose(
            need=need,
            candidate=candidate,
            by=user,
            starts_on=data["starts_on"],
            today=today,
            override_reason=data["override_reason"],
            **extra,
        )
        shown = selectors.placement_detail(user=user, today=today, placement_id=placement.pk)
        return Response(placement_data(shown, user), status=status.HTTP_201_CREATED)


class PlacementDetailApi(APIView):
    @extend_schema(
        operation_id="placements_retrieve", responses={200: PlacementOutput, **error_responses(404)}
    )
    def get(self, request: Request, placement_id: int) -> Response:
        user = request_user(request)
        placement = selectors.placement_detail(
            user=user, today=timezone.localdate(), placement_id=placement_id
        )
        return Response(placement_data(placement, user))


class _PlacementActionApi(APIView):
    """A transition of one placement: parse, find it in scope, call the service, show it."""

    input_serializer: type[serializers.Serializer[Any]] | None = None

    def act(self, placement: Placement, user: User, today: date, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def run(self, request: Request, placement_id: int) -> Response:
        data: dict[str, Any] = {}
        if self.input_serializer is not None:
            payload = self.input_serializer(data=request.data)
            payload.is_valid(raise_exception=True)
            data = dict(payload.validated_data)
        user, today = request_user(request), timezone.localdate()
        placement = selectors.placement_in_scope(user=user, today=today, placement_id=placement_id)
        self.act(placement, user, today, data)
        shown = selectors.placement_detail(user=user, today=today, placement_id=placement_id)
        return Response(placement_data(shown, user))


def _action_schema(operation_id: str, request: Any, description: str) -> Any:
    return extend_schema(
        operation_id=operation_id,
        request=request,
        responses={200: PlacementOutput, **error_responses(400, 403, 404, 409)},
        description=description,
    )


class PlacementAcceptApi(_PlacementActionApi):
    @_action_schema("placements_accept", None, "The contractor takes the candidate.")
    def post(self, request: Request, placement_id: int) -> Response:
        return self.run(request, placement_id)

    def act(self, placement: Placement, user: User, today: date, data: dict[str, Any]) -> None:
        services.placement_accept(placement=placement, by=user, now=timezone.now())


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500)


class PlacementDeclineApi(_PlacementActionApi):
    input_serializer = ReasonSerializer

    @_action_schema(
        "placements_decline", ReasonSerializer, "The contractor says no, with a reason."
    )
    def post(self, request: Request, placement_id: int) -> Response:
        return self.run(request, placement_id)

    def act(self, placement: Placement, user: User, today: date, data: dict[str, Any]) -> None:
        services.placement_decline(
            placement=placement, by=user, now=timezone.now(), reason=data["reason"]
        )


class PlacementStartApi(_PlacementActionApi):
    @_action_schema("placements_start", None, "The intern turned up: the placement is active.")
    def post(self, request: Request, placement_id: int) -> Response:
        return self.run(request, placement_id)

    def act(self, placement: Placement, user: User, today: date, data: dict[str, Any]) -> None:
        services.placement_start(placement=placement, by=user, today=today)


class PlacementCompleteApi(_PlacementActionApi):
    @_action_schema("placements_complete", None, "The placement ran its course (end plan first).")
    def post(self, request: Request, placement_id: int) -> Response:
        return self.run(request, placement_id)

    def act(self, placement: Placement, user: User, today: date, data: dict[str, Any]) -> None:
        services.placement_complete(placement=placement, by=user, today=today)


class InterruptSerializer(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(choices=InterruptReason.choices)


class PlacementInterruptApi(_PlacementActionApi):
    input_serializer = InterruptSerializer

    @_action_schema("placements_interrupt", InterruptSerializer, "The placement ended early.")
    def post(self, request: Request, placement_id: int) -> Response:
        return self.run(request, placement_id)

    def act(self, placement: Placement, user: User, today: date, data: dict[str, Any]) -> None:
        services.placement_interrupt(
            placement=placement, by=user, today=today, reason=data["reason"]
        )


class PlacementWithdrawApi(_PlacementActionApi):
    @_action_schema("placements_withdraw", None, "The coordinator takes back an introduction.")
    def post(self, request: Request, placement_id: int) -> Response:
        return self.run(request, placement_id)

    def act(self, placement: Placement, user: User, today: date, data: dict[str, Any]) -> None:
        services.placement_withdraw(placement=placement, by=user, now=timezone.now())


class HireSerializer(serializers.Serializer[Any]):
    wants_to_hire = serializers.BooleanField()


class PlacementHireApi(_PlacementActionApi):
    input_serializer = HireSerializer

    @_action_schema("placements_hire", HireSerializer, 'The contractor says "we want to hire".')
    def post(self, request: Request, placement_id: int) -> Response:
        return self.run(request, placement_id)

    def act(self, placement: Placement, user: User, today: date, data: dict[str, Any]) -> None:
        services.placement_hire_flag(
            placement=placement, by=user, wants_to_hire=data["wants_to_hire"]
        )


class FollowUpInputSerializer(serializers.Serializer[Any]):
    held_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=FollowUpChannel.choices)
    days_present = serializers.IntegerField(min_value=0, max_value=7)
    days_absent = serializers.IntegerField(min_value=0, max_value=7)
    wellbeing = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    mentor_feedback = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    next_step = serializers.CharField(required=False, allow_blank=True, default="")


class PlacementFollowUpApi(_PlacementActionApi):
    input_serializer = FollowUpInputSerializer

    @extend_schema(
        operation_id="placements_follow_ups_create",
        request=FollowUpInputSerializer,
        responses={201: PlacementOutput, **error_responses(400, 403, 404, 409)},
        description="Record a week's follow-up; contractor staff record attendance and feedback.",
    )
    def post(self, request: Request, placement_id: int) -> Response:
        response = self.run(request, placement_id)
        response.status_code = status.HTTP_201_CREATED
        return response

    def act(self, placement: Placement, user: User, today: date, data: dict[str, Any]) -> None:
        services.follow_up_record(placement=placement, by=user, **data)


class PlacementEndPlanApi(_PlacementActionApi):
    input_serializer = EndPlanSerializer

    @extend_schema(
        operation_id="placements_end_plan_set",
        request=EndPlanSerializer,
        responses={200: PlacementOutput, **error_responses(400, 403, 404, 409)},
        description="Agree (or change) the plan for after the placement.",
    )
    def put(self, request: Request, placement_id: int) -> Response:
        return self.run(request, placement_id)

    def act(self, placement: Placement, user: User, today: date, data: dict[str, Any]) -> None:
        services.end_plan_set(placement=placement, by=user, **data)


class WeekInputSerializer(serializers.Serializer[Any]):
    week = serializers.IntegerField(min_value=1, max_value=156)
    trade = RelatedSlugField(slug_field="code", queryset=Trade.objects.all())
    contractor = serializers.PrimaryKeyRelatedField(queryset=Contractor.objects.all())
    mentor_name = serializers.CharField(required=False, allow_blank=True, default="")
    mentor_email = serializers.EmailField(required=False, allow_blank=True, default="")
    mentor_phone = serializers.CharField(required=False, allow_blank=True, default="")


class WeeksInputSerializer(serializers.Serializer[Any]):
    weeks = WeekInputSerializer(many=True)


class PlacementWeeksApi(_PlacementActionApi):
    input_serializer = WeeksInputSerializer

    @extend_schema(
        operation_id="placements_weeks_plan",
        request=WeeksInputSerializer,
        responses={200: PlacementOutput, **error_responses(400, 403, 404, 409)},
        description="Plan the rotation across the trades on the site, week by week.",
    )
    def put(self, request: Request, placement_id: int) -> Response:
        return self.run(request, placement_id)

    def act(self, placement: Placement, user: User, today: date, data: dict[str, Any]) -> None:
        weeks = [services.WeekPlan(**week) for week in data["weeks"]]
        services.placement_weeks_plan(placement=placement, by=user, weeks=weeks)


class OutcomeCreateApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        candidate = id_field()
        placement = id_field(required=False, allow_null=True)
        kind = serializers.ChoiceField(choices=OutcomeKind.choices)
        started_on = serializers.DateField()
        evidence = serializers.ChoiceField(choices=Evidence.choices, default=Evidence.SELF_REPORTED)
        employer = serializers.PrimaryKeyRelatedField(
            queryset=Contractor.objects.all(), required=False, allow_null=True
        )
        employer_name = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=200
        )
        trade = RelatedSlugField(
            slug_field="code", queryset=Trade.objects.all(), required=False, allow_null=True
        )
        hours_per_week = serializers.DecimalField(
            max_digits=4,
            decimal_places=1,
            min_value=0,
            max_value=60,
            required=False,
            allow_null=True,
        )

    class OutputSerializer(serializers.Serializer[Any]):
        class CheckSerializer(serializers.Serializer[Any]):
            id = serializers.IntegerField()
            months = serializers.IntegerField()
            due_on = serializers.DateField()
            checked_on = serializers.DateField(allow_null=True)
            status = serializers.ChoiceField(choices=RetentionStatus.choices)

        id = serializers.IntegerField()
        candidate = serializers.IntegerField(source="candidate_id")
        placement = serializers.IntegerField(source="placement_id", allow_null=True)
        kind = serializers.ChoiceField(choices=OutcomeKind.choices)
        started_on = serializers.DateField()
        evidence = serializers.ChoiceField(choices=Evidence.choices)
        retention_checks = CheckSerializer(many=True)

    @extend_schema(
        operation_id="outcomes_create",
        request=InputSerializer,
        responses={201: OutputSerializer, **error_responses(400, 403, 404, 409)},
        description="Record where the person went; checks at 3, 6 and 12 months follow.",
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        user, today = request_user(request), timezone.localdate()
        candidate: Candidate = selectors.candidate_for_change(
            user=user, today=today, candidate_id=data.pop("candidate")
        )
        placement_id = data.pop("placement", None)
        placement = (
            selectors.placement_in_scope(user=user, today=today, placement_id=placement_id)
            if placement_id
            else None
        )
        outcome = services.outcome_record(candidate=candidate, placement=placement, by=user, **data)
        return Response(
            self.OutputSerializer(
                {**vars(outcome), "retention_checks": outcome.retention_checks.order_by("months")}
            ).data,
            status=status.HTTP_201_CREATED,
        )


class RetentionCheckRecordApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        status = serializers.ChoiceField(choices=RetentionStatus.choices)
        checked_on = serializers.DateField(required=False)
        evidence = serializers.ChoiceField(choices=Evidence.choices, required=False, default="")

    class OutputSerializer(serializers.Serializer[Any]):
        id = serializers.IntegerField()
        months = serializers.IntegerField()
        due_on = serializers.DateField()
        checked_on = serializers.DateField(allow_null=True)
        status = serializers.ChoiceField(choices=RetentionStatus.choices)
        evidence = serializers.CharField()

    @extend_schema(
        operation_id="retention_checks_record",
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 403, 404, 409)},
        description="Where the person is now. Unknown stays unknown, never 'not in a job'.",
    )
    def post(self, request: Request, check_id: int) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = request_user(request)
        check = selectors.retention_check_in_scope(user=user, check_id=check_id)
        check = services.retention_check_record(
            check=check,
            by=user,
            status=data["status"],
            checked_on=data.get("checked_on") or timezone.localdate(),
            evidence=data["evidence"],
        )
        return Response(self.OutputSerializer(check).data)
