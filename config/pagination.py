from typing import Any

from django.core.paginator import Page
from django.db.models import F, Func, QuerySet, Subquery
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView

# The page's rows carry the count of all rows under this name.
_TOTAL = "page_total_rows"


class Pagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}`` with a bounded page size.

    The count comes with the page's rows, in the same query (a scalar subquery the
    database runs once): one round trip for a page, not two. A page past the end,
    an invalid page number or a DISTINCT query take DRF's own way, with its answers.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(
        self, queryset: Any, request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        size = self.get_page_size(request)
        number = _page_number(request.query_params.get(self.page_query_param))
        if (
            not size
            or number is None
            or not isinstance(queryset, QuerySet)
            or queryset.query.distinct
            or queryset.query.combinator
        ):
            return super().paginate_queryset(queryset, request, view)
        total = Subquery(
            queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
        )
        start = (number - 1) * size
        rows = list(queryset.annotate(**{_TOTAL: total})[start : start + size])
        if not rows and number > 1:
            return super().paginate_queryset(queryset, request, view)  # DRF's 404
        paginator = self.django_paginator_class(queryset, size)
        paginator.count = _total(rows[0]) if rows else 0
        self.page = Page(rows, number, paginator)
        self.request = request
        return rows


def _total(row: Any) -> int:
    return int(row[_TOTAL] if isinstance(row, dict) else getattr(row, _TOTAL))


def _page_number(raw: str | None) -> int | None:
    """A page number as given, 1 when none is; None for anything else (DRF answers it)."""
    if raw is None:
        return 1
    try:
        number = int(raw)
    except ValueError:
        return None
    return number if number >= 1 else None
