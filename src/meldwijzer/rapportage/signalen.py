"""Where the dossier tells rapportage that a casus changed.

Every write service of the dossier ends by raising the casus version
(``dossier.services.bouwstenen.markeer_bijgewerkt``), inside its transaction and after all its
rows are stored; opening a casus creates it. Those two saves are the hook: no dossier service
needs to know this app exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from meldwijzer.dossier.models import Casus


def _casus_opgeslagen(sender: type[Casus], instance: Casus, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    velden = kwargs.get("update_fields")
    if kwargs.get("created") or (velden is not None and "versie" in velden):
        from meldwijzer.rapportage.projectie import bijwerken_na_schrijven

        bijwerken_na_schrijven(instance)


def verbind() -> None:
    post_save.connect(_casus_opgeslagen, sender=Casus, dispatch_uid="rapportage.casus")
