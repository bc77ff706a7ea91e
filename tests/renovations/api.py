"""Calling the API as one of the personas, in English so that messages can be read."""

from typing import Any

from django.test import Client
from django.urls import reverse

from accounts.models import User


class Answer:
    """A response's status and JSON body."""

    def __init__(self, status: int, body: Any) -> None:
        self.status = status
        self.body = body

    @property
    def fields(self) -> dict[str, Any]:
        """The field errors of a 400."""
        return dict(self.body["extra"].get("fields", {}))

    @property
    def ids(self) -> set[int]:
        """The ids on a list page."""
        return {row["id"] for row in self.body["results"]}

    def __repr__(self) -> str:
        return f"Answer({self.status}, {self.body!r})"


def call(
    client: Client,
    user: User | None,
    method: str,
    name: str,
    body: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Answer:
    """Send ``method`` to the URL named ``name`` (path kwargs in ``kwargs``) as ``user``.

    A GET sends ``body`` as the query string, anything else as JSON.
    """
    if user is not None:
        client.force_login(user)
    else:
        client.logout()
    url = reverse(name, kwargs=kwargs or None)
    if method == "GET":
        response = client.get(url, body or {}, HTTP_ACCEPT_LANGUAGE="en")
    else:
        response = getattr(client, method.lower())(
            url, body or {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
        )
    content = response.content
    return Answer(response.status_code, response.json() if content else None)
