from __future__ import annotations

from django.db.models import QuerySet

from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.audit.services import Casusverwijzing


def tijdlijn(casus: Casusverwijzing) -> QuerySet[Gebeurtenis]:
    """What happened in a casus, who and when, oldest first."""
    return Gebeurtenis.objects.filter(
        casus_id=casus.pk, organisatie_id=casus.organisatie_id
    ).order_by("tijdstip", "pk")
