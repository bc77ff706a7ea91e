from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_schema import error_responses
from renovations.selectors import user_roles


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
