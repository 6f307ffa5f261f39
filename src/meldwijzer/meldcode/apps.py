from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeldcodeConfig(AppConfig):
    name = "meldwijzer.meldcode"
    label = "meldcode"
    verbose_name = _("Meldcode van de organisatie")
