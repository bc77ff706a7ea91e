"""Request-body fields shared by the apps' APIs."""

from typing import Any

from rest_framework import serializers


class RelatedSlugField(serializers.SlugRelatedField[Any]):
    """A related object named by its slug (a trade's ``code``, a municipality's
    ``code``): a slug holding a NUL character is simply not found, instead of
    reaching PostgreSQL, which refuses NUL in text."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)
