"""Domain events of matching, sent inside the service's transaction.

Apps above matching (notifications) connect to these to act in the same
transaction without matching importing them: a receiver that writes a row
commits or rolls back with the change that caused it.
"""

from django.dispatch import Signal

# placement=Placement: a candidate was introduced to a labour need.
placement_proposed = Signal()
# placement=Placement: the contractor accepted or declined.
placement_decided = Signal()
# placement=Placement: withdrawn or interrupted; what was still to come about it is moot.
placement_ended = Signal()
