"""Run the reminder planner as of a given day and time, and optionally send what is due then.

For the demo and for checking the rules: ``manage.py plan_notifications --date 2026-03-20
--send`` writes that day's reminders as email files in var/emails/ (by default).
"""

import argparse
from datetime import date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.office import at
from notifications.planner import notifications_plan
from notifications.sending import notifications_send_due


class Command(BaseCommand):
    help = "Plan the reminders due on a day (Copenhagen time) and optionally send them."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD (default today)")
        parser.add_argument(
            "--time", type=time.fromisoformat, default=time(12, 30), help="HH:MM (default 12:30)"
        )
        parser.add_argument(
            "--send", action="store_true", help="also send what is due by then (not before)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day: date = options["date"] or timezone.localdate()
        now: datetime = at(day, options["time"])
        created = notifications_plan(now=now)
        self.stdout.write(f"{created} new notification(s) planned for {day:%A %d %B %Y}.")
        if options["send"]:
            report = notifications_send_due(clock=lambda: now, batches=1000)
            self.stdout.write(
                f"Sent {report.sent}, to retry {report.retried}, failed {report.failed}."
            )
