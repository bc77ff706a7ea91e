from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RenovationsConfig(AppConfig):
    name = "renovations"
    verbose_name = _("Renovations")
