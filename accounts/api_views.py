"""What every API view shares: the logged-in user and the page it answers with."""

from collections.abc import Callable
from typing import Any, Protocol, cast

from django.db.models import QuerySet
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from accounts.models import User


def request_user(request: Request) -> User:
    """The logged-in user of a request that passed the API's authentication."""
    user = request.user
    assert isinstance(user, User)
    return user


class ShapedPagination(Protocol):
    """The API's pagination (config.pagination.Pagination): a page whose rows a
    function shapes (``values()`` for one) while the count stays on the query given."""

    def paginate_queryset(
        self,
        queryset: QuerySet[Any],
        request: Request,
        view: APIView | None = None,
        rows_as: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None,
    ) -> list[Any] | None: ...

    def get_paginated_response(self, data: Any) -> Response: ...


class PagedApi(APIView):
    """A view whose GET answers one page: ``{"count", "next", "previous", "results"}``.

    A page past the end (or ``page=0``) is a 404, as in DRF; list operations say so.
    """

    @property
    def pagination_class(self) -> type[BasePagination]:
        # Read when used, not at import; drf-spectacular reads it to describe the page.
        pagination_class: type[BasePagination] = api_settings.DEFAULT_PAGINATION_CLASS  # type: ignore[assignment]
        return pagination_class

    def page_of(
        self,
        request: Request,
        rows: QuerySet[Any],
        rows_as: Callable[[QuerySet[Any]], QuerySet[Any]],
        row: Callable[[Any], Any],
    ) -> Response:
        """One page of ``rows``, read as ``rows_as`` shapes them and answered with ``row``
        of each."""
        paginator = cast(ShapedPagination, self.pagination_class())
        shown = paginator.paginate_queryset(rows, request, view=self, rows_as=rows_as) or []
        return paginator.get_paginated_response([row(each) for each in shown])
