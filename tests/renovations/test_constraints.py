"""The database itself refuses impossible projects, needs and organisations."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction

from renovations.models import LabourNeed, NeedKind, RenovationProject
from tests.renovations.factories import (
    ContractorFactory,
    LabourNeedFactory,
    MunicipalityFactory,
    RenovationProjectFactory,
)

pytestmark = pytest.mark.django_db


def _refused(save: Callable[[], object]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


def test_need_has_at_least_one_place() -> None:
    """A labour need for zero places is refused by the database."""
    need = LabourNeedFactory.create()
    _refused(lambda: LabourNeed.objects.filter(pk=need.pk).update(places=0))


def test_need_latest_start_not_before_earliest() -> None:
    need = LabourNeedFactory.create()
    _refused(
        lambda: LabourNeed.objects.filter(pk=need.pk).update(
            latest_start=need.earliest_start - dt.timedelta(days=1)
        )
    )


def test_snusepraktik_lasts_four_weeks() -> None:
    need = LabourNeedFactory.create(kind=NeedKind.SNUSEPRAKTIK)
    _refused(lambda: LabourNeed.objects.filter(pk=need.pk).update(weeks=6))
    LabourNeed.objects.filter(pk=need.pk).update(kind=NeedKind.LOENTILSKUD, weeks=6)


def test_project_ends_after_it_starts() -> None:
    project = RenovationProjectFactory.create()
    _refused(
        lambda: RenovationProject.objects.filter(pk=project.pk).update(
            ends_on=project.starts_on - dt.timedelta(days=1)
        )
    )


def test_trainee_share_is_a_percentage() -> None:
    project = RenovationProjectFactory.create()
    _refused(
        lambda: RenovationProject.objects.filter(pk=project.pk).update(trainee_share_target=101)
    )


def test_municipality_code_is_three_digits() -> None:
    _refused(lambda: MunicipalityFactory.create(code="46"))


def test_contractor_cvr_is_eight_digits_and_unique() -> None:
    contractor = ContractorFactory.create()
    _refused(lambda: ContractorFactory.create(cvr="1234567"))
    _refused(lambda: ContractorFactory.create(cvr=contractor.cvr))
