"""The progress of a casus through the five steps of the meldcode, asked in one statement
(docs/performance.md)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import connection

from meldwijzer.dossier.models import (
    Besluit,
    Casus,
    Consultatie,
    Fase,
    Gesprek,
    Signaal,
    Weging,
)
from meldwijzer.dossier.overgangen import STAPPEN, stapnummer
from meldwijzer.dossier.selectors import huidig_besluit


@dataclass(frozen=True)
class StapStatus:
    nummer: int
    fase: Fase
    gedaan: bool
    huidig: bool
    url_naam: str


_STAP_URLS = {
    1: "web:signalen",
    2: "web:consultatie",
    3: "web:gesprek",
    4: "web:weging",
    5: "web:besluit",
}


def _stap5_afgerond(casus: Casus) -> bool:
    besluit = huidig_besluit(casus)
    return (
        besluit is not None
        and besluit.ronde == casus.ronde
        and besluit.uitkomst.get("volgende_afweging") is None
    )


_STAPMODELLEN = (Signaal, Consultatie, Gesprek, Weging, Besluit)


@functools.cache
def _voortgang_sql() -> str:
    # Table names from the models, quoted; the values are parameters.
    tabellen = [connection.ops.quote_name(m._meta.db_table) for m in _STAPMODELLEN]
    delen = ", ".join(
        f"EXISTS (SELECT 1 FROM {t} WHERE casus_id = %s AND ronde = %s)"  # noqa: S608
        for t in tabellen
    )
    return f"SELECT {delen}"


def voortgang(casus: Casus) -> list[StapStatus]:
    """The five steps with what is done in this ronde, for the progress indicator: one
    statement with an EXISTS per step."""
    with connection.cursor() as cur:
        cur.execute(_voortgang_sql(), [casus.pk, casus.ronde] * len(_STAPMODELLEN))
        rij = cur.fetchone()
    gedaan = {n: bool(waarde) for n, waarde in enumerate(rij, start=1)}
    gedaan[5] = casus.is_afgesloten or gedaan[5]
    huidig = stapnummer(casus.fase)
    return [
        StapStatus(n, fase, gedaan[n], huidig == n, _STAP_URLS[n])
        for n, fase in enumerate(STAPPEN, start=1)
    ]
