"""Load a realistic demo: ``python manage.py seed_demo``.

Idempotent: every object is found again by a natural key (email, municipality
code, CVR number, project name, CPR lookup key, candidate and need of a
placement, …) and only what is missing is created. An object's dependants
(a candidate's consents, a placement's weeks, follow-ups and outcome) are
created together with it. All dates are relative to today, and the story is
drawn from seeded random generators, so two runs on the same day create the
same demo and a second run creates nothing.

CPR numbers exist only in memory, long enough to become lookup keys; they are
never printed or logged.
"""

import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone
from stdnum.dk import cpr as stdnum_cpr

from accounts.models import User
from matching import demo
from matching.models import (
    Candidate,
    CandidateStatus,
    Consent,
    ConsentRecipient,
    EndPlan,
    FollowUp,
    FollowUpChannel,
    InterruptReason,
    Outcome,
    OutcomeKind,
    Placement,
    PlacementStatus,
    PlacementWeek,
    ReferralSource,
    RetentionCheck,
    RetentionStatus,
    TradeInterest,
)
from matching.selectors import candidate_find_by_cpr
from matching.services import candidate_create, consent_record
from renovations import workdays
from renovations.models import (
    ActionItem,
    Contractor,
    FollowUpGroup,
    FollowUpGroupMember,
    HousingArea,
    HousingOrganisation,
    LabourNeed,
    Meeting,
    Municipality,
    NeedKind,
    ProjectContractor,
    ProjectStatus,
    RenovationProject,
    Trade,
)
from renovations.validators import validate_cvr

COUNTED_MODELS: tuple[type[models.Model], ...] = (
    User,
    Municipality,
    HousingOrganisation,
    HousingArea,
    RenovationProject,
    Contractor,
    ProjectContractor,
    LabourNeed,
    Candidate,
    TradeInterest,
    Consent,
    Placement,
    PlacementWeek,
    FollowUp,
    EndPlan,
    Outcome,
    RetentionCheck,
    FollowUpGroup,
    FollowUpGroupMember,
    Meeting,
    ActionItem,
)

STARTED = {PlacementStatus.ACTIVE, PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED}
DECIDED_BY_CONTRACTOR = STARTED | {PlacementStatus.ACCEPTED, PlacementStatus.DECLINED}
HOLDING = {PlacementStatus.PROPOSED, PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE}
INTO_WORK_OR_EDUCATION = {
    OutcomeKind.JOB_ON_SITE,
    OutcomeKind.JOB_ELSEWHERE,
    OutcomeKind.APPRENTICESHIP,
    OutcomeKind.EDUCATION,
    OutcomeKind.SUBSIDISED_JOB,
}
END_PLAN_FOR_OUTCOME = {
    OutcomeKind.JOB_ON_SITE: "job_offer_on_site",
    OutcomeKind.JOB_ELSEWHERE: "other_job",
    OutcomeKind.APPRENTICESHIP: "education",
    OutcomeKind.EDUCATION: "education",
    OutcomeKind.SUBSIDISED_JOB: "further_placement",
    OutcomeKind.NONE: "back_to_jobcenter",
}
CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


# --- The plan: pure data drawn from seeded generators, no database --------------------


@dataclass
class PlannedConsent:
    recipient: str
    given_on: date
    by: str
    expires_on: date | None = None
    withdrawn_on: date | None = None


@dataclass
class Person:
    key: str
    municipality: str
    first_name: str
    last_name: str
    sex: str
    danish_born: bool
    birth_date: date
    cpr: str | None
    email: str
    phone: str
    home_area: str | None
    referral_source: str
    referred_by: str | None
    registered_by: str
    coordinator: str
    benefit_group: str
    trades: list[str]
    open_to_any_trade: bool
    has_driving_licence: bool
    safety_course_until: date | None
    danish_level: int
    speaks_english: bool
    available_from: date | None
    notes: str
    referred_on: date
    status: str = CandidateStatus.ACTIVE
    placements: list["PlannedPlacement"] = field(default_factory=list)
    consents: list[PlannedConsent] = field(default_factory=list)

    def age_on(self, day: date) -> int:
        return relativedelta(day, self.birth_date).years


@dataclass
class PlannedPlacement:
    spec: demo.PlacementSpec
    need: demo.NeedSpec
    project: demo.ProjectSpec
    person: Person
    starts_on: date
    ends_on: date
    planned_end: date
    proposed_on: date
    decided_on: date | None
    rotation: list[tuple[str, str]]
    score: Decimal = Decimal("0")
    reasons: list[dict[str, Any]] = field(default_factory=list)


def ascii_slug(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if ch.isascii() and (ch.isalnum() or ch == "-"))


def draw_cpr(birth: date, sex: str, rng: random.Random) -> str:
    """Draw a CPR number for the birth date that fails the pre-2007 modulus-11 check."""
    century_digits = "0123" if birth.year < 2000 else "49"
    parity = "13579" if sex == "m" else "02468"
    while True:
        number = (
            f"{birth:%d%m%y}{rng.choice(century_digits)}"
            f"{rng.randint(0, 9)}{rng.randint(0, 9)}{rng.choice(parity)}"
        )
        if sum(w * int(d) for w, d in zip(CPR_WEIGHTS, number, strict=True)) % 11 == 0:
            continue
        stdnum_cpr.validate(number)
        if stdnum_cpr.get_birth_date(number) != birth:
            raise CommandError("A drawn CPR number does not match its birth date.")
        return number


