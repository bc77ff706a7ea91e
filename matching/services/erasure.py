"""Erasure on request and the retention job: personal data deleted, statistics kept."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import DateField, F, Max
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError, ErrorKind
from accounts.models import AuditAction, User
from matching.models import (
    BenefitGroup,
    Candidate,
    CandidateStatus,
    Consent,
    EndPlan,
    FollowUp,
    Outcome,
    Placement,
    TradeInterest,
)
from matching.services.rules import audit
from renovations.models import DanishLevel


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
    audit(by, AuditAction.DELETE, candidate, candidate, f"erased: {reason.strip()}")
    return erasure


def candidates_inactive_since(*, cutoff: date, among: list[int] | None = None) -> list[int]:
    """Ids of candidates with nothing happening since ``cutoff`` (not yet anonymised).

    The last activity is the latest of: referral, change of the record, a consent given
    or withdrawn, end of a placement, start of an outcome, and a retention check's due
    date, so a person still awaiting a 12-month check is never counted as inactive.
    """
    # SQLite's GREATEST is NULL when any argument is; the referral date fills the gaps.
    referred = F("referred_on")
    last_activity = Greatest(
        referred,
        Cast("updated_at", DateField()),
        Coalesce(Max("placements__ends_on"), referred),
        Coalesce(Max("outcomes__started_on"), referred),
        Coalesce(Max("outcomes__retention_checks__due_on"), referred),
        Coalesce(Max("consents__given_on"), referred),
        Coalesce(Max("consents__withdrawn_on"), referred),
    )
    candidates = Candidate.objects.filter(anonymised_on__isnull=True)
    if among is not None:
        candidates = candidates.filter(pk__in=among)
    return list(
        candidates.alias(last_activity=last_activity)
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
            # Whatever happened since the list was made counts: look again under the lock.
            if candidates_inactive_since(cutoff=cutoff, among=[candidate_id]):
                _anonymise(candidate, today)
                audit(None, AuditAction.DELETE, candidate, candidate, "retention period ended")
                erased += 1
    return erased
