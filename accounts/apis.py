"""Token login for API clients: ``POST`` and ``DELETE /api/v1/auth/token/``."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_schema import error_responses
from accounts.authentication import token_expires_at, token_login, token_revoke
from accounts.models import User


class TokenApi(APIView):
    """Exchange an email and password for an API token, or revoke the caller's token."""

    class InputSerializer(serializers.Serializer[Any]):
        email = serializers.EmailField()
        password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})

    class OutputSerializer(serializers.Serializer[Any]):
        token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
        expires_at = serializers.DateTimeField(
            help_text="After this the token is refused; log in again for a new one."
        )

    def get_permissions(self) -> list[BasePermission]:
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated()]

    @extend_schema(
        operation_id="auth_token_create",
        summary="Log in and get an API token",
        description=(
            "Returns the user's current token, or a new one if there is none or it has "
            "expired. A wrong email or password gives 400 with the same message either "
            "way; after too many failures from one address for one email, 429 until the "
            "lockout ends, even with the right password."
        ),
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 429)},
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = token_login(
            request=request,
            email=serializer.validated_data["email"],
            password=serializer.validated_data["password"],
            now=timezone.now(),
        )
        output = self.OutputSerializer({"token": token.key, "expires_at": token_expires_at(token)})
        return Response(output.data)

    @extend_schema(
        operation_id="auth_token_destroy",
        summary="Revoke the API token",
        description="Every client using the caller's token must log in again.",
        request=None,
        responses={204: OpenApiResponse(description="Revoked"), **error_responses()},
    )
    def delete(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)
        token_revoke(user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)
