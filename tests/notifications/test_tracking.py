"""Delivery events from the webhook land on the notification; bounces reach the coordinator."""

import base64
import json
from typing import Any

import pytest
from django.test import Client

from notifications.models import DeliveryEvent, Notification, NotificationKind, NotificationStatus
from notifications.selectors import notification_bounces
from tests.notifications.scenario import MENTOR, Site, build_site, moment

pytestmark = pytest.mark.django_db

SECRET = "hook:s3cret-webhook-password"


@pytest.fixture
def site() -> Site:
    return build_site()


@pytest.fixture
def postmark(settings: Any) -> None:
    settings.EMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "test", "WEBHOOK_SECRET": SECRET}


def sent_to_mentor(site: Site, message_id: str) -> Notification:
    return Notification.objects.create(
        kind=NotificationKind.MENTOR_CHECK_IN,
        recipient_email=MENTOR,
        idempotency_key=f"mentor_check_in:p{site.placement.pk}:w1",
        placement=site.placement,
        status=NotificationStatus.SENT,
        esp_message_id=message_id,
    )


def postmark_bounce(client: Client, message_id: str, auth: str = SECRET) -> int:
    body = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "TypeCode": 1,
        "MessageID": message_id,
        "Email": MENTOR,
        "BouncedAt": "2026-03-06T12:05:00Z",
        "Description": "The server was unable to deliver your message",
        "Details": "smtp;550 5.1.1 user unknown",
    }
    credentials = base64.b64encode(auth.encode()).decode()
    response = client.post(
        "/anymail/tracking/",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )
    return response.status_code


def test_a_bounce_is_recorded_and_shown_to_the_coordinator(
    client: Client, site: Site, postmark: None
) -> None:
    """Postmark's bounce webhook, with the secret: the mentor's mail is marked bounced."""
    row = sent_to_mentor(site, "b7bc2f4a-e38e-4336-af7d-e6c392c2f817")
    assert postmark_bounce(client, row.esp_message_id) == 200
    row.refresh_from_db()
    assert row.event == DeliveryEvent.BOUNCED
    assert list(notification_bounces(user=site.anne, since=moment("2026-03-01"))) == [row]
    assert list(notification_bounces(user=site.bo, since=moment("2026-03-01"))) == []


def test_the_webhook_refuses_a_caller_without_the_secret(
    client: Client, site: Site, postmark: None
) -> None:
    row = sent_to_mentor(site, "b7bc2f4a-e38e-4336-af7d-e6c392c2f817")
    assert postmark_bounce(client, row.esp_message_id, auth="hook:wrong") == 400
    row.refresh_from_db()
    assert row.event == DeliveryEvent.NONE


def test_a_later_delivered_or_opened_event_does_not_hide_a_bounce(site: Site) -> None:
    from anymail.signals import AnymailTrackingEvent

    from notifications.tracking import delivery_event_record

    row = sent_to_mentor(site, "m-1")
    for event_type in ("delivered", "bounced", "opened", "delivered"):
        delivery_event_record(
            event=AnymailTrackingEvent(event_type=event_type, message_id="m-1"), esp_name="Test"
        )
    row.refresh_from_db()
    assert row.event == DeliveryEvent.BOUNCED


def test_no_webhook_while_emails_go_to_files(client: Client) -> None:
    assert client.post("/anymail/tracking/", {}).status_code == 404
