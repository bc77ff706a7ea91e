"""Logging in: lockout per email and address, password reset, session and token lifetimes.

Anne and Bo work at the same job centre, behind one public address (10.0.0.1).
Someone guesses Anne's password from there; Anne at home (10.0.0.2) and Bo at
the office must not be locked out by it.
"""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from pytest_django.fixtures import Settings
from rest_framework.authtoken.models import Token

from accounts.authentication import client_ip_address
from accounts.models import User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
OFFICE = "10.0.0.1"
HOME = "10.0.0.2"
START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """Hash with a cheap hasher: these tests check passwords dozens of times."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def anne() -> User:
    return UserFactory.create(email="anne@example.dk", full_name="Anne", is_staff=True)


@pytest.fixture
def bo() -> User:
    return UserFactory.create(email="bo@example.dk", full_name="Bo", is_staff=True)


def _login(client: Client, email: str, password: str, ip: str = OFFICE) -> Any:
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def _token(
    client: Client, email: str, password: str, ip: str = OFFICE, language: str = "en"
) -> Any:
    return client.post(
        reverse("auth-token"),
        {"email": email, "password": password},
        content_type="application/json",
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def _fail(times: int, client: Client, email: str, ip: str = OFFICE) -> None:
    for _ in range(times):
        assert _login(client, email, "wrong-password", ip).status_code == 200


def _lock_out(client: Client, email: str, ip: str = OFFICE) -> None:
    _fail(4, client, email, ip)
    assert _login(client, email, "wrong-password", ip).status_code == 429


# --- Lockout on the login page -------------------------------------------------


def test_the_fifth_failure_locks_out_and_then_even_the_right_password_is_refused(
    client: Client, anne: User
) -> None:
    """Five wrong passwords for one email from one address lock that pair out."""
    _fail(4, client, anne.email)
    fifth = _login(client, anne.email, "wrong-password")
    assert fifth.status_code == 429
    sixth = _login(client, anne.email, PASSWORD)
    assert sixth.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_says_what_happened_in_danish(client: Client, anne: User) -> None:
    """A locked-out user sees a page, in Danish, that says why and links to password reset."""
    _lock_out(client, anne.email)
    page = client.post(
        reverse("login"),
        {"username": anne.email, "password": PASSWORD},
        REMOTE_ADDR=OFFICE,
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert page.status_code == 429
    body = page.content.decode()
    assert "For mange mislykkede loginforsøg" in body
    assert reverse("password_reset") in body


def test_others_behind_the_same_address_can_still_log_in(
    client: Client, anne: User, bo: User
) -> None:
    """Anne's lockout at the office does not stop Bo logging in from the office."""
    _lock_out(client, anne.email)
    response = _login(client, bo.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_same_user_can_still_log_in_from_another_address(client: Client, anne: User) -> None:
    """Anne locked out at the office can still log in from home."""
    _lock_out(client, anne.email)
    assert _login(client, anne.email, PASSWORD, ip=HOME).status_code == 302


def test_changing_the_case_of_the_email_does_not_reset_the_count(
    client: Client, anne: User
) -> None:
    """Failures for "ANNE@EXAMPLE.DK" count against anne@example.dk."""
    _fail(3, client, "ANNE@EXAMPLE.DK")
    _fail(1, client, "Anne@Example.dk")
    assert _login(client, anne.email, "wrong-password").status_code == 429


def test_the_lockout_ends_after_the_cool_off(client: Client, anne: User) -> None:
    """After LOGIN_LOCKOUT_MINUTES without attempts, the right password works again."""
    with time_machine.travel(START, tick=False) as traveller:
        _fail(4, client, anne.email)
        assert _login(client, anne.email, "wrong-password").status_code == 429
        traveller.shift(dt.timedelta(minutes=29))
        assert _login(client, anne.email, PASSWORD).status_code == 429
        # That attempt while locked out started the wait again.
        traveller.shift(dt.timedelta(minutes=31))
        assert _login(client, anne.email, PASSWORD).status_code == 302


def test_a_successful_login_forgives_earlier_failures(client: Client, anne: User) -> None:
    """Four typos, a login, four more typos: still not locked out."""
    _fail(4, client, anne.email)
    assert _login(client, anne.email, PASSWORD).status_code == 302
    client.logout()
    _fail(4, client, anne.email)
    assert _login(client, anne.email, PASSWORD).status_code == 302


def test_the_admin_login_is_locked_out_the_same_way(client: Client, anne: User) -> None:
    """The admin's login page counts failures with the login page's."""
    _fail(3, client, anne.email)
    for _ in range(2):
        client.post(
            reverse("admin:login"),
            {"username": anne.email, "password": "wrong-password"},
            REMOTE_ADDR=OFFICE,
        )
    response = client.post(
        reverse("admin:login"), {"username": anne.email, "password": PASSWORD}, REMOTE_ADDR=OFFICE
    )
    assert response.status_code == 429


def test_the_client_address_comes_from_the_trusted_proxies(settings: Settings) -> None:
    """Behind N proxies the client is the N-th address from the end of X-Forwarded-For."""
    request = RequestFactory().get(
        "/", REMOTE_ADDR="192.168.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 80.1.2.3, 10.1.1.1"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip_address(request) == "192.168.0.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip_address(request) == "80.1.2.3"
    settings.TRUSTED_PROXY_COUNT = 4
    assert client_ip_address(request) == "192.168.0.9"


# --- Password reset ----------------------------------------------------------------


def _reset_link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/reset/[^/\s]+/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_password_reset_sends_one_email_whose_link_sets_a_new_password(
    client: Client, anne: User
) -> None:
    """The emailed link leads to a form that sets the new password."""
    response = client.post(reverse("password_reset"), {"email": "Anne@Example.dk"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [anne.email]

    form = client.get(_reset_link(str(mail.outbox[0].body)), follow=True)
    assert form.status_code == 200
    new_password = "en-helt-ny-stige-2026"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    anne.refresh_from_db()
    assert anne.check_password(new_password)
    assert _login(client, anne.email, new_password).status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing_and_looks_the_same(
    client: Client, anne: User
) -> None:
    """The answer does not tell whether an account exists."""
    known = client.post(reverse("password_reset"), {"email": anne.email})
    mail.outbox.clear()
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.dk"})
    assert mail.outbox == []
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])


def test_password_reset_email_is_written_by_the_file_backend(
    client: Client, anne: User, settings: Settings, tmp_path: Path
) -> None:
    """With no email provider the reset email lands as a file, link included."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    client.post(reverse("password_reset"), {"email": anne.email})
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    assert _reset_link(files[0].read_text())


def test_the_login_pages_offer_password_reset(client: Client) -> None:
    """Both the login page and the admin's login page link to password reset."""
    login = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert f'href="{reverse("password_reset")}"' in login
    assert "Glemt din adgangskode?" in login
    assert '<label for="id_username">' in login
    assert '<label for="id_password">' in login
    admin_login = client.get(reverse("admin:login")).content.decode()
    assert f'href="{reverse("admin_password_reset")}"' in admin_login


# --- Session lifetime ------------------------------------------------------------------


def _logged_in(client: Client) -> bool:
    response = client.get(reverse("admin:index"))
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("admin:login"))
        return False
    assert response.status_code == 200
    return True


def test_a_session_ends_after_30_minutes_without_a_request(client: Client, anne: User) -> None:
    """Every request renews the 30 minutes; 30 minutes of silence logs out."""
    with time_machine.travel(START, tick=False) as traveller:
        assert _login(client, anne.email, PASSWORD).status_code == 302
        for _ in range(3):
            traveller.shift(dt.timedelta(minutes=29))
            assert _logged_in(client)
        traveller.shift(dt.timedelta(minutes=30, seconds=1))
        assert not _logged_in(client)


def test_a_session_ends_12_hours_after_login_however_active(client: Client, anne: User) -> None:
    """Active every 10 minutes, still logged out 12 hours after logging in."""
    with time_machine.travel(START, tick=False) as traveller:
        assert _login(client, anne.email, PASSWORD).status_code == 302
        for _ in range(71):
            traveller.shift(dt.timedelta(minutes=10))
            assert _logged_in(client)
        traveller.shift(dt.timedelta(minutes=10))  # 12:00 after login
        assert not _logged_in(client)
        # A fresh login starts a fresh 12 hours.
        assert _login(client, anne.email, PASSWORD).status_code == 302
        traveller.shift(dt.timedelta(minutes=10))
        assert _logged_in(client)


def test_a_forced_login_gets_the_12_hours_from_its_first_request(
    client: Client, anne: User
) -> None:
    """A session logged in without the login page (force_login) is still limited."""
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(anne)
        assert _logged_in(client)
        for _ in range(71):
            traveller.shift(dt.timedelta(minutes=10))
            _logged_in(client)
        traveller.shift(dt.timedelta(minutes=10))
        assert not _logged_in(client)


# --- API tokens ---------------------------------------------------------------------------


def test_a_token_is_issued_used_and_revoked(client: Client, anne: User) -> None:
    """POST gives a token; DELETE with it revokes it; then it is refused."""
    with time_machine.travel(START, tick=False):
        response = _token(client, anne.email, PASSWORD)
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"token", "expires_at"}
        assert body["expires_at"] == "2026-03-02T21:00:00+01:00"  # 12 hours, Copenhagen time
        auth = {"Authorization": f"Token {body['token']}"}
        assert client.delete(reverse("auth-token"), headers=auth).status_code == 204
        assert not Token.objects.exists()
        refused = client.delete(reverse("auth-token"), headers=auth)
    assert refused.status_code == 401
    assert set(refused.json()) == {"message", "extra"}


