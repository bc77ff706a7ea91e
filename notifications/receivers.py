"""Signal receivers: matching's domain events and anymail's delivery events.

Connected in ``NotificationsConfig.ready``. Matching sends its events inside the
service's transaction, so the outbox rows written here commit or roll back with
the change; matching never imports this app (the layers contract).
"""

from typing import Any

from anymail.signals import AnymailTrackingEvent, tracking
from django.dispatch import receiver
from django.utils import timezone

from matching.models import Placement
from matching.signals import placement_decided, placement_ended, placement_proposed
from notifications.services import (
    notifications_placement_cancel,
    notifications_placement_decided,
    notifications_placement_proposed,
)
from notifications.tracking import delivery_event_record


@receiver(placement_proposed, dispatch_uid="notifications.placement_proposed")
def on_placement_proposed(sender: Any, placement: Placement, **kwargs: Any) -> None:
    notifications_placement_proposed(placement=placement, now=timezone.now())


@receiver(placement_decided, dispatch_uid="notifications.placement_decided")
def on_placement_decided(sender: Any, placement: Placement, **kwargs: Any) -> None:
    notifications_placement_decided(placement=placement, now=timezone.now())


@receiver(placement_ended, dispatch_uid="notifications.placement_ended")
def on_placement_ended(sender: Any, placement: Placement, **kwargs: Any) -> None:
    notifications_placement_cancel(placement=placement)


@receiver(tracking, dispatch_uid="notifications.tracking")
def on_tracking(sender: Any, event: AnymailTrackingEvent, esp_name: str, **kwargs: Any) -> None:
    delivery_event_record(event=event, esp_name=esp_name)
