"""Reads that carry a rule: which candidates, placements and outcomes a user may see.

Scoping happens here and nowhere else, so a list view cannot leak. Every read of a
candidate's personal data for display goes through a function here that writes its
audit event; if the audit write fails, the read fails and returns nothing.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    Field,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import Combinable, ExpressionWrapper
from django.db.models.functions import JSONObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError, ErrorKind
from accounts.models import AuditAction, AuditEvent, User
from accounts.services import audit_event_create, audit_events_create
from matching.cpr import cpr_lookup_key
from matching.models import (
    ABSENT_WEEK,
    ENDED_AS_NO_SHOW,
    Candidate,
    Consent,
    ConsentRecipient,
    FollowUp,
    MeetingPack,
    Outcome,
    Placement,
    PlacementStatus,
    PlacementWeek,
    RetentionCheck,
    TradeInterest,
)
from renovations.models import LabourNeed, Meeting, NeedStatus, RenovationProject
from renovations.selectors import follow_up_group_list, project_list, user_roles


class CandidateAccess(StrEnum):
    """How much of a candidate a reader may see (DESIGN §3)."""

    FULL = "full"  # coordinators of the candidate's municipality
    CONTRACTOR = "contractor"  # staff of a contractor the candidate was introduced to
    REFERRER = "referrer"  # the housing social worker who referred the candidate


# A contractor keeps sight of the people introduced to its needs, not of proposals
# that were withdrawn before it answered.
CONTRACTOR_VISIBLE_STATUSES = (
    PlacementStatus.PROPOSED,
    PlacementStatus.ACCEPTED,
    PlacementStatus.ACTIVE,
    PlacementStatus.COMPLETED,
    PlacementStatus.INTERRUPTED,
    PlacementStatus.DECLINED,
)


def candidate_find_by_cpr(*, cpr: str) -> Candidate | None:
    """Find an already registered person by CPR number, without storing the number.

    Unscoped and unaudited: for the system's own use (the demo loader, duplicate
    checks); a user's search by CPR goes through their scope.
    """
    return Candidate.objects.filter(cpr_lookup=cpr_lookup_key(cpr)).first()


def consent_valid_q(*, on: date, prefix: str = "") -> Q:
    """A consent is valid when given, not withdrawn and not yet expired on the day."""
    return Q(
        **{
            f"{prefix}given_on__lte": on,
            f"{prefix}expires_on__gt": on,
        }
    ) & (Q(**{f"{prefix}withdrawn_on__isnull": True}) | Q(**{f"{prefix}withdrawn_on__gt": on}))


def _valid_consent_exists(recipient: ConsentRecipient, on: date, candidate: str = "pk") -> Exists:
    """Whether the outer row's candidate (``candidate`` names its id) has a valid consent."""
    return Exists(
        Consent.objects.filter(
            consent_valid_q(on=on), candidate=OuterRef(candidate), recipient=recipient
        )
    )


def candidate_has_valid_consent(
    *, candidate: Candidate, recipient: ConsentRecipient, on: date
) -> bool:
    return Consent.objects.filter(
        consent_valid_q(on=on), candidate=candidate, recipient=recipient
    ).exists()


def _flag(condition: Q | Combinable | None) -> ExpressionWrapper | Value:
    if condition is None:
        return Value(False, output_field=BooleanField())
    return ExpressionWrapper(condition, output_field=BooleanField())


def candidate_scope(*, user: User | AnonymousUser, today: date) -> QuerySet[Candidate]:
    """The candidates the user may read, each annotated with the role it is seen through."""
    roles = user_roles(user=user)
    full: Q | None = None
    if roles.is_admin:
        full = Q(pk__isnull=False)
    elif roles.municipality_ids:
        full = Q(municipality_id__in=roles.municipality_ids)
    contractor: Q | None = None
    if roles.contractor_ids:
        introduced = Exists(
            Placement.objects.filter(
                candidate=OuterRef("pk"),
                need__contractor_id__in=roles.contractor_ids,
                status__in=CONTRACTOR_VISIBLE_STATUSES,
            )
        )
        contractor = Q(introduced) & Q(_valid_consent_exists(ConsentRecipient.CONTRACTORS, today))
    referrer: Q | None = None
    if user.is_authenticated and roles.area_ids:
        referrer = Q(referred_by_id=user.pk) & Q(
            _valid_consent_exists(ConsentRecipient.HOUSING_SOCIAL_PLAN, today)
        )
    held = [condition for condition in (full, contractor, referrer) if condition is not None]
    if not held:
        return Candidate.objects.none()
    visible = held[0]
    for condition in held[1:]:
        visible |= condition
    return (
        Candidate.objects.filter(anonymised_on__isnull=True)
        .filter(visible)
        .annotate(
            seen_in_full=_flag(full),
            seen_as_contractor=_flag(contractor),
        )
    )


