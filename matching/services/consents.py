"""Recording and withdrawing consents."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError, ErrorKind
from accounts.models import AuditAction, User
from matching.models import (
    Candidate,
    Consent,
    ConsentRecipient,
)
from matching.services.rules import audit


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
    audit(by, AuditAction.CREATE, consent, candidate, recipient)
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, by: User | None, today: date) -> Consent:
    """Withdraw a consent from today: from this moment nobody sees what it allowed."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ApplicationError(_("The consent is already withdrawn."), kind=ErrorKind.CONFLICT)
    consent.withdrawn_on = max(today, consent.given_on)
    consent.save(update_fields=["withdrawn_on"])
    audit(by, AuditAction.UPDATE, consent, consent.candidate, "withdrawn")
    return consent
