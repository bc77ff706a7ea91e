"""The demo's people, places and story, as plain data for ``manage.py seed_demo``.

Everyone here is invented. CVR numbers start with 9, far above the numbers
issued so far, and the command draws CPR numbers that fail the old modulus-11
check, which numbers issued before 2007 pass, so a demo person is unlikely to
share a number with a real one. Candidates' email addresses use the reserved
domain example.com.

Dates are weeks relative to the current week (0 is this week, -4 four weeks
ago), so the demo always looks current.
"""

from dataclasses import dataclass

PASSWORD = "byggebro-demo"
SEED = 461_5220


# --- Users and their roles --------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: str
    phone: str = ""
    superuser: bool = False


ADMIN = "admin@byggebro.dk"
ODENSE_COORDINATOR = "tovholder@odense.dk"
ODENSE_COORDINATOR_2 = "mette.lund@odense.dk"
SVENDBORG_COORDINATOR = "tovholder@svendborg.dk"
SOCIAL_WORKER = "boligsocial@civica.dk"
MAIN_CONTRACTOR_STAFF = "lise@lillebaeltbyg.dk"

USERS: tuple[DemoUser, ...] = (
    DemoUser(ADMIN, "Byggebro Administrator", "Administrator (admin)", superuser=True),
    DemoUser(
        ODENSE_COORDINATOR,
        "Anne Kjær Mikkelsen",
        "Tovholder, Jobcenter Odense (primær)",
        "+45 65 51 42 10",
    ),
    DemoUser(
        ODENSE_COORDINATOR_2, "Mette Lund Iversen", "Tovholder, Jobcenter Odense", "+45 65 51 42 11"
    ),
    DemoUser(
        SVENDBORG_COORDINATOR,
        "Carl Brandt Frandsen",
        "Tovholder, Jobcenter Svendborg",
        "+45 62 23 30 15",
    ),
    DemoUser(
        MAIN_CONTRACTOR_STAFF,
        "Lise Østergaard",
        "Entreprenør: Lillebælt Byg A/S (byggeleder)",
        "+45 30 41 22 18",
    ),
    DemoUser(
        "bo@fynskmurer.dk",
        "Bo Rasmussen",
        "Entreprenør: Fynsk Murerforretning A/S",
        "+45 40 18 77 32",
    ),
    DemoUser(
        "mads@odensetoemrer.dk",
        "Mads Juhl",
        "Entreprenør: Odense Tømrer & Snedker ApS",
        "+45 28 90 13 44",
    ),
    DemoUser(
        "kasper@sydfynsentreprise.dk",
        "Kasper Nørgaard",
        "Entreprenør: Sydfyns Entreprise A/S",
        "+45 23 65 01 90",
    ),
    DemoUser(
        SOCIAL_WORKER,
        "Sofie Ahmadi",
        "Boligsocial medarbejder, Korsløkkeparken",
        "+45 61 20 48 75",
    ),
    DemoUser("henrik.lund@3f.dk", "Henrik Lund", "Følgegruppe: 3F Fyn", "+45 88 92 14 60"),
    DemoUser(
        "mho@sde.dk",
        "Marianne Holm Olesen",
        "Følgegruppe: Syddansk Erhvervsskole",
        "+45 63 12 55 08",
    ),
)


# --- Places -----------------------------------------------------------------------

# (code, name, coordinator emails; the first is the default case holder)
MUNICIPALITIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("461", "Odense", (ODENSE_COORDINATOR, ODENSE_COORDINATOR_2)),
    ("479", "Svendborg", (SVENDBORG_COORDINATOR,)),
)

# (ref, name, CVR)
HOUSING_ORGANISATIONS: tuple[tuple[str, str, str], ...] = (
    ("civica", "Civica", "91200015"),
    ("odense_oest", "Boligforeningen Odense Øst", "91335808"),
    ("sydfyn", "Sydfyns Almene Boliger", "91471590"),
)


@dataclass(frozen=True)
class AreaSpec:
    ref: str
    name: str
    municipality: str
    organisation: str
    category: str
    postal_code: str
    residents: int
    social_workers: tuple[str, ...] = ()


AREAS: tuple[AreaSpec, ...] = (
    AreaSpec(
        "korsloekke",
        "Korsløkkeparken",
        "461",
        "civica",
        "omdannelsesomraade",
        "5220",
        1900,
        (SOCIAL_WORKER,),
    ),
    AreaSpec("vollsmose", "Vollsmose, Egeparken", "461", "odense_oest", "udsat", "5240", 2600),
    AreaSpec("skovparken", "Skovparken", "479", "sydfyn", "udsat", "5700", 1150),
)


