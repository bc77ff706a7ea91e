"""What every API view shares: the logged-in user and the page it answers with."""

from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from accounts.models import User


def request_user(request: Request) -> User:
    """The logged-in user of a request that passed the API's authentication."""
    user = request.user
    assert isinstance(user, User)
    return user


class PagedApi(APIView):
    """A view whose GET answers one page: ``{"count", "next", "previous", "results"}``.

    A page past the end (or ``page=0``) is a 404, as in DRF; list operations say so.
    """

    @property
    def pagination_class(self) -> type[BasePagination]:
        # Read when used, not at import; drf-spectacular reads it to describe the page.
        pagination_class: type[BasePagination] = api_settings.DEFAULT_PAGINATION_CLASS  # type: ignore[assignment]
        return pagination_class
