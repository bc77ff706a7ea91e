from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications.models import CheckInLink, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("kind", "recipient", "recipient_email", "due_at", "status", "attempts", "event")
    list_filter = ("status", "kind", "event", "language")
    search_fields = ("recipient__email", "recipient_email", "idempotency_key", "esp_message_id")
    date_hierarchy = "due_at"
    list_select_related = ("recipient",)
    raw_id_fields = ("recipient", "placement", "digest")
    readonly_fields = (
        "idempotency_key",
        "in_digest",
        "claimed_at",
        "attempts",
        "last_error",
        "esp_message_id",
        "sent_at",
        "event",
        "event_at",
        "created_at",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "kind",
                    "recipient",
                    "recipient_email",
                    "language",
                    "context",
                    "placement",
                )
            },
        ),
        (
            _("Delivery"),
            {
                "fields": (
                    "due_at",
                    "status",
                    "in_digest",
                    "digest",
                    "claimed_at",
                    "attempts",
                    "last_error",
                    "esp_message_id",
                    "sent_at",
                    "event",
                    "event_at",
                )
            },
        ),
        (_("Record"), {"fields": ("idempotency_key", "created_at")}),
    )


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "delivery")
    list_filter = ("delivery",)
    search_fields = ("user__email", "user__full_name")
    raw_id_fields = ("user",)


@admin.register(CheckInLink)
class CheckInLinkAdmin(admin.ModelAdmin):
    list_display = ("placement", "week", "mentor_email", "expires_at", "used_at")
    list_filter = ("used_at",)
    search_fields = ("mentor_email",)
    raw_id_fields = ("placement",)
    readonly_fields = ("created_at",)
