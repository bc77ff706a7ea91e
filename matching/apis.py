"""The candidate and consent API: thin views over matching's services and selectors.

What a reader receives depends on the role the candidate is seen through
(DESIGN §3): coordinators the whole record, contractor staff an allow-list,
the referring social worker the status only.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_fields import RelatedSlugField
from accounts.api_schema import error_responses
from accounts.api_views import PagedApi, request_user
from accounts.models import User
from matching import selectors, services
from matching.models import (
    BenefitGroup,
    Candidate,
    CandidateStatus,
    ConsentRecipient,
    PlacementStatus,
    ReferralSource,
)
from renovations.models import DanishLevel, HousingArea, Municipality, Trade
from renovations.selectors import user_roles


class TradeInterestSerializer(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    code = serializers.CharField(source="trade.code")
    name_da = serializers.CharField(source="trade.name_da")
    name_en = serializers.CharField(source="trade.name_en")


class PlacementSummarySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    need = serializers.IntegerField(source="need_id")
    trade = serializers.CharField(source="need.trade.code")
    contractor = serializers.CharField(source="need.contractor.name")
    kind = serializers.CharField()
    status = serializers.ChoiceField(choices=PlacementStatus.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class PlacementStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=PlacementStatus.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class ConsentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    recipient = serializers.ChoiceField(choices=ConsentRecipient.choices)
    purpose = serializers.CharField()
    given_on = serializers.DateField()
    expires_on = serializers.DateField()
    withdrawn_on = serializers.DateField(allow_null=True)
    evidence = serializers.CharField()


def access_tag(access: selectors.CandidateAccess) -> serializers.ChoiceField:
    """The variant's tag, with its one value, so that a row matches exactly one variant."""
    return serializers.ChoiceField(choices=[access.value])


class CandidateFullSerializer(serializers.Serializer[Any]):
    """Everything, for the coordinators of the candidate's job centre."""

    access = access_tag(selectors.CandidateAccess.FULL)
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    # Not EmailField: the schema's "format: email" refuses the empty address of a
    # candidate who has none.
    email = serializers.CharField(help_text="Email address, or empty.")
    phone = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    cpr_registered = serializers.BooleanField()
    municipality = serializers.CharField(source="municipality.code")
    coordinator = serializers.IntegerField(source="coordinator_id", allow_null=True)
    home_area = serializers.IntegerField(source="home_area_id", allow_null=True)
    benefit_group = serializers.ChoiceField(choices=BenefitGroup.choices)
    referral_source = serializers.ChoiceField(choices=ReferralSource.choices)
    referred_by = serializers.IntegerField(source="referred_by_id", allow_null=True)
    referred_on = serializers.DateField()
    trade_interests = TradeInterestSerializer(many=True)
    open_to_any_trade = serializers.BooleanField()
    has_driving_licence = serializers.BooleanField()
    safety_course_until = serializers.DateField(allow_null=True)
    danish_level = serializers.ChoiceField(choices=DanishLevel.choices)
    speaks_english = serializers.BooleanField()
    available_from = serializers.DateField(allow_null=True)
    notes = serializers.CharField()
    status = serializers.ChoiceField(choices=CandidateStatus.choices)
    placements = PlacementSummarySerializer(many=True)


class CandidateContractorSerializer(serializers.Serializer[Any]):
    """The allow-list for contractor staff: what a site needs to know, nothing more."""

    access = access_tag(selectors.CandidateAccess.CONTRACTOR)
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name_initial = serializers.CharField()
    trade_interests = TradeInterestSerializer(many=True)
    has_driving_licence = serializers.BooleanField()
    safety_course_until = serializers.DateField(allow_null=True)
    danish_level = serializers.ChoiceField(choices=DanishLevel.choices)
    speaks_english = serializers.BooleanField()
    placements = PlacementSummarySerializer(many=True, help_text="On your own needs only.")


class CandidateReferralSerializer(serializers.Serializer[Any]):
    """The status of a referral, for the housing social worker who made it."""

    access = access_tag(selectors.CandidateAccess.REFERRER)
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    referred_on = serializers.DateField()
    status = serializers.ChoiceField(choices=CandidateStatus.choices)
    placements = PlacementStatusSerializer(many=True)


_CANDIDATE_VARIANTS: dict[str, serializers.Serializer[Any] | type[serializers.Serializer[Any]]] = {
    "full": CandidateFullSerializer,
    "contractor": CandidateContractorSerializer,
    "referrer": CandidateReferralSerializer,
}
CandidateOutput = PolymorphicProxySerializer(
    component_name="Candidate", serializers=_CANDIDATE_VARIANTS, resource_type_field_name="access"
)
# A page of them: with the view's pagination_class, the schema describes the page.
CandidateRows = PolymorphicProxySerializer(
    component_name="Candidate",
    serializers=_CANDIDATE_VARIANTS,
    resource_type_field_name="access",
    many=True,
)


