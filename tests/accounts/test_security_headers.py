"""Security headers: CSP and friends on every page, no-store wherever personal data may be."""

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.config.test_settings import PRODUCTION_ENV, _manage

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


def _policy(header: str) -> dict[str, list[str]]:
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


class _Page(HTMLParser):
    """What a page loads, and what it would run or style inline."""

    def __init__(self) -> None:
        super().__init__()
        self.resources: list[str] = []
        self.inline_scripts = 0
        self.inline_styles: list[str] = []
        self.style_attributes = 0
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "style" in attributes:
            self.style_attributes += 1
        if tag == "script":
            if attributes.get("src"):
                self.resources.append(str(attributes["src"]))
            else:
                self.inline_scripts += 1
        elif tag == "link" and attributes.get("rel") in {"stylesheet", "icon"}:
            self.resources.append(str(attributes["href"]))
        elif tag == "style":
            self._in = "style"
            self.inline_styles.append("")

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.inline_styles[-1] += data

    def handle_endtag(self, tag: str) -> None:
        self._in = None


def _page(client: Client, url: str) -> tuple[_Page, dict[str, list[str]]]:
    response = client.get(url)
    assert response.status_code == 200, url
    page = _Page()
    page.feed(response.content.decode())
    return page, _policy(response["Content-Security-Policy"])


def _no_store(response: object) -> bool:
    return "no-store" in str(getattr(response, "headers", {}).get("Cache-Control", ""))


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def test_pages_carry_the_content_security_policy(client: Client) -> None:
    """The login page, like every page, allows only the site's own scripts and styles."""
    response = client.get(reverse("login"))
    assert _policy(response["Content-Security-Policy"]) == POLICY


def test_pages_forbid_framing_sniffing_referrer_leaks_and_unused_features(
    client: Client,
) -> None:
    """X-Frame-Options, nosniff, Referrer-Policy, COOP and Permissions-Policy are all set."""
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_api_responses_are_never_stored(client: Client) -> None:
    """Every API answer says no-store, whether it succeeded or not."""
    token = reverse("auth-token")
    responses = [
        client.post(token, {}, content_type="application/json"),
        client.delete(token),
        client.get(reverse("schema")),
    ]
    assert [r.status_code for r in responses] == [400, 401, 200]
    for response in responses:
        assert _no_store(response), response
        assert "private" in response["Cache-Control"]


def test_pages_for_a_logged_in_user_are_never_stored(client: Client) -> None:
    """A page shown to a logged-in user is no-store; the same page for a visitor is not."""
    anonymous = client.get(reverse("password_reset"))
    assert anonymous.status_code == 200
    assert not _no_store(anonymous)
    client.force_login(UserFactory.create())
    logged_in = client.get(reverse("password_reset"))
    assert _no_store(logged_in)
    assert _no_store(client.get(reverse("password_change")))


def test_admin_pages_are_never_stored(admin_client: Client) -> None:
    """The admin shows personal data: none of it may be cached."""
    assert _no_store(admin_client.get(reverse("admin:index")))


def test_static_files_stay_cacheable(client: Client) -> None:
    """Static files keep their cache headers and get no no-store."""
    response = client.get("/static/admin/css/base.css")
    assert response.status_code == 200
    assert not _no_store(response)


def test_the_admin_works_under_the_policy(admin_client: Client) -> None:
    """The admin index and a change form run no inline script or style the CSP would block."""
    user = UserFactory.create()
    for url in (reverse("admin:index"), reverse("admin:accounts_user_change", args=[user.pk])):
        page, policy = _page(admin_client, url)
        assert policy == POLICY
        assert page.inline_scripts == 0, url
        assert page.inline_styles == [], url
        assert page.style_attributes == 0, url
        for resource in page.resources:
            assert resource.startswith("/") and not resource.startswith("//"), resource
            assert admin_client.get(resource).status_code == 200, resource


def test_the_login_and_lockout_pages_work_under_the_policy(client: Client) -> None:
    """The login page loads only the site's own files and runs nothing inline."""
    page, _ = _page(client, reverse("login"))
    assert page.inline_scripts == 0
    assert page.inline_styles == []
    assert page.style_attributes == 0


def test_the_api_docs_load_under_the_policy(client: Client) -> None:
    """Swagger UI loads its script from a file; only its own inline style is allowed, by hash."""
    page, policy = _page(client, reverse("api-docs"))
    assert page.inline_scripts == 0
    assert policy["script-src"] == ["'self'"]
    for style in page.inline_styles:
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy["style-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert {name: values for name, values in policy.items() if name != "style-src"} == {
        name: values for name, values in POLICY.items() if name != "style-src"
    }
    for resource in page.resources:
        response = client.get(resource)
        assert response.status_code == 200, resource
    start_up = client.get(next(r for r in page.resources if r.startswith("/api/docs/")))
    assert start_up["Content-Type"].startswith("application/javascript")
    assert re.search(r'"validatorUrl": null', start_up.content.decode())


def test_production_cookies_are_secure_and_http_only_with_hsts() -> None:
    """DJANGO_ENV=production: secure, HttpOnly cookies, HSTS for a year, SSL redirect."""
    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_AGE",
        "SESSION_SAVE_EVERY_REQUEST",
        "SESSION_ABSOLUTE_TIMEOUT_HOURS",
        "AXES_FAILURE_LIMIT",
    ]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}))"
    )
    result = _manage("shell", "-c", code, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_AGE": 30 * 60,
        "SESSION_SAVE_EVERY_REQUEST": True,
        "SESSION_ABSOLUTE_TIMEOUT_HOURS": 12,
        "AXES_FAILURE_LIMIT": 5,
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOGIN_FAILURE_LIMIT", "6"),
        ("SESSION_IDLE_TIMEOUT_MINUTES", "31"),
        ("SESSION_ABSOLUTE_TIMEOUT_HOURS", "13"),
        ("API_TOKEN_TTL_HOURS", "0"),
    ],
)
def test_login_limits_cannot_be_loosened_past_the_requirement(name: str, value: str) -> None:
    """More than 5 failures, 30 idle minutes or 12 hours is refused at start, naming the setting."""
    result = _manage("check", **{name: value})
    assert result.returncode != 0
    assert name in result.stderr
