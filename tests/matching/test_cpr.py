"""A CPR number is validated, turned into a keyed lookup, and never stored or echoed."""

import datetime as dt

import pytest
from django.test import override_settings

from accounts.errors import ApplicationError, ErrorKind
from matching.cpr import cpr_birth_date, cpr_lookup_key, cpr_validate
from matching.models import Candidate
from matching.selectors import candidate_find_by_cpr
from matching.services import candidate_create
from tests.renovations.factories import MunicipalityFactory, trade

CPR = "0703921234"


def test_lookup_is_stable_and_ignores_the_dash() -> None:
    assert cpr_lookup_key(CPR) == cpr_lookup_key("070392-1234")
    assert CPR not in cpr_lookup_key(CPR)
    assert len(cpr_lookup_key(CPR)) == 64


def test_lookup_depends_on_the_secret_key() -> None:
    first = cpr_lookup_key(CPR)
    with override_settings(CPR_LOOKUP_KEY="another-secret"):
        assert cpr_lookup_key(CPR) != first


@pytest.mark.parametrize("number", ["3213921234", "07039212", "abcdefghij", "0703921234567"])
def test_invalid_numbers_are_refused_without_echo(number: str) -> None:
    with pytest.raises(ApplicationError) as caught:
        cpr_validate(number)
    error = caught.value
    assert error.kind is ErrorKind.INVALID
    assert "cpr" in error.extra["fields"]
    assert number not in repr(error.__dict__)
    assert error.__cause__ is None and error.__suppress_context__


def test_birth_date_comes_from_the_number() -> None:
    assert cpr_birth_date(CPR) == dt.date(1992, 3, 7)


@pytest.mark.django_db
def test_candidate_create_keeps_only_the_lookup_and_the_birth_date() -> None:
    candidate = candidate_create(
        by=None,
        municipality=MunicipalityFactory.create(code="461"),
        first_name="Amir",
        last_name="Hansen",
        referred_on=dt.date(2026, 1, 12),
        cpr=CPR,
        trades=[trade("murer"), trade("maler")],
    )
    candidate.refresh_from_db()
    assert candidate.cpr_lookup == cpr_lookup_key(CPR)
    assert candidate.birth_date == dt.date(1992, 3, 7)
    assert [i.trade.code for i in candidate.trade_interests.order_by("rank")] == ["murer", "maler"]
    assert candidate_find_by_cpr(cpr="070392-1234") == candidate


@pytest.mark.django_db
def test_the_same_person_twice_is_a_conflict() -> None:
    municipality = MunicipalityFactory.create(code="461")

    def register(cpr: str) -> Candidate:
        return candidate_create(
            by=None,
            municipality=municipality,
            first_name="Amir",
            last_name="Hansen",
            referred_on=dt.date(2026, 1, 12),
            cpr=cpr,
        )

    register(CPR)
    with pytest.raises(ApplicationError) as caught:
        register("070392-1234")
    assert caught.value.kind is ErrorKind.CONFLICT
    assert Candidate.objects.count() == 1


@pytest.mark.django_db
def test_more_than_three_trade_interests_are_refused() -> None:
    with pytest.raises(ApplicationError):
        candidate_create(
            by=None,
            municipality=MunicipalityFactory.create(),
            first_name="A",
            last_name="B",
            referred_on=dt.date(2026, 1, 12),
            trades=[trade("murer"), trade("maler"), trade("toemrer"), trade("vvs")],
        )
    assert Candidate.objects.count() == 0