@dataclass(frozen=True)
class ProjectSpec:
    ref: str
    name: str
    area: str
    site_address: str
    start_week: int
    end_week: int
    target_placements: int
    target_jobs: int
    target_education: int
    trainee_share_target: str
    craft_budget_dkk: int


ODENSE_PROJECT = "Korsløkkeparken – helhedsplan og renovering af blok 1–9"

PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        "odense",
        ODENSE_PROJECT,
        "korsloekke",
        "Korsløkkeparken 1A (byggepladskontor), 5220 Odense SØ",
        start_week=-66,
        end_week=130,
        target_placements=180,
        target_jobs=60,
        target_education=25,
        trainee_share_target="10.00",
        craft_budget_dkk=860_000_000,
    ),
    ProjectSpec(
        "svendborg",
        "Skovparken – renovering af blok A–F",
        "skovparken",
        "Skovparken 40 (byggepladskontor), 5700 Svendborg",
        start_week=-34,
        end_week=70,
        target_placements=40,
        target_jobs=12,
        target_education=6,
        trainee_share_target="8.00",
        craft_budget_dkk=210_000_000,
    ),
)


# --- Contractors --------------------------------------------------------------------


@dataclass(frozen=True)
class ContractorSpec:
    ref: str
    name: str
    cvr: str
    email: str
    phone: str
    mentor_name: str
    mentor_email: str
    mentor_phone: str
    staff: tuple[str, ...] = ()


CONTRACTORS: tuple[ContractorSpec, ...] = (
    ContractorSpec(
        "lillebaelt",
        "Lillebælt Byg A/S",
        "91607387",
        "kontakt@lillebaeltbyg.dk",
        "+45 66 14 20 00",
        "Jesper Thomsen",
        "jt@lillebaeltbyg.dk",
        "+45 30 41 22 30",
        (MAIN_CONTRACTOR_STAFF,),
    ),
    ContractorSpec(
        "fynskmurer",
        "Fynsk Murerforretning A/S",
        "91743175",
        "info@fynskmurer.dk",
        "+45 66 12 45 80",
        "Kim Søgaard",
        "kim@fynskmurer.dk",
        "+45 40 18 77 40",
        ("bo@fynskmurer.dk",),
    ),
    ContractorSpec(
        "odensetoemrer",
        "Odense Tømrer & Snedker ApS",
        "91878968",
        "post@odensetoemrer.dk",
        "+45 66 17 03 20",
        "Rasmus Bech",
        "rasmus@odensetoemrer.dk",
        "+45 28 90 13 50",
        ("mads@odensetoemrer.dk",),
    ),
    ContractorSpec(
        "holmmaler",
        "Malerfirmaet Holm & Søn ApS",
        "92014754",
        "kontor@holmmaler.dk",
        "+45 62 21 18 90",
        "Dorte Vinther",
        "dorte@holmmaler.dk",
        "+45 21 44 70 12",
    ),
    ContractorSpec(
        "fynsel",
        "Fyns El-Service A/S",
        "92150542",
        "service@fynsel.dk",
        "+45 66 11 90 90",
        "Tobias Krogh",
        "tk@fynsel.dk",
        "+45 42 60 31 05",
    ),
    ContractorSpec(
        "tagfacade",
        "Tag & Facade Fyn ApS",
        "92286339",
        "info@tagfacadefyn.dk",
        "+45 64 82 11 40",
        "Michael Dam",
        "md@tagfacadefyn.dk",
        "+45 29 33 58 16",
    ),
    ContractorSpec(
        "sydfynsentreprise",
        "Sydfyns Entreprise A/S",
        "92422127",
        "byg@sydfynsentreprise.dk",
        "+45 62 21 55 00",
        "Peter Ravn",
        "pr@sydfynsentreprise.dk",
        "+45 23 65 01 92",
        ("kasper@sydfynsentreprise.dk",),
    ),
    ContractorSpec(
        "sydfynsvvs",
        "Sydfyns VVS & Energi ApS",
        "92693708",
        "vvs@sydfynsvvs.dk",
        "+45 62 22 40 60",
        "Anders Mortensen",
        "am@sydfynsvvs.dk",
        "+45 31 75 20 44",
    ),
    ContractorSpec(
        "groenfyn",
        "Grøn Fyn Anlæg A/S",
        "92829499",
        "anlaeg@groenfyn.dk",
        "+45 64 71 13 13",
        "Lene Bruun",
        "lene@groenfyn.dk",
        "+45 26 18 92 07",
    ),
)

