from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from meldwijzer.audit.models import Gebeurtenis

if TYPE_CHECKING:
    from meldwijzer.dossier.models import Casus


def tijdlijn(casus: Casus) -> QuerySet[Gebeurtenis]:
    """What happened in a casus, who and when, oldest first."""
    return Gebeurtenis.objects.filter(casus=casus, organisatie_id=casus.organisatie_id).order_by(
        "tijdstip", "pk"
    )
