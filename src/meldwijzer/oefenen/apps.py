from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OefenenConfig(AppConfig):
    name = "meldwijzer.oefenen"
    label = "oefenen"
    verbose_name = _("Oefenen")
