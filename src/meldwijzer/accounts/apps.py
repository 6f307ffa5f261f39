from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "meldwijzer.accounts"
    label = "accounts"
    verbose_name = _("Organisaties en gebruikers")

    def ready(self) -> None:
        from meldwijzer.accounts import gebeurtenissen  # noqa: F401  (signal receivers)
