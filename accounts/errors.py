"""The project's one error type for a broken business rule.

It lives in the bottom layer so that every app can raise it; the API's error
handler in ``config`` turns it into ``{"message", "extra"}`` with its status.
"""

from enum import Enum
from typing import Any


class ErrorKind(Enum):
    INVALID = 400
    FORBIDDEN = 403
    NOT_FOUND = 404
    CONFLICT = 409
    UNAVAILABLE = 503


class ApplicationError(Exception):
    def __init__(
        self,
        message: str,
        *,
        kind: ErrorKind = ErrorKind.INVALID,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.extra = extra or {}

    @property
    def status_code(self) -> int:
        return self.kind.value

    @classmethod
    def field(cls, field: str, message: str) -> "ApplicationError":
        """Return an error about one input field, in the API's field-error shape."""
        return cls(message, extra={"fields": {field: [message]}})
