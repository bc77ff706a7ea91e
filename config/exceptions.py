"""The API's one error shape: ``{"message": str, "extra": {...}}``."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from accounts.errors import ApplicationError


def _field_errors(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return {
            key: _field_errors(value)
            if isinstance(value, dict)
            else [str(item) for item in (value if isinstance(value, list) else [value])]
            for key, value in detail.items()
        }
    return {"non_field_errors": [str(item) for item in detail]} if isinstance(detail, list) else {}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response({"message": exc.message, "extra": exc.extra}, status=exc.status_code)
    if isinstance(exc, IntegrityError):
        # A database constraint caught what a service's own check could not see
        # (two requests at once): a conflict, and the transaction left nothing behind.
        return Response(
            {"message": _("The change conflicts with another one. Try again."), "extra": {}},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DatabaseError):
        # Includes a failed audit write: the request fails and shows no data.
        return Response(
            {"message": _("The service could not complete the request. Try again."), "extra": {}},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "message": _("The input is not valid."),
            "extra": {"fields": _field_errors(exc.detail)},
        }
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        detail = getattr(exc, "detail", "")
        response.data = {"message": str(detail), "extra": {}}
    return response
