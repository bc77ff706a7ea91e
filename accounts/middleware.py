"""How long a login lasts, and the headers that keep personal data out of caches."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

GetResponse = Callable[[HttpRequest], HttpResponseBase]

# When the session logged in, in whole seconds since the epoch (JSON-serialisable).
LOGGED_IN_AT = "byggebro_logged_in_at"

# Every API and admin response may carry personal data, whoever asks.
PRIVATE_PATH_PREFIXES = ("/api/", "/admin/")


def _now() -> int:
    return int(timezone.now().timestamp())


class SessionLifetimeMiddleware:
    """Log a session out ``SESSION_ABSOLUTE_TIMEOUT_HOURS`` after its login, however active.

    The idle timeout needs no code: the session expires ``SESSION_COOKIE_AGE``
    after its last request, as ``SESSION_SAVE_EVERY_REQUEST`` renews it each time.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
            logged_in_at = request.session.get(LOGGED_IN_AT)
            if logged_in_at is None:
                # Logged in without a response passing here (Client.force_login).
                request.session[LOGGED_IN_AT] = _now()
            elif _now() - logged_in_at >= settings.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600:
                logout(request)

        response = self.get_response(request)

        # A login in this request flushed or renewed the session: start its clock.
        # Only session logins: an API token request must not grow a session.
        if SESSION_KEY in request.session and LOGGED_IN_AT not in request.session:
            request.session[LOGGED_IN_AT] = _now()
        return response


class PrivateResponseMiddleware:
    """Forbid storing any response that may carry personal data, in browsers or proxies.

    That is everything under /api/ and /admin/, and any page for a logged-in
    user. Static files keep their long cache lifetimes.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response
        if request.path_info.startswith(PRIVATE_PATH_PREFIXES) or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class PermissionsPolicyMiddleware:
    """Send ``PERMISSIONS_POLICY``: switch off browser features the service never uses."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