def weighted_sample(rng: random.Random, weighted: tuple[tuple[str, int], ...], k: int) -> list[str]:
    pool = list(weighted)
    picked: list[str] = []
    for _ in range(k):
        choice = rng.choices(pool, weights=[w for _, w in pool])[0]
        picked.append(choice[0])
        pool.remove(choice)
    return picked


class Plan:
    """The whole demo story, worked out before anything touches the database."""

    def __init__(self, today: date) -> None:
        self.today = today
        # "This week" is the week of the next working day: on a weekend or at the
        # end of Easter week it is the coming one, so running placements still run.
        next_working = workdays.working_day_on_or_after(today)
        self.monday = next_working - timedelta(days=next_working.weekday())
        self.needs = {n.ref: n for n in demo.NEEDS}
        self.projects = {p.ref: p for p in demo.PROJECTS}
        self.areas = {a.ref: a for a in demo.AREAS}
        self.contractors = {c.ref: c for c in demo.CONTRACTORS}
        self.coordinators = {code: emails for code, _, emails in demo.MUNICIPALITIES}
        self.persons: list[Person] = []
        self.placements: dict[str, PlannedPlacement] = {}
        for code, people in (("461", demo.ODENSE_PEOPLE), ("479", demo.SVENDBORG_PEOPLE)):
            for index, entry in enumerate(people):
                self.persons.append(self._person(code, index, entry))
        cprs = [p.cpr for p in self.persons if p.cpr]
        if len(set(cprs)) != len(cprs):
            raise CommandError("Two demo persons drew the same CPR number; change demo.SEED.")
        for spec in demo.PLACEMENTS:
            self._place(spec)
        for person in self.persons:
            self._finish(person)
        self._special_consents()
        for placement in sorted(self.placements.values(), key=lambda p: p.starts_on):
            self._score(placement)

    def week(self, offset: int) -> date:
        return self.monday + timedelta(weeks=offset)

    def municipality_of(self, project: demo.ProjectSpec) -> str:
        return self.areas[project.area].municipality

    # People -----------------------------------------------------------------------

    def _person(self, code: str, index: int, entry: tuple[str, str, str, bool]) -> Person:
        first, last, sex, danish_born = entry
        rng = random.Random(f"{demo.SEED}:person:{code}:{index}")
        # Drawn first and from fixed ranges, so the CPR number, the key that
        # finds the person again, never depends on the day of the run.
        birth = date(int(rng.triangular(1964, 2006, 1997)), rng.randint(1, 12), rng.randint(1, 28))
        cpr = draw_cpr(birth, sex, rng) if rng.random() < 0.88 else None

        today = self.today
        coordinators = self.coordinators[code]
        coordinator = coordinators[0] if rng.random() < 0.65 else coordinators[-1]
        roll = rng.random()
        if code == "461":
            home_area = "korsloekke" if roll < 0.55 else "vollsmose" if roll < 0.75 else None
        else:
            home_area = "skovparken" if roll < 0.6 else None
        referred_by: str | None = None
        registered_by = coordinator
        if home_area == "korsloekke" and rng.random() < 0.4:
            source = ReferralSource.HOUSING_SOCIAL
            referred_by = registered_by = demo.SOCIAL_WORKER
        else:
            source = rng.choices(
                [
                    ReferralSource.JOBCENTER,
                    ReferralSource.SELF,
                    ReferralSource.CONTRACTOR,
                    ReferralSource.OTHER,
                ],
                weights=[80, 8, 6, 6],
            )[0]
            if source == ReferralSource.CONTRACTOR:
                referred_by = (
                    rng.choice(["bo@fynskmurer.dk", demo.MAIN_CONTRACTOR_STAFF])
                    if code == "461"
                    else "kasper@sydfynsentreprise.dk"
                )
        age = relativedelta(today, birth).years
        benefits = {
            "kontanthjaelp": 30,
            "a_dagpenge": 20,
            "uddannelseshjaelp": 45 if age < 30 else 0,
            "selvforsoergelse": 0 if danish_born else 18,
            "sygedagpenge": 5,
            "jobafklaring": 4 if age >= 30 else 0,
            "ressourceforloeb": 5,
            "ledighedsydelse": 3 if age >= 30 else 0,
            "other": 2,
        }
        benefit = rng.choices(list(benefits), weights=list(benefits.values()))[0]
        trade_count = rng.choices([1, 2, 3], weights=[35, 40, 25])[0]
        trades = weighted_sample(rng, demo.POPULAR_TRADES, trade_count)
        safety_roll = rng.random()
        safety_until = (
            today + timedelta(days=rng.randint(60, 900))
            if safety_roll < 0.3
            else today - timedelta(days=rng.randint(30, 400))
            if safety_roll < 0.4
            else None
        )
        return Person(
            key=f"{code}-{index}",
            municipality=code,
            first_name=first,
            last_name=last,
            sex=sex,
            danish_born=danish_born,
            birth_date=birth,
            cpr=cpr,
            email=f"{ascii_slug(first)}.{ascii_slug(last)}@example.com"
            if rng.random() < 0.7
            else "",
            phone=f"+45 {rng.randint(20, 61)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
            f"{rng.randint(10, 99)}"
            if rng.random() < 0.9
            else "",
            home_area=home_area,
            referral_source=source,
            referred_by=referred_by,
            registered_by=registered_by,
            coordinator=coordinator,
            benefit_group=benefit,
            trades=trades,
            open_to_any_trade=rng.random() < (0.4 if trade_count == 1 else 0.15),
            has_driving_licence=rng.random() < (0.6 if danish_born else 0.35),
            safety_course_until=safety_until,
            danish_level=4
            if danish_born
            else rng.choices([1, 2, 3, 4], weights=[20, 35, 30, 15])[0],
            speaks_english=rng.random() < (0.85 if danish_born else 0.45),
            available_from=None
            if rng.random() < 0.5
            else today + timedelta(days=rng.randint(-40, 45)),
            notes=rng.choice(demo.CANDIDATE_NOTES) if rng.random() < 0.4 else "",
            referred_on=today - timedelta(days=rng.randint(10, 240)),
        )

    # Placements -------------------------------------------------------------------

    def _place(self, spec: demo.PlacementSpec) -> None:
        rng = random.Random(f"{demo.SEED}:placement:{spec.ref}")
        need = self.needs[spec.need]
        project = self.projects[need.project]
        today = self.today
        monday = self.week(spec.start_week)
        starts_on = workdays.working_day_on_or_after(monday)
        weeks = 4 if need.kind == NeedKind.SNUSEPRAKTIK else need.weeks
        planned_end = workdays.last_working_day_of_week(starts_on, weeks)
        ends_on = planned_end
        if spec.status == PlacementStatus.INTERRUPTED:
            ends_on = workdays.working_day_on_or_after(
                starts_on + timedelta(days=spec.interrupt_after_days)
            )
        earliest = workdays.working_day_on_or_after(self.week(need.start_week))
        latest = workdays.working_day_on_or_before(self.week(need.end_week) + timedelta(days=4))
        checks = {
            "inside the need's window": earliest <= starts_on <= latest,
            "running today": spec.status != PlacementStatus.ACTIVE or starts_on <= today <= ends_on,
            "over before today": spec.status
            not in (PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED)
            or ends_on < today,
            "starting after today": spec.status
            not in (PlacementStatus.PROPOSED, PlacementStatus.ACCEPTED)
            or starts_on > today,
        }
        for rule, holds in checks.items():
            if not holds:
                raise CommandError(f"Demo placement {spec.ref} is not {rule}.")
        proposed_on = workdays.working_day_on_or_before(
            min(
                starts_on - timedelta(days=rng.randint(7, 16)),
                today - timedelta(days=rng.randint(1, 6)),
            )
        )
        decided_on = None
        if spec.status != PlacementStatus.PROPOSED:
            decided_on = min(
                workdays.add_working_days(proposed_on, rng.randint(1, 3)),
                today,
                starts_on - timedelta(days=1),
            )

        person = self._choose(spec, need, project, starts_on, rng)
        self._fit(person, need, starts_on, rng)
        for earlier in person.placements:
            if (
                earlier.spec.status in HOLDING
                and spec.status in HOLDING
                and earlier.starts_on <= ends_on
                and starts_on <= earlier.ends_on
            ):
                raise CommandError(f"Demo placements {earlier.spec.ref} and {spec.ref} overlap.")
        placement = PlannedPlacement(
            spec=spec,
            need=need,
            project=project,
            person=person,
            starts_on=starts_on,
            ends_on=ends_on,
            planned_end=planned_end,
            proposed_on=proposed_on,
            decided_on=decided_on,
            rotation=self._rotation(need, person, weeks, rng),
        )
        person.placements.append(placement)
        self.placements[spec.ref] = placement

    def _choose(
        self,
        spec: demo.PlacementSpec,
        need: demo.NeedSpec,
        project: demo.ProjectSpec,
        starts_on: date,
        rng: random.Random,
    ) -> Person:
        if spec.same_as:
            return self.placements[spec.same_as].person
        municipality = self.municipality_of(project)
        pool = [
            p
            for p in self.persons
            if p.municipality == municipality
            and not p.placements
            and (need.min_age is None or p.age_on(starts_on) >= need.min_age)
        ]
        local = [p for p in pool if p.home_area == project.area]
        others = [p for p in pool if p.home_area != project.area]
        choices = (local if spec.local else others) or pool
        if not choices:
            raise CommandError(f"No demo person is left for placement {spec.ref}.")
        return rng.choice(choices)

    def _fit(
        self, person: Person, need: demo.NeedSpec, starts_on: date, rng: random.Random
    ) -> None:
        """Make the person meet the need's hard rules, as a real match would."""
        if need.trade not in person.trades and not (
            person.open_to_any_trade and need.kind == NeedKind.SNUSEPRAKTIK
        ):
            person.trades = [need.trade, *[t for t in person.trades if t != need.trade][:2]]
        if need.driving:
            person.has_driving_licence = True
        if need.safety and not (
            person.safety_course_until and person.safety_course_until >= starts_on
        ):
            person.safety_course_until = starts_on + timedelta(days=rng.randint(400, 900))
        if need.danish > person.danish_level and not (need.english_ok and person.speaks_english):
            person.danish_level = need.danish

    def _rotation(
        self, need: demo.NeedSpec, person: Person, weeks: int, rng: random.Random
    ) -> list[tuple[str, str]]:
        """Return (contractor, trade) per week: a snusepraktik rotates across trades."""
        first = (need.contractor, need.trade)
        if need.kind != NeedKind.SNUSEPRAKTIK:
            return [first] * weeks
        on_site = [
            (contractor, trade)
            for contractor, _, trades in demo.ENGAGEMENTS[need.project]
            for trade in trades
            if trade != need.trade
        ]
        wished = [pair for trade in person.trades for pair in on_site if pair[1] == trade]
        rest = [pair for pair in on_site if pair not in wished]
        rng.shuffle(rest)
        rotation = [first]
        for pair in wished + rest:
            if len(rotation) == weeks:
                break
            if pair[1] not in {trade for _, trade in rotation}:
                rotation.append(pair)
        return rotation

    # After the placements: referral dates, status and consents ---------------------

    def _finish(self, person: Person) -> None:
        rng = random.Random(f"{demo.SEED}:finish:{person.key}")
        today = self.today
        if person.placements:
            first = min(p.proposed_on for p in person.placements)
            person.referred_on = min(person.referred_on, first - timedelta(days=rng.randint(7, 45)))
            first_start = min(p.starts_on for p in person.placements)
            person.available_from = (
                None
                if rng.random() < 0.5
                else min(person.referred_on + timedelta(days=rng.randint(0, 10)), first_start)
            )
            last = max(person.placements, key=lambda p: p.starts_on)
            outcome = last.spec.outcome
            if any(p.spec.status in HOLDING for p in person.placements):
                person.status = CandidateStatus.ACTIVE
            elif (outcome and outcome.kind in INTO_WORK_OR_EDUCATION) or (
                # The demo's withdrawals are people who found work or moved away.
                last.spec.status == PlacementStatus.WITHDRAWN
            ):
                person.status = CandidateStatus.EXITED
            elif last.spec.interrupt == InterruptReason.PERSONAL:
                person.status = CandidateStatus.PAUSED
        else:
            roll = rng.random()
            if roll < 0.08:
                person.status = CandidateStatus.PAUSED
            elif roll < 0.12:
                person.status = CandidateStatus.EXITED

        given = person.referred_on
        contractors = PlannedConsent(ConsentRecipient.CONTRACTORS, given, person.registered_by)
        person.consents.append(contractors)
        expires = given + relativedelta(months=12)
        holding = any(p.spec.status in HOLDING for p in person.placements)
        if expires <= today and (
            holding or (person.status == CandidateStatus.ACTIVE and rng.random() < 0.75)
        ):
            renewed = expires - timedelta(days=rng.randint(1, 25))
            person.consents.append(
                PlannedConsent(ConsentRecipient.CONTRACTORS, renewed, person.coordinator)
            )
        if person.referral_source == ReferralSource.HOUSING_SOCIAL:
            person.consents.append(
                PlannedConsent(ConsentRecipient.HOUSING_SOCIAL_PLAN, given, demo.SOCIAL_WORKER)
            )
        for placement in person.placements:
            outcome = placement.spec.outcome
            if (outcome and outcome.kind in {"education", "apprenticeship"}) or (
                placement.spec.end_plan == "education"
            ):
                on = min(today, placement.planned_end - timedelta(days=7))
                person.consents.append(
                    PlannedConsent(ConsentRecipient.VOCATIONAL_SCHOOL, on, person.coordinator)
                )
            if outcome and outcome.kind == "job_on_site" and rng.random() < 0.6:
                person.consents.append(
                    PlannedConsent(
                        ConsentRecipient.TRADE_UNION, placement.ends_on, person.coordinator
                    )
                )

    def _special_consents(self) -> None:
        """Give a few unplaced people consents that expire soon, have expired or were withdrawn."""
        rng = random.Random(f"{demo.SEED}:consents")
        today = self.today
        unplaced = [
            p for p in self.persons if not p.placements and p.status == CandidateStatus.ACTIVE
        ]
        rng.shuffle(unplaced)
        expiring, expired, withdrawn = unplaced[:4], unplaced[4:6], unplaced[6:9]
        for person in expiring:
            # Given a year ago less a few days: it expires within the month.
            person.referred_on = (
                today - relativedelta(months=12) + timedelta(days=rng.randint(4, 27))
            )
            self._redate_consents(person)
        for person in expired:
            person.referred_on = today - timedelta(days=rng.randint(380, 460))
            self._redate_consents(person)
        for index, person in enumerate(withdrawn):
            consent = person.consents[0]
            span = max(1, (today - consent.given_on).days)
            consent.withdrawn_on = consent.given_on + timedelta(days=rng.randint(1, span))
            person.status = CandidateStatus.PAUSED if index < 2 else CandidateStatus.EXITED

    def _redate_consents(self, person: Person) -> None:
        for consent in person.consents:
            consent.given_on = person.referred_on

    def _score(self, placement: PlannedPlacement) -> None:
        """Score the proposal the way the matching algorithm explains it."""
        person, need = placement.person, placement.need
        snuse = need.kind == NeedKind.SNUSEPRAKTIK
        reasons: list[dict[str, Any]] = []
        if need.trade in person.trades:
            rank = person.trades.index(need.trade) + 1
            points = {1: 15, 2: 10, 3: 6}[rank] if snuse else {1: 30, 2: 20, 3: 10}[rank]
            reasons.append({"code": "trade_interest", "points": points, "rank": rank})
        elif person.open_to_any_trade:
            reasons.append({"code": "open_to_any_trade", "points": 5})
        if person.home_area == placement.project.area:
            reasons.append({"code": "local_resident", "points": 25})
        elif person.home_area:
            reasons.append({"code": "area_resident", "points": 10})
        waited = (placement.proposed_on - person.referred_on).days
        if waited >= 14:
            reasons.append(
                {"code": "waiting_time", "points": min(20, waited // 14), "days": waited}
            )
        earlier = [
            p
            for p in person.placements
            if p.starts_on < placement.starts_on and p.spec.status in STARTED
        ]
        if not earlier:
            reasons.append({"code": "no_previous_placement", "points": 10})
        if any(p.spec.interrupt == InterruptReason.NO_SHOW for p in earlier):
            reasons.append({"code": "earlier_no_show", "points": -15})
        total = max(0, min(100, sum(r["points"] for r in reasons)))
        placement.reasons = reasons
        placement.score = Decimal(total).quantize(Decimal("0.01"))


# --- Writing the plan ---------------------------------------------------------------


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class Seeder:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.today = plan.today
        self.created: Counter[str] = Counter()
        self.users: dict[str, User] = {}
        self.municipalities: dict[str, Municipality] = {}
        self.areas: dict[str, HousingArea] = {}
        self.projects: dict[str, RenovationProject] = {}
        self.contractors: dict[str, Contractor] = {}
        self.needs: dict[str, LabourNeed] = {}
        self.candidates: dict[str, Candidate] = {}
        self.trades = {t.code: t for t in Trade.objects.all()}

    def run(self) -> None:
        used = {t for _, _, ts in (e for es in demo.ENGAGEMENTS.values() for e in es) for t in ts}
        used |= {n.trade for n in demo.NEEDS} | {code for code, _ in demo.POPULAR_TRADES}
        missing = sorted(used - set(self.trades))
        if missing:
            raise CommandError(
                f"Trades {', '.join(missing)} are missing; run `manage.py migrate` first."
            )
        self._users()
        self._places()
        self._contractors()
        self._needs()
        self._candidates()
        for planned in demo.PLACEMENTS:
            self._placement(self.plan.placements[planned.ref])
        self._follow_up_group()

    def _get_or_create(
        self, model: type[models.Model], defaults: dict[str, Any] | None = None, **keys: Any
    ) -> Any:
        obj, created = model._default_manager.get_or_create(defaults=defaults or {}, **keys)
        if created:
            self.created[model.__name__] += 1
        return obj

    def _count(self, obj: models.Model) -> None:
        self.created[type(obj).__name__] += 1

    # Users, places, contractors ---------------------------------------------------

    def _users(self) -> None:
        for spec in demo.USERS:
            user = User.objects.filter(email=spec.email).first()
            if user is None:
                create = (
                    User.objects.create_superuser if spec.superuser else User.objects.create_user
                )
                user = create(spec.email, demo.PASSWORD, full_name=spec.full_name, phone=spec.phone)
                self._count(user)
            self.users[spec.email] = user

    def _places(self) -> None:
        for code, name, coordinators in demo.MUNICIPALITIES:
            municipality = self._get_or_create(Municipality, {"name": name}, code=code)
            municipality.coordinators.add(*(self.users[e] for e in coordinators))
            self.municipalities[code] = municipality
        organisations = {}
        for ref, name, cvr in demo.HOUSING_ORGANISATIONS:
            validate_cvr(cvr)
            organisations[ref] = self._get_or_create(HousingOrganisation, {"name": name}, cvr=cvr)
        for spec in demo.AREAS:
            area = self._get_or_create(
                HousingArea,
                {
                    "organisation": organisations[spec.organisation],
                    "category": spec.category,
                    "postal_code": spec.postal_code,
                    "residents": spec.residents,
                },
                municipality=self.municipalities[spec.municipality],
                name=spec.name,
            )
            area.social_workers.add(*(self.users[e] for e in spec.social_workers))
            self.areas[spec.ref] = area
        for project in demo.PROJECTS:
            self.projects[project.ref] = self._get_or_create(
                RenovationProject,
                {
                    "area": self.areas[project.area],
                    "site_address": project.site_address,
                    "starts_on": workdays.working_day_on_or_after(
                        self.plan.week(project.start_week)
                    ),
                    "ends_on": workdays.working_day_on_or_before(self.plan.week(project.end_week)),
                    "status": ProjectStatus.ACTIVE,
                    "target_placements": project.target_placements,
                    "target_jobs": project.target_jobs,
                    "target_education": project.target_education,
                    "trainee_share_target": Decimal(project.trainee_share_target),
                    "craft_budget_dkk": project.craft_budget_dkk,
                },
                name=project.name,
            )

    def _contractors(self) -> None:
        for spec in demo.CONTRACTORS:
            validate_cvr(spec.cvr)
            contractor = self._get_or_create(
                Contractor,
                {"name": spec.name, "email": spec.email, "phone": spec.phone},
                cvr=spec.cvr,
            )
            contractor.staff.add(*(self.users[e] for e in spec.staff))
            self.contractors[spec.ref] = contractor
        for project, engagements in demo.ENGAGEMENTS.items():
            for contractor, role, _ in engagements:
                self._get_or_create(
                    ProjectContractor,
                    {"role": role},
                    project=self.projects[project],
                    contractor=self.contractors[contractor],
                )

    def _needs(self) -> None:
        for spec in demo.NEEDS:
            contractor = self.plan.contractors[spec.contractor]
            project = self.plan.projects[spec.project]
            earliest = workdays.working_day_on_or_after(self.plan.week(spec.start_week))
            need, created = LabourNeed.objects.get_or_create(
                project=self.projects[spec.project],
                contractor=self.contractors[spec.contractor],
                trade=self.trades[spec.trade],
                kind=spec.kind,
                description=spec.description,
                defaults={
                    "places": spec.places,
                    "earliest_start": earliest,
                    "latest_start": workdays.working_day_on_or_before(
                        self.plan.week(spec.end_week) + timedelta(days=4)
                    ),
                    "weeks": spec.weeks,
                    "requires_driving_licence": spec.driving,
                    "requires_safety_course": spec.safety,
                    "min_danish_level": spec.danish,
                    "english_ok_accepted": spec.english_ok,
                    "min_age": spec.min_age,
                    "mentor_name": contractor.mentor_name,
                    "mentor_email": contractor.mentor_email,
                    "mentor_phone": contractor.mentor_phone,
                    "status": spec.status,
                    "created_by": self.users[
                        contractor.staff[0]
                        if contractor.staff
                        else self.plan.coordinators[self.plan.municipality_of(project)][0]
                    ],
                },
            )
            if created:
                self._count(need)
                posted = max(self.plan.week(project.start_week), earliest - timedelta(days=21))
                LabourNeed.objects.filter(pk=need.pk).update(created_at=at(posted, 9))
            self.needs[spec.ref] = need

    # Candidates and consents --------------------------------------------------------

    def _candidates(self) -> None:
        for person in self.plan.persons:
            municipality = self.municipalities[person.municipality]
            if person.cpr:
                existing = candidate_find_by_cpr(cpr=person.cpr)
            else:
                existing = Candidate.objects.filter(
                    municipality=municipality,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    cpr_lookup__isnull=True,
                ).first()
            if existing is not None:
                self.candidates[person.key] = existing
                continue
            # The demo loader registers as the system; who referred whom is in referred_by.
            candidate = candidate_create(
                by=None,
                municipality=municipality,
                first_name=person.first_name,
                last_name=person.last_name,
                referred_on=person.referred_on,
                cpr=person.cpr,
                email=person.email,
                phone=person.phone,
                birth_date=person.birth_date,
                coordinator=self.users[person.coordinator],
                home_area=self.areas[person.home_area] if person.home_area else None,
                benefit_group=person.benefit_group,
                referral_source=person.referral_source,
                referred_by=self.users[person.referred_by] if person.referred_by else None,
                trades=[self.trades[code] for code in person.trades],
                open_to_any_trade=person.open_to_any_trade,
                has_driving_licence=person.has_driving_licence,
                safety_course_until=person.safety_course_until,
                danish_level=person.danish_level,
                speaks_english=person.speaks_english,
                available_from=person.available_from,
                notes=person.notes,
            )
            self._count(candidate)
            self.created[TradeInterest.__name__] += len(person.trades)
            Candidate.objects.filter(pk=candidate.pk).update(
                status=person.status, created_at=at(person.referred_on, 9)
            )
            for planned in person.consents:
                consent = consent_record(
                    candidate=candidate,
                    recipient=planned.recipient,
                    purpose=demo.CONSENT_PURPOSES[planned.recipient],
                    given_on=planned.given_on,
                    by=self.users[planned.by],
                    evidence=demo.CONSENT_EVIDENCE,
                    expires_on=planned.expires_on,
                )
                self._count(consent)
                Consent.objects.filter(pk=consent.pk).update(
                    withdrawn_on=planned.withdrawn_on, created_at=at(planned.given_on, 11)
                )
            self.candidates[person.key] = candidate

    # Placements and what follows them -------------------------------------------------

    def _placement(self, planned: PlannedPlacement) -> None:
        spec, person = planned.spec, planned.person
        candidate = self.candidates[person.key]
        need = self.needs[spec.need]
        if Placement.objects.filter(candidate=candidate, need=need).exists():
            return
        if (
            spec.status in HOLDING
            and Placement.objects.filter(
                candidate=candidate,
                status__in=HOLDING,
                starts_on__lte=planned.ends_on,
                ends_on__gte=planned.starts_on,
            ).exists()
        ):
            # A run on another day may pair people and places differently; the
            # person's placement from the earlier run stands.
            return
        rng = random.Random(f"{demo.SEED}:story:{spec.ref}")
        coordinator = self.users[person.coordinator]
        contractor = self.plan.contractors[planned.need.contractor]
        if spec.status in DECIDED_BY_CONTRACTOR and contractor.staff:
            decided_by: User | None = self.users[contractor.staff[0]]
        elif spec.status != PlacementStatus.PROPOSED:
            # Withdrawals are the coordinator's; a contractor without a login
            # answers by phone and the coordinator records it.
            decided_by = coordinator
        else:
            decided_by = None
        placement = Placement.objects.create(
            candidate=candidate,
            need=need,
            kind=need.kind,
            starts_on=planned.starts_on,
            ends_on=planned.ends_on,
            status=spec.status,
            coordinator=coordinator,
            score=planned.score,
            reasons=planned.reasons,
            override_reason=spec.override_reason,
            decided_by=decided_by,
            decided_at=at(planned.decided_on, rng.randint(8, 15)) if planned.decided_on else None,
            decline_reason=spec.decline_reason or spec.withdraw_reason,
            interrupt_reason=spec.interrupt,
            hours_per_week=Decimal(spec.hours),
            wants_to_hire=spec.wants_to_hire,
        )
        self._count(placement)
        Placement.objects.filter(pk=placement.pk).update(
            proposed_at=at(planned.proposed_on, rng.randint(9, 14))
        )
        for number, (contractor_ref, trade) in enumerate(planned.rotation, start=1):
            mentor = self.plan.contractors[contractor_ref]
            self._count(
                PlacementWeek.objects.create(
                    placement=placement,
                    week=number,
                    trade=self.trades[trade],
                    contractor=self.contractors[contractor_ref],
                    mentor_name=mentor.mentor_name,
                    mentor_email=mentor.mentor_email,
                    mentor_phone=mentor.mentor_phone,
                )
            )
        if spec.status in STARTED:
            self._follow_ups(placement, planned, rng)
        end_plan_kind = spec.end_plan or (
            END_PLAN_FOR_OUTCOME[OutcomeKind(spec.outcome.kind)]
            if spec.outcome and spec.status == PlacementStatus.COMPLETED
            else ""
        )
        if end_plan_kind:
            agreed = workdays.working_day_on_or_before(
                planned.planned_end - timedelta(days=rng.randint(5, 9))
            )
            self._count(
                EndPlan.objects.create(
                    placement=placement,
                    kind=end_plan_kind,
                    details=demo.END_PLAN_DETAILS[end_plan_kind],
                    agreed_on=max(planned.starts_on, min(agreed, self.today)),
                )
            )
        if spec.outcome:
            self._outcome(placement, planned, spec.outcome, rng)

    def _follow_ups(
        self, placement: Placement, planned: PlannedPlacement, rng: random.Random
    ) -> None:
        spec = planned.spec
        monday = planned.starts_on - timedelta(days=planned.starts_on.weekday())
        coordinator = self.users[planned.person.coordinator]
        held: list[date] = []
        for index in range(len(planned.rotation)):
            week_start = max(planned.starts_on, monday + timedelta(weeks=index))
            day = max(
                week_start,
                workdays.working_day_on_or_before(monday + timedelta(weeks=index, days=3)),
            )
            if day > planned.ends_on or day > self.today:
                break
            held.append(day)
        if spec.status == PlacementStatus.INTERRUPTED and not held:
            held.append(planned.ends_on)
        if spec.skip_last_follow_up and len(held) > 1:
            # Leaves this week's follow-up due, as the coordinator's dashboard shows it.
            held.pop()
        for index, day in enumerate(held):
            week_start = max(planned.starts_on, monday + timedelta(weeks=index))
            days_in_week = max(1, workdays.count_working_days(week_start, day))
            channel = (
                FollowUpChannel.MENTOR_CHECK_IN
                if index == 2
                else FollowUpChannel.PHONE
                if index == 1 and rng.random() < 0.5
                else FollowUpChannel.ON_SITE
            )
            if spec.interrupt == InterruptReason.NO_SHOW:
                absent, wellbeing = days_in_week, None
                notes = "Mødte ikke op og var ikke til at træffe på telefon."
                feedback = "Har ikke set praktikanten på pladsen."
            else:
                absent = min(days_in_week, rng.choices([0, 1, 2], weights=[70, 20, 10])[0])
                wellbeing = rng.choice([3, 4, 4, 5, 5])
                if spec.interrupt in {InterruptReason.ILLNESS, InterruptReason.PERSONAL}:
                    absent, wellbeing = min(days_in_week, 2), 2
                notes = rng.choice(demo.FOLLOW_UP_NOTES)
                feedback = (
                    rng.choice(demo.MENTOR_FEEDBACK)
                    if channel == FollowUpChannel.MENTOR_CHECK_IN or rng.random() < 0.6
                    else ""
                )
            follow_up = FollowUp.objects.create(
                placement=placement,
                held_on=day,
                by=None if channel == FollowUpChannel.MENTOR_CHECK_IN else coordinator,
                channel=channel,
                days_present=days_in_week - absent,
                days_absent=absent,
                wellbeing=wellbeing,
                mentor_feedback=feedback,
                notes="" if channel == FollowUpChannel.MENTOR_CHECK_IN else notes,
                next_step=rng.choice(demo.NEXT_STEPS),
            )
            self._count(follow_up)
            FollowUp.objects.filter(pk=follow_up.pk).update(created_at=at(day, 14))

    def _outcome(
        self,
        placement: Placement,
        planned: PlannedPlacement,
        spec: demo.OutcomeSpec,
        rng: random.Random,
    ) -> None:
        kind = OutcomeKind(spec.kind)
        started = workdays.working_day_on_or_after(
            planned.ends_on + timedelta(days=rng.randint(3, 14))
        )
        started = min(started, self.today)
        on_site = kind in {
            OutcomeKind.JOB_ON_SITE,
            OutcomeKind.APPRENTICESHIP,
            OutcomeKind.SUBSIDISED_JOB,
        }
        trade = spec.trade or (planned.need.trade if on_site else "")
        outcome = Outcome.objects.create(
            candidate=placement.candidate,
            placement=placement,
            kind=kind,
            employer=self.contractors[spec.employer] if spec.employer else None,
            employer_name=spec.employer_name,
            trade=self.trades[trade] if trade else None,
            started_on=started,
            hours_per_week=None if kind == OutcomeKind.NONE else Decimal(37),
            evidence=spec.evidence,
            recorded_by=self.users[planned.person.coordinator],
        )
        self._count(outcome)
        recorded = min(self.today, workdays.add_working_days(planned.ends_on, rng.randint(1, 4)))
        Outcome.objects.filter(pk=outcome.pk).update(created_at=at(recorded, 13))
        for months in (3, 6, 12):
            due = started + relativedelta(months=months)
            check = RetentionCheck(outcome=outcome, months=months, due_on=due)
            # Most checks that are due have been made; a few are overdue and unknown.
            if due <= self.today and rng.random() < 0.85:
                check.checked_on = min(self.today, due + timedelta(days=rng.randint(0, 10)))
                check.status = self._retention_status(kind, rng)
                check.evidence = rng.choices(
                    ["register_confirmed", "employer_confirmed", "self_reported"],
                    weights=[50, 30, 20],
                )[0]
            check.save()
            self._count(check)

    @staticmethod
    def _retention_status(kind: OutcomeKind, rng: random.Random) -> str:
        if kind in {OutcomeKind.APPRENTICESHIP, OutcomeKind.EDUCATION}:
            statuses, weights = ["in_education", "in_job", "not_in_job"], [80, 5, 15]
        elif kind == OutcomeKind.NONE:
            statuses, weights = ["not_in_job", "in_job", "in_education"], [60, 30, 10]
        else:
            statuses, weights = ["in_job", "not_in_job"], [82, 18]
        return RetentionStatus(rng.choices(statuses, weights=weights)[0])

    # The follow-up group ------------------------------------------------------------

    def _follow_up_group(self) -> None:
        project = self.projects["odense"]
        group = self._get_or_create(
            FollowUpGroup,
            {
                "cadence_months": 2,
                "next_meeting_on": workdays.working_day_on_or_after(
                    self.today + timedelta(days=21)
                ),
            },
            project=project,
            name=demo.FOLLOW_UP_GROUP,
        )
        for email, organisation in demo.GROUP_MEMBERS:
            self._get_or_create(
                FollowUpGroupMember,
                {"organisation": organisation},
                group=group,
                user=self.users[email],
            )
        if group.meetings.exists():
            return
        held_on = workdays.working_day_on_or_before(self.today - timedelta(days=38))
        odense = [p for p in self.plan.placements.values() if p.need.project == "odense"]
        started = sum(p.spec.status in STARTED and p.starts_on <= held_on for p in odense)
        to_work = sum(
            p.spec.outcome is not None
            and OutcomeKind(p.spec.outcome.kind) in INTO_WORK_OR_EDUCATION
            and p.ends_on < held_on
            for p in odense
        )
        meeting = Meeting.objects.create(
            group=group,
            held_on=held_on,
            agenda=demo.MEETING_AGENDA,
            minutes=demo.MEETING_MINUTES.format(started=started, to_work=to_work),
            report_snapshot=None,
        )
        self._count(meeting)
        Meeting.objects.filter(pk=meeting.pk).update(created_at=at(held_on, 15))
        for text, owner, due_days, done in demo.ACTION_ITEMS:
            self._count(
                ActionItem.objects.create(
                    meeting=meeting,
                    text=text,
                    owner=self.users[owner],
                    due_on=held_on + timedelta(days=due_days),
                    done=done,
                )
            )


class Command(BaseCommand):
    help = (
        "Load a realistic demo (Korsløkkeparken in Odense, Skovparken in Svendborg): users for "
        "every role, contractors, needs, candidates, placements in every state and a follow-up "
        "group. Safe to run again: only what is missing is created."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        plan = Plan(today)
        with transaction.atomic():
            seeder = Seeder(plan)
            seeder.run()
        self._print_logins()
        self._print_counts(seeder.created)

    def _print_logins(self) -> None:
        out = self.stdout
        out.write("")
        out.write(self.style.MIGRATE_HEADING("Demo-logins / demo logins"))
        width = max(len(u.email) for u in demo.USERS)
        out.write(f"  {'E-mail':<{width}}  {'Adgangskode / password':<22}  Rolle / role")
        for user in demo.USERS:
            out.write(f"  {user.email:<{width}}  {demo.PASSWORD:<22}  {user.role}")

    def _print_counts(self, created: Counter[str]) -> None:
        out = self.stdout
        out.write("")
        out.write(self.style.MIGRATE_HEADING("Rækker / rows"))
        out.write(f"  {'Model':<22}{'oprettet nu / created':>24}{'i alt / total':>16}")
        for model in COUNTED_MODELS:
            name = model.__name__
            total = model._default_manager.count()
            out.write(f"  {name:<22}{created[name]:>24}{total:>16}")
        total_created = sum(created.values())
        if total_created:
            out.write(self.style.SUCCESS(f"\nDemo indlæst: {total_created} rækker oprettet."))
        else:
            out.write(self.style.SUCCESS("\nDemoen fandtes allerede; intet nyt oprettet."))