def test_logging_in_again_returns_the_same_token_until_it_expires(
    client: Client, anne: User
) -> None:
    """A second login while the token is valid gives that token; after expiry a new one."""
    with time_machine.travel(START, tick=False) as traveller:
        first = _token(client, anne.email, PASSWORD).json()
        traveller.shift(dt.timedelta(hours=1))
        assert _token(client, anne.email, PASSWORD).json() == first
        traveller.shift(dt.timedelta(hours=11))
        renewed = _token(client, anne.email, PASSWORD).json()
    assert renewed["token"] != first["token"]
    assert renewed["expires_at"] > first["expires_at"]


def test_an_expired_token_is_refused_with_401_and_deleted(client: Client, anne: User) -> None:
    """API_TOKEN_TTL_HOURS after it was issued, a token no longer works and is gone."""
    with time_machine.travel(START, tick=False) as traveller:
        key = _token(client, anne.email, PASSWORD).json()["token"]
        traveller.shift(dt.timedelta(hours=12))
        response = client.delete(
            reverse("auth-token"),
            headers={"Authorization": f"Token {key}", "Accept-Language": "en"},
        )
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"message": "The token has expired. Log in again.", "extra": {}}
    assert not Token.objects.filter(key=key).exists()


def test_the_token_ttl_is_a_setting(client: Client, anne: User, settings: Settings) -> None:
    """API_TOKEN_TTL_HOURS=1: an hour later the token is refused."""
    settings.API_TOKEN_TTL_HOURS = 1
    with time_machine.travel(START, tick=False) as traveller:
        key = _token(client, anne.email, PASSWORD).json()["token"]
        traveller.shift(dt.timedelta(minutes=59))
        auth = {"Authorization": f"Token {key}"}
        assert client.delete(reverse("auth-token"), headers=auth).status_code == 204
        key = _token(client, anne.email, PASSWORD).json()["token"]
        traveller.shift(dt.timedelta(hours=1))
        auth = {"Authorization": f"Token {key}"}
        assert client.delete(reverse("auth-token"), headers=auth).status_code == 401


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(
    client: Client, anne: User
) -> None:
    """400 with one generic message: the answer does not tell whether the email exists."""
    wrong_password = _token(client, anne.email, "wrong-password")
    unknown_email = _token(client, "nobody@example.dk", PASSWORD)
    assert wrong_password.status_code == unknown_email.status_code == 400
    assert wrong_password.json() == unknown_email.json()
    assert wrong_password.json() == {
        "message": "The email or password is not correct.",
        "extra": {},
    }
    danish = _token(client, anne.email, "wrong-password", language="da")
    assert danish.json()["message"] == "E-mailen eller adgangskoden er forkert."


