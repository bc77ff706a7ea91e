"""The authorization matrix's lines for the notifications API and pages."""

from typing import Any

from tests.policy import Expect, everyone, logged_in

NOTIFICATIONS_POLICY: dict[tuple[str, str], dict[str, Expect]] = {
    ("notifications", "GET"): logged_in(200),
    # The mentor's check-in needs no account: only a valid signed token opens it.
    ("check-in", "GET"): everyone(404),
    ("check-in", "POST"): everyone(404),
    # Anymail's delivery webhook: there is none while emails go to files.
    ("anymail-tracking", "POST"): everyone(404),
}
NOTIFICATIONS_BODIES: dict[tuple[str, str], dict[str, Any]] = {}
