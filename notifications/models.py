from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Language


class NotificationKind(models.TextChoices):
    PLACEMENT_PROPOSED = "placement_proposed", _("placement proposed")
    PLACEMENT_DECIDED = "placement_decided", _("placement decided")
    PLACEMENT_STARTS_SOON = "placement_starts_soon", _("placement starts soon")
    FOLLOW_UP_DUE = "follow_up_due", _("follow-up due")
    MENTOR_CHECK_IN = "mentor_check_in", _("mentor check-in")
    END_PLAN_DUE = "end_plan_due", _("end plan due")
    OUTCOME_MISSING = "outcome_missing", _("outcome missing")
    NEED_UNFILLED = "need_unfilled", _("labour need unfilled")
    RETENTION_CHECK_DUE = "retention_check_due", _("retention check due")
    MEETING_PACK = "meeting_pack", _("meeting pack")
    CONSENT_EXPIRING = "consent_expiring", _("consent expiring")
    DAILY_DIGEST = "daily_digest", _("daily digest")
    CHECK_INS_MISSED = "check_ins_missed", _("mentor check-ins missed")


# Sent at once, whatever the recipient's preference; the rest are reminders.
IMMEDIATE_KINDS = (NotificationKind.PLACEMENT_PROPOSED, NotificationKind.PLACEMENT_DECIDED)


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


class DeliveryEvent(models.TextChoices):
    NONE = "", _("none yet")
    DELIVERED = "delivered", _("delivered")
    BOUNCED = "bounced", _("bounced")
    COMPLAINED = "complained", _("complained")
    REJECTED = "rejected", _("rejected")
    OPENED = "opened", _("opened")


class Notification(models.Model):
    """One message in the outbox: written with the change that causes it, sent once.

    The context holds ids only; the email is rendered when it is sent, in the
    recipient's language, and never carries a CPR number, benefit group or note.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    recipient_email = models.EmailField(
        _("recipient's email"),
        help_text=_("For people without an account: a site mentor or a candidate."),
        blank=True,
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.DANISH
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    placement = models.ForeignKey(
        "matching.Placement",
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        help_text=_("The placement it is about, if any: its coordinator sees its bounces."),
    )
    due_at = models.DateTimeField(_("due at"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(
        _("claimed at"),
        null=True,
        blank=True,
        help_text=_("When a sender took it; a claim older than the lease is taken back."),
    )
    in_digest = models.BooleanField(
        _("in the daily digest"),
        default=False,
        help_text=_("Sent as part of the recipient's daily digest, not on its own."),
    )
    digest = models.ForeignKey(
        "self",
        verbose_name=_("sent in digest"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
    )
    esp_message_id = models.CharField(_("provider's message id"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    event = models.CharField(
        _("delivery event"), max_length=12, choices=DeliveryEvent.choices, blank=True
    )
    event_at = models.DateTimeField(_("delivery event at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-due_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(recipient_email=""),
                name="notification_has_a_recipient",
            ),
        ]
        indexes = [
            # The sender's claim: due pending rows in the order it takes them, so a
            # batch reads the index's first rows instead of sorting every due row.
            models.Index(
                fields=["due_at", "id"],
                condition=Q(status="pending", in_digest=False),
                name="notification_claim_idx",
            ),
            # The daily digests' rows still waiting (planner.digests_assemble), apart.
            models.Index(
                fields=["due_at"],
                condition=Q(status="pending", in_digest=True, digest__isnull=True),
                name="notification_digest_wait_idx",
            ),
            models.Index(fields=["recipient", "-due_at"], name="notification_recipient_idx"),
            # Claims that a dead sender left behind.
            models.Index(
                fields=["claimed_at"],
                condition=Q(status="sending"),
                name="notification_sending_idx",
            ),
            models.Index(fields=["esp_message_id"], name="notification_esp_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient or self.recipient_email}"


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("each reminder at once")
    DIGEST = "digest", _("one daily digest")


class Preference(models.Model):
    """How a user wants reminders: one by one or in a daily digest, and which to skip."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    opted_out = models.JSONField(
        _("kinds opted out of"),
        default=list,
        blank=True,
        help_text=_("Only reminders that may be skipped; decisions and proposals always come."),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_delivery_display()}"


class CheckInLink(models.Model):
    """A site mentor's weekly check-in without an account: signed, expiring, used once."""

    placement = models.ForeignKey(
        "matching.Placement",
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="check_in_links",
    )
    week = models.PositiveSmallIntegerField(_("week"))
    mentor_email = models.EmailField(_("mentor's email"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in link")
        verbose_name_plural = _("check-in links")
        constraints = [
            models.UniqueConstraint(fields=["placement", "week"], name="one_check_in_per_week"),
            models.CheckConstraint(condition=Q(week__gte=1), name="check_in_week_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} week {self.week}"
