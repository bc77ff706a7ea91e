from collections.abc import Sequence
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError, ErrorKind
from accounts.models import User
from matching.cpr import cpr_birth_date, cpr_lookup_key
from matching.models import (
    BenefitGroup,
    Candidate,
    Consent,
    ConsentRecipient,
    ReferralSource,
    TradeInterest,
)
from renovations.models import DanishLevel, HousingArea, Municipality, Trade


def candidate_find_by_cpr(*, cpr: str) -> Candidate | None:
    """Find an already registered person by CPR number, without storing the number."""
    return Candidate.objects.filter(cpr_lookup=cpr_lookup_key(cpr)).first()


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
) -> Candidate:
    """Register a referred person. A CPR number is kept only as its lookup key."""
    lookup = None
    if cpr:
        lookup = cpr_lookup_key(cpr)
        birth_date = birth_date or cpr_birth_date(cpr)
        if Candidate.objects.filter(cpr_lookup=lookup).exists():
            raise ApplicationError(_("This person is already registered."), kind=ErrorKind.CONFLICT)
    if home_area is not None and home_area.municipality_id != municipality.pk:
        # A resident of another municipality's area is still welcome; the area is
        # only kept when it belongs to the job centre's own municipality.
        home_area = None
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
    candidate.full_clean(exclude=["cpr_lookup"])
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        # Two referrals of one person at the same moment: the unique lookup decides.
        raise ApplicationError(
            _("This person is already registered."), kind=ErrorKind.CONFLICT
        ) from None
    candidate_trade_interests_set(candidate=candidate, trades=trades)
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
    expires_on = expires_on or given_on + relativedelta(months=settings.CONSENT_VALID_MONTHS)
    if expires_on <= given_on:
        raise ApplicationError.field(
            "expires_on", _("The expiry must be after the consent was given.")
        )
    return Consent.objects.create(
        candidate=candidate,
        recipient=recipient,
        purpose=purpose,
        given_on=given_on,
        expires_on=expires_on,
        recorded_by=by,
        evidence=evidence,
    )
