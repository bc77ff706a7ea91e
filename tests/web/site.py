"""A small site for the web tests: one project, one contractor, one ready candidate.

Anne coordinates Odense; Bo works for Fynsk Murer on the Korsløkkeparken project;
Dorte is the area's housing social worker; Frida sits in the follow-up group.
Amina lives in the area, wants to be a bricklayer and has consented to sharing
with contractors, so she is suggested for any bricklaying need on the site.
"""

import datetime as dt
from dataclasses import dataclass

from accounts.models import User
from matching.models import Candidate, ConsentRecipient
from matching.services import candidate_trade_interests_set
from renovations.models import (
    Contractor,
    FollowUpGroup,
    FollowUpGroupMember,
    ProjectContractor,
    RenovationProject,
)
from tests.accounts.factories import UserFactory
from tests.matching.factories import CandidateFactory, ConsentFactory
from tests.renovations.factories import (
    ContractorFactory,
    HousingAreaFactory,
    MunicipalityFactory,
    RenovationProjectFactory,
    trade,
)

PASSWORD = "correct-horse-battery"


@dataclass
class Site:
    anne: User
    bo: User
    dorte: User
    frida: User
    project: RenovationProject
    murer: Contractor
    amina: Candidate


def build_site(today: dt.date) -> Site:
    odense = MunicipalityFactory.create(code="461", name="Odense")
    area = HousingAreaFactory.create(municipality=odense, name="Korsløkkeparken")
    project = RenovationProjectFactory.create(
        area=area,
        name="Korsløkkeparken blok 1–9",
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=900),
    )
    murer = ContractorFactory.create(name="Fynsk Murer A/S")
    ProjectContractor.objects.create(project=project, contractor=murer)
    users = {
        name: UserFactory.create(email=f"{name}@example.dk", full_name=full_name)
        for name, full_name in (
            ("anne", "Anne Tovholder"),
            ("bo", "Bo Murer"),
            ("dorte", "Dorte Boligsocial"),
            ("frida", "Frida Følgegruppe"),
        )
    }
    odense.coordinators.add(users["anne"])
    murer.staff.add(users["bo"])
    area.social_workers.add(users["dorte"])
    group = FollowUpGroup.objects.create(project=project, name="Følgegruppen")
    FollowUpGroupMember.objects.create(group=group, user=users["frida"], organisation="3F Fyn")
    trade("toemrer")
    amina = CandidateFactory.create(
        first_name="Amina",
        last_name="Hassan",
        municipality=odense,
        home_area=area,
        coordinator=users["anne"],
        referred_on=today - dt.timedelta(days=40),
        available_from=today - dt.timedelta(days=10),
    )
    candidate_trade_interests_set(candidate=amina, trades=[trade("murer")])
    ConsentFactory.create(
        candidate=amina,
        recipient=ConsentRecipient.CONTRACTORS,
        given_on=today - dt.timedelta(days=30),
        expires_on=today + dt.timedelta(days=300),
    )
    return Site(**users, project=project, murer=murer, amina=amina)