_INTEREST = ("rank", "code", "name_da", "name_en")


def _interests(candidate: Candidate) -> list[dict[str, Any]]:
    """The trade interests as TradeInterestSerializer shows them."""
    rows: list[dict[str, Any]] | None = getattr(candidate, "interest_rows", None)
    if rows is not None:  # read with the candidate (selectors.candidate_list), as jsonb:
        return [{key: row[key] for key in _INTEREST} for row in rows]  # keys in order
    return [
        {
            "rank": interest.rank,
            "code": interest.trade.code,
            "name_da": interest.trade.name_da,
            "name_en": interest.trade.name_en,
        }
        for interest in candidate.trade_interests.all()
    ]


def _placements(candidate: Candidate) -> list[dict[str, Any]]:
    """The placements as PlacementSummarySerializer shows them, plus the contractor's id."""
    rows: list[dict[str, Any]] | None = getattr(candidate, "placement_rows", None)
    if rows is not None:
        return rows
    return [
        {
            "id": placement.pk,
            "need": placement.need_id,
            "trade": placement.need.trade.code,
            "contractor": placement.need.contractor.name,
            "contractor_id": placement.need.contractor_id,
            "kind": placement.kind,
            "status": placement.status,
            "starts_on": placement.starts_on.isoformat(),
            "ends_on": placement.ends_on.isoformat(),
        }
        for placement in candidate.placements.all()
    ]


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


_SUMMARY = ("id", "need", "trade", "contractor", "kind", "status", "starts_on", "ends_on")


def _full_row(candidate: Candidate) -> dict[str, Any]:
    c = candidate
    return {
        "access": selectors.CandidateAccess.FULL.value,
        "id": c.pk,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "email": c.email,
        "phone": c.phone,
        "birth_date": _day(c.birth_date),
        "cpr_registered": c.cpr_lookup is not None,
        "municipality": c.municipality.code,
        "coordinator": c.coordinator_id,
        "home_area": c.home_area_id,
        "benefit_group": c.benefit_group,
        "referral_source": c.referral_source,
        "referred_by": c.referred_by_id,
        "referred_on": _day(c.referred_on),
        "trade_interests": _interests(c),
        "open_to_any_trade": c.open_to_any_trade,
        "has_driving_licence": c.has_driving_licence,
        "safety_course_until": _day(c.safety_course_until),
        "danish_level": c.danish_level,
        "speaks_english": c.speaks_english,
        "available_from": _day(c.available_from),
        "notes": c.notes,
        "status": c.status,
        "placements": [{key: p[key] for key in _SUMMARY} for p in _placements(c)],
    }


def _contractor_row(candidate: Candidate, user: User) -> dict[str, Any]:
    own = user_roles(user=user).contractor_ids
    c = candidate
    return {
        "access": selectors.CandidateAccess.CONTRACTOR.value,
        "id": c.pk,
        "first_name": c.first_name,
        "last_name_initial": c.last_name[:1],
        "trade_interests": _interests(c),
        "has_driving_licence": c.has_driving_licence,
        "safety_course_until": _day(c.safety_course_until),
        "danish_level": c.danish_level,
        "speaks_english": c.speaks_english,
        "placements": [
            {key: p[key] for key in _SUMMARY}
            for p in _placements(c)
            if p["contractor_id"] in own and p["status"] in selectors.CONTRACTOR_VISIBLE_STATUSES
        ],
    }


def _referrer_row(candidate: Candidate) -> dict[str, Any]:
    c = candidate
    return {
        "access": selectors.CandidateAccess.REFERRER.value,
        "id": c.pk,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "referred_on": _day(c.referred_on),
        "status": c.status,
        "placements": [
            {"status": p["status"], "starts_on": p["starts_on"], "ends_on": p["ends_on"]}
            for p in _placements(c)
        ],
    }


def candidate_rows(
    candidates: Iterable[Candidate], user: User, *, with_consents: bool = False
) -> list[dict[str, Any]]:
    """Each candidate as the user may see it: the fields, in the order and the form, of
    the variant's serializer above (which describe the API), built as plain dicts.

    DRF's field machinery was most of a page's time; tests/matching/test_candidate_rows.py
    holds these rows equal to the serializers' for every variant.
    """
    rows = []
    for candidate in candidates:
        access = selectors.candidate_access(candidate)
        if access is selectors.CandidateAccess.FULL:
            row = _full_row(candidate)
            if with_consents:
                row["consents"] = ConsentSerializer(candidate.consents.all(), many=True).data
        elif access is selectors.CandidateAccess.CONTRACTOR:
            row = _contractor_row(candidate, user)
        else:
            row = _referrer_row(candidate)
        rows.append(row)
    return rows


