"""A path no URL pattern matches: JSON in the API's error shape under /api/, HTML elsewhere."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"message": _("Not found."), "extra": {}}, status=404)
    return page_not_found(request, exception)
