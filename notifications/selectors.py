from django.db.models import QuerySet

from accounts.models import User
from notifications.models import Notification


def notification_list(*, user: User, status: str = "", kind: str = "") -> QuerySet[Notification]:
    """A user's own notifications, newest first; nobody sees anyone else's."""
    notifications = Notification.objects.filter(recipient=user)
    if status:
        notifications = notifications.filter(status=status)
    if kind:
        notifications = notifications.filter(kind=kind)
    return notifications.order_by("-due_at", "-id")