def candidate_data(
    candidate: Candidate, user: User, *, with_consents: bool = False
) -> dict[str, Any]:
    """The candidate as the user may see it."""
    return candidate_rows([candidate], user, with_consents=with_consents)[0]


class ConsentInputSerializer(serializers.Serializer[Any]):
    recipient = serializers.ChoiceField(choices=ConsentRecipient.choices)
    purpose = serializers.CharField(max_length=300)
    given_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True)
    evidence = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate_given_on(self, value: Any) -> Any:
        if value > timezone.localdate():
            raise serializers.ValidationError("A consent cannot be given in the future.")
        return value


class TradeCodes(serializers.ListField):
    child = RelatedSlugField(slug_field="code", queryset=Trade.objects.all())

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=3, **kwargs)


class CandidateListApi(PagedApi):
    class FilterSerializer(serializers.Serializer[Any]):
        search = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
        status = serializers.ChoiceField(
            choices=CandidateStatus.choices, required=False, default=""
        )
        trade = serializers.CharField(required=False, default="", max_length=40)
        municipality = serializers.CharField(required=False, default="", max_length=3)

    class InputSerializer(serializers.Serializer[Any]):
        municipality = RelatedSlugField(slug_field="code", queryset=Municipality.objects.all())
        cpr = serializers.CharField(
            write_only=True,
            required=False,
            allow_blank=True,
            max_length=11,
            help_text="Input only: kept as a keyed hash, never stored or returned.",
        )
        first_name = serializers.CharField(max_length=100)
        last_name = serializers.CharField(max_length=100)
        email = serializers.EmailField(required=False, allow_blank=True, default="")
        phone = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)
        birth_date = serializers.DateField(required=False, allow_null=True, default=None)
        home_area = serializers.PrimaryKeyRelatedField(
            queryset=HousingArea.objects.all(), required=False, allow_null=True, default=None
        )
        benefit_group = serializers.ChoiceField(
            choices=BenefitGroup.choices, default=BenefitGroup.OTHER
        )
        referral_source = serializers.ChoiceField(
            choices=ReferralSource.choices, default=ReferralSource.JOBCENTER
        )
        referred_on = serializers.DateField(required=False)
        trades = TradeCodes(required=False, default=list)
        open_to_any_trade = serializers.BooleanField(default=False)
        has_driving_licence = serializers.BooleanField(default=False)
        safety_course_until = serializers.DateField(required=False, allow_null=True, default=None)
        danish_level = serializers.ChoiceField(
            choices=DanishLevel.choices, default=DanishLevel.NONE
        )
        speaks_english = serializers.BooleanField(default=False)
        available_from = serializers.DateField(required=False, allow_null=True, default=None)
        notes = serializers.CharField(required=False, allow_blank=True, default="")
        consents = ConsentInputSerializer(many=True, required=False, default=list)

    @extend_schema(
        operation_id="candidates_list",
        parameters=[FilterSerializer],
        # 404: a page past the end (or page=0), as DRF answers it.
        responses={200: CandidateRows, **error_responses(400, 404)},
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        user = request_user(request)
        candidates = selectors.candidate_list(
            user=user, today=timezone.localdate(), **filters.validated_data
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(candidates, request, view=self) or []
        selectors.candidate_rows_read(
            user=user, candidates=page, search=filters.validated_data["search"]
        )
        return paginator.get_paginated_response(candidate_rows(page, user))

    @extend_schema(
        operation_id="candidates_create",
        request=InputSerializer,
        responses={201: CandidateOutput, **error_responses(400, 403, 409)},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        today = timezone.localdate()
        consents = [services.ConsentGiven(**given) for given in data.pop("consents")]
        candidate = services.candidate_create(
            by=request_user(request),
            referred_on=data.pop("referred_on", today),
            cpr=data.pop("cpr", "") or None,
            consents=consents,
            **data,
        )
        shown = selectors.candidate_detail(
            user=request_user(request), today=today, candidate_id=candidate.pk, purpose="registered"
        )
        return Response(
            candidate_data(shown, request_user(request)), status=status.HTTP_201_CREATED
        )


class CandidateDetailApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        cpr = serializers.CharField(write_only=True, required=False, max_length=11)
        first_name = serializers.CharField(max_length=100, required=False)
        last_name = serializers.CharField(max_length=100, required=False)
        email = serializers.EmailField(required=False, allow_blank=True)
        phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
        birth_date = serializers.DateField(required=False, allow_null=True)
        coordinator = serializers.PrimaryKeyRelatedField(
            queryset=User.objects.all(), required=False, allow_null=True
        )
        home_area = serializers.PrimaryKeyRelatedField(
            queryset=HousingArea.objects.all(), required=False, allow_null=True
        )
        benefit_group = serializers.ChoiceField(choices=BenefitGroup.choices, required=False)
        referral_source = serializers.ChoiceField(choices=ReferralSource.choices, required=False)
        referred_on = serializers.DateField(required=False)
        trades = TradeCodes(required=False)
        open_to_any_trade = serializers.BooleanField(required=False)
        has_driving_licence = serializers.BooleanField(required=False)
        safety_course_until = serializers.DateField(required=False, allow_null=True)
        danish_level = serializers.ChoiceField(choices=DanishLevel.choices, required=False)
        speaks_english = serializers.BooleanField(required=False)
        available_from = serializers.DateField(required=False, allow_null=True)
        notes = serializers.CharField(required=False, allow_blank=True)
        status = serializers.ChoiceField(choices=CandidateStatus.choices, required=False)

    @extend_schema(
        operation_id="candidates_retrieve", responses={200: CandidateOutput, **error_responses(404)}
    )
    def get(self, request: Request, candidate_id: int) -> Response:
        candidate = selectors.candidate_detail(
            user=request_user(request), today=timezone.localdate(), candidate_id=candidate_id
        )
        return Response(candidate_data(candidate, request_user(request), with_consents=True))

    @extend_schema(
        operation_id="candidates_partial_update",
        request=InputSerializer,
        responses={200: CandidateOutput, **error_responses(400, 403, 404, 409)},
    )
    def patch(self, request: Request, candidate_id: int) -> Response:
        user, today = request_user(request), timezone.localdate()
        candidate = selectors.candidate_for_change(
            user=user, today=today, candidate_id=candidate_id
        )
        payload = self.InputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        changes = dict(payload.validated_data)
        services.candidate_update(
            candidate=candidate,
            by=user,
            cpr=changes.pop("cpr", None),
            trades=changes.pop("trades", None),
            changes=changes,
        )
        shown = selectors.candidate_detail(
            user=user, today=today, candidate_id=candidate_id, purpose="after update"
        )
        return Response(candidate_data(shown, user, with_consents=True))


class CandidateConsentCreateApi(APIView):
    @extend_schema(
        operation_id="candidates_consents_create",
        request=ConsentInputSerializer,
        responses={201: ConsentSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, candidate_id: int) -> Response:
        user = request_user(request)
        candidate = selectors.candidate_for_change(
            user=user, today=timezone.localdate(), candidate_id=candidate_id
        )
        payload = ConsentInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        consent = services.consent_record(candidate=candidate, by=user, **payload.validated_data)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawApi(APIView):
    @extend_schema(
        operation_id="consents_withdraw",
        request=None,
        responses={200: ConsentSerializer, **error_responses(404, 409)},
    )
    def post(self, request: Request, consent_id: int) -> Response:
        user, today = request_user(request), timezone.localdate()
        consent = selectors.consent_for_change(user=user, today=today, consent_id=consent_id)
        consent = services.consent_withdraw(consent=consent, by=user, today=today)
        return Response(ConsentSerializer(consent).data)


class CandidateExportApi(APIView):
    @extend_schema(
        operation_id="candidates_export",
        responses={200: OpenApiTypes.OBJECT, **error_responses(403, 404)},
        description="An access request: everything held on the candidate, with the log of "
        "who looked them up and why.",
    )
    def get(self, request: Request, candidate_id: int) -> Response:
        export = selectors.candidate_export(
            user=request_user(request), today=timezone.localdate(), candidate_id=candidate_id
        )
        return Response(export)


class CandidateEraseApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField(max_length=200)

    class OutputSerializer(serializers.Serializer[Any]):
        candidate_id = serializers.IntegerField()
        consents_deleted = serializers.IntegerField()
        trade_interests_deleted = serializers.IntegerField()
        placements_kept = serializers.IntegerField()
        outcomes_kept = serializers.IntegerField()

    @extend_schema(
        operation_id="candidates_erase",
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 403, 404, 409)},
        description="Erase the candidate's personal data for real; anonymised statistical "
        "rows stay so that reports for past periods do not change.",
    )
    def post(self, request: Request, candidate_id: int) -> Response:
        user, today = request_user(request), timezone.localdate()
        candidate = selectors.candidate_for_change(
            user=user, today=today, candidate_id=candidate_id
        )
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        erasure = services.candidate_erase(
            candidate=candidate, by=user, today=today, reason=payload.validated_data["reason"]
        )
        return Response(self.OutputSerializer(erasure).data)
