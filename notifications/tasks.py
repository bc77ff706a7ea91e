"""Thin Celery tasks: the planner and the sender, each calling one service."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from notifications.planner import notifications_plan
from notifications.sending import notifications_due_exist, notifications_send_due


@shared_task(name="notifications.plan")
def notifications_plan_task() -> int:
    """Every few minutes (beat): insert the reminders that are due, then send what is due."""
    created = notifications_plan(now=timezone.now())
    if created:
        notifications_send_due_task.delay()
    return created


@shared_task(name="notifications.send_due")
def notifications_send_due_task() -> int:
    """Send due rows in batches; if more are waiting after this run's share, go on in a new task.

    One broker message covers many notifications; a task never runs long, so its
    time limit and the claims' lease stay far apart.
    """
    report = notifications_send_due(
        clock=timezone.now,
        batches=settings.NOTIFICATIONS_BATCHES_PER_TASK,
        # Half the soft time limit: a slow provider ends the run early, not in a kill.
        budget=timedelta(seconds=settings.CELERY_TASK_SOFT_TIME_LIMIT / 2),
    )
    # Go on while rows wait: a short batch (rows locked by another sender) or a run cut
    # short by its budget must not end the chain until beat's next tick.
    if report.claimed and notifications_due_exist(now=timezone.now()):
        notifications_send_due_task.delay()
    return report.sent
