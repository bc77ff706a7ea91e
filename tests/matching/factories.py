import datetime as dt

import factory

from matching import models
from tests.renovations.factories import LabourNeedFactory, MunicipalityFactory


class CandidateFactory(factory.django.DjangoModelFactory[models.Candidate]):
    class Meta:
        model = models.Candidate

    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    municipality = factory.SubFactory(MunicipalityFactory)
    referred_on = dt.date(2026, 1, 12)
    available_from = dt.date(2026, 2, 1)


class ConsentFactory(factory.django.DjangoModelFactory[models.Consent]):
    class Meta:
        model = models.Consent

    candidate = factory.SubFactory(CandidateFactory)
    recipient = models.ConsentRecipient.CONTRACTORS
    purpose = "Deling med entreprenører på byggepladsen"
    given_on = dt.date(2026, 1, 12)
    expires_on = dt.date(2027, 1, 12)


class PlacementFactory(factory.django.DjangoModelFactory[models.Placement]):
    class Meta:
        model = models.Placement

    candidate = factory.SubFactory(CandidateFactory)
    need = factory.SubFactory(LabourNeedFactory)
    kind = factory.LazyAttribute(lambda o: o.need.kind)
    starts_on = dt.date(2026, 3, 2)
    ends_on = dt.date(2026, 3, 27)
    status = models.PlacementStatus.PROPOSED
