"""The candidate rows the API builds as plain dicts are the serializers' rows, exactly.

``matching.apis.candidate_rows`` skips DRF's field machinery for speed; the serializers
(``CandidateFullSerializer`` and its siblings) still describe the API in the schema.
Here both are built for every persona's view of the same candidates, from the list's
own query (one query with JSON arrays on PostgreSQL, prefetches elsewhere), and must
be equal, key order included.
"""

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from matching import selectors
from matching.apis import _CANDIDATE_VARIANTS, candidate_rows
from matching.models import Candidate, ConsentRecipient, PlacementStatus, TradeInterest
from renovations.models import Trade
from renovations.selectors import user_roles
from tests.matching.factories import ConsentFactory, PlacementFactory
from tests.personas import World


def _reference(candidate: Candidate, user: User) -> dict[str, Any]:
    """The row as the serializers made it before the plain dicts (the old ``_shown``)."""
    access = selectors.candidate_access(candidate)
    placements = list(candidate.placements.all())
    shown: dict[str, Any] = {**vars(candidate), "access": access.value}
    if access is selectors.CandidateAccess.FULL:
        shown |= {
            "municipality": candidate.municipality,
            "cpr_registered": candidate.cpr_lookup is not None,
            "trade_interests": candidate.trade_interests.all(),
            "placements": placements,
        }
    elif access is selectors.CandidateAccess.CONTRACTOR:
        own = user_roles(user=user).contractor_ids
        shown |= {
            "last_name_initial": candidate.last_name[:1],
            "trade_interests": candidate.trade_interests.all(),
            "placements": [
                p
                for p in placements
                if p.need.contractor_id in own and p.status in selectors.CONTRACTOR_VISIBLE_STATUSES
            ],
        }
    else:
        shown["placements"] = placements
    serializer = _CANDIDATE_VARIANTS[access.value]
    assert isinstance(serializer, type)
    return dict(serializer().to_representation(shown))


@pytest.fixture
def varied(world: World) -> World:
    """Sara with interests and placements in several states, one on another contractor."""
    today = timezone.localdate()
    sara = world.sara
    sara.birth_date = dt.date(1990, 5, 17)
    sara.safety_course_until = today + dt.timedelta(days=90)
    sara.cpr_lookup = "x" * 64
    sara.save()
    for rank, trade in enumerate(Trade.objects.order_by("code")[:3], start=1):
        TradeInterest.objects.get_or_create(candidate=sara, rank=rank, defaults={"trade": trade})
    ConsentFactory.create(
        candidate=sara,
        recipient=ConsentRecipient.HOUSING_SOCIAL_PLAN,
        given_on=today - dt.timedelta(days=3),
        expires_on=today + dt.timedelta(days=300),
    )
    for n, status in enumerate((PlacementStatus.DECLINED, PlacementStatus.WITHDRAWN)):
        start = dt.date(2025, 1, 6) + dt.timedelta(weeks=8 * n)
        PlacementFactory.create(
            candidate=sara,
            need=world.need if n == 0 else world.other_need,
            status=status,
            starts_on=start,
            ends_on=start + dt.timedelta(days=25),
        )
    return world


@pytest.mark.parametrize("persona", ["anne", "bo", "dorte", "ida"])
def test_plain_rows_equal_the_serializers_rows(varied: World, persona: str) -> None:
    """Every persona's page: the same keys, in the same order, with the same values."""
    user = varied.everyone()[persona]
    today = timezone.localdate()
    page = list(selectors.candidate_list(user=user, today=today))
    assert page, f"{persona} sees no candidates"
    # The same candidates, with their related rows prefetched as the detail reads them.
    scope = selectors._with_related(selectors.candidate_scope(user=user, today=today))
    reference = {c.pk: c for c in scope}
    rows = candidate_rows(page, user)
    expected = [_reference(reference[c.pk], user) for c in page]
    assert json.dumps(rows) == json.dumps(expected)
    assert {row["access"] for row in rows} <= {"full", "contractor", "referrer"}