# project ref -> (contractor ref, role, the trades it offers in a rotation)
ENGAGEMENTS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "odense": (
        ("lillebaelt", "main", ("struktoer", "jord_og_beton", "nedriver", "byggepladsservice")),
        ("fynskmurer", "trade", ("murer",)),
        ("odensetoemrer", "trade", ("toemrer", "snedker")),
        ("holmmaler", "trade", ("maler",)),
        ("fynsel", "trade", ("elektriker",)),
        ("tagfacade", "sub", ("tagdaekker", "stilladsmontoer")),
    ),
    "svendborg": (
        ("sydfynsentreprise", "main", ("struktoer", "nedriver", "jord_og_beton")),
        ("sydfynsvvs", "trade", ("vvs", "ventilation")),
        ("holmmaler", "trade", ("maler",)),
        ("groenfyn", "sub", ("anlaegsgartner", "brolaegger")),
    ),
}


# --- Labour needs -------------------------------------------------------------------


@dataclass(frozen=True)
class NeedSpec:
    ref: str
    project: str
    contractor: str
    trade: str
    kind: str
    places: int
    start_week: int
    end_week: int
    status: str
    description: str
    weeks: int = 4
    driving: bool = False
    safety: bool = False
    danish: int = 0
    english_ok: bool = False
    min_age: int | None = None


# fmt: off
# Columns: ref, project, contractor, trade, kind, places, open from week, to week, status,
# description; then the requirements by name.
NEEDS: tuple[NeedSpec, ...] = (
    # Odense: the first teams, more than a year ago.
    NeedSpec("o-murer-1", "odense", "fynskmurer", "murer", "snusepraktik", 4, -62, -56, "filled",
             "Snusepraktik som murer, hold 1: opmuring af nye gavle i blok 1–2."),
    NeedSpec("o-struktoer-1", "odense", "lillebaelt", "struktoer", "snusepraktik", 4, -60, -54,
             "filled",
             "Snusepraktik som struktør, hold 1: forskalling og støbning af altanfundamenter.",
             min_age=18),
    NeedSpec("o-toemrer-1", "odense", "odensetoemrer", "toemrer", "snusepraktik", 3, -38, -32,
             "filled",
             "Snusepraktik som tømrer, hold 1: nye tagkonstruktioner og udskiftning af vinduer."),
    NeedSpec("o-maler-1", "odense", "holmmaler", "maler", "snusepraktik", 3, -36, -30, "closed",
             "Snusepraktik som maler: opgange og lejligheder i blok 3."),
    NeedSpec("o-nedriver-1", "odense", "lillebaelt", "nedriver", "snusepraktik", 3, -22, -16,
             "filled",
             "Snusepraktik som nedriver: indvendig nedrivning før renovering af blok 5.",
             safety=True, min_age=18),
    NeedSpec("o-el-1", "odense", "fynsel", "elektriker", "snusepraktik", 2, -20, -14, "closed",
             "Snusepraktik som elektriker: nye el-tavler og føringsveje.",
             danish=2, min_age=18),
    NeedSpec("o-struktoer-vp", "odense", "lillebaelt", "struktoer", "virksomhedspraktik", 2,
             -9, -5, "filled",
             "Virksomhedspraktik som struktør efter gennemført snusepraktik, med henblik på "
             "ansættelse.",
             weeks=8, safety=True),
    # Odense: now and the coming weeks.
    NeedSpec("o-murer-2", "odense", "fynskmurer", "murer", "snusepraktik", 4, -4, 3, "open",
             "Snusepraktik som murer, hold 2: facaderenovering af blok 6. Arbejdstøj og "
             "sikkerhedssko udleveres."),
    NeedSpec("o-beton-1", "odense", "lillebaelt", "jord_og_beton", "snusepraktik", 4, -4, 4,
             "open",
             "Snusepraktik i jord og beton: kloak, fundamenter og nye stier mellem blokkene.",
             safety=True),
    NeedSpec("o-stillads-1", "odense", "tagfacade", "stilladsmontoer", "snusepraktik", 2, -2, 5,
             "open",
             "Snusepraktik som stilladsmontør. Arbejde i højden; sikkerhedskursus er et krav.",
             safety=True, danish=2, english_ok=True, min_age=18),
    NeedSpec("o-toemrer-2", "odense", "odensetoemrer", "toemrer", "snusepraktik", 3, 0, 6,
             "open",
             "Snusepraktik som tømrer, hold 2: nye altaner og indgangspartier."),
    NeedSpec("o-maler-2", "odense", "holmmaler", "maler", "snusepraktik", 2, 1, 6, "open",
             "Snusepraktik som maler, hold 2: blok 7–9."),
    NeedSpec("o-snedker-laerling", "odense", "odensetoemrer", "snedker", "laerling", 1, 4, 12,
             "open",
             "Lærlingeplads som snedker (EUD). Gerne en, der har været i snusepraktik på "
             "pladsen.",
             weeks=156, danish=3, min_age=17),
    NeedSpec("o-service-lt", "odense", "lillebaelt", "byggepladsservice", "loentilskud", 1, 2, 8,
             "open",
             "Løntilskudsjob i byggepladsservice: skure, affaldssortering og materialelogistik.",
             weeks=26, driving=True),
    NeedSpec("o-el-job", "odense", "fynsel", "elektriker", "ordinaert_job", 1, -2, 6, "open",
             "Ordinær stilling som elektrikerhjælper på pladsen resten af byggeperioden.",
             weeks=52, driving=True, danish=3, min_age=18),
    NeedSpec("o-tag-1", "odense", "tagfacade", "tagdaekker", "snusepraktik", 2, 6, 10,
             "cancelled",
             "Snusepraktik som tagdækker. Aflyst: tagarbejdet på blok 8 er udskudt til foråret.",
             safety=True),
    # Svendborg.
    NeedSpec("s-nedriver-1", "svendborg", "sydfynsentreprise", "nedriver", "snusepraktik", 3,
             -32, -26, "filled",
             "Snusepraktik som nedriver: nedrivning af altaner og gamle badeværelser i blok A.",
             safety=True),
    NeedSpec("s-anlaeg-1", "svendborg", "groenfyn", "anlaegsgartner", "snusepraktik", 2,
             -28, -22, "closed",
             "Snusepraktik som anlægsgartner: nye friarealer og legeplads."),
    NeedSpec("s-struktoer-1", "svendborg", "sydfynsentreprise", "struktoer", "snusepraktik", 3,
             -3, 4, "open",
             "Snusepraktik som struktør: nye altanfundamenter i blok C."),
    NeedSpec("s-vvs-1", "svendborg", "sydfynsvvs", "vvs", "snusepraktik", 2, 1, 6, "open",
             "Snusepraktik som VVS-montør: nye faldstammer og badeværelser.",
             danish=2),
    NeedSpec("s-maler-vp", "svendborg", "holmmaler", "maler", "virksomhedspraktik", 1, 2, 8,
             "open",
             "Virksomhedspraktik som maler i otte uger.",
             weeks=8),
    NeedSpec("s-brolaegger-1", "svendborg", "groenfyn", "brolaegger", "snusepraktik", 2, 8, 12,
             "open",
             "Snusepraktik som brolægger: nye stier og p-pladser."),
)
# fmt: on


