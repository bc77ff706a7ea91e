"""OpenAPI naming for the house style's nested Input/OutputSerializer classes."""

from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


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