def test_token_login_needs_an_email_and_a_password(client: Client) -> None:
    """Missing fields are field errors in the error shape."""
    response = client.post(reverse("auth-token"), {}, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {"email", "password"}


def test_token_login_is_locked_out_with_429_in_the_error_shape(
    client: Client, anne: User, bo: User
) -> None:
    """Five failures lock the API login too; the right password then gets 429, not a 500."""
    for _ in range(4):
        assert _token(client, anne.email, "wrong-password").status_code == 400
    assert _token(client, anne.email, "wrong-password").status_code == 429
    response = _token(client, anne.email, PASSWORD)
    assert response.status_code == 429
    assert response.json() == {
        "message": "Too many failed login attempts. Try again later.",
        "extra": {},
    }
    assert response["Retry-After"] == "1800"
    assert not Token.objects.exists()
    # Not Bo at the same office, not Anne at home.
    assert _token(client, bo.email, PASSWORD).status_code == 200
    assert _token(client, anne.email, PASSWORD, ip=HOME).status_code == 200


def test_token_and_page_logins_share_one_count(client: Client, anne: User) -> None:
    """Three failures on the page and two on the API lock both."""
    _fail(3, client, anne.email)
    for _ in range(2):
        _token(client, anne.email, "wrong-password")
    assert _token(client, anne.email, PASSWORD).status_code == 429
    assert _login(client, anne.email, PASSWORD).status_code == 429


def test_a_token_login_forgives_earlier_failures(client: Client, anne: User) -> None:
    """As on the page: a success resets the count for that email and address."""
    _fail(4, client, anne.email)
    assert _token(client, anne.email, PASSWORD).status_code == 200
    _fail(4, client, anne.email)
    assert _token(client, anne.email, PASSWORD).status_code == 200


def test_a_token_login_records_the_login_without_a_session(client: Client, anne: User) -> None:
    """last_login is set, and the API client is given no session cookie."""
    response = _token(client, anne.email, PASSWORD)
    anne.refresh_from_db()
    assert anne.last_login is not None
    assert "sessionid" not in response.cookies
