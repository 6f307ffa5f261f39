from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SleutelsConfig(AppConfig):
    name = "meldwijzer.sleutels"
    label = "sleutels"
    verbose_name = _("Sleutels en versleuteling")
