"""Every write on candidates and consents: validated, in one transaction, audited."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DateField, F, Max
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError, ErrorKind
from accounts.models import AuditAction, User
from accounts.services import audit_event_create
from matching.cpr import cpr_birth_date, cpr_lookup_key
from matching.models import (
    PLACEMENT_HOLDING_STATUSES,
    BenefitGroup,
    Candidate,
    CandidateStatus,
    Consent,
    ConsentRecipient,
    EndPlan,
    FollowUp,
    Outcome,
    Placement,
    PlacementStatus,
    PlacementWeek,
    ReferralSource,
    TradeInterest,
)
from matching.selectors import candidate_has_valid_consent
from renovations import workdays
from renovations.models import DanishLevel, HousingArea, LabourNeed, Municipality, NeedStatus, Trade
from renovations.selectors import user_roles


def _audit(
    by: User | None, action: AuditAction, obj: Any, candidate: Candidate, why: str = ""
) -> None:
    audit_event_create(
        actor=by,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        candidate_id=candidate.pk,
        purpose=why,
    )


def _full_clean(obj: Any, *, exclude: Sequence[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise ApplicationError(
            _("The input is not valid."),
            extra={
                "fields": {
                    field: [str(m) for m in messages]
                    for field, messages in exc.message_dict.items()
                }
            },
        ) from None


def _require_area_in(home_area: HousingArea | None, municipality_id: int) -> None:
    if home_area is not None and home_area.municipality_id != municipality_id:
        raise ApplicationError.field(
            "home_area", _("The housing area is not in the job centre's municipality.")
        )


def _require_may_register(
    *, by: User, municipality: Municipality, home_area: HousingArea | None
) -> str:
    """Return the referral source a user registers with, or refuse."""
    roles = user_roles(user=by)
    if roles.is_admin or municipality.pk in roles.municipality_ids:
        return ""
    if home_area is not None and home_area.pk in roles.area_ids:
        return ReferralSource.HOUSING_SOCIAL
    raise ApplicationError(
        _("You can register people only for your own job centre or housing area."),
        kind=ErrorKind.FORBIDDEN,
    )


@dataclass(frozen=True)
class ConsentGiven:
    """A consent recorded together with a new candidate."""

    recipient: str
    purpose: str
    given_on: date
    evidence: str = ""
    expires_on: date | None = None


@transaction.atomic
def candidate_create(
    *,
    by: User | None,
    municipality: Municipality,
    first_name: str,
    last_name: str,
    referred_on: date,
    cpr: str | None = None,
    email: str = "",
    phone: str = "",
    birth_date: date | None = None,
    coordinator: User | None = None,
    home_area: HousingArea | None = None,
    benefit_group: str = BenefitGroup.OTHER,
    referral_source: str = ReferralSource.JOBCENTER,
    referred_by: User | None = None,
    trades: Sequence[Trade] = (),
    open_to_any_trade: bool = False,
    has_driving_licence: bool = False,
    safety_course_until: date | None = None,
    danish_level: int = DanishLevel.NONE,
    speaks_english: bool = False,
    available_from: date | None = None,
    notes: str = "",
    consents: Sequence[ConsentGiven] = (),
) -> Candidate:
    """Register a referred person. A CPR number is kept only as its lookup key.

    ``by=None`` is the system itself (the demo loader); a user may register people
    for a job centre they coordinate, or, as a housing social worker, residents of
    their own housing areas (then always as a housing social referral).
    """
    _require_area_in(home_area, municipality.pk)
    if by is not None:
        forced_source = _require_may_register(by=by, municipality=municipality, home_area=home_area)
        if forced_source:
            referral_source, referred_by, notes = forced_source, by, ""
            if not any(c.recipient == ConsentRecipient.HOUSING_SOCIAL_PLAN for c in consents):
                raise ApplicationError.field(
                    "consents",
                    _("A referral from the housing social plan needs the resident's consent."),
                )
    lookup = None
    if cpr:
        lookup = cpr_lookup_key(cpr)
        birth_date = birth_date or cpr_birth_date(cpr)
        if Candidate.objects.filter(cpr_lookup=lookup).exists():
            raise ApplicationError(_("This person is already registered."), kind=ErrorKind.CONFLICT)
    candidate = Candidate(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email,
        phone=phone,
        birth_date=birth_date,
        cpr_lookup=lookup,
        municipality=municipality,
        coordinator=coordinator,
        home_area=home_area,
        benefit_group=benefit_group,
        referral_source=referral_source,
        referred_by=referred_by or by,
        referred_on=referred_on,
        open_to_any_trade=open_to_any_trade,
        has_driving_licence=has_driving_licence,
        safety_course_until=safety_course_until,
        danish_level=danish_level,
        speaks_english=speaks_english,
        available_from=available_from,
        notes=notes,
    )
    _full_clean(candidate, exclude=["cpr_lookup"])
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        # Two referrals of one person at the same moment: the unique lookup decides.
        raise ApplicationError(
            _("This person is already registered."), kind=ErrorKind.CONFLICT
        ) from None
    candidate_trade_interests_set(candidate=candidate, trades=trades)
    _audit(by, AuditAction.CREATE, candidate, candidate)
    for given in consents:
        consent_record(
            candidate=candidate,
            recipient=given.recipient,
            purpose=given.purpose,
            given_on=given.given_on,
            expires_on=given.expires_on,
            evidence=given.evidence,
            by=by,
        )
    return candidate


# The fields a coordinator may change on a candidate; the CPR number goes in apart.
CANDIDATE_CHANGEABLE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_date",
    "coordinator",
    "home_area",
    "benefit_group",
    "referral_source",
    "referred_on",
    "open_to_any_trade",
    "has_driving_licence",
    "safety_course_until",
    "danish_level",
    "speaks_english",
    "available_from",
    "notes",
    "status",
)


@transaction.atomic
def candidate_update(
    *,
    candidate: Candidate,
    by: User,
    changes: dict[str, Any],
    cpr: str | None = None,
    trades: Sequence[Trade] | None = None,
) -> Candidate:
    """Change a candidate's data; only the fields in ``CANDIDATE_CHANGEABLE_FIELDS``."""
    unknown = set(changes) - set(CANDIDATE_CHANGEABLE_FIELDS)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed."),
            extra={"fields": {f: [_("Read-only.")] for f in unknown}},
        )
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    for field, value in changes.items():
        setattr(candidate, field, value)
    _require_area_in(candidate.home_area, candidate.municipality_id)
    if cpr:
        lookup = cpr_lookup_key(cpr)
        if Candidate.objects.filter(cpr_lookup=lookup).exclude(pk=candidate.pk).exists():
            raise ApplicationError(_("This person is already registered."), kind=ErrorKind.CONFLICT)
        candidate.cpr_lookup = lookup
        if candidate.birth_date is None:
            candidate.birth_date = cpr_birth_date(cpr)
    _full_clean(candidate, exclude=["cpr_lookup"])
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        raise ApplicationError(
            _("This person is already registered."), kind=ErrorKind.CONFLICT
        ) from None
    if trades is not None:
        candidate_trade_interests_set(candidate=candidate, trades=trades)
    changed = (
        sorted(changes) + (["cpr"] if cpr else []) + (["trades"] if trades is not None else [])
    )
    _audit(by, AuditAction.UPDATE, candidate, candidate, "changed: " + ", ".join(changed))
    return candidate


