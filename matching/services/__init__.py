"""Every write in matching: keyword-only services, one transaction each, audited.

Import from here (``from matching.services import placement_accept``); the modules
group the services by what they act on.
"""

from matching.services.candidates import (
    CANDIDATE_CHANGEABLE_FIELDS,
    ConsentGiven,
    candidate_create,
    candidate_trade_interests_set,
    candidate_update,
)
from matching.services.consents import consent_record, consent_withdraw
from matching.services.erasure import (
    Erasure,
    candidate_erase,
    candidates_anonymise_inactive,
    candidates_inactive_since,
)
from matching.services.placements import placement_propose

__all__ = [
    "CANDIDATE_CHANGEABLE_FIELDS",
    "ConsentGiven",
    "Erasure",
    "candidate_create",
    "candidate_erase",
    "candidate_trade_interests_set",
    "candidate_update",
    "candidates_anonymise_inactive",
    "candidates_inactive_since",
    "consent_record",
    "consent_withdraw",
    "placement_propose",
]
