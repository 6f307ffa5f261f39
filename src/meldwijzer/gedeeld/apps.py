from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GedeeldConfig(AppConfig):
    name = "meldwijzer.gedeeld"
    label = "gedeeld"
    verbose_name = _("Gedeelde cache")

    def ready(self) -> None:
        from meldwijzer.gedeeld import checks  # noqa: F401  (registers the system check)
