"""The one service that keeps rapportage current with the dossier.

``bijwerken(casus)`` derives the casus's termijnen and milestones again from its stored records
and writes only what changed. It runs inside the write that changed the casus (``signalen``:
every dossier service ends by raising the casus version), so the dashboard never shows a state
the dossier does not have; ``meldwijzer rapportage bijwerken`` runs it over every casus, for
data recorded before this app existed.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from meldwijzer.dossier.models import Casus
from meldwijzer.rapportage import mijlpalen, termijnen

logger = logging.getLogger(__name__)


def bijwerken(casus: Casus) -> None:
    with transaction.atomic():
        termijnen.bijwerken(casus)
        mijlpalen.bijwerken(casus)


def bijwerken_na_schrijven(casus: Casus) -> None:
    """After a dossier write. A failure here must not lose the professional's record, so it is
    logged (and repaired by the next write or by ``meldwijzer rapportage bijwerken``) — except
    where ``MELDWIJZER_RAPPORTAGE_STRIKT`` is set, as in the tests, where it must show."""
    try:
        bijwerken(casus)
    except Exception:
        if getattr(settings, "MELDWIJZER_RAPPORTAGE_STRIKT", False):
            raise
        logger.exception("rapportage bijwerken mislukt voor casus %s", casus.pk)
