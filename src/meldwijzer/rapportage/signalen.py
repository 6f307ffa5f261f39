"""Where the dossier tells rapportage that a casus changed.

Every write service of the dossier ends by raising the casus version
(``dossier.services.bouwstenen.markeer_bijgewerkt``), inside its transaction and after all its
rows are stored; opening a casus creates it. Those two saves are the hook: no dossier service
needs to know this app exists. Retention sends ``casus_wordt_gewist`` before it erases a casus's
rows: its milestones then leave the running totals.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from meldwijzer.dossier.models import Casus
from meldwijzer.dossier.signalen import casus_wordt_gewist


def _casus_opgeslagen(sender: type[Casus], instance: Casus, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    velden = kwargs.get("update_fields")
    if kwargs.get("created") or (velden is not None and "versie" in velden):
        from meldwijzer.rapportage.projectie import bijwerken_na_schrijven

        bijwerken_na_schrijven(instance)


def _casus_wordt_gewist(sender: type[Casus], casus_id: int, **kwargs: Any) -> None:
    from meldwijzer.rapportage.totalen import mijlpalen_van_casus_eruit

    mijlpalen_van_casus_eruit(casus_id)


def verbind() -> None:
    post_save.connect(_casus_opgeslagen, sender=Casus, dispatch_uid="rapportage.casus")
    casus_wordt_gewist.connect(
        _casus_wordt_gewist, sender=Casus, dispatch_uid="rapportage.casus_gewist"
    )
