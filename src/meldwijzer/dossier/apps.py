from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "meldwijzer.dossier"
    label = "dossier"
    verbose_name = _("Casusdossier")

    def ready(self) -> None:
        # The access log names a refused casus of the user's own organisation by its id; it
        # imports nothing of the dossier, so the dossier tells it how to find one (ADR 0015).
        from meldwijzer.audit import toegang
        from meldwijzer.dossier.selectors import eigen_casus_id

        toegang.zoek_eigen_casus_met(eigen_casus_id)
