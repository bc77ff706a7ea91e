from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Candidates and placements")

    def ready(self) -> None:
        post_migrate.connect(_report_sums_sync, sender=self)


def _report_sums_sync(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """After ``migrate``, once every column is there: the report sums' triggers as this
    code writes them, and the sums rebuilt if those changed (``report_sums_sync``)."""
    if using != DEFAULT_DB_ALIAS:
        return
    from matching.report_sums import report_sums_sync

    report_sums_sync()
