from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and audit")

    def ready(self) -> None:
        from django.urls import register_converter

        from accounts.ids import IdConverter

        register_converter(IdConverter, "id")
