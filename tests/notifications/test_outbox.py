"""The outbox: planned once, written with the change, sent once, retried, never leaking."""

import datetime as dt
import threading
from typing import Any

import pytest
import time_machine
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.utils import timezone

from matching.models import PlacementStatus
from matching.services import placement_accept, placement_decline, placement_propose
from notifications.models import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationStatus,
    Preference,
)
from notifications.planner import notifications_plan
from notifications.sending import notifications_send_batch, notifications_send_due
from tests.notifications.scenario import Site, build_site, moment, plan

ALL_HOURS = {"NOTIFICATIONS_OFFICE_HOURS_ONLY": True}


@pytest.fixture
def site(db: None) -> Site:
    return build_site()


@pytest.fixture(autouse=True)
def _locmem(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def send(at: dt.datetime) -> int:
    with time_machine.travel(at, tick=False):
        return notifications_send_due(clock=timezone.now, batches=10).sent


def test_the_planner_twice_plans_each_message_once(site: Site) -> None:
    first = plan(moment("2026-03-20"))
    assert first > 0
    assert plan(moment("2026-03-20", "09:05")) == 0
    keys = list(Notification.objects.values_list("idempotency_key", flat=True))
    assert len(keys) == len(set(keys)) == first


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_planners_at_once_plan_each_message_once() -> None:
    """Two beat processes on PostgreSQL, started together: the unique key settles it."""
    build_site()
    now = moment("2026-03-20")
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            notifications_plan(now=now)
        except BaseException as error:  # pragma: no cover - shown by the assert below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    keys = list(Notification.objects.values_list("idempotency_key", flat=True))
    assert len(keys) == len(set(keys)) > 0
    single = {"end_plan_due", "follow_up_due", "mentor_check_in"}
    assert {key.split(":")[0] for key in keys} >= single


def test_a_proposal_notifies_the_contractor_staff_in_its_transaction(site: Site) -> None:
    """The outbox row commits with the proposal, or not at all."""
    site.placement.status = PlacementStatus.DECLINED
    site.placement.save()
    other = site.sara.__class__.objects.create(
        first_name="Omar",
        last_name="X",
        municipality=site.sara.municipality,
        coordinator=site.anne,
        referred_on=dt.date(2026, 1, 12),
    )
    other.consents.create(
        recipient="contractors",
        purpose="Deling",
        given_on=dt.date(2026, 1, 12),
        expires_on=dt.date(2027, 1, 12),
    )
    with time_machine.travel(moment("2026-03-02"), tick=False):
        with pytest.raises(RuntimeError), transaction.atomic():
            placement_propose(
                need=site.need,
                candidate=other,
                by=site.anne,
                starts_on=dt.date(2026, 3, 4),
                today=dt.date(2026, 3, 2),
                override_reason="Test",
            )
            raise RuntimeError("rolled back")
        assert not Notification.objects.filter(kind=NotificationKind.PLACEMENT_PROPOSED).exists()
        placement = placement_propose(
            need=site.need,
            candidate=other,
            by=site.anne,
            starts_on=dt.date(2026, 3, 4),
            today=dt.date(2026, 3, 2),
            override_reason="Test",
        )
    row = Notification.objects.get(kind=NotificationKind.PLACEMENT_PROPOSED)
    assert row.recipient == site.bo
    assert row.language == "en"
    with time_machine.travel(moment("2026-03-02", "10:00"), tick=False):
        placement_accept(placement=placement, by=site.bo, now=timezone.now())
    decided = Notification.objects.get(kind=NotificationKind.PLACEMENT_DECIDED)
    assert decided.recipient == site.anne
    assert decided.context["decision"] == PlacementStatus.ACCEPTED


def test_a_decision_at_night_goes_out_at_opening(site: Site) -> None:
    site.placement.status = PlacementStatus.PROPOSED
    site.placement.save()
    with time_machine.travel(moment("2026-03-06", "22:00"), tick=False):
        placement_decline(placement=site.placement, by=site.bo, now=timezone.now(), reason="Nej")
    row = Notification.objects.get(kind=NotificationKind.PLACEMENT_DECIDED)
    assert row.due_at == moment("2026-03-09", "07:00")  # Monday, after the weekend
    assert send(moment("2026-03-07", "10:00")) == 0
    assert send(moment("2026-03-09", "07:01")) == 1


def test_sent_once_with_the_provider_id_and_nothing_sensitive(site: Site) -> None:
    """Every kind renders in Danish and English with the first name and a link, and no more."""
    Preference.objects.create(user=site.anne)
    plan(moment("2026-03-20"))
    plan(moment("2026-03-06"))
    site.anne.language = "en"
    site.anne.save()
    assert send(moment("2026-03-20", "12:30")) >= 3
    assert send(moment("2026-03-20", "12:31")) == 0
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == len(mail.outbox)
    for message in mail.outbox:
        assert isinstance(message, EmailMultiAlternatives)
        text = message.body + str(message.alternatives[0][0])
        assert "Sara" in message.subject + text
        for secret in ("Hemmelig", "kontanth", "Fortrolig", "helbred"):
            assert secret not in text and secret not in message.subject
        assert "http://" in text
    sent = Notification.objects.filter(status=NotificationStatus.SENT).first()
    assert sent is not None and sent.esp_message_id.startswith("<")


def test_a_transient_failure_is_retried_later_and_a_permanent_one_fails(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan(moment("2026-03-20"))
    rows = list(Notification.objects.filter(due_at__lte=moment("2026-03-20")).order_by("id"))
    assert len(rows) >= 2
    errors: dict[str, Exception] = {
        rows[0].idempotency_key: AnymailAPIError("provider down", status_code=503),
        rows[1].idempotency_key: AnymailRecipientsRefused("no such mailbox"),
    }
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages

    def flaky(self: EmailBackend, messages: list[Any]) -> int:
        key = messages[0].extra_headers["Idempotency-Key"]
        if key in errors:
            raise errors[key]
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    with time_machine.travel(moment("2026-03-20", "09:00"), tick=False):
        report = notifications_send_batch(now=timezone.now())
    assert (report.retried, report.failed) == (1, 1)
    retried, failed = (Notification.objects.get(pk=row.pk) for row in rows[:2])
    assert retried.status == NotificationStatus.PENDING
    assert retried.due_at == moment("2026-03-20", "09:00:30")
    assert "provider down" in retried.last_error
    assert failed.status == NotificationStatus.FAILED
    assert "no such mailbox" in failed.last_error
    del errors[rows[0].idempotency_key]
    assert send(moment("2026-03-20", "09:00:10")) == 0  # not yet due again
    assert send(moment("2026-03-20", "09:01")) == len(rows) - 1


def test_a_dead_senders_claim_is_taken_back_after_the_lease(site: Site) -> None:
    plan(moment("2026-03-20"))
    total = Notification.objects.count()
    with time_machine.travel(moment("2026-03-20", "12:30"), tick=False):
        from notifications.sending import notifications_claim

        assert len(notifications_claim(now=timezone.now(), limit=100)) == total
    assert send(moment("2026-03-20", "12:32")) == 0  # still leased to the dead sender
    assert send(moment("2026-03-20", "12:37")) == total
    assert len(mail.outbox) == total


def test_the_daily_digest_replaces_single_reminders(site: Site) -> None:
    """Anne chose the digest: at 07:30 one mail lists her reminders; none goes alone."""
    Preference.objects.create(user=site.anne, delivery=Delivery.DIGEST)
    plan(moment("2026-03-20", "06:00"))
    items = Notification.objects.filter(recipient=site.anne)
    assert items.count() >= 2 and all(n.in_digest for n in items)
    assert send(moment("2026-03-20", "07:10")) == 0  # nothing of Anne's goes alone
    plan(moment("2026-03-20", "07:31"))
    digest = Notification.objects.get(kind=NotificationKind.DAILY_DIGEST)
    assert digest.recipient == site.anne
    assert digest.items.count() == items.count()
    assert send(moment("2026-03-20", "07:32")) == 1
    assert mail.outbox[-1].to == [site.anne.email]
    assert mail.outbox[-1].body.count("- ") == items.count()
    assert set(items.values_list("status", flat=True)) == {NotificationStatus.SENT}
    plan(moment("2026-03-20", "08:00"))
    assert Notification.objects.filter(kind=NotificationKind.DAILY_DIGEST).count() == 1


def test_an_interrupted_placement_cancels_its_waiting_reminders(site: Site) -> None:
    from matching.services import placement_interrupt

    Preference.objects.create(user=site.anne, delivery=Delivery.DIGEST)
    plan(moment("2026-03-20", "06:00"))
    placement_interrupt(
        placement=site.placement, by=site.anne, today=dt.date(2026, 3, 20), reason="illness"
    )
    assert not Notification.objects.filter(status=NotificationStatus.PENDING).exists()


def test_the_send_task_goes_on_while_rows_wait(
    site: Site, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """One task sends its share of batches, then hands over; it stops when nothing waits."""
    from notifications import tasks

    settings.NOTIFICATIONS_BATCH_SIZE = 1
    settings.NOTIFICATIONS_BATCHES_PER_TASK = 1
    plan(moment("2026-03-20"))
    handed_over: list[int] = []
    monkeypatch.setattr(tasks.notifications_send_due_task, "delay", lambda: handed_over.append(1))
    with time_machine.travel(moment("2026-03-20", "12:30"), tick=False):
        waiting = Notification.objects.filter(status=NotificationStatus.PENDING).count()
        assert waiting >= 2
        for _ in range(waiting):
            tasks.notifications_send_due_task()
    assert len(handed_over) == waiting - 1, list(Notification.objects.values_list("status", "kind"))
    assert not Notification.objects.filter(status=NotificationStatus.PENDING).exists()
