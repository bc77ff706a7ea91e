"""Registering and changing candidates."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError, ErrorKind
from accounts.models import AuditAction, User
from matching.cpr import cpr_birth_date, cpr_lookup_key
from matching.models import (
    BenefitGroup,
    Candidate,
    ConsentRecipient,
    ReferralSource,
    TradeInterest,
)
from matching.services.consents import consent_record
from matching.services.rules import audit, full_clean_or_invalid
from renovations.models import DanishLevel, HousingArea, Municipality, Trade
from renovations.selectors import user_roles


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
    full_clean_or_invalid(candidate, exclude=["cpr_lookup"])
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        # Two referrals of one person at the same moment: the unique lookup decides.
        raise ApplicationError(
            _("This person is already registered."), kind=ErrorKind.CONFLICT
        ) from None
    candidate_trade_interests_set(candidate=candidate, trades=trades)
    audit(by, AuditAction.CREATE, candidate, candidate)
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
    full_clean_or_invalid(candidate, exclude=["cpr_lookup"])
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
    audit(by, AuditAction.UPDATE, candidate, candidate, "changed: " + ", ".join(changed))
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
