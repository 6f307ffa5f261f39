"""The 'Vertalingen' section of a framework version's page: each language with how much of this
version it translates (docs/kader-formaat.md, 'Vertalingen'; ADR 0029).

A shipped framework lists its shipped files; an imported one the translations its
beroepsorganisatie uploaded (``catalogus.vertalingen``). Every text here comes from a file a
kaderbeheerder wrote: the template escapes it like all other text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language_info

from meldwijzer.catalogus.models import KaderVersie, Kadervertaling
from meldwijzer.catalogus.vertalingen import vertalingen_van
from meldwijzer.kader import OnleesbaarKader
from meldwijzer.kader.fouten import Ernst
from meldwijzer.kader.vertaalbaar import sleutel_als_tekst
from meldwijzer.kader.vertaling import Vertaalverslag, lees_vertaling, meegeleverde_vertalingen

# How many untranslated texts the page names before it says "en nog N".
MAX_GENOEMD = 20


def taalnaam(taal: str) -> str:
    """'Engels' for ``en`` in the page's language; the code itself for one Django does not know."""
    for code in (taal, taal.split("-")[0]):
        try:
            return str(get_language_info(code)["name_translated"])
        except KeyError:
            continue
    return taal


@dataclass
class Taalweergave:
    taal: str
    naam: str
    meegeleverd: bool
    totaal: int = 0
    vertaald: int = 0
    onvertaald: list[str] = field(default_factory=list)
    # The translation names this version and fits its ids: casussen under it show it.
    geldt: bool = False
    # It does not fit this version's ids (an upload checked against another version).
    past_niet: bool = False
    actueel: Kadervertaling | None = None
    geschiedenis: list[Kadervertaling] = field(default_factory=list)

    @property
    def aantal_onvertaald(self) -> int:
        return self.totaal - self.vertaald

    @property
    def meer_onvertaald(self) -> int:
        return max(0, self.aantal_onvertaald - len(self.onvertaald))


def _weergave(
    taal: str, verslag: Vertaalverslag | None, versie: KaderVersie, meegeleverd: bool
) -> Taalweergave:
    regel = Taalweergave(taal, taalnaam(taal), meegeleverd)
    if verslag is None:
        return regel
    regel.totaal = verslag.totaal
    regel.vertaald = verslag.totaal - len(verslag.onvertaald)
    regel.onvertaald = [sleutel_als_tekst(t.sleutel) for t in verslag.onvertaald[:MAX_GENOEMD]]
    regel.past_niet = any(p.ernst is Ernst.FOUT for p in verslag.problemen)
    regel.geldt = verslag.vertaling is not None and versie.versie in verslag.vertaling.versies
    return regel


def talen(versie: KaderVersie) -> list[Taalweergave]:
    """The languages of this framework, with their completeness against ``versie``."""
    kader = versie.kader()
    regels: list[Taalweergave] = []
    for taal, pad in meegeleverde_vertalingen(versie.kader_id).items():
        try:
            verslag: Vertaalverslag | None = lees_vertaling(pad, kader)
        except OnleesbaarKader:
            verslag = None
        regels.append(_weergave(taal, verslag, versie, meegeleverd=True))
    for t in vertalingen_van(versie):
        regel = _weergave(t.taal, t.verslag, versie, meegeleverd=False)
        regel.actueel, regel.geschiedenis = t.actueel, t.geschiedenis
        regels.append(regel)
    return regels
