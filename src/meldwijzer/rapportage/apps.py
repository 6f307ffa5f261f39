from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RapportageConfig(AppConfig):
    name = "meldwijzer.rapportage"
    label = "rapportage"
    verbose_name = _("Termijnen en rapportage")

    def ready(self) -> None:
        from meldwijzer.rapportage import signalen

        signalen.verbind()
