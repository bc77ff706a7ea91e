"""The authorization matrix's lines for the notifications API."""

from typing import Any

from tests.policy import Expect, logged_in

NOTIFICATIONS_POLICY: dict[tuple[str, str], dict[str, Expect]] = {
    ("notifications", "GET"): logged_in(200),
}
NOTIFICATIONS_BODIES: dict[tuple[str, str], dict[str, Any]] = {}
