"""The people of the access tests, and what each of them may see.

Anne coordinates Odense; Bo works for Fynsk Murer, which has a need on Anne's site;
Eva works for another contractor on the same site; Carl coordinates Svendborg and
must see nothing of Anne's; Dorte is the housing social worker in Korsløkkeparken
and referred Sara; Frida sits in the follow-up group; Ida is an administrator.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from accounts.models import User
from matching.models import Candidate, ConsentRecipient, PlacementStatus
from renovations.models import (
    Contractor,
    FollowUpGroup,
    FollowUpGroupMember,
    HousingArea,
    LabourNeed,
    Municipality,
    ProjectContractor,
    RenovationProject,
)
from tests.accounts.factories import UserFactory
from tests.matching.factories import CandidateFactory, ConsentFactory, PlacementFactory
from tests.renovations.factories import (
    ContractorFactory,
    HousingAreaFactory,
    LabourNeedFactory,
    MunicipalityFactory,
    RenovationProjectFactory,
)


@dataclass
class World:
    anne: User
    bo: User
    eva: User
    carl: User
    dorte: User
    frida: User
    ida: User
    odense: Municipality
    svendborg: Municipality
    area: HousingArea
    project: RenovationProject
    murer: Contractor
    other_contractor: Contractor
    need: LabourNeed
    other_need: LabourNeed
    sara: Candidate  # introduced to Bo's need, consent for contractors; referred by Dorte
    omar: Candidate  # Odense, not introduced anywhere
    lars: Candidate  # Svendborg
    nina: Candidate  # introduced to Bo's need, but her consent is withdrawn

    def everyone(self) -> dict[str, User]:
        return {
            "anne": self.anne,
            "bo": self.bo,
            "eva": self.eva,
            "carl": self.carl,
            "dorte": self.dorte,
            "frida": self.frida,
            "ida": self.ida,
        }


def build_world() -> World:
    today = timezone.localdate()
    users = {
        name: UserFactory.create(email=f"{name}@example.dk", full_name=name.capitalize())
        for name in ("anne", "bo", "eva", "carl", "dorte", "frida", "ida")
    }
    users["ida"].is_staff = users["ida"].is_superuser = True
    users["ida"].save()
    odense = MunicipalityFactory.create(code="461", name="Odense")
    svendborg = MunicipalityFactory.create(code="479", name="Svendborg")
    odense.coordinators.add(users["anne"])
    svendborg.coordinators.add(users["carl"])
    area = HousingAreaFactory.create(municipality=odense, name="Korsløkkeparken")
    area.social_workers.add(users["dorte"])
    project = RenovationProjectFactory.create(area=area)
    murer = ContractorFactory.create(name="Fynsk Murer A/S")
    other_contractor = ContractorFactory.create(name="Anden Entreprise A/S")
    murer.staff.add(users["bo"])
    other_contractor.staff.add(users["eva"])
    for contractor in (murer, other_contractor):
        ProjectContractor.objects.create(project=project, contractor=contractor)
    window = {"earliest_start": today, "latest_start": today + dt.timedelta(days=30)}
    need = LabourNeedFactory.create(project=project, contractor=murer, **window)
    other_need = LabourNeedFactory.create(project=project, contractor=other_contractor, **window)
    group = FollowUpGroup.objects.create(project=project, name="Følgegruppen")
    FollowUpGroupMember.objects.create(group=group, user=users["frida"], organisation="3F Fyn")

    def candidate(first_name: str, municipality: Municipality, **fields: object) -> Candidate:
        return CandidateFactory.create(
            first_name=first_name,
            last_name="Hansen",
            municipality=municipality,
            email=f"{first_name.lower()}@example.com",
            notes="Fortrolig note",
            **fields,
        )

    sara = candidate("Sara", odense, home_area=area, referred_by=users["dorte"])
    omar = candidate("Omar", odense)
    lars = candidate("Lars", svendborg)
    nina = candidate("Nina", odense)
    given = {
        "given_on": today - dt.timedelta(days=10),
        "expires_on": today + dt.timedelta(days=300),
    }
    ConsentFactory.create(candidate=sara, recipient=ConsentRecipient.CONTRACTORS, **given)
    ConsentFactory.create(candidate=sara, recipient=ConsentRecipient.HOUSING_SOCIAL_PLAN, **given)
    ConsentFactory.create(
        candidate=nina, recipient=ConsentRecipient.CONTRACTORS, withdrawn_on=today, **given
    )
    starts = today + dt.timedelta(days=7)
    for person in (sara, nina):
        PlacementFactory.create(
            candidate=person,
            need=need,
            status=PlacementStatus.PROPOSED,
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=25),
        )
    return World(
        **users,
        odense=odense,
        svendborg=svendborg,
        area=area,
        project=project,
        murer=murer,
        other_contractor=other_contractor,
        need=need,
        other_need=other_need,
        sara=sara,
        omar=omar,
        lars=lars,
        nina=nina,
    )


@pytest.fixture
def world(db: None) -> World:
    return build_world()