# --- Placements ---------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeSpec:
    kind: str
    evidence: str
    employer: str = ""  # a contractor ref
    employer_name: str = ""  # or an employer outside the system
    trade: str = ""  # defaults to the need's trade for work on the site


@dataclass(frozen=True)
class PlacementSpec:
    ref: str
    need: str
    status: str
    start_week: int
    same_as: str = ""  # the ref of an earlier placement of the same person
    local: bool = True  # prefer a resident of the renovated area
    interrupt: str = ""
    interrupt_after_days: int = 0
    decline_reason: str = ""
    withdraw_reason: str = ""
    override_reason: str = ""
    end_plan: str = ""  # for active placements; completed ones take it from the outcome
    outcome: OutcomeSpec | None = None
    wants_to_hire: bool = False
    hours: int = 37
    skip_last_follow_up: bool = False


# fmt: off
# Columns: ref, need, status, start week; then the story by name. Each person holds at most
# one proposed, accepted or active placement, as the database insists.
PLACEMENTS: tuple[PlacementSpec, ...] = (
    # Odense, hold 1 (a year ago).
    PlacementSpec("p01", "o-murer-1", "completed", -60, wants_to_hire=True,
                  outcome=OutcomeSpec("job_on_site", "employer_confirmed",
                                      employer="fynskmurer")),
    PlacementSpec("p02", "o-murer-1", "completed", -60,
                  outcome=OutcomeSpec("apprenticeship", "register_confirmed",
                                      employer="fynskmurer")),
    PlacementSpec("p03", "o-murer-1", "interrupted", -58,
                  interrupt="no_show", interrupt_after_days=3,
                  outcome=OutcomeSpec("none", "self_reported")),
    PlacementSpec("p04", "o-murer-1", "completed", -57, local=False,
                  outcome=OutcomeSpec("none", "register_confirmed")),
    PlacementSpec("p05", "o-struktoer-1", "completed", -58, wants_to_hire=True,
                  outcome=OutcomeSpec("job_on_site", "employer_confirmed",
                                      employer="lillebaelt")),
    PlacementSpec("p06", "o-struktoer-1", "completed", -56,
                  outcome=OutcomeSpec("education", "self_reported",
                                      employer_name="Syddansk Erhvervsskole, grundforløb 2 "
                                                    "(struktør)")),
    PlacementSpec("p07", "o-struktoer-1", "declined", -57,
                  decline_reason="Kandidaten havde ikke gyldigt sikkerhedskursus ved start. Vi "
                                 "tager gerne en snak igen efter kurset."),
    PlacementSpec("p08", "o-struktoer-1", "completed", -54, local=False,
                  outcome=OutcomeSpec("job_elsewhere", "self_reported",
                                      employer_name="Lindø Industripark, Munkebo")),
    # Odense, hold 2 (eight months ago).
    PlacementSpec("p09", "o-toemrer-1", "completed", -36, wants_to_hire=True,
                  outcome=OutcomeSpec("job_on_site", "employer_confirmed",
                                      employer="odensetoemrer")),
    PlacementSpec("p10", "o-toemrer-1", "interrupted", -35,
                  interrupt="illness", interrupt_after_days=9,
                  outcome=OutcomeSpec("none", "self_reported")),
    PlacementSpec("p11", "o-toemrer-1", "completed", -33,
                  outcome=OutcomeSpec("subsidised_job", "employer_confirmed",
                                      employer="lillebaelt", trade="byggepladsservice")),
    PlacementSpec("p12", "o-maler-1", "completed", -34,
                  outcome=OutcomeSpec("education", "register_confirmed",
                                      employer_name="Syddansk Erhvervsskole, maler (EUD)")),
    PlacementSpec("p13", "o-maler-1", "withdrawn", -32,
                  withdraw_reason="Kandidaten fik selv arbejde på et lager inden start."),
    PlacementSpec("p14", "o-maler-1", "interrupted", -33, local=False,
                  interrupt="contractor_ended", interrupt_after_days=11,
                  outcome=OutcomeSpec("none", "self_reported")),
    # Odense, hold 3 (four months ago).
    PlacementSpec("p15", "o-nedriver-1", "completed", -20, wants_to_hire=True,
                  outcome=OutcomeSpec("job_on_site", "employer_confirmed",
                                      employer="lillebaelt")),
    PlacementSpec("p16", "o-nedriver-1", "interrupted", -19,
                  interrupt="got_job", interrupt_after_days=8,
                  outcome=OutcomeSpec("job_elsewhere", "employer_confirmed",
                                      employer_name="Bilka Odense, varemodtagelse")),
    PlacementSpec("p17", "o-nedriver-1", "completed", -18,
                  outcome=OutcomeSpec("none", "self_reported")),
    PlacementSpec("p18", "o-el-1", "completed", -18,
                  outcome=OutcomeSpec("apprenticeship", "employer_confirmed",
                                      employer="fynsel")),
    PlacementSpec("p19", "o-el-1", "declined", -17,
                  decline_reason="Sikkerhedsinstruktionen i el-faget kræver bedre dansk. "
                                 "Foreslå gerne kandidaten til jord og beton i stedet."),
    # Odense: the further placement after p17's snusepraktik.
    PlacementSpec("p20", "o-struktoer-vp", "active", -6, same_as="p17",
                  end_plan="job_offer_on_site", wants_to_hire=True),
    # Odense, now.
    PlacementSpec("p21", "o-murer-2", "active", -3, end_plan="education", wants_to_hire=True),
    PlacementSpec("p22", "o-murer-2", "active", -2, skip_last_follow_up=True),
    PlacementSpec("p23", "o-murer-2", "accepted", 1),
    PlacementSpec("p24", "o-murer-2", "proposed", 2, local=False),
    PlacementSpec("p25", "o-murer-2", "declined", 1,
                  decline_reason="Holdet for uge 1 er fyldt; vi har bedt tovholderen om at "
                                 "foreslå kandidaten til tømrerholdet."),
    PlacementSpec("p26", "o-beton-1", "active", -3, end_plan="further_placement", hours=30),
    PlacementSpec("p27", "o-beton-1", "active", -1, local=False),
    PlacementSpec("p28", "o-beton-1", "interrupted", -2,
                  interrupt="personal", interrupt_after_days=4,
                  outcome=OutcomeSpec("none", "self_reported")),
    PlacementSpec("p29", "o-beton-1", "proposed", 3, same_as="p03",
                  override_reason="Ikke blandt de øverste forslag på grund af udeblivelsen "
                                  "sidste år, men kandidaten har siden gennemført AMU-kursus "
                                  "og mødt stabilt i aktivering."),
    PlacementSpec("p30", "o-stillads-1", "active", -1),
    PlacementSpec("p31", "o-stillads-1", "accepted", 2, local=False),
    PlacementSpec("p32", "o-stillads-1", "withdrawn", 2,
                  withdraw_reason="Kandidaten er flyttet til en anden kommune."),
    PlacementSpec("p33", "o-toemrer-2", "proposed", 1, same_as="p25"),
    PlacementSpec("p34", "o-toemrer-2", "proposed", 2),
    PlacementSpec("p35", "o-toemrer-2", "accepted", 3),
    PlacementSpec("p36", "o-maler-2", "proposed", 2,
                  override_reason="Kandidaten henvendte sig selv på byggepladsen og kender "
                                  "malermesteren."),
    # Svendborg.
    PlacementSpec("p37", "s-nedriver-1", "completed", -30, wants_to_hire=True,
                  outcome=OutcomeSpec("job_on_site", "register_confirmed",
                                      employer="sydfynsentreprise")),
    PlacementSpec("p38", "s-nedriver-1", "completed", -28, local=False,
                  outcome=OutcomeSpec("none", "self_reported")),
    PlacementSpec("p39", "s-nedriver-1", "interrupted", -27,
                  interrupt="other", interrupt_after_days=6,
                  outcome=OutcomeSpec("none", "self_reported")),
    PlacementSpec("p40", "s-anlaeg-1", "completed", -26,
                  outcome=OutcomeSpec("job_elsewhere", "employer_confirmed",
                                      employer_name="Svendborg Kommune, Park og Vej")),
    PlacementSpec("p41", "s-anlaeg-1", "declined", -25,
                  decline_reason="Vi har ikke plads til flere på holdet i denne periode."),
    PlacementSpec("p42", "s-struktoer-1", "active", -2, end_plan="job_offer_on_site"),
    PlacementSpec("p43", "s-struktoer-1", "accepted", 1),
    PlacementSpec("p44", "s-struktoer-1", "proposed", 2, local=False),
    PlacementSpec("p45", "s-vvs-1", "proposed", 2),
)
# fmt: on