def candidate_access(candidate: Candidate) -> CandidateAccess:
    """The widest view of a candidate that came out of ``candidate_scope``."""
    if getattr(candidate, "seen_in_full", False):
        return CandidateAccess.FULL
    if getattr(candidate, "seen_as_contractor", False):
        return CandidateAccess.CONTRACTOR
    return CandidateAccess.REFERRER


def _with_related(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    return candidates.select_related("municipality", "home_area", "coordinator").prefetch_related(
        Prefetch(
            "trade_interests",
            queryset=TradeInterest.objects.select_related("trade").order_by("rank"),
        ),
        Prefetch(
            "placements",
            queryset=Placement.objects.select_related("need__trade", "need__contractor").order_by(
                "-starts_on", "-id"
            ),
        ),
    )


def _with_nested(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    """The candidates with their job centre, and on PostgreSQL their trade interests and
    placements as one JSON array each in the same row (``interest_rows``,
    ``placement_rows``): a page of them is one query. Elsewhere the related rows are
    prefetched."""
    if connection.vendor != "postgresql":
        return _with_related(candidates)
    interests = (
        TradeInterest.objects.filter(candidate=OuterRef("pk"))
        .order_by("rank")
        .values(
            row=JSONObject(
                rank="rank", code="trade__code", name_da="trade__name_da", name_en="trade__name_en"
            )
        )
    )
    placements = (
        Placement.objects.filter(candidate=OuterRef("pk"))
        .order_by("-starts_on", "-id")
        .values(
            row=JSONObject(
                id="id",
                need="need_id",
                trade="need__trade__code",
                contractor="need__contractor__name",
                contractor_id="need__contractor_id",
                kind="kind",
                status="status",
                starts_on="starts_on",
                ends_on="ends_on",
            )
        )
    )
    return candidates.select_related("municipality").annotate(
        interest_rows=_as_one_json(ArraySubquery(interests)),
        placement_rows=_as_one_json(ArraySubquery(placements)),
    )


def _as_one_json(rows: ArraySubquery) -> Func:
    """An array of JSON objects as one JSON array, which the database driver decodes
    once (a ``json`` value), not element by element as Django decodes a ``jsonb[]``."""
    return Func(rows, function="ARRAY_TO_JSON", output_field=Field())


def candidate_list(
    *,
    user: User | AnonymousUser,
    today: date,
    search: str = "",
    status: str = "",
    trade: str = "",
    municipality: str = "",
) -> QuerySet[Candidate]:
    """The user's candidates, filtered; audit the rows shown with ``candidate_rows_read``."""
    roles = user_roles(user=user)
    candidates = candidate_scope(user=user, today=today)
    if search:
        words = Q()
        for word in search.split():
            if roles.is_coordinator or roles.is_admin:
                words &= (
                    Q(first_name__icontains=word)
                    | Q(last_name__icontains=word)
                    | Q(email__icontains=word)
                    | Q(phone__icontains=word)
                )
            else:
                # Others never see a full last name, so they cannot search by it either.
                words &= Q(first_name__icontains=word)
        candidates = candidates.filter(words)
    if trade:
        # A test per row, not a join: no DISTINCT over the rows and their JSON.
        candidates = candidates.filter(
            Exists(TradeInterest.objects.filter(candidate=OuterRef("pk"), trade__code=trade))
        )
    # Status and job centre are not on the other roles' allow-lists, so neither is
    # filtering by them: a filter would tell what the row does not show.
    if roles.is_coordinator or roles.is_admin:
        if status:
            candidates = candidates.filter(status=status)
        if municipality:
            candidates = candidates.filter(municipality__code=municipality)
    return _with_nested(candidates).order_by("last_name", "first_name", "id")


def candidate_rows_read(
    *, user: User, candidates: Iterable[Candidate], search: str = "", purpose: str = ""
) -> None:
    """Audit each candidate shown in a list, with the search criterion if there was one."""
    candidate_ids_read(
        user=user,
        candidate_ids=[candidate.pk for candidate in candidates],
        search=search,
        purpose=purpose,
    )


def candidate_ids_read(
    *, user: User, candidate_ids: list[int], search: str = "", purpose: str = ""
) -> None:
    """``candidate_rows_read`` for rows read without their model instances."""
    action = AuditAction.SEARCH if search else AuditAction.LIST
    audit_events_create(
        actor=user,
        action=action,
        object_type="candidate",
        candidate_ids=candidate_ids,
        purpose=f"search: {search}" if search else purpose,
    )


def _candidate_in_scope(*, user: User | AnonymousUser, today: date, candidate_id: int) -> Candidate:
    candidate = (
        _with_related(candidate_scope(user=user, today=today)).filter(pk=candidate_id).first()
    )
    if candidate is None:
        raise ApplicationError(_("Candidate not found."), kind=ErrorKind.NOT_FOUND)
    return candidate


def candidate_detail(*, user: User, today: date, candidate_id: int, purpose: str = "") -> Candidate:
    """One candidate for display, audited as a view; 404 outside the user's scope."""
    candidate = _candidate_in_scope(user=user, today=today, candidate_id=candidate_id)
    audit_event_create(
        actor=user,
        action=AuditAction.VIEW,
        object_type="candidate",
        object_id=candidate.pk,
        candidate_id=candidate.pk,
        purpose=purpose,
    )
    return candidate


def candidate_for_change(*, user: User, today: date, candidate_id: int) -> Candidate:
    """A candidate the user may change (coordinators only); the change itself is audited."""
    candidate = _candidate_in_scope(user=user, today=today, candidate_id=candidate_id)
    if candidate_access(candidate) is not CandidateAccess.FULL:
        raise ApplicationError(
            _("Only the candidate's job centre may change this."), kind=ErrorKind.FORBIDDEN
        )
    return candidate


def consent_for_change(*, user: User, today: date, consent_id: int) -> Consent:
    """A consent the user may withdraw: any of their candidates' for the coordinators; the
    housing social plan's consent of a referral still in sight for the social worker."""
    candidates = candidate_scope(user=user, today=today)
    consent = (
        Consent.objects.select_related("candidate")
        .filter(pk=consent_id, candidate__in=candidates.values("pk"))
        .first()
    )
    if consent is None:
        raise ApplicationError(_("Consent not found."), kind=ErrorKind.NOT_FOUND)
    roles = user_roles(user=user)
    if roles.is_admin or consent.candidate.municipality_id in roles.municipality_ids:
        return consent
    if consent.candidate.referred_by_id == user.pk and (
        consent.recipient == ConsentRecipient.HOUSING_SOCIAL_PLAN
    ):
        return consent
    raise ApplicationError(_("Consent not found."), kind=ErrorKind.NOT_FOUND)


def candidate_export(*, user: User, today: date, candidate_id: int) -> dict[str, Any]:
    """Everything held on a candidate, for an access request (GDPR art. 15); audited."""
    candidate = candidate_for_change(user=user, today=today, candidate_id=candidate_id)
    placements = (
        Placement.objects.filter(candidate=candidate)
        .select_related("need__trade", "need__contractor", "need__project", "end_plan")
        .prefetch_related("weeks__trade", "weeks__contractor", "follow_ups")
        .order_by("starts_on", "id")
    )
    outcomes = (
        Outcome.objects.filter(candidate=candidate)
        .select_related("employer", "trade")
        .prefetch_related("retention_checks")
        .order_by("started_on", "id")
    )
    audit_event_create(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="candidate",
        object_id=candidate.pk,
        candidate_id=candidate.pk,
        purpose="access request",
    )
    log = AuditEvent.objects.filter(candidate_id=candidate.pk).select_related("actor")
    return {
        "candidate": _row(
            candidate,
            exclude=frozenset({"cpr_lookup", "anonymised_on"}),
            extra={
                "cpr_registered": candidate.cpr_lookup is not None,
                "municipality": candidate.municipality.name,
                "home_area": candidate.home_area.name if candidate.home_area else None,
                "trade_interests": [
                    {"rank": i.rank, "trade": i.trade.name_da}
                    for i in candidate.trade_interests.all()
                ],
            },
        ),
        "consents": [_row(c) for c in candidate.consents.order_by("given_on", "id")],
        "placements": [
            _row(
                p,
                extra={
                    "project": p.need.project.name,
                    "contractor": p.need.contractor.name,
                    "trade": p.need.trade.name_da,
                    "weeks": [_row(w) for w in p.weeks.all()],
                    "follow_ups": [_row(f) for f in p.follow_ups.all()],
                    "end_plan": _row(p.end_plan) if hasattr(p, "end_plan") else None,
                },
            )
            for p in placements
        ],
        "outcomes": [
            _row(o, extra={"retention_checks": [_row(r) for r in o.retention_checks.all()]})
            for o in outcomes
        ],
        "access_log": [
            {
                "at": event.occurred_at.isoformat(),
                "by": event.actor.full_name if event.actor else None,
                "action": event.action,
                "purpose": event.purpose,
            }
            for event in log
        ],
    }


def _row(
    obj: Any, *, exclude: frozenset[str] = frozenset(), extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The concrete fields of a model instance as JSON-ready values."""
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = getattr(obj, field.attname)
        row[field.attname] = value.isoformat() if hasattr(value, "isoformat") else value
        if hasattr(row[field.attname], "as_tuple"):  # Decimal
            row[field.attname] = str(row[field.attname])
    return {**row, **(extra or {})}


def placement_list(*, user: User | AnonymousUser, today: date) -> QuerySet[Placement]:
    """Placements: coordinators their municipality's; contractor staff those on their needs
    and social workers their referrals', both only while the person's consent holds."""
    roles = user_roles(user=user)
    placements = Placement.objects.select_related(
        "candidate", "need", "need__trade", "need__contractor", "need__project"
    )
    if roles.is_admin:
        return placements.all()
    visible = Q(candidate__municipality_id__in=roles.municipality_ids)
    if roles.contractor_ids:
        visible |= Q(
            Q(_valid_consent_exists(ConsentRecipient.CONTRACTORS, today, "candidate")),
            need__contractor_id__in=roles.contractor_ids,
            status__in=CONTRACTOR_VISIBLE_STATUSES,
        )
    if roles.area_ids:
        visible |= Q(
            Q(_valid_consent_exists(ConsentRecipient.HOUSING_SOCIAL_PLAN, today, "candidate")),
            candidate__referred_by_id=user.pk,
        )
    return placements.filter(visible)


def outcome_list(*, user: User | AnonymousUser) -> QuerySet[Outcome]:
    """Outcomes are the coordinators' (full figures go through the reports)."""
    roles = user_roles(user=user)
    outcomes = Outcome.objects.select_related("candidate", "placement", "employer", "trade")
    if roles.is_admin:
        return outcomes.all()
    return outcomes.filter(candidate__municipality_id__in=roles.municipality_ids)


# A placement is seen through the same roles as its candidate.
PlacementAccess = CandidateAccess


def placement_access(*, user: User | AnonymousUser, placement: Placement) -> PlacementAccess:
    roles = user_roles(user=user)
    if roles.is_admin or placement.candidate.municipality_id in roles.municipality_ids:
        return PlacementAccess.FULL
    if placement.need.contractor_id in roles.contractor_ids:
        return PlacementAccess.CONTRACTOR
    return PlacementAccess.REFERRER


def _placements_with_related(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    return placements.select_related("end_plan", "need__project").prefetch_related(
        Prefetch(
            "weeks",
            queryset=PlacementWeek.objects.select_related("trade", "contractor").order_by("week"),
        ),
        Prefetch("follow_ups", queryset=FollowUp.objects.order_by("held_on", "id")),
    )


def placement_search(
    *,
    user: User | AnonymousUser,
    today: date,
    status: str = "",
    need: int | None = None,
    candidate: int | None = None,
    project: int | None = None,
    starts_from: date | None = None,
    starts_to: date | None = None,
) -> QuerySet[Placement]:
    """The user's placements, filtered; audit the rows shown with ``placement_rows_read``."""
    placements = placement_list(user=user, today=today)
    if status:
        placements = placements.filter(status=status)
    if need:
        placements = placements.filter(need_id=need)
    if candidate:
        placements = placements.filter(candidate_id=candidate)
    if project:
        placements = placements.filter(need__project_id=project)
    if starts_from:
        placements = placements.filter(starts_on__gte=starts_from)
    if starts_to:
        placements = placements.filter(starts_on__lte=starts_to)
    return _placements_with_related(placements).order_by("-starts_on", "-id")


def placement_rows_read(*, user: User, placements: Iterable[Placement]) -> None:
    """Each placement shown names a person: audit it as a read of that person."""
    rows = list(placements)
    audit_events_create(
        actor=user,
        action=AuditAction.LIST,
        object_type="placement",
        candidate_ids=[placement.candidate_id for placement in rows],
    )


def placement_detail(*, user: User, today: date, placement_id: int) -> Placement:
    """One placement for display, audited; 404 outside the user's scope."""
    placement = (
        _placements_with_related(placement_list(user=user, today=today))
        .filter(pk=placement_id)
        .first()
    )
    if placement is None:
        raise ApplicationError(_("Placement not found."), kind=ErrorKind.NOT_FOUND)
    audit_event_create(
        actor=user,
        action=AuditAction.VIEW,
        object_type="placement",
        object_id=placement.pk,
        candidate_id=placement.candidate_id,
    )
    return placement


def placement_in_scope(*, user: User, today: date, placement_id: int) -> Placement:
    """A placement to act on (the service checks the role); 404 outside the scope."""
    placement = placement_list(user=user, today=today).filter(pk=placement_id).first()
    if placement is None:
        raise ApplicationError(_("Placement not found."), kind=ErrorKind.NOT_FOUND)
    return placement


def retention_check_in_scope(*, user: User, check_id: int) -> RetentionCheck:
    roles = user_roles(user=user)
    checks = RetentionCheck.objects.select_related("outcome__candidate")
    if not roles.is_admin:
        checks = checks.filter(outcome__candidate__municipality_id__in=roles.municipality_ids)
    check = checks.filter(pk=check_id).first()
    if check is None:
        raise ApplicationError(_("Retention check not found."), kind=ErrorKind.NOT_FOUND)
    return check


def no_show_placements() -> QuerySet[Placement]:
    """Placements that were a no-show: ended as one, or with a week of no attendance."""
    return Placement.objects.filter(
        ENDED_AS_NO_SHOW | Exists(FollowUp.objects.filter(ABSENT_WEEK, placement=OuterRef("pk")))
    )


def no_shows_by_candidate(candidates: QuerySet[Candidate, Any]) -> Counter[int]:
    """No-shows of each of ``candidates`` who had one, each placement counted once
    however many empty weeks it had: the placements of ``no_show_placements``, read as
    the union of its two ways, each off a partial index of its own (not a test of every
    placement of the candidates' history)."""
    ended = (
        Placement.objects.filter(ENDED_AS_NO_SHOW, candidate__in=candidates)
        .order_by()
        .values_list("pk", "candidate_id")
    )
    absent = (
        FollowUp.objects.filter(ABSENT_WEEK, placement__candidate__in=candidates)
        .order_by()
        .values_list("placement_id", "placement__candidate_id")
    )
    return Counter(candidate_id for _, candidate_id in ended.union(absent))


def candidate_no_shows(*, candidate_ids: Iterable[int]) -> dict[int, int]:
    """No-shows per candidate, each placement counted once however many empty weeks it had."""
    ids = list(candidate_ids)
    return dict.fromkeys(ids, 0) | no_shows_by_candidate(Candidate.objects.filter(pk__in=ids))


# --- Reports -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportScope:
    """What a report covers for a user, and whether its figures go out in full.

    Coordinators (of the projects' municipality) and administrators see full figures;
    follow-up members and housing social workers see their projects' figures, and
    contractor staff their own contractors' on the projects they work on, all under
    disclosure control (DESIGN §3 and §7).
    """

    kind: str  # project, municipality, all
    name: str
    project_ids: tuple[int, ...]
    placements: Q  # over Placement
    sums: Q  # the same over the report's sums (project and contractor)
    candidates: Q  # over Candidate: the referrals counted
    area_ids: frozenset[int]  # the renovated areas: their residents are local
    full: bool
    starts_on: date | None
    target_placements: int = 0
    target_jobs: int = 0
    target_education: int = 0
    trainee_share_target: Decimal | None = None


def report_scope_for_members(*, project_id: int) -> ReportScope:
    """A project's scope as its follow-up group's members see it: suppressed."""
    project = RenovationProject.objects.select_related("area").get(pk=project_id)
    return ReportScope(
        kind="project",
        name=project.name,
        project_ids=(project.pk,),
        placements=Q(need__project_id=project.pk),
        sums=Q(project_id=project.pk),
        candidates=Q(municipality_id=project.area.municipality_id),
        area_ids=frozenset({project.area_id}),
        full=False,
        starts_on=project.starts_on,
        target_placements=project.target_placements,
        target_jobs=project.target_jobs,
        target_education=project.target_education,
        trainee_share_target=project.trainee_share_target,
    )


def report_scope(
    *,
    user: User | AnonymousUser,
    project_id: int | None = None,
    municipality_code: str | None = None,
) -> ReportScope:
    """The scope of a report: one project, one municipality, or all the user may see.

    A project or municipality outside what the user may see answers NOT_FOUND.
    """
    roles = user_roles(user=user)
    projects = project_list(user=user)
    kind, name = "all", _("All projects")
    if project_id is not None:
        projects = projects.filter(pk=project_id)
        kind = "project"
    if municipality_code is not None:
        projects = projects.filter(area__municipality__code=municipality_code)
        kind = "municipality" if kind == "all" else kind
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in projects.values(
            "id",
            "name",
            "area_id",
            "area__municipality_id",
            "area__municipality__name",
            "starts_on",
            "target_placements",
            "target_jobs",
            "target_education",
            "trainee_share_target",
        )
    ]
    if not rows and (project_id is not None or municipality_code is not None):
        raise ApplicationError(_("Nothing to report on here."), kind=ErrorKind.NOT_FOUND)
    if kind == "project":
        name = rows[0]["name"]
    elif kind == "municipality":
        name = rows[0]["area__municipality__name"]

    def whole(row: dict[str, Any]) -> bool:
        return (
            roles.is_admin
            or row["area__municipality_id"] in roles.municipality_ids
            or row["id"] in roles.group_project_ids
            or row["area_id"] in roles.area_ids
        )

    def full(row: dict[str, Any]) -> bool:
        return roles.is_admin or row["area__municipality_id"] in roles.municipality_ids

    whole_ids = [row["id"] for row in rows if whole(row)]
    contractor_only_ids = [row["id"] for row in rows if not whole(row)]
    placements, sums = Q(need__project_id__in=whole_ids), Q(project_id__in=whole_ids)
    if contractor_only_ids:
        placements |= Q(
            need__project_id__in=contractor_only_ids, need__contractor_id__in=roles.contractor_ids
        )
        sums |= Q(project_id__in=contractor_only_ids, contractor_id__in=roles.contractor_ids)
    # Referrals are the job centres': counted where the user sees whole projects.
    municipality_ids = {row["area__municipality_id"] for row in rows if whole(row)}
    shares = [
        row["trainee_share_target"] for row in rows if row["trainee_share_target"] is not None
    ]
    return ReportScope(
        kind=kind,
        name=name,
        project_ids=tuple(sorted(row["id"] for row in rows)),
        placements=placements,
        sums=sums,
        candidates=Q(municipality_id__in=municipality_ids),
        area_ids=frozenset(row["area_id"] for row in rows if whole(row)),
        full=(bool(rows) and all(full(row) for row in rows)) or roles.is_admin,
        starts_on=min((row["starts_on"] for row in rows), default=None),
        target_placements=sum(row["target_placements"] for row in rows if whole(row)),
        target_jobs=sum(row["target_jobs"] for row in rows if whole(row)),
        target_education=sum(row["target_education"] for row in rows if whole(row)),
        trainee_share_target=max(shares) if len(shares) == 1 else None,
    )


# --- Meeting packs -----------------------------------------------------------------------

# Outcome and end-plan reminders fall due this many days around a placement's end (§6).
END_PLAN_DUE_DAYS = 7
OUTCOME_DUE_DAYS = 3
FOLLOW_UP_DUE_DAYS = 7


@dataclass(frozen=True)
class UnfilledNeed:
    need_id: int
    trade: str
    contractor: str
    places: int
    free: int
    latest_start: date


@dataclass(frozen=True)
class Stalled:
    """What is stuck on a project: counts of placements, and the needs with free places."""

    missing_end_plans: int  # under way, ending within a week, no plan for after
    missing_outcomes: int  # ended days ago, no outcome recorded
    missed_check_ins: int  # under way, no follow-up for a week
    unfilled_needs: tuple[UnfilledNeed, ...]


def project_stalled(*, project_id: int, today: date) -> Stalled:
    """The stalled items of a project, in two queries."""
    soon = today + timedelta(days=END_PLAN_DUE_DAYS)
    ended = today - timedelta(days=OUTCOME_DUE_DAYS)
    quiet = today - timedelta(days=FOLLOW_UP_DUE_DAYS)
    counts = Placement.objects.filter(need__project_id=project_id).aggregate(
        missing_end_plans=Count(
            "id",
            filter=Q(status=PlacementStatus.ACTIVE, ends_on__lte=soon, end_plan__isnull=True),
        ),
        missing_outcomes=Count(
            "id",
            filter=Q(
                status__in=(PlacementStatus.COMPLETED, PlacementStatus.INTERRUPTED),
                ends_on__lte=ended,
                outcomes__isnull=True,
            ),
        ),
        missed_check_ins=Count(
            "id",
            filter=Q(
                ~Exists(FollowUp.objects.filter(placement=OuterRef("pk"), held_on__gte=quiet)),
                status=PlacementStatus.ACTIVE,
                starts_on__lte=quiet,
            ),
        ),
    )
    taking = (PlacementStatus.ACCEPTED, PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)
    needs = (
        LabourNeed.objects.filter(
            project_id=project_id, status=NeedStatus.OPEN, latest_start__gte=today
        )
        .annotate(taken=Count("placements", filter=Q(placements__status__in=taking)))
        .filter(taken__lt=F("places"))
        .select_related("trade", "contractor")
        .order_by("latest_start", "id")
    )
    english = (get_language() or "da").startswith("en")
    return Stalled(
        missing_end_plans=counts["missing_end_plans"],
        missing_outcomes=counts["missing_outcomes"],
        missed_check_ins=counts["missed_check_ins"],
        unfilled_needs=tuple(
            UnfilledNeed(
                need_id=need.pk,
                trade=need.trade.name_in("en" if english else "da"),
                contractor=need.contractor.name,
                places=need.places,
                free=need.places - need.taken,
                latest_start=need.latest_start,
            )
            for need in needs
        ),
    )


def meeting_list_for(*, user: User | AnonymousUser) -> QuerySet[Meeting]:
    """Meetings of the groups a user may see (members, the municipality's coordinators)."""
    return Meeting.objects.filter(group__in=follow_up_group_list(user=user).values("pk"))


def meetings_due_a_pack(*, today: date, days_ahead: int = 7) -> QuerySet[Meeting]:
    """Meetings within ``days_ahead`` days that have no pack yet."""
    return Meeting.objects.filter(
        held_on__gte=today, held_on__lte=today + timedelta(days=days_ahead), pack__isnull=True
    ).order_by("held_on", "id")


def meeting_pack_get(*, user: User | AnonymousUser, meeting_id: int) -> MeetingPack:
    """A meeting's pack, for the group's members and coordinators; 404 otherwise or
    before it is made."""
    pack = (
        MeetingPack.objects.filter(meeting__in=meeting_list_for(user=user).values("pk"))
        .select_related("meeting__group")
        .filter(meeting_id=meeting_id)
        .first()
    )
    if pack is None:
        raise ApplicationError(_("No meeting pack here yet."), kind=ErrorKind.NOT_FOUND)
    return pack
