"""Absolute links to the web pages that emails point to, built from ``SITE_URL``.

The one place that knows the pages' paths; an email carries a link, never the
personal data the page behind it shows (after login, to those allowed).
"""

from django.conf import settings


def absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def dashboard() -> str:
    return absolute("/")


def placement(placement_id: int) -> str:
    return absolute(f"/placements/{placement_id}/")


def need(need_id: int) -> str:
    return absolute(f"/needs/{need_id}/")


def candidate(candidate_id: int) -> str:
    return absolute(f"/candidates/{candidate_id}/")


def meeting_pack(meeting_id: int) -> str:
    return absolute(f"/meetings/{meeting_id}/pack/")


def check_in(token: str) -> str:
    return absolute(f"/check-in/{token}/")