# --- Candidates ---------------------------------------------------------------------

# (first name, last name, sex "m"/"f", grew up in Denmark)
ODENSE_PEOPLE: tuple[tuple[str, str, str, bool], ...] = (
    ("Ahmad", "Hassan", "m", False),
    ("Fatima", "Ali", "f", False),
    ("Mohammed", "Yusuf", "m", False),
    ("Ayaan", "Warsame", "m", False),
    ("Hodan", "Abdi", "f", False),
    ("Emre", "Yilmaz", "m", True),
    ("Zeynep", "Demir", "f", True),
    ("Ali", "Khalil", "m", False),
    ("Mustafa", "Rahimi", "m", False),
    ("Omar", "Farah", "m", True),
    ("Ibrahim", "Al-Sayed", "m", False),
    ("Leyla", "Karimi", "f", False),
    ("Bilal", "Aziz", "m", True),
    ("Jamal", "Hussein", "m", False),
    ("Kasper", "Nielsen", "m", True),
    ("Mikkel", "Jensen", "m", True),
    ("Jonas", "Andersen", "m", True),
    ("Nicklas", "Pedersen", "m", True),
    ("Camilla", "Hansen", "f", True),
    ("Patrick", "Larsen", "m", True),
    ("Daniel", "Sørensen", "m", True),
    ("Line", "Christensen", "f", True),
    ("Tobias", "Poulsen", "m", True),
    ("Mathias", "Johansen", "m", True),
    ("Kenneth", "Møller", "m", True),
    ("René", "Madsen", "m", True),
    ("Jannik", "Kristensen", "m", True),
    ("Piotr", "Kowalski", "m", False),
    ("Tomasz", "Nowak", "m", False),
    ("Adnan", "Hodžić", "m", True),
    ("Emir", "Begić", "m", True),
    ("Dawit", "Tesfaye", "m", False),
    ("Yonas", "Gebremedhin", "m", False),
    ("Abdirahman", "Mohamed", "m", True),
    ("Khadija", "Osman", "f", False),
    ("Hamza", "Mahmoud", "m", True),
    ("Yusuf", "Öztürk", "m", True),
    ("Burak", "Kaya", "m", True),
    ("Hiwa", "Rasul", "m", False),
    ("Dilan", "Aydin", "f", True),
    ("Rasmus", "Thomsen", "m", True),
    ("Frederik", "Olsen", "m", True),
    ("Ahmed", "Saleh", "m", False),
    ("Noor", "Jaber", "f", True),
    ("Samir", "Haddad", "m", False),
    ("Mahmoud", "Qasim", "m", False),
    ("Sabrina", "Lauritsen", "f", True),
    ("Michael", "Bruun", "m", True),
    ("Ismail", "Abdullahi", "m", True),
    ("Amina", "Nur", "f", False),
    ("Karwan", "Ahmed", "m", False),
    ("Sebastian", "Friis", "m", True),
)

