from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicatiesConfig(AppConfig):
    """Applications and their tokens: another system acting for one named user (docs/adr/0010).

    Both faces use them: the pages register and approve them, the API authenticates with them
    (docs/adr/0015). The table kept the name it had when the API app held it."""

    name = "meldwijzer.applicaties"
    label = "applicaties"
    verbose_name = _("Applicaties (koppelingen)")
    default_auto_field = "django.db.models.BigAutoField"
