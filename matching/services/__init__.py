"""Every write in matching: keyword-only services, one transaction each, audited.

Import from here (``from matching.services import placement_accept``); the modules
group the services by what they act on.
"""

from matching.services.allocations import AllocationChoice, allocation_confirm
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
from matching.services.follow_up import end_plan_set, follow_up_record
from matching.services.meeting_packs import meeting_pack_freeze
from matching.services.outcomes import outcome_record, retention_check_record
from matching.services.placements import (
    PLACE_TAKING_STATUSES,
    WeekPlan,
    placement_accept,
    placement_complete,
    placement_decline,
    placement_hire_flag,
    placement_interrupt,
    placement_propose,
    placement_start,
    placement_weeks_plan,
    placement_withdraw,
)

__all__ = [
    "CANDIDATE_CHANGEABLE_FIELDS",
    "PLACE_TAKING_STATUSES",
    "AllocationChoice",
    "ConsentGiven",
    "Erasure",
    "WeekPlan",
    "allocation_confirm",
    "candidate_create",
    "candidate_erase",
    "candidate_trade_interests_set",
    "candidate_update",
    "candidates_anonymise_inactive",
    "candidates_inactive_since",
    "consent_record",
    "consent_withdraw",
    "end_plan_set",
    "follow_up_record",
    "meeting_pack_freeze",
    "outcome_record",
    "placement_accept",
    "placement_complete",
    "placement_decline",
    "placement_hire_flag",
    "placement_interrupt",
    "placement_propose",
    "placement_start",
    "placement_weeks_plan",
    "placement_withdraw",
    "retention_check_record",
]
