"""The candidate list runs the same queries for a page of 1 as for a page of 50.

Sixty candidates are in the scope of each persona who sees candidates: all in Anne's
municipality, referred by Dorte with consent to the housing social plan, and
introduced to Bo's need with consent to share with contractors; Ida sees everyone.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from matching.models import ConsentRecipient, PlacementStatus, TradeInterest
from renovations.models import Trade
from tests.matching.factories import CandidateFactory, ConsentFactory, PlacementFactory
from tests.personas import World

IN_SCOPE = 60

# The queries of one list request on PostgreSQL, whatever the page size (token auth):
#   1  the token, its user and the user's roles (renovations.authentication)
#   1  the page of candidates with the count of all of them, their job centre, and
#      their trade interests and placements as JSON arrays (selectors.candidate_list)
#   1  the audit events for the rows shown, one INSERT on its own (no BEGIN/COMMIT)
CEILING = 3
# Elsewhere (SQLite) the roles, the trade interests and the placements are a query each.
CEILING_ELSEWHERE = 6


@pytest.fixture
def sixty(world: World) -> World:
    today = timezone.localdate()
    trades = list(Trade.objects.order_by("code")[:2])
    given = {"given_on": today - dt.timedelta(days=5), "expires_on": today + dt.timedelta(days=300)}
    for candidate in CandidateFactory.create_batch(
        IN_SCOPE, municipality=world.odense, referred_by=world.dorte
    ):
        for recipient in (ConsentRecipient.CONTRACTORS, ConsentRecipient.HOUSING_SOCIAL_PLAN):
            ConsentFactory.create(candidate=candidate, recipient=recipient, **given)
        for rank, trade in enumerate(trades, start=1):
            TradeInterest.objects.create(candidate=candidate, trade=trade, rank=rank)
        PlacementFactory.create(
            candidate=candidate, need=world.need, status=PlacementStatus.PROPOSED
        )
    return world


def _list(client: Client, token: Token, page_size: int) -> tuple[int, int]:
    """Return (rows shown, queries run) for one page of the candidate list."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            f"/api/v1/candidates/?page_size={page_size}",
            HTTP_AUTHORIZATION=f"Token {token.key}",
        )
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert body["count"] >= IN_SCOPE
    return len(body["results"]), len(queries.captured_queries)


@pytest.mark.parametrize("persona", ["anne", "bo", "dorte", "ida"])
def test_candidate_list_queries_do_not_grow_with_the_page(
    client: Client, sixty: World, persona: str
) -> None:
    """A page of 50 candidates costs the queries of a page of 1, and no more than CEILING."""
    token = Token.objects.create(user=sixty.everyone()[persona])
    shown_one, queries_one = _list(client, token, page_size=1)
    shown_fifty, queries_fifty = _list(client, token, page_size=50)
    assert (shown_one, shown_fifty) == (1, 50)
    assert queries_fifty == queries_one
    assert queries_fifty <= (CEILING if settings.USING_POSTGRES else CEILING_ELSEWHERE)


def test_the_trade_filter_keeps_the_budget_and_counts_each_person_once(
    client: Client, sixty: World
) -> None:
    """Filtering by a trade is a test per person, not a join: each of the sixty is
    counted once however many interests they have, in the same queries as unfiltered."""
    token = Token.objects.create(user=sixty.anne)
    code = Trade.objects.order_by("code").values_list("code", flat=True)[0]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            f"/api/v1/candidates/?page_size=50&trade={code}&status=active",
            HTTP_AUTHORIZATION=f"Token {token.key}",
        )
    assert response.status_code == 200, response.content[:300]
    assert response.json()["count"] == IN_SCOPE
    assert len(queries.captured_queries) <= (
        CEILING if settings.USING_POSTGRES else CEILING_ELSEWHERE
    )
