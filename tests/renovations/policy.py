"""The authorization matrix's lines for the renovations API (see tests/personas.py)."""

from typing import Any

from tests.policy import Expect, logged_in

RENOVATIONS_POLICY: dict[tuple[str, str], dict[str, Expect]] = {
    ("me", "GET"): logged_in(200),
}
RENOVATIONS_BODIES: dict[tuple[str, str], dict[str, Any]] = {}
