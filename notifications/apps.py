from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Listens to matching's domain events and anymail's webhooks (notifications.receivers).
        from notifications import receivers  # noqa: F401
