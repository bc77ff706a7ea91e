"""Delivery events from the provider (anymail's tracking webhook) onto the outbox rows.

The webhook is anymail's own view for the configured provider, authenticated with
``ANYMAIL_WEBHOOK_SECRET`` (HTTP basic auth; providers that sign their webhooks
are checked with their signing key as well). Its events arrive through anymail's
``tracking`` signal and are recorded here by the provider's message id.
"""

import importlib
import inspect
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from anymail.signals import AnymailTrackingEvent
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from notifications.models import DeliveryEvent, Notification

# A later event never overwrites a graver one (a bounce stays a bounce when "opened" follows).
GRAVITY = {
    DeliveryEvent.NONE: 0,
    DeliveryEvent.OPENED: 1,
    DeliveryEvent.DELIVERED: 2,
    DeliveryEvent.REJECTED: 3,
    DeliveryEvent.COMPLAINED: 3,
    DeliveryEvent.BOUNCED: 3,
}
ANYMAIL_EVENTS = {
    "delivered": DeliveryEvent.DELIVERED,
    "bounced": DeliveryEvent.BOUNCED,
    "complained": DeliveryEvent.COMPLAINED,
    "rejected": DeliveryEvent.REJECTED,
    "opened": DeliveryEvent.OPENED,
}


def delivery_event_record(*, event: AnymailTrackingEvent, esp_name: str) -> int:
    """Record a delivered, bounced, complained, rejected or opened event; return rows changed."""
    kind = ANYMAIL_EVENTS.get(event.event_type or "")
    if kind is None or not event.message_id:
        return 0
    at: datetime = event.timestamp or timezone.now()
    lesser = [value for value, gravity in GRAVITY.items() if gravity <= GRAVITY[kind]]
    return Notification.objects.filter(esp_message_id=event.message_id, event__in=lesser).update(
        event=kind, event_at=at
    )


@cache
def _tracking_view(provider: str) -> Callable[..., HttpResponse]:
    module = importlib.import_module(f"anymail.webhooks.{provider}")
    for _, view in inspect.getmembers(module, inspect.isclass):
        if view.__module__ == module.__name__ and view.__name__.endswith("TrackingWebhookView"):
            return view.as_view()  # type: ignore[attr-defined]
    raise Http404("no tracking webhook for this provider")


@csrf_exempt
def tracking_webhook(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """The configured provider's anymail tracking webhook; 404 while emails go to files."""
    provider = settings.EMAIL_PROVIDER
    if not provider:
        raise Http404("no email provider configured")
    return _tracking_view(provider)(request, *args, **kwargs)
