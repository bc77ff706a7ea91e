from collections.abc import Callable
from typing import Any

from django.core.paginator import Page
from django.db.models import BigIntegerField, Func, QuerySet, Subquery
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView

# The page's rows carry the count of all rows under this name.
_TOTAL = "page_total_rows"


class Pagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}`` with a bounded page size.

    The count comes with the page's rows, in the same query (a scalar subquery the
    database runs once): one round trip for a page, not two. A page past the end,
    an invalid page number, a DISTINCT or grouped query take DRF's own way, with its
    answers.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(
        self,
        queryset: Any,
        request: Request,
        view: APIView | None = None,
        rows_as: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None,
    ) -> list[Any] | None:
        """The page's rows; ``rows_as`` shapes the page's query (``values()`` for one)
        while the count stays on the query as given, without the shape's joins."""
        size = self.get_page_size(request)
        number = _page_number(request.query_params.get(self.page_query_param))
        if (
            not size
            or number is None
            or not isinstance(queryset, QuerySet)
            or queryset.query.distinct
            or queryset.query.combinator
            or queryset.query.group_by is not None
            or any(
                getattr(annotation, "contains_aggregate", False)
                for annotation in queryset.query.annotations.values()
            )
        ):
            shaped = rows_as(queryset) if rows_as else queryset
            return super().paginate_queryset(shaped, request, view)
        # COUNT(*), not COUNT(id): the database may count off an index without the ids.
        counted = Func(template="COUNT(*)", output_field=BigIntegerField())
        total = Subquery(queryset.order_by().annotate(n=counted).values("n"))
        start = (number - 1) * size
        shaped = rows_as(queryset) if rows_as else queryset
        rows = list(shaped.annotate(**{_TOTAL: total})[start : start + size])
        if not rows and number > 1:
            return super().paginate_queryset(shaped, request, view)  # DRF's 404
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
    # Past a million pages the offset would not fit the database's integers: DRF's way.
    return number if 1 <= number <= 1_000_000 else None