SVENDBORG_PEOPLE: tuple[tuple[str, str, str, bool], ...] = (
    ("Lars", "Frederiksen", "m", True),
    ("Morten", "Holm", "m", True),
    ("Jesper", "Lauridsen", "m", True),
    ("Simon", "Bak", "m", True),
    ("Maria", "Skov", "f", True),
    ("Thomas", "Vestergaard", "m", True),
    ("Anders", "Kjeldsen", "m", True),
    ("Christian", "Dahl", "m", True),
    ("Mads", "Winther", "m", True),
    ("Nadia", "Petersen", "f", True),
    ("Kevin", "Jakobsen", "m", True),
    ("Ali", "Mansour", "m", False),
    ("Hassan", "Ismail", "m", False),
    ("Aram", "Karim", "m", False),
    ("Marek", "Wiśniewski", "m", False),
    ("Ole", "Rasmussen", "m", True),
    ("Stine", "Jeppesen", "f", True),
    ("Ricki", "Hvid", "m", True),
)

# Trades people ask for most, with rough weights.
POPULAR_TRADES: tuple[tuple[str, int], ...] = (
    ("murer", 10),
    ("toemrer", 12),
    ("maler", 8),
    ("struktoer", 8),
    ("jord_og_beton", 6),
    ("elektriker", 7),
    ("vvs", 6),
    ("anlaegsgartner", 5),
    ("nedriver", 4),
    ("stilladsmontoer", 4),
    ("snedker", 4),
    ("byggepladsservice", 3),
    ("tagdaekker", 2),
    ("brolaegger", 2),
    ("ventilation", 2),
)

