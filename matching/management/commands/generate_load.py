"""Generate a large, made-up caseload for benchmarks: ``python manage.py generate_load``.

Everything goes into a municipality of its own (code 990, "Belastningsprøve"), with
one coordinator (``belastning@byggebro.test``, no password: the benchmark gives it an
API token), housing areas, projects, contractors engaged on them, open labour needs
(1–5 places) on the projects, and candidates registered at its job centre with one to
three trade interests each and, for most, consent to share with the contractors.
Rows are written in bulk, a few thousand per statement; 100,000 candidates take well
under a minute on PostgreSQL.

``--placements N`` (default 1,000) adds years of history: N placements that are over
(completed, interrupted, declined, withdrawn) on closed needs of completed and running
projects, with their follow-ups, end plans, outcomes and retention checks, written
with ``COPY`` (see ``_placement_history``). The referrals then reach back five years.
A million placements take a few minutes; ``--placements 0`` leaves history out.

Run it again with the same counts and it finds the load in place and does nothing;
``--reset`` first deletes everything an earlier run generated (the audit events of
reads stay: the log is append-only). The people are invented from seeded random
draws; their email addresses use the reserved domain example.com, and they have no
CPR number.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from matching.management.commands._placement_history import (
    HISTORIC_NEED_DESCRIPTION,
    history_generate,
    history_referral_days,
)
from matching.models import (
    BenefitGroup,
    Candidate,
    CandidateStatus,
    Consent,
    ConsentRecipient,
    EndPlan,
    FollowUp,
    Outcome,
    Placement,
    PlacementWeek,
    ReferralSource,
    RetentionCheck,
    TradeInterest,
)
from matching.report_sums import report_sums_paused
from renovations.models import (
    AreaCategory,
    Contractor,
    ContractorRole,
    DanishLevel,
    HousingArea,
    HousingOrganisation,
    LabourNeed,
    Municipality,
    NeedKind,
    NeedStatus,
    ProjectContractor,
    ProjectStatus,
    RenovationProject,
    Trade,
)

MUNICIPALITY_CODE = "990"
MUNICIPALITY_NAME = "Belastningsprøve"
COORDINATOR_EMAIL = "belastning@byggebro.test"
BATCH_SIZE = 5_000
# The load's CVR numbers (first seven digits) start here, far above those issued so far.
CVR_BASE = 9_900_000
CVR_PREFIX = "990"

FIRST_NAMES = (
    "Ahmad", "Ali", "Amal", "Anders", "Anna", "Asger", "Ayse", "Bashir", "Camilla", "Christian",
    "Dennis", "Emil", "Emma", "Fatima", "Frederik", "Hamza", "Hassan", "Ida", "Jakob", "Jonas",
    "Kasper", "Laura", "Leila", "Lucas", "Mads", "Malik", "Maria", "Mathias", "Mohammed",
    "Nadia", "Nikolaj", "Omar", "Oliver", "Rasmus", "Sara", "Sofie", "Tobias", "William",
    "Yasmin", "Zainab",
)  # fmt: skip
LAST_NAMES = (
    "Ahmadi", "Andersen", "Christensen", "Demir", "Hansen", "Hassan", "Jensen", "Johansen",
    "Jørgensen", "Khan", "Larsen", "Madsen", "Mohamed", "Møller", "Nielsen", "Olsen",
    "Pedersen", "Petersen", "Rasmussen", "Sørensen", "Thomsen", "Yilmaz",
)  # fmt: skip


@dataclass(frozen=True)
class Load:
    """How much to generate."""

    candidates: int
    needs: int
    projects: int
    contractors: int
    seed: int
    placements: int = 0


class Command(BaseCommand):
    help = "Generate a large made-up caseload in a municipality of its own, for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--candidates", type=int, default=100_000)
        parser.add_argument("--needs", type=int, default=3_000)
        parser.add_argument("--projects", type=int, default=20)
        parser.add_argument("--contractors", type=int, default=40)
        parser.add_argument("--seed", type=int, default=990)
        parser.add_argument(
            "--placements",
            type=int,
            default=1_000,
            help="Historic placements over the candidates (1,000,000 for the full load).",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete what an earlier run generated first."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        load = Load(
            candidates=options["candidates"],
            needs=options["needs"],
            projects=options["projects"],
            contractors=options["contractors"],
            seed=options["seed"],
            placements=options["placements"],
        )
        if (
            min(load.candidates, load.needs, load.placements) < 0
            or min(load.projects, load.contractors) < 1
        ):
            raise CommandError("Counts must be positive (at least one project and contractor).")
        if load.contractors > 500:
            raise CommandError("At most 500 contractors: the load has that many CVR numbers.")
        if options["reset"]:
            self.stdout.write(f"Deleted {load_delete()} generated rows.")
        found = load_found()
        wanted = (load.candidates, load.needs, load.placements if load.candidates else 0)
        if found == wanted:
            self.stdout.write(
                f"The load is in place: {load.candidates} candidates, {load.needs} needs, "
                f"{found[2]} historic placements."
            )
            return
        if found != (0, 0, 0):
            raise CommandError(
                f"An earlier load is in place ({found[0]} candidates, {found[1]} needs, "
                f"{found[2]} placements); run with --reset to replace it."
            )
        started = timezone.now()
        counts = load_generate(load=load, today=timezone.localdate())
        tables_analyse()
        seconds = (timezone.now() - started).total_seconds()
        made = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(f"Generated {made} in {seconds:.1f} s.")


def _municipality() -> Municipality | None:
    return Municipality.objects.filter(code=MUNICIPALITY_CODE).first()


def load_found() -> tuple[int, int, int]:
    """The candidates, needs (not the history's) and placements of an earlier run."""
    municipality = _municipality()
    if municipality is None:
        return 0, 0, 0
    return (
        Candidate.objects.filter(municipality=municipality).count(),
        LabourNeed.objects.filter(project__area__municipality=municipality)
        .exclude(description=HISTORIC_NEED_DESCRIPTION)
        .count(),
        Placement.objects.filter(candidate__municipality=municipality).count(),
    )


@transaction.atomic
def load_delete() -> int:
    """Delete the generated rows; the coordinator stays, for the audit log names them."""
    municipality = _municipality()
    if municipality is None:
        return 0
    areas = HousingArea.objects.filter(municipality=municipality)
    projects = RenovationProject.objects.filter(area__in=areas)
    contractors = Contractor.objects.filter(cvr__startswith=CVR_PREFIX)
    candidates = Candidate.objects.filter(municipality=municipality)
    with report_sums_paused():  # then the sums are rebuilt once, not row by row
        return _rows_delete(municipality, areas, projects, contractors, candidates)


def _rows_delete(
    municipality: Municipality,
    areas: QuerySet[HousingArea],
    projects: QuerySet[RenovationProject],
    contractors: QuerySet[Contractor],
    candidates: QuerySet[Candidate],
) -> int:
    placements = Placement.objects.filter(candidate__in=candidates)
    outcomes = Outcome.objects.filter(candidate__in=candidates)
    deleted = 0
    # The history is deleted child first in one statement per table: Django's delete()
    # would fetch a million placement ids to cascade through them.
    for history in (
        RetentionCheck.objects.filter(outcome__in=outcomes),
        outcomes,
        FollowUp.objects.filter(placement__in=placements),
        EndPlan.objects.filter(placement__in=placements),
        PlacementWeek.objects.filter(placement__in=placements),
        placements,
    ):
        deleted += history._raw_delete(history.db)
    for rows in (
        candidates,  # with interests, consents
        LabourNeed.objects.filter(project__in=projects),
        projects,  # with engagements
        contractors,
        areas,
        HousingOrganisation.objects.filter(cvr__startswith=CVR_PREFIX),
    ):
        deleted += rows.delete()[0]
    municipality.coordinators.clear()
    municipality.delete()
    return deleted + 1


def tables_analyse() -> None:
    """Bring the planner's statistics up to date at once, as autovacuum would a while later.

    Without them PostgreSQL plans the first queries as if the tables were still empty.
    Every table, the small ones too: autovacuum never analyses a table of a few dozen
    rows (its threshold is 50 changed rows), and without statistics the planner takes
    the ten housing areas for one and joins a hundred thousand needs row by row.
    """
    if connection.vendor != "postgresql":
        return
    # VACUUM also marks the pages all-visible, as autovacuum would: counts can then be
    # answered from an index alone. It cannot run inside a transaction (a test's).
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(command)


def _cvr_numbers() -> Iterator[str]:
    """The load's CVR numbers: 8 digits from CVR_BASE up, each with a valid check digit."""
    weights = (2, 7, 6, 5, 4, 3, 2)
    for number in range(CVR_BASE, CVR_BASE + 1_000):
        prefix = str(number)
        check = -sum(w * int(d) for w, d in zip(weights, prefix, strict=True)) % 11
        if check < 10:  # a check digit of 10 cannot be written: the number is never issued
            yield prefix + str(check)


@transaction.atomic
def load_generate(*, load: Load, today: date) -> dict[str, int]:
    """Write the load; return how many rows of each kind were made."""
    rng = random.Random(load.seed)
    cvr_numbers = _cvr_numbers()
    municipality = Municipality.objects.create(code=MUNICIPALITY_CODE, name=MUNICIPALITY_NAME)
    coordinator, _ = User.objects.get_or_create(
        email=COORDINATOR_EMAIL, defaults={"full_name": "Belastning Tovholder"}
    )
    if coordinator.has_usable_password():
        coordinator.set_unusable_password()
        coordinator.save(update_fields=["password"])
    municipality.coordinators.add(coordinator)
    organisation = HousingOrganisation.objects.create(
        name="Belastning Bolig", cvr=next(cvr_numbers)
    )
    areas = HousingArea.objects.bulk_create(
        HousingArea(
            name=f"Belastningsparken {n}",
            municipality=municipality,
            organisation=organisation,
            category=rng.choice(AreaCategory.values),
            postal_code="9900",
            residents=rng.randrange(500, 4_000),
        )
        for n in range(1, max(2, load.projects // 2) + 1)
    )
    projects = RenovationProject.objects.bulk_create(
        RenovationProject(
            area=rng.choice(areas),
            name=f"Belastningsrenovering {n}",
            site_address=f"Prøvevej {n}, 9900 Belastning",
            starts_on=today - timedelta(days=rng.randrange(30, 700)),
            ends_on=today + timedelta(days=rng.randrange(200, 1_500)),
            status=ProjectStatus.ACTIVE,
            target_placements=rng.randrange(20, 200),
        )
        for n in range(1, load.projects + 1)
    )
    contractors = Contractor.objects.bulk_create(
        Contractor(
            cvr=next(cvr_numbers),
            name=f"Belastning Entreprise {n} A/S",
            email=f"kontakt{n}@entreprise.example.com",
        )
        for n in range(1, load.contractors + 1)
    )
    engagements = ProjectContractor.objects.bulk_create(
        ProjectContractor(project=project, contractor=contractor, role=role)
        for project in projects
        for contractor, role in zip(
            rng.sample(contractors, min(4, len(contractors))),
            (ContractorRole.MAIN, ContractorRole.TRADE, ContractorRole.TRADE, ContractorRole.SUB),
            strict=False,
        )
    )
    trades = list(Trade.objects.all())
    needs = LabourNeed.objects.bulk_create(
        (_need(rng, rng.choice(engagements), trades, today) for _ in range(load.needs)),
        batch_size=BATCH_SIZE,
    )
    referral_days = history_referral_days() if load.placements else 730
    people: list[tuple[int, date]] = []
    interests = consents = 0
    for start in range(0, load.candidates, BATCH_SIZE):
        batch = Candidate.objects.bulk_create(
            _candidate(rng, n, municipality, coordinator, areas, today, referral_days)
            for n in range(start, min(start + BATCH_SIZE, load.candidates))
        )
        people.extend((c.pk, c.referred_on) for c in batch)
        interests += len(
            TradeInterest.objects.bulk_create(
                TradeInterest(candidate=candidate, trade=trade, rank=rank)
                for candidate in batch
                for rank, trade in enumerate(rng.sample(trades, rng.randint(1, 3)), start=1)
            )
        )
        consents += len(
            Consent.objects.bulk_create(
                consent
                for candidate in batch
                for consent in _consents(rng, candidate, coordinator, today)
            )
        )
    history = history_generate(
        rng=rng,
        placements=load.placements,
        candidates=people,
        engagements=engagements,
        trades=trades,
        coordinator_id=coordinator.pk,
        today=today,
    )
    return {
        "projects": len(projects),
        "contractors": len(contractors),
        "needs": len(needs),
        "candidates": len(people),
        "trade interests": interests,
        "consents": consents,
        **history,
    }


def _need(
    rng: random.Random, engagement: ProjectContractor, trades: list[Trade], today: date
) -> LabourNeed:
    kind = rng.choices(NeedKind.values, weights=(6, 2, 1, 1, 1))[0]
    earliest = today + timedelta(days=rng.randrange(-60, 120))
    return LabourNeed(
        project=engagement.project,
        contractor=engagement.contractor,
        trade=rng.choice(trades),
        kind=kind,
        places=rng.randint(1, 5),
        earliest_start=earliest,
        latest_start=earliest + timedelta(days=rng.randrange(0, 60)),
        weeks=4 if kind == NeedKind.SNUSEPRAKTIK else rng.choice((8, 13, 26, 52)),
        requires_driving_licence=rng.random() < 0.2,
        requires_safety_course=rng.random() < 0.3,
        min_danish_level=rng.choice(DanishLevel.values),
        english_ok_accepted=rng.random() < 0.3,
        min_age=rng.choice((None, None, 18)),
        mentor_name="Jens Mester",
        status=NeedStatus.OPEN,  # the history holds the filled and closed ones
    )


def _consents(
    rng: random.Random, candidate: Candidate, coordinator: User, today: date
) -> Iterator[Consent]:
    """Most people consent to share with the contractors (renewed yearly, a few withdrawn
    or lapsed); those living in a listed area often with its housing social plan too."""
    recipients = []
    if rng.random() < 0.85:
        recipients.append(ConsentRecipient.CONTRACTORS)
    if candidate.home_area_id is not None and rng.random() < 0.5:
        recipients.append(ConsentRecipient.HOUSING_SOCIAL_PLAN)
    for recipient in recipients:
        given_on = min(candidate.referred_on + timedelta(days=rng.randrange(0, 30)), today)
        if given_on < today - timedelta(days=365) and rng.random() < 0.9:
            given_on = today - timedelta(days=rng.randrange(0, 330))  # renewed
        withdrawn = rng.random() < 0.03
        yield Consent(
            candidate=candidate,
            recipient=recipient,
            purpose="Formidling til praktik og job på byggepladsen",
            given_on=given_on,
            expires_on=given_on + relativedelta(months=12),
            withdrawn_on=given_on + (today - given_on) / 2 if withdrawn else None,
            recorded_by=coordinator,
            evidence="Jobcentrets journal",
        )


def _candidate(
    rng: random.Random,
    n: int,
    municipality: Municipality,
    coordinator: User,
    areas: list[HousingArea],
    today: date,
    referral_days: int,
) -> Candidate:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return Candidate(
        first_name=first,
        last_name=last,
        email=f"person{n}@example.com",
        phone=f"+45 2{n:07d}",
        birth_date=today - timedelta(days=rng.randrange(18 * 365, 60 * 365)),
        municipality=municipality,
        coordinator=coordinator,
        home_area=rng.choice(areas) if rng.random() < 0.6 else None,
        benefit_group=rng.choice(BenefitGroup.values),
        referral_source=rng.choice(ReferralSource.values),
        referred_on=today - timedelta(days=rng.randrange(0, referral_days)),
        open_to_any_trade=rng.random() < 0.3,
        has_driving_licence=rng.random() < 0.5,
        safety_course_until=today + timedelta(days=rng.randrange(30, 700))
        if rng.random() < 0.4
        else None,
        danish_level=rng.choice(DanishLevel.values),
        speaks_english=rng.random() < 0.5,
        available_from=today + timedelta(days=rng.randrange(-90, 90)),
        status=rng.choices(CandidateStatus.values, weights=(8, 1, 1))[0],
    )
