"""The yardsticks the API is measured against: Django with nothing of ours in the way.

``bare_candidates`` answers the rows the coordinator's first page of
``GET /api/v1/candidates/?page_size=50`` shows, in the same order, straight from
``values()`` through orjson: no authentication, roles, scoping, count, nested trade
interests or placements, serializers or audit. ``bare_needs`` does the same for the
first page of ``GET /api/v1/needs/?page_size=50`` (the need list's columns, with the
names of project, contractor and trade). ``hello`` is the floor of a request through
the middleware.
"""

from functools import cache
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse

from matching.management.commands.generate_load import MUNICIPALITY_CODE
from matching.models import Candidate
from renovations.apis import NEED_COLUMNS
from renovations.models import LabourNeed, Municipality

PAGE_SIZE = 50
FIELDS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_date",
    "municipality__code",
    "coordinator_id",
    "home_area_id",
    "benefit_group",
    "referral_source",
    "referred_by_id",
    "referred_on",
    "open_to_any_trade",
    "has_driving_licence",
    "safety_course_until",
    "danish_level",
    "speaks_english",
    "available_from",
    "notes",
    "status",
)


@cache
def _municipality_id() -> int:
    """The load's municipality, looked up once: the list filters by id, and so does this."""
    return Municipality.objects.get(code=MUNICIPALITY_CODE).pk


def bare_candidates(request: HttpRequest) -> HttpResponse:
    rows: list[dict[str, Any]] = list(
        Candidate.objects.filter(municipality_id=_municipality_id(), anonymised_on__isnull=True)
        .order_by("last_name", "first_name", "id")
        .values(*FIELDS)[:PAGE_SIZE]
    )
    return HttpResponse(orjson.dumps(rows), content_type="application/json")


# The need list's columns, as the API reads them (renovations.apis.need_rows).
NEED_FIELDS = tuple(NEED_COLUMNS.values())


def bare_needs(request: HttpRequest) -> HttpResponse:
    rows: list[dict[str, Any]] = list(
        LabourNeed.objects.filter(project__area__municipality_id=_municipality_id())
        .order_by("latest_start", "id")
        .values(*NEED_FIELDS)[:PAGE_SIZE]
    )
    return HttpResponse(orjson.dumps(rows), content_type="application/json")


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"Hello, world!", content_type="text/plain")