@transaction.atomic
def candidate_trade_interests_set(*, candidate: Candidate, trades: Sequence[Trade]) -> None:
    """Replace the candidate's ranked trade interests (first is rank 1, at most 3)."""
    if len(trades) > 3:
        raise ApplicationError.field("trades", _("Choose at most three trades."))
    if len({trade.pk for trade in trades}) != len(trades):
        raise ApplicationError.field("trades", _("Each trade can be chosen only once."))
    TradeInterest.objects.filter(candidate=candidate).delete()
    TradeInterest.objects.bulk_create(
        TradeInterest(candidate=candidate, trade=trade, rank=rank)
        for rank, trade in enumerate(trades, start=1)
    )


@transaction.atomic
def consent_record(
    *,
    candidate: Candidate,
    recipient: str,
    purpose: str,
    given_on: date,
    by: User | None,
    evidence: str = "",
    expires_on: date | None = None,
) -> Consent:
    """Record a consent; it expires after CONSENT_VALID_MONTHS unless a date is given."""
    if recipient not in ConsentRecipient.values:
        raise ApplicationError.field("recipient", _("Unknown recipient."))
    if not purpose.strip():
        raise ApplicationError.field("purpose", _("Say what the data is shared for."))
    expires_on = expires_on or given_on + relativedelta(months=settings.CONSENT_VALID_MONTHS)
    if expires_on <= given_on:
        raise ApplicationError.field(
            "expires_on", _("The expiry must be after the consent was given.")
        )
    consent = Consent.objects.create(
        candidate=candidate,
        recipient=recipient,
        purpose=purpose.strip(),
        given_on=given_on,
        expires_on=expires_on,
        recorded_by=by,
        evidence=evidence,
    )
    _audit(by, AuditAction.CREATE, consent, candidate, recipient)
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: User | None, today: date) -> Consent:
    """Withdraw a consent from today: from this moment nobody sees what it allowed."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ApplicationError(_("The consent is already withdrawn."), kind=ErrorKind.CONFLICT)
    consent.withdrawn_on = max(today, consent.given_on)
    consent.save(update_fields=["withdrawn_on"])
    _audit(by, AuditAction.UPDATE, consent, consent.candidate, "withdrawn")
    return consent


@dataclass(frozen=True)
class Erasure:
    candidate_id: int
    consents_deleted: int
    trade_interests_deleted: int
    placements_kept: int
    outcomes_kept: int


def _anonymise(candidate: Candidate, today: date) -> Erasure:
    """Delete a candidate's personal data for real, keeping the statistical rows.

    What stays is what the reports count: municipality, home area, referral source
    and date, placements with their dates, needs and statuses, outcomes with their
    kind and dates, retention checks. Names, contact data, CPR lookup, birth date,
    benefit group, notes, consents, trade interests and every free text go.
    """
    consents, _by_model = Consent.objects.filter(candidate=candidate).delete()
    interests, _by_model = TradeInterest.objects.filter(candidate=candidate).delete()
    placements = Placement.objects.filter(candidate=candidate)
    placements.update(override_reason="", decline_reason="", reasons=[])
    FollowUp.objects.filter(placement__candidate=candidate).update(
        notes="", mentor_feedback="", next_step="", wellbeing=None
    )
    EndPlan.objects.filter(placement__candidate=candidate).update(details="")
    outcomes = Outcome.objects.filter(candidate=candidate)
    outcomes.update(employer_name="")
    Candidate.objects.filter(pk=candidate.pk).update(
        first_name="",
        last_name="",
        email="",
        phone="",
        birth_date=None,
        cpr_lookup=None,
        coordinator=None,
        referred_by=None,
        benefit_group=BenefitGroup.OTHER,
        open_to_any_trade=False,
        has_driving_licence=False,
        safety_course_until=None,
        danish_level=DanishLevel.NONE,
        speaks_english=False,
        available_from=None,
        notes="",
        status=CandidateStatus.EXITED,
        anonymised_on=today,
    )
    return Erasure(
        candidate_id=candidate.pk,
        consents_deleted=consents,
        trade_interests_deleted=interests,
        placements_kept=placements.count(),
        outcomes_kept=outcomes.count(),
    )


@transaction.atomic
def candidate_erase(*, candidate: Candidate, by: User, today: date, reason: str) -> Erasure:
    """Erase a candidate on request (GDPR art. 17); the reports for past periods stay true."""
    if not reason.strip():
        raise ApplicationError.field("reason", _("Say why the data is erased."))
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.anonymised_on is not None:
        raise ApplicationError(_("The candidate is already erased."), kind=ErrorKind.CONFLICT)
    erasure = _anonymise(candidate, today)
    _audit(by, AuditAction.DELETE, candidate, candidate, f"erased: {reason.strip()}")
    return erasure


def candidates_inactive_since(*, cutoff: date) -> list[int]:
    """Ids of candidates with nothing happening since ``cutoff`` (not yet anonymised).

    The last activity is the latest of: referral, change of the record, end of a
    placement, start of an outcome, and a retention check's due date, so a person
    still awaiting a 12-month check is never counted as inactive.
    """
    # SQLite's GREATEST is NULL when any argument is; the referral date fills the gaps.
    referred = F("referred_on")
    last_activity = Greatest(
        referred,
        Cast("updated_at", DateField()),
        Coalesce(Max("placements__ends_on"), referred),
        Coalesce(Max("outcomes__started_on"), referred),
        Coalesce(Max("outcomes__retention_checks__due_on"), referred),
    )
    return list(
        Candidate.objects.filter(anonymised_on__isnull=True)
        .alias(last_activity=last_activity)
        .filter(last_activity__lt=cutoff)
        .values_list("pk", flat=True)
    )


def candidates_anonymise_inactive(*, today: date) -> int:
    """The retention job: anonymise every candidate inactive past the retention period."""
    cutoff = today - relativedelta(months=settings.CANDIDATE_RETENTION_MONTHS)
    erased = 0
    for candidate_id in candidates_inactive_since(cutoff=cutoff):
        with transaction.atomic():
            candidate = Candidate.objects.select_for_update().get(pk=candidate_id)
            if candidate.anonymised_on is None:
                _anonymise(candidate, today)
                _audit(None, AuditAction.DELETE, candidate, candidate, "retention period ended")
                erased += 1
    return erased


def _require_coordinator_of(by: User, candidate: Candidate) -> None:
    roles = user_roles(user=by)
    if not (roles.is_admin or candidate.municipality_id in roles.municipality_ids):
        raise ApplicationError(
            _("Only the candidate's job centre may change this."), kind=ErrorKind.FORBIDDEN
        )


def _conflict(message: str) -> ApplicationError:
    return ApplicationError(message, kind=ErrorKind.CONFLICT)


@transaction.atomic
def placement_propose(
    *,
    need: LabourNeed,
    candidate: Candidate,
    by: User,
    starts_on: date,
    today: date,
    score: Decimal | None = None,
    reasons: Sequence[dict[str, Any]] = (),
    override_reason: str = "",
    hours_per_week: Decimal = Decimal(37),
) -> Placement:
    """Introduce a candidate to a labour need: a ``proposed`` placement with its weeks.

    The candidate must be active and have a valid consent to share with contractors;
    the start is a working day in the need's window and not before the candidate is
    available; the placement ends on the last working day of its last week and may not
    overlap another of the candidate's placements (on PostgreSQL the database's
    exclusion constraint is the guarantee).
    """
    _require_coordinator_of(by, candidate)
    # Lock the need, then the candidate: proposals for one person are serialised.
    need = (
        LabourNeed.objects.select_for_update().select_related("trade", "contractor").get(pk=need.pk)
    )
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if need.status != NeedStatus.OPEN:
        raise _conflict(_("The labour need is not open."))
    if candidate.status != CandidateStatus.ACTIVE or candidate.anonymised_on is not None:
        raise _conflict(_("The candidate is not active."))
    if not candidate_has_valid_consent(
        candidate=candidate, recipient=ConsentRecipient.CONTRACTORS, on=today
    ):
        raise _conflict(_("The candidate has no valid consent to share data with contractors."))
    if not need.earliest_start <= starts_on <= need.latest_start:
        raise ApplicationError.field("starts_on", _("The start must lie in the need's window."))
    if not workdays.is_working_day(starts_on):
        raise ApplicationError.field("starts_on", _("The start must be a working day."))
    if candidate.available_from and starts_on < candidate.available_from:
        raise ApplicationError.field(
            "starts_on", _("The candidate is not available before that date.")
        )
    if Placement.objects.filter(
        candidate=candidate, need=need, status=PlacementStatus.DECLINED
    ).exists():
        raise _conflict(_("The contractor has already declined this candidate for this need."))
    ends_on = workdays.last_working_day_of_week(starts_on, need.weeks)
    overlapping = Placement.objects.filter(
        candidate=candidate,
        status__in=PLACEMENT_HOLDING_STATUSES,
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
    )
    if overlapping.exists():
        raise _conflict(_("The candidate already has a placement in this period."))
    try:
        with transaction.atomic():
            placement = Placement.objects.create(
                candidate=candidate,
                need=need,
                kind=need.kind,
                starts_on=starts_on,
                ends_on=ends_on,
                coordinator=by,
                score=score,
                reasons=list(reasons),
                override_reason=override_reason.strip(),
                hours_per_week=hours_per_week,
            )
    except IntegrityError:
        raise _conflict(_("The candidate already has a placement in this period.")) from None
    PlacementWeek.objects.bulk_create(
        PlacementWeek(
            placement=placement,
            week=week,
            trade=need.trade,
            contractor=need.contractor,
            mentor_name=need.mentor_name,
            mentor_email=need.mentor_email,
            mentor_phone=need.mentor_phone,
        )
        for week in range(1, need.weeks + 1)
    )
    _audit(by, AuditAction.CREATE, placement, candidate, f"proposed to need {need.pk}")
    return placement
