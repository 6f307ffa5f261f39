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

    def ready(self) -> None:
        # The kader layer finds an imported framework's uploaded translation through this hook:
        # it imports no app (docs/adr/0015, docs/adr/0029). Which upload is current is read at
        # most once per request; a request's start and end forget it.
        from django.core.signals import request_finished, request_started

        from meldwijzer.catalogus import vertalingen
        from meldwijzer.kader import vertaling

        vertaling.zoek_vertalingen_met(vertalingen.geuploade_vertaling)
        request_started.connect(vertalingen.begin_verzoek, dispatch_uid="kadervertaling-start")
        request_finished.connect(vertalingen.einde_verzoek, dispatch_uid="kadervertaling-einde")
