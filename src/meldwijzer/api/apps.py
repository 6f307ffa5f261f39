from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "meldwijzer.api"
    label = "api"
    verbose_name = _("API voor koppelingen")
    default_auto_field = "django.db.models.BigAutoField"
