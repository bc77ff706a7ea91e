import datetime as dt

import factory

from renovations import models
from renovations.trades import TRADES

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def valid_cvr(n: int) -> str:
    """Return a distinct 8-digit CVR number with a right check digit for each n < 4,000,000."""
    for first in (1_000_000, 5_000_000):
        prefix = str(first + n)
        total = sum(w * int(d) for w, d in zip(CVR_WEIGHTS, prefix, strict=False))
        check = -total % 11
        # A check digit of 10 cannot be written; moving the first digit from 1 to 5
        # shifts the sum by 8 and so always gives a writable one.
        if check < 10:
            return prefix + str(check)
    raise AssertionError("unreachable")


class MunicipalityFactory(factory.django.DjangoModelFactory[models.Municipality]):
    class Meta:
        model = models.Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{100 + n % 900:03d}")
    name = factory.Sequence(lambda n: f"Kommune {n}")


class HousingOrganisationFactory(factory.django.DjangoModelFactory[models.HousingOrganisation]):
    class Meta:
        model = models.HousingOrganisation

    name = factory.Sequence(lambda n: f"Boligselskab {n}")
    cvr = factory.Sequence(lambda n: valid_cvr(500 + n))


class HousingAreaFactory(factory.django.DjangoModelFactory[models.HousingArea]):
    class Meta:
        model = models.HousingArea

    name = factory.Sequence(lambda n: f"Boligområde {n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    organisation = factory.SubFactory(HousingOrganisationFactory)
    category = models.AreaCategory.UDSAT
    postal_code = "5220"
    residents = 1900


class RenovationProjectFactory(factory.django.DjangoModelFactory[models.RenovationProject]):
    class Meta:
        model = models.RenovationProject

    area = factory.SubFactory(HousingAreaFactory)
    name = factory.Sequence(lambda n: f"Renovering {n}")
    site_address = "Korsløkkevej 1, 5220 Odense SØ"
    starts_on = dt.date(2026, 1, 5)
    ends_on = dt.date(2029, 12, 21)
    status = models.ProjectStatus.ACTIVE
    target_placements = 180
    target_jobs = 60
    target_education = 25


class ContractorFactory(factory.django.DjangoModelFactory[models.Contractor]):
    class Meta:
        model = models.Contractor

    cvr = factory.Sequence(lambda n: valid_cvr(n))
    name = factory.Sequence(lambda n: f"Entreprenør {n} A/S")
    email = factory.Sequence(lambda n: f"kontakt{n}@entreprenoer.dk")


def trade(code: str = "murer") -> models.Trade:
    """Return one of the trades the migrations seed (re-made after a table flush)."""
    names = {code: (da, en) for code, da, en in TRADES}
    name_da, name_en = names[code]
    found, _ = models.Trade.objects.get_or_create(
        code=code, defaults={"name_da": name_da, "name_en": name_en}
    )
    return found


class LabourNeedFactory(factory.django.DjangoModelFactory[models.LabourNeed]):
    class Meta:
        model = models.LabourNeed

    project = factory.SubFactory(RenovationProjectFactory)
    contractor = factory.SubFactory(ContractorFactory)
    trade = factory.LazyFunction(trade)
    kind = models.NeedKind.SNUSEPRAKTIK
    places = 2
    earliest_start = dt.date(2026, 3, 2)
    latest_start = dt.date(2026, 4, 6)
    weeks = 4
    mentor_name = "Jens Mester"
    mentor_email = "jens@entreprenoer.dk"
