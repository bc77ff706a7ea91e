"""The site mentor's check-in: a signed link, no account, one follow-up per week."""

from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from matching.models import FollowUp, FollowUpChannel
from notifications.email import check_in_token
from notifications.models import CheckInLink, Notification, NotificationKind
from notifications.sending import notifications_send_batch
from tests.notifications.scenario import build_site, moment, plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(db: None) -> CheckInLink:
    build_site()
    plan(moment("2026-03-06"))
    row = Notification.objects.get(kind=NotificationKind.MENTOR_CHECK_IN)
    return CheckInLink.objects.get(pk=row.context["check_in"])


def url(link: CheckInLink) -> str:
    return f"/check-in/{check_in_token(link.pk)}/"


def test_the_mentor_opens_the_page_without_logging_in(client: Client, link: CheckInLink) -> None:
    """The page names the intern by first name only and has a labelled form."""
    with time_machine.travel(moment("2026-03-06", "15:00"), tick=False):
        response = client.get(url(link))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sara" in page and "Hemmelig" not in page and "Fortrolig" not in page
    assert 'name="viewport"' in page and "<script" not in page
    assert 'for="id_days_present"' in page


def test_a_check_in_becomes_a_mentor_follow_up_once(client: Client, link: CheckInLink) -> None:
    body = {"days_present": "4", "days_absent": "1", "wellbeing": "4", "assessment": "God uge"}
    with time_machine.travel(moment("2026-03-06", "15:00"), tick=False):
        response = client.post(url(link), body)
        assert response.status_code == 200
        again = client.post(url(link), body)
    assert again.status_code == 200
    follow_up = FollowUp.objects.get()
    assert follow_up.channel == FollowUpChannel.MENTOR_CHECK_IN
    assert (follow_up.days_present, follow_up.days_absent, follow_up.wellbeing) == (4, 1, 4)
    assert follow_up.mentor_feedback == "God uge"
    assert follow_up.by is None
    link.refresh_from_db()
    assert link.used_at is not None


def test_a_bad_week_is_refused_with_a_message(client: Client, link: CheckInLink) -> None:
    with time_machine.travel(moment("2026-03-06", "15:00"), tick=False):
        response = client.post(url(link), {"days_present": "6", "days_absent": "3"})
    assert response.status_code == 400
    assert not FollowUp.objects.exists()


def test_an_expired_or_forged_link_is_not_found(client: Client, link: CheckInLink) -> None:
    with time_machine.travel(moment("2026-03-12", "00:30"), tick=False):
        assert client.get(url(link)).status_code == 404
    with time_machine.travel(moment("2026-03-06", "15:00"), tick=False):
        assert client.get(f"/check-in/{link.pk}/").status_code == 404
        forged = check_in_token(link.pk)[:-2] + "xx"
        assert client.get(f"/check-in/{forged}/").status_code == 404


def test_the_link_in_the_email_opens_the_page(
    client: Client, link: CheckInLink, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(moment("2026-03-06", "12:30"), tick=False):
        notifications_send_batch(now=timezone.now())
        message = next(m for m in mail.outbox if "jens@" in m.to[0])
        path = message.body.split("http://127.0.0.1:8000")[1].split()[0]
        assert client.get(path).status_code == 200


def test_the_demo_command_plans_and_sends_a_days_reminders(settings: Any) -> None:
    """``plan_notifications --date --send``: the day's reminders are written out as emails."""
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    build_site()
    call_command("plan_notifications", "--date", "2026-03-20", "--send")
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"follow_up_due", "mentor_check_in", "end_plan_due"} <= kinds
    assert len(mail.outbox) == Notification.objects.count()
