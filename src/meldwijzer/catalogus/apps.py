from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogusConfig(AppConfig):
    """The framework catalogue (docs/adr/0016), kept apart from the casussen that use it, as Open
    Zaak keeps ``catalogi`` apart from ``zaken``. Its tables kept the names they had when the
    dossier app held them (``dossier_kaderversie``, ``dossier_kaderkeuze``)."""

    name = "meldwijzer.catalogus"
    label = "catalogus"
    verbose_name = _("Afwegingskaders")  # the catalogue of frameworks, as the pages name it
    default_auto_field = "django.db.models.BigAutoField"
