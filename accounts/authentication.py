"""Who is logging in, from which address, and with which API token.

Login attempts are counted by django-axes per email and client address (the
``AXES_*`` settings); API tokens are DRF's, with a lifetime of
``API_TOKEN_TTL_HOURS`` from when they were issued.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_lockout_message
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.request import Request

from accounts.errors import ApplicationError
from accounts.models import User


class LoginLockoutBackend(AxesStandaloneBackend):
    """Refuse a locked-out client before any password is checked.

    ``authenticate()`` called from code without a request (a shell, a test's
    ``client.login()``) has no client to count or lock out: it passes on to the
    next backend instead of raising, as django-axes' own backend would. Every
    login over HTTP hands its request to ``authenticate()``.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is not None:
            super().authenticate(request, username, password, **kwargs)


def login_username(
    request: HttpRequest | Request, credentials: Mapping[str, Any] | None
) -> str | None:
    """Return the email a login attempt counts against, in the case it is stored in.

    Stored emails are lower case, so "Anne@…" and "anne@…" are one account and
    their failures add up.
    """
    source: Mapping[str, Any] = credentials or getattr(request, "data", request.POST)
    value = source.get("username") or source.get("email")
    return value.strip().lower() if isinstance(value, str) else None


def client_ip_address(request: HttpRequest | Request) -> str | None:
    """Return the client's address: REMOTE_ADDR, or what the trusted proxies saw.

    Each of the ``TRUSTED_PROXY_COUNT`` proxies appends the address it was
    reached from to X-Forwarded-For, so the client is that many entries from
    the end; anything before it could have been sent by the client itself.
    """
    proxies: int = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    remote: str | None = request.META.get("REMOTE_ADDR")
    return remote


class LoginLockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self) -> None:
        super().__init__(detail=str(get_lockout_message()))
        minutes: int = settings.LOGIN_LOCKOUT_MINUTES
        # DRF turns this into Retry-After; each attempt while locked out restarts the wait.
        self.wait = minutes * 60 if minutes else None


def token_login(*, request: Request, email: str, password: str, now: dt.datetime) -> Token:
    """Check an email and password, counting a failure towards the lockout, and return a token.

    The message for a wrong password and for an unknown email is the same, so
    the answer does not tell whether an account exists.
    """
    user = authenticate(request=request, username=email, password=password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            raise LoginLockedOut()
        raise ApplicationError(_("The email or password is not correct."))
    if settings.AXES_RESET_ON_SUCCESS:
        # As django-axes does for a session login; a token login sends no user_logged_in,
        # whose receivers would give the API client a session it does not need.
        axes_reset(
            ip=client_ip_address(request), username=login_username(request, {"username": email})
        )
    assert isinstance(user, User)
    update_last_login(User, user)
    return token_obtain(user=user, now=now)


def token_expires_at(token: Token) -> dt.datetime:
    return token.created + dt.timedelta(hours=settings.API_TOKEN_TTL_HOURS)


@transaction.atomic
def token_obtain(*, user: User, now: dt.datetime) -> Token:
    """Return the user's API token, issuing a new one if there is none or it has expired."""
    token, created = Token.objects.select_for_update().get_or_create(user=user)
    if not created and token_expires_at(token) <= now:
        token.delete()
        token = Token.objects.create(user=user)
    return token


def token_revoke(*, user: User) -> None:
    """Delete the user's API token: every client using it must log in again."""
    Token.objects.filter(user=user).delete()


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication; a token past its lifetime is refused and deleted."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        return self.unexpired(user, token)

    def unexpired(self, user: User, token: Token) -> tuple[User, Token]:
        """The user and token, unless the token is past its lifetime."""
        if token_expires_at(token) <= timezone.now():
            token.delete()
            raise exceptions.AuthenticationFailed(_("The token has expired. Log in again."))
        return user, token
