"""What every web page shares: login required, and the one error type turned into a page.

Services and selectors raise ``ApplicationError``; a page shows an error about a
field next to that field, any other broken rule as a message on the form, and
answers 404 for anything outside the user's scope (403 where in scope but not allowed).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from accounts.errors import ApplicationError, ErrorKind
from accounts.models import User

View = TypeVar("View", bound=Callable[..., HttpResponse])


def page(view: View) -> View:
    """A page for logged-in users; a 404 or 403 from a rule becomes that answer."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ApplicationError as error:
            if error.kind is ErrorKind.NOT_FOUND:
                raise Http404(error.message) from error
            if error.kind is ErrorKind.FORBIDDEN:
                raise PermissionDenied(error.message) from error
            raise

    return login_required(wrapped)  # type: ignore[return-value]


def page_user(request: HttpRequest) -> User:
    """The logged-in user of a page (``page`` made sure there is one)."""
    assert isinstance(request.user, User)
    return request.user


def form_error(form: forms.Form, error: ApplicationError) -> None:
    """Show a service's error on the form: by the fields it names, else above the form.

    Not found and forbidden are not form errors: they propagate to ``page``.
    """
    if error.kind in (ErrorKind.NOT_FOUND, ErrorKind.FORBIDDEN):
        raise error
    fields = error.extra.get("fields") or {}
    shown = False
    for name, messages in fields.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
            shown = True
    if not shown:
        form.add_error(None, error.message)