CANDIDATE_NOTES: tuple[str, ...] = (
    "Motiveret og vil gerne i gang hurtigt. Har børn i institution og kan møde fra kl. 7.30.",
    "Har arbejdet som murerarbejdsmand i hjemlandet; ønsker at få papir på det, han kan.",
    "Har brug for hjælp til transport de første uger (rejsekort bevilget).",
    "Har tidligere haft mange skift mellem tilbud. Aftalt tæt opfølgning i starten.",
    "Interesseret i uddannelse på sigt; vil gerne høre om grundforløb på erhvervsskolen.",
    "Taler godt engelsk, er i gang med danskuddannelse (modul 3).",
    "Har været ude af arbejdsmarkedet i flere år. Vil gerne prøve fysisk arbejde udendørs.",
    "Kender flere på byggepladsen fra området; har selv spurgt efter snusepraktik.",
    "Mangler sikkerhedssko og arbejdstøj – aftalt med entreprenøren, at det udleveres.",
    "Har kørekort B og vil gerne tage trailerkort.",
)

# --- Texts for follow-ups, end plans and consents -----------------------------------

MENTOR_FEEDBACK: tuple[str, ...] = (
    "Møder til tiden og spørger ind til arbejdet. Godt i gang.",
    "Stærk fysisk og lærer hurtigt. Skal huske sikkerhedsbrillerne.",
    "Fungerer godt i sjakket. Har selv spurgt, om der er mulighed for at fortsætte.",
    "Lidt stille i starten, men er kommet godt ind i tingene denne uge.",
    "Har været med til at forskalle og støbe. Arbejder omhyggeligt.",
    "God til at tage imod instruktion. Vi vil gerne have praktikanten tilbage bagefter.",
    "Kom for sent to dage; vi har talt om det, og det gik fint resten af ugen.",
)

FOLLOW_UP_NOTES: tuple[str, ...] = (
    "Besøg på pladsen i frokostpausen. Trives og glæder sig til næste fag i rotationen.",
    "Telefonisk opfølgning. Transporten fungerer nu; cykler fra Korsløkkeparken.",
    "Talt med mentor og kandidat sammen i skurvognen. Ingen udfordringer.",
    "Kandidaten er træt efter de første dage, men motiveret.",
    "Gennemgået arbejdstider og sygemelding igen. Alt på plads.",
)

NEXT_STEPS: tuple[str, ...] = (
    "Fortsætter i næste fag i rotationen.",
    "Aftale om plan for efter praktikken tages næste uge.",
    "Undersøge lærepladsmuligheder hos entreprenøren.",
    "Opfølgning på pladsen igen næste uge.",
)

