"""A snusepraktik on Korsløkkeparken in March 2026, for the reminder tests.

Anne coordinates Odense; Bo works for the contractor; Jens is the site mentor
(no account); Sara (benefit group kontanthjælp, a confidential note) is the intern,
from Monday 2 March to Friday 27 March 2026; Frida sits in the follow-up group.
"""

import datetime as dt
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from accounts.models import User
from matching.models import (
    BenefitGroup,
    Candidate,
    Consent,
    ConsentRecipient,
    Placement,
    PlacementStatus,
    PlacementWeek,
)
from notifications.planner import notifications_plan
from renovations.models import Contractor, FollowUpGroup, FollowUpGroupMember, LabourNeed
from tests.accounts.factories import UserFactory
from tests.matching.factories import CandidateFactory, ConsentFactory, PlacementFactory
from tests.renovations.factories import (
    ContractorFactory,
    HousingAreaFactory,
    LabourNeedFactory,
    MunicipalityFactory,
    RenovationProjectFactory,
)

CPH = ZoneInfo("Europe/Copenhagen")
MENTOR = "jens@entreprenoer.dk"


def moment(day: str, clock: str = "09:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=CPH)


@dataclass
class Site:
    anne: User
    bo: User
    frida: User
    contractor: Contractor
    need: LabourNeed
    sara: Candidate
    consent: Consent
    placement: Placement
    group: FollowUpGroup


def build_site(status: str = PlacementStatus.ACTIVE) -> Site:
    anne = UserFactory.create(email="anne@jobcenter.dk", full_name="Anne Jensen")
    bo = UserFactory.create(email="bo@murer.dk", full_name="Bo Murer", language="en")
    frida = UserFactory.create(email="frida@3f.dk", full_name="Frida Fagforening")
    odense = MunicipalityFactory.create(code="461", name="Odense")
    odense.coordinators.add(anne)
    project = RenovationProjectFactory.create(
        area=HousingAreaFactory.create(municipality=odense, name="Korsløkkeparken"),
        name="Korsløkkeparken etape 2",
    )
    contractor = ContractorFactory.create(name="Fynsk Murer A/S")
    contractor.staff.add(bo)
    need = LabourNeedFactory.create(
        project=project,
        contractor=contractor,
        places=1,
        earliest_start=dt.date(2026, 3, 2),
        latest_start=dt.date(2026, 4, 6),
        mentor_email=MENTOR,
    )
    sara = CandidateFactory.create(
        first_name="Sara",
        last_name="Hemmelig-Efternavn",
        email="sara@example.com",
        municipality=odense,
        coordinator=anne,
        benefit_group=BenefitGroup.KONTANTHJAELP,
        notes="Fortrolig note om helbred",
    )
    consent = ConsentFactory.create(candidate=sara, recipient=ConsentRecipient.CONTRACTORS)
    placement = PlacementFactory.create(
        candidate=sara,
        need=need,
        coordinator=anne,
        status=status,
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 3, 27),
    )
    for week in range(1, 5):
        PlacementWeek.objects.create(
            placement=placement,
            week=week,
            trade=need.trade,
            contractor=contractor,
            mentor_email=MENTOR,
        )
    group = FollowUpGroup.objects.create(project=project, name="Følgegruppen")
    FollowUpGroupMember.objects.create(group=group, user=frida, organisation="3F Fyn")
    return Site(anne, bo, frida, contractor, need, sara, consent, placement, group)


def plan(at: datetime) -> int:
    with time_machine.travel(at, tick=False):
        return notifications_plan(now=timezone.now())
