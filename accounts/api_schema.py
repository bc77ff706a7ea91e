"""The API's error body for the OpenAPI schema, shared by every app's views."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer[Any]):
    message = serializers.CharField()
    extra = serializers.DictField(
        help_text="Details; field errors are in extra.fields as {field: [messages]}."
    )


_DESCRIPTIONS = {
    400: "Invalid input; field errors in extra.fields",
    401: "Not logged in",
    403: "Not allowed for your role",
    404: "Not found, or outside your scope",
    409: "Conflicts with the current state",
    429: "Too many attempts",
    503: "Temporarily unavailable; nothing was saved or shown",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The error responses an operation documents, always with 401 and 503."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code])
        for code in sorted({401, 503, *codes})
    }
