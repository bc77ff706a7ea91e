"""Rendering outbox rows into emails: plain text and HTML, in the recipient's language.

The text template ``notifications/email/<language>/<kind>.txt`` gives the subject
on its first line and the body below; the HTML part is the same body in
``notifications/email/base.html``. An email names a person by first name only
and links to the page with the rest: no CPR number, benefit group or note is ever
loaded here.
"""

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.utils import translation

from matching import due
from notifications import links
from notifications.models import Notification, NotificationKind
from renovations.due import meeting_summaries, need_summaries

CHECK_IN_SALT = "notifications.check_in"
TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def _text_engine() -> Engine:
    """Plain-text templates: nothing is HTML-escaped in a text email."""
    return Engine(dirs=[str(TEMPLATES)], autoescape=False)


def check_in_token(link_id: int) -> str:
    """The signed token of a check-in link: it names the link and cannot be forged."""
    return signing.dumps(link_id, salt=CHECK_IN_SALT)


def check_in_link_id(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=CHECK_IN_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def message_id(notification: Notification) -> str:
    """A Message-ID fixed by the idempotency key: a resend is recognisably the same mail."""
    digest = hashlib.sha256(notification.idempotency_key.encode()).hexdigest()[:32]
    return f"<{digest}@{settings.NOTIFICATIONS_MESSAGE_ID_DOMAIN}>"


class Facts:
    """What the emails of one batch may say, loaded with a few queries for the whole batch."""

    def __init__(self, notifications: Iterable[Notification]) -> None:
        contexts = [row.context for row in notifications]

        def ids(name: str) -> list[int]:
            return [c[name] for c in contexts if isinstance(c.get(name), int)]

        self.placements = due.placement_summaries(placement_ids=ids("placement"))
        self.needs = need_summaries(need_ids=ids("need"))
        self.meetings = meeting_summaries(meeting_ids=ids("meeting"))
        self.checks = due.retention_check_summaries(check_ids=ids("retention_check"))
        self.consents = due.consent_summaries(consent_ids=ids("consent"))

    def context(self, notification: Notification) -> dict[str, Any]:
        """The template context of one notification: first names, dates, trades and a link."""
        c = notification.context
        english = notification.language == "en"
        found: dict[str, Any] = {"week": c.get("week"), "audience": c.get("audience", "")}
        recipient = notification.recipient
        found["recipient_name"] = recipient.get_short_name() if recipient else ""
        placement = self.placements.get(c.get("placement", 0))
        if placement:
            found.update(
                first_name=placement["first_name"],
                starts_on=placement["starts_on"],
                ends_on=placement["ends_on"],
                trade=placement["trade_en" if english else "trade_da"],
                project=placement["project"],
                site_address=placement["site_address"],
                link=links.placement(placement["id"]),
            )
        need = self.needs.get(c.get("need", 0))
        if need:
            found.update(
                trade=need["trade_en" if english else "trade_da"],
                project=need["project_name"],
                latest_start=need["latest_start"],
                link=links.need(need["id"]),
            )
        meeting = self.meetings.get(c.get("meeting", 0))
        if meeting:
            found.update(
                meeting_on=meeting["held_on"],
                group=meeting["group_name"],
                project=meeting["project"],
                link=links.meeting_pack(meeting["id"]),
            )
        check = self.checks.get(c.get("retention_check", 0))
        if check:
            found.update(due_on=check["due_on"], months=check["months"])
            found.setdefault("first_name", check["first_name"])
            found.setdefault("link", links.dashboard())
        consent = self.consents.get(c.get("consent", 0))
        if consent:
            found.update(
                first_name=consent["first_name"],
                expires_on=consent["expires_on"],
                link=links.candidate(consent["candidate_id"]),
            )
        if isinstance(c.get("check_in"), int):
            found["link"] = links.check_in(check_in_token(c["check_in"]))
        found.setdefault("link", links.dashboard())
        return found


def _split(text: str) -> tuple[str, str]:
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def _render_text(notification: Notification, context: dict[str, Any]) -> tuple[str, str]:
    name = f"notifications/email/{notification.language}/{notification.kind}.txt"
    with translation.override(notification.language):
        return _split(_text_engine().get_template(name).render(Context(context)))


def email_build(
    notification: Notification, facts: Facts, items: list[Notification] | None = None
) -> EmailMultiAlternatives:
    """The email of one outbox row (a digest lists its items' subjects and links)."""
    context = facts.context(notification)
    digest = notification.kind == NotificationKind.DAILY_DIGEST
    if digest:
        lines = []
        for item in items or []:
            item_context = facts.context(item)
            subject, _ = _render_text(item, item_context)
            lines.append({"subject": subject, "link": item_context["link"]})
        context["items"] = lines
        context["link"] = links.dashboard()
    subject, body = _render_text(notification, context)
    with translation.override(notification.language):
        html = render_to_string(
            "notifications/email/base.html",
            {
                "subject": subject,
                # The page's link is the button; a digest's several links stay in the text.
                "paragraphs": [
                    p if digest else p.replace(context["link"], "").rstrip()
                    for p in body.split("\n\n")
                    if p.strip()
                ],
                "urlize": digest,
                "link": context["link"],
                "language": notification.language,
            },
        )
    to = notification.recipient.email if notification.recipient else notification.recipient_email
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=[to],
        headers={
            "Message-ID": message_id(notification),
            # Providers that honour an idempotency key accept a resend once.
            "Idempotency-Key": notification.idempotency_key,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def emails_build(
    notifications: list[Notification],
) -> dict[int, EmailMultiAlternatives | Exception]:
    """Each notification's email, or the error that kept it from being built."""
    digests = [n.pk for n in notifications if n.kind == NotificationKind.DAILY_DIGEST]
    items: dict[int, list[Notification]] = {pk: [] for pk in digests}
    if digests:
        for item in Notification.objects.filter(digest_id__in=digests).order_by("due_at", "id"):
            items[item.digest_id or 0].append(item)
    facts = Facts([*notifications, *(item for found in items.values() for item in found)])
    built: dict[int, EmailMultiAlternatives | Exception] = {}
    for notification in notifications:
        try:
            built[notification.pk] = email_build(notification, facts, items.get(notification.pk))
        except Exception as exc:  # a broken template or missing row fails this one mail only
            built[notification.pk] = exc
    return built