END_PLAN_DETAILS: dict[str, str] = {
    "job_offer_on_site": "Entreprenøren har tilbudt ansættelse som ufaglært på pladsen fra "
    "praktikkens afslutning. Kontrakt underskrives sidste uge.",
    "education": "Starter på grundforløb 2 på Syddansk Erhvervsskole; uddannelsesaftale med "
    "entreprenøren drøftes undervejs.",
    "other_job": "Har fået tilbud om job hos en anden arbejdsgiver og starter straks efter "
    "praktikken.",
    "further_placement": "Fortsætter i virksomhedspraktik på pladsen med henblik på løntilskud "
    "eller ansættelse.",
    "back_to_jobcenter": "Tilbage til sagsbehandler i jobcentret; snusepraktikken har afklaret, "
    "at byggefagene ikke er det rette. Ny plan aftales.",
}

CONSENT_PURPOSES: dict[str, str] = {
    "contractors": "Videregivelse af kontaktoplysninger, fagønsker og praktikdatoer til "
    "entreprenørerne på byggepladsen med henblik på snusepraktik.",
    "housing_social_plan": "Udveksling af status med den boligsociale helhedsplan, som har "
    "henvist borgeren.",
    "vocational_school": "Videregivelse af oplysninger til erhvervsskolen om optag på "
    "grundforløb og lærepladssøgning.",
    "trade_union": "Kontakt fra fagforeningen om løn- og ansættelsesvilkår ved ansættelse på "
    "pladsen.",
}

CONSENT_EVIDENCE = "Underskrevet samtykkeerklæring, journalnotat i fagsystemet"


# --- The follow-up group and its last meeting ---------------------------------------

FOLLOW_UP_GROUP = "Følgegruppen for Korsløkkeparken"

# (email, the organisation the member represents)
GROUP_MEMBERS: tuple[tuple[str, str], ...] = (
    (ODENSE_COORDINATOR, "Odense Kommune, Jobcenter"),
    ("henrik.lund@3f.dk", "3F Fyn"),
    ("mho@sde.dk", "Syddansk Erhvervsskole"),
    (SOCIAL_WORKER, "Civica, boligsocial helhedsplan"),
    (MAIN_CONTRACTOR_STAFF, "Lillebælt Byg A/S, byggeledelsen"),
)

MEETING_AGENDA = """1. Velkomst og godkendelse af referat fra sidste møde
2. Status på snusepraktikker og overgange til job og uddannelse (Jobcenter Odense)
3. Bemandingsplan for byggepladsen de næste to måneder (Lillebælt Byg)
4. Grundforløb og lærepladser (Syddansk Erhvervsskole)
5. Rekruttering gennem den boligsociale helhedsplan (Civica)
6. Eventuelt"""

# Filled in with figures from the demo when the meeting is created.
MEETING_MINUTES = """Ad 1. Referatet blev godkendt uden bemærkninger.

Ad 2. Tovholderen gennemgik status: siden projektstart er {started} personer startet i \
praktik på pladsen, og {to_work} er gået videre i job eller uddannelse. Det er fortsat svært \
at skaffe nok kandidater med gyldigt sikkerhedskursus til jord og beton.

Ad 3. Lillebælt Byg orienterede om facaderenoveringen af blok 6, hvor der er brug for et nyt \
murerhold, og om jord- og betonarbejdet mellem blokkene. Stilladsarbejdet kræver kursus.

Ad 4. Syddansk Erhvervsskole tilbyder et åbent hus for praktikanterne om grundforløb 2 og \
hjælp til at finde læreplads.

Ad 5. Civica har henvist flere beboere gennem helhedsplanens jobcafé. Der er aftalt fast \
fremmøde af tovholderen i jobcaféen hver anden torsdag.

Ad 6. 3F spurgte til overgangen fra løntilskud til ordinær ansættelse; tages op på næste møde."""

# (text, owner email, due days after the meeting, done)
ACTION_ITEMS: tuple[tuple[str, str, int, bool], ...] = (
    (
        "Jobcentret undersøger mulighed for AMU-sikkerhedskursus for fem kandidater før næste "
        "hold i jord og beton.",
        ODENSE_COORDINATOR,
        21,
        True,
    ),
    (
        "Syddansk Erhvervsskole inviterer praktikanterne til åbent hus om grundforløb 2.",
        "mho@sde.dk",
        42,
        False,
    ),
    (
        "3F og Lillebælt Byg afklarer vilkår for overgang fra løntilskud til ordinær ansættelse.",
        "henrik.lund@3f.dk",
        56,
        False,
    ),
)
