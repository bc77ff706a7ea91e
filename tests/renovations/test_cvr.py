"""CVR numbers are checked with python-stdnum, check digit included."""

import pytest
from django.core.exceptions import ValidationError

from accounts.errors import ApplicationError, ErrorKind
from renovations.services import contractor_create
from renovations.validators import validate_cvr
from tests.renovations.factories import valid_cvr


@pytest.mark.parametrize("number", ["13585628", "10000009", valid_cvr(42)])
def test_valid_cvr_passes(number: str) -> None:
    validate_cvr(number)


@pytest.mark.parametrize("number", ["13585627", "1234567", "123456789", "abcdefgh", ""])
def test_invalid_cvr_is_refused(number: str) -> None:
    with pytest.raises(ValidationError):
        validate_cvr(number)


@pytest.mark.django_db
def test_contractor_create_accepts_spaces_and_stores_eight_digits() -> None:
    contractor = contractor_create(by=None, cvr="1358 5628", name="Fynsk Murer A/S")
    assert contractor.cvr == "13585628"


@pytest.mark.django_db
def test_contractor_create_refuses_a_wrong_check_digit_as_a_field_error() -> None:
    with pytest.raises(ApplicationError) as caught:
        contractor_create(by=None, cvr="13585627", name="Forkert A/S")
    assert caught.value.kind is ErrorKind.INVALID
    assert "cvr" in caught.value.extra["fields"]


@pytest.mark.django_db
def test_contractor_create_twice_is_a_conflict() -> None:
    contractor_create(by=None, cvr="13585628", name="Fynsk Murer A/S")
    with pytest.raises(ApplicationError) as caught:
        contractor_create(by=None, cvr="13585628", name="Fynsk Murer A/S")
    assert caught.value.kind is ErrorKind.CONFLICT
