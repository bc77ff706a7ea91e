"""Suggestions for a need and allocations across needs, for the job centre's coordinators."""

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_schema import error_responses
from accounts.api_views import request_user
from accounts.ids import id_field
from accounts.models import User
from matching import selectors, services, suggestions
from matching.algorithm import Suggestion, allocate
from matching.explain import reason_text, rule_text
from matching.models import Candidate
from renovations.selectors import need_get


class ScoreReasonSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    points = serializers.IntegerField()
    detail = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()


class PersonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class SuggestionSerializer(serializers.Serializer[Any]):
    need = serializers.IntegerField()
    candidate = PersonSerializer()
    score = serializers.IntegerField()
    reasons = ScoreReasonSerializer(many=True)


def _suggestion_rows(found: list[Suggestion], user: User, purpose: str) -> list[dict[str, Any]]:
    """The suggestions as ``SuggestionSerializer``'s rows, built as plain dicts: an
    allocation answers thousands (tests/matching/test_suggestion_api.py holds them
    equal to the serializer's). The candidates shown are audited."""
    people = {
        person["id"]: person
        for person in Candidate.objects.filter(pk__in=[s.candidate_id for s in found])
        .order_by()
        .values("id", "first_name", "last_name")
    }
    selectors.candidate_ids_read(user=user, candidate_ids=list(people), purpose=purpose)
    language = get_language()
    return [
        {
            "need": s.need_id,
            "candidate": people[s.candidate_id],
            "score": s.score,
            "reasons": [
                {
                    "code": str(r.code),
                    "points": r.points,
                    "detail": r.detail,
                    "text": reason_text(r, language),
                }
                for r in s.reasons
            ],
        }
        for s in found
    ]


class NeedSuggestionsApi(APIView):
    class FilterSerializer(serializers.Serializer[Any]):
        limit = serializers.IntegerField(min_value=1, max_value=100, default=10)
        explain = id_field(
            required=False, help_text="A candidate id: why are they (not) suggested?"
        )

    class OutputSerializer(serializers.Serializer[Any]):
        class ExplanationSerializer(serializers.Serializer[Any]):
            candidate = serializers.IntegerField()
            eligible = serializers.BooleanField()
            failed_rules = serializers.ListField(child=serializers.DictField())
            score = serializers.IntegerField(allow_null=True)
            reasons = ScoreReasonSerializer(many=True)

        need = serializers.IntegerField()
        suggestions = SuggestionSerializer(many=True)
        explanation = ExplanationSerializer(allow_null=True)

    @extend_schema(
        operation_id="needs_suggestions",
        parameters=[FilterSerializer],
        responses={200: OutputSerializer, **error_responses(400, 403, 404)},
        description="The best candidates for the need, with the reasons for each score.",
    )
    def get(self, request: Request, need_id: int) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        user, today = request_user(request), timezone.localdate()
        need = suggestions.need_for_suggestions(user=user, need_id=need_id)
        found = suggestions.suggestions_for_need(
            need, today=today, limit=params.validated_data["limit"]
        )
        explanation = None
        if "explain" in params.validated_data:
            candidate = selectors.candidate_detail(
                user=user,
                today=today,
                candidate_id=params.validated_data["explain"],
                purpose=f"why (not) suggested for need {need.pk}",
            )
            result = suggestions.explain_candidate(need, candidate.pk, today=today)
            failed = [] if isinstance(result, Suggestion) else result
            explanation = {
                "candidate": candidate.pk,
                "eligible": not failed,
                "failed_rules": [{"code": rule, "text": rule_text(rule)} for rule in failed],
                "score": result.score if isinstance(result, Suggestion) else None,
                "reasons": [
                    {"code": r.code, "points": r.points, "detail": r.detail, "text": reason_text(r)}
                    for r in (result.reasons if isinstance(result, Suggestion) else ())
                ],
            }
        rows = _suggestion_rows(found, user, purpose=f"suggestions for need {need.pk}")
        return Response(
            self.OutputSerializer(
                {"need": need.pk, "suggestions": rows, "explanation": explanation}
            ).data
        )


class AllocationApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        project = id_field(required=False)
        municipality = serializers.CharField(max_length=3, required=False)
        latest_start_from = serializers.DateField(required=False)
        latest_start_to = serializers.DateField(required=False)

    class OutputSerializer(serializers.Serializer[Any]):
        class UnfilledSerializer(serializers.Serializer[Any]):
            need = serializers.IntegerField()
            places = serializers.IntegerField()

        total = serializers.IntegerField()
        pairs = SuggestionSerializer(many=True)
        unfilled = UnfilledSerializer(many=True)

    @extend_schema(
        operation_id="allocations_propose",
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 403)},
        description="The best assignment of candidates to the free places of all open needs "
        "in a project or municipality: a proposal to confirm, edit or reject.",
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user, today = request_user(request), timezone.localdate()
        needs = suggestions.allocation_needs(user=user, **data)
        problem = suggestions.allocation_proposal(needs, today=today, top_k=_top_k())
        result = allocate(problem.places, problem.edges)
        pairs = problem.explained(result.pairs)
        rows = _suggestion_rows(pairs, user, purpose="allocation proposal")
        unfilled = [{"need": n, "places": p} for n, p in sorted(result.unfilled.items()) if p]
        # The rows are the serializer's already (``_suggestion_rows``); OutputSerializer
        # describes them in the schema.
        return Response({"total": result.total, "pairs": rows, "unfilled": unfilled})


def _top_k() -> int:
    return int(settings.MATCHING_ALLOCATION_TOP_K)


class AllocationConfirmApi(APIView):
    class InputSerializer(serializers.Serializer[Any]):
        class ChoiceSerializer(serializers.Serializer[Any]):
            need = id_field()
            candidate = id_field()
            starts_on = serializers.DateField(required=False)
            override_reason = serializers.CharField(required=False, allow_blank=True, default="")

        choices = ChoiceSerializer(many=True, allow_empty=False)

        def validate_choices(self, value: list[Any]) -> list[Any]:
            if len(value) > 500:
                raise serializers.ValidationError(_("At most 500 pairs at a time."))
            return value

    class OutputSerializer(serializers.Serializer[Any]):
        placements = serializers.ListField(child=serializers.IntegerField())

    @extend_schema(
        operation_id="allocations_confirm",
        request=InputSerializer,
        responses={201: OutputSerializer, **error_responses(400, 403, 404, 409)},
        description="Turn the confirmed (or edited) pairs into proposed placements; a pair "
        "outside the suggestions needs an override reason. All or nothing.",
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user, today = request_user(request), timezone.localdate()
        choices = [
            services.AllocationChoice(
                need=need_get(user=user, need_id=choice["need"]),
                candidate=selectors.candidate_for_change(
                    user=user, today=today, candidate_id=choice["candidate"]
                ),
                starts_on=choice.get("starts_on"),
                override_reason=choice["override_reason"],
            )
            for choice in payload.validated_data["choices"]
        ]
        placements = services.allocation_confirm(by=user, today=today, choices=choices)
        return Response(
            self.OutputSerializer({"placements": [p.pk for p in placements]}).data,
            status=status.HTTP_201_CREATED,
        )
