"""OpenAPI naming for the house style's nested Input/OutputSerializer classes, and the
error answer DRF gives on its own to any operation that reads a request body."""

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse

from accounts.api_schema import ErrorSerializer

UNSUPPORTED_MEDIA_TYPE = OpenApiResponse(
    ErrorSerializer,
    description="The body has no media type, or one the operation does not accept; "
    "send application/json",
)


class AutoSchema(SpectacularAutoSchema):
    def get_serializer_name(
        self, serializer: Any, direction: Literal["request", "response"]
    ) -> str:
        """Name ``CandidateListApi.InputSerializer`` "CandidateListInput", not "Input"."""
        name = super().get_serializer_name(serializer, direction)
        outer, _, inner = type(serializer).__qualname__.rpartition(".")
        if outer:
            return outer.removesuffix("Api") + inner.removesuffix("Serializer")
        return name

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        """Document 415 on every operation with a request body: DRF answers it there
        before the view runs, so no view's own list of errors mentions it."""
        responses = super()._get_response_bodies(direction)
        if (
            direction == "response"
            and self.method in ("POST", "PUT", "PATCH")
            and self.get_request_serializer() is not None
            and "415" not in responses
        ):
            responses["415"] = self._get_response_for_code(UNSUPPORTED_MEDIA_TYPE, "415")
            responses = dict(sorted(responses.items()))
        return responses
