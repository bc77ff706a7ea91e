"""Everyone sees their own notifications, and only their own."""

from django.test import Client
from django.urls import reverse

from notifications.models import Notification, NotificationKind, NotificationStatus
from tests.personas import World


def test_a_user_lists_only_their_own_notifications(client: Client, world: World) -> None:
    mine = Notification.objects.create(
        kind=NotificationKind.FOLLOW_UP_DUE,
        recipient=world.anne,
        idempotency_key="follow_up_due:1:1",
        context={"placement": 1},
    )
    Notification.objects.create(
        kind=NotificationKind.PLACEMENT_PROPOSED,
        recipient=world.bo,
        idempotency_key="placement_proposed:1:bo",
    )
    Notification.objects.create(
        kind=NotificationKind.MENTOR_CHECK_IN,
        recipient_email="mentor@example.dk",
        idempotency_key="mentor_check_in:1:1",
    )
    client.force_login(world.anne)
    response = client.get(reverse("notifications"))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
    filtered = client.get(reverse("notifications"), {"status": NotificationStatus.SENT})
    assert filtered.json()["count"] == 0
    assert client.get(reverse("notifications"), {"status": "nonsense"}).status_code == 400
