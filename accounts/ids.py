"""Ids in the API are 64-bit: anything larger is refused before it reaches the database.

(SQLite, the embedded default, raises OverflowError on a larger number, which would
otherwise surface as a 500.)
"""

from typing import Any

from rest_framework import serializers

ID_MAX = 2**63 - 1


def id_field(**kwargs: Any) -> serializers.IntegerField:
    """An id in a filter or a request body: a whole number from 1 to ID_MAX."""
    return serializers.IntegerField(min_value=1, max_value=ID_MAX, **kwargs)


class IdConverter:
    """``<id:name>`` in a URL: at most 18 digits, so a longer one is simply not found."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
