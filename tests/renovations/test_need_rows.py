"""The need rows the list builds from ``values()`` are ``LabourNeedSerializer``'s rows, exactly.

``renovations.apis.need_rows`` and ``need_row`` skip model instances and DRF's fields for
speed; the serializer still describes the API in the schema. Both are built here for
the same needs, of every kind and status and with the optional fields empty or set, and
must be equal, key order included.
"""

import datetime as dt
import json

import pytest

from renovations.apis import LabourNeedSerializer, need_row, need_rows
from renovations.models import LabourNeed, NeedKind, NeedStatus
from tests.renovations.factories import LabourNeedFactory

pytestmark = pytest.mark.django_db


def test_need_rows_equal_the_serializers_rows() -> None:
    LabourNeedFactory(
        kind=NeedKind.SNUSEPRAKTIK,
        status=NeedStatus.OPEN,
        min_age=None,
        description="",
        mentor_email="",
    )
    LabourNeedFactory(
        kind=NeedKind.LAERLING,
        status=NeedStatus.CLOSED,
        weeks=52,
        min_age=18,
        min_danish_level=2,
        requires_driving_licence=True,
        description="Murerarbejde på blok 4 – «æøå»",
        mentor_name="Bo Jensen",
        mentor_email="bo@example.dk",
        latest_start=dt.date(2027, 3, 1),
    )
    needs = LabourNeed.objects.select_related("project", "contractor", "trade").order_by("id")

    built = [need_row(values) for values in need_rows(needs)]
    expected = LabourNeedSerializer(needs, many=True).data

    assert json.dumps(built) == json.dumps(expected)
    assert [list(row) for row in built] == [list(row) for row in expected]
