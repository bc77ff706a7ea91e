"""``manage.py report_sums_rebuild``: recompute the report's running sums from scratch.

The triggers keep them exact as rows change (``matching.report_sums``); this is for
rows written around them, e.g. a restore with triggers off. Nothing to do on SQLite.
"""

from typing import Any

from django.core.management.base import BaseCommand

from matching.report_sums import report_sums_install, report_sums_kept, report_sums_rebuild


class Command(BaseCommand):
    help = "Recompute the follow-up group report's running sums (PostgreSQL)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not report_sums_kept():
            self.stdout.write("This database keeps no report sums; nothing to do.")
            return
        report_sums_install()  # the functions and triggers as this version writes them
        report_sums_rebuild()
        self.stdout.write("Rebuilt the report's sums.")
