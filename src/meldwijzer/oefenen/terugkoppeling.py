"""Feedback on a practice attempt, in the framework's own words.

Per answer: does it match what the vignette expects; the norm the answer rests on (the expected
answer's, and the learner's own where it differs), cited with its source; the framework's own
help text and option explanation; the warnings the framework gives when these answers meet the
vignette's signals; and, where the afweging has signal lists, which expected signals were
missed or ticked without reason. At the end: the route taken beside the expected route.
Everything is recomputed by the engine from the stored option ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from meldwijzer.dossier import stap5
from meldwijzer.kader import Afwegingskader, Beslissing, Regelbericht, beslis
from meldwijzer.kader.model import Afweging, Optie


@dataclass(frozen=True)
class Signaal:
    id: str
    tekst: str
    bron: str


@dataclass(frozen=True)
class Signaalterugkoppeling:
    """The signal lists beside one afweging: expected and ticked compared."""

    goed: list[Signaal]
    gemist: list[Signaal]
    onverwacht: list[Signaal]

    @property
    def klopt(self) -> bool:
        return not self.gemist and not self.onverwacht


@dataclass(frozen=True)
class Antwoordterugkoppeling:
    afweging: Afweging
    gekozen: Optie
    verwacht: Optie | None  # None: this afweging is not on the expected route
    norm_verwacht: dict[str, Any] | None
    norm_gekozen: dict[str, Any] | None
    bron: str
    waarschuwingen: list[Regelbericht]
    hints: list[Regelbericht]
    signalen: Signaalterugkoppeling | None
    toelichting: str = ""
    # In another language: the same feedback in the framework's Dutch (ADR 0025).
    origineel: Antwoordterugkoppeling | None = None

    @property
    def klopt(self) -> bool:
        return self.verwacht is not None and self.verwacht.id == self.gekozen.id


@dataclass(frozen=True)
class Uitkomst:
    beslissing: Beslissing
    acties: list[str]
    normen: list[dict[str, Any]]


@dataclass(frozen=True)
class Routevergelijking:
    genomen: Uitkomst
    verwacht: Uitkomst
    zelfde_route: bool
    zelfde_acties: bool


@dataclass(frozen=True)
class Terugkoppeling:
    antwoorden: list[Antwoordterugkoppeling] = field(default_factory=list)

    @property
    def aantal_goed(self) -> int:
        return sum(1 for a in self.antwoorden if a.klopt)


def _signaal(kader: Afwegingskader, item_id: str) -> Signaal:
    catalogus_id, tekst = kader.items[item_id]
    catalogus = next(c for c in kader.model.catalogi if c.id == catalogus_id)
    item = next(i for i in catalogus.items if i.id == item_id)
    bron = item.bron or catalogus.bron
    return Signaal(item_id, tekst, bron.als_tekst() if bron is not None else "")


def signalen_bij(
    kader: Afwegingskader, afweging: Afweging, verwacht: Sequence[str], aangevinkt: Sequence[str]
) -> Signaalterugkoppeling | None:
    """Expected and ticked signals compared on the tickable lists beside this afweging."""
    items = [
        item.id
        for c in kader.model.catalogi
        if c.aanvinkbaar and c.id in afweging.catalogi
        for item in c.items
    ]
    if not items:
        return None
    verwacht_hier = [i for i in items if i in set(verwacht)]
    aangevinkt_hier = [i for i in items if i in set(aangevinkt)]
    return Signaalterugkoppeling(
        goed=[_signaal(kader, i) for i in verwacht_hier if i in aangevinkt_hier],
        gemist=[_signaal(kader, i) for i in verwacht_hier if i not in aangevinkt_hier],
        onverwacht=[_signaal(kader, i) for i in aangevinkt_hier if i not in verwacht_hier],
    )


def _norm(kader: Afwegingskader, optie: Optie | None) -> dict[str, Any] | None:
    if optie is None or optie.norm is None or optie.norm not in kader.normen:
        return None
    return kader.norm_als_dict(optie.norm)


def per_antwoord(
    kader: Afwegingskader,
    route: str,
    verwachte_antwoorden: Mapping[str, str],
    verwachte_signalen: Sequence[str],
    antwoorden: Mapping[str, str],
    aangevinkt: Sequence[str],
    toelichtingen: Mapping[str, str] | None = None,
) -> Terugkoppeling:
    """Feedback on each answer given, in path order."""
    # The vignette's facts are its expected signals: the framework's warnings at the learner's
    # answers are computed with those, so they say why an answer does not fit the vignette.
    genomen = beslis(kader, antwoorden, verwachte_signalen, route=route)
    uit = []
    for stap in genomen.pad:
        # By the answer's key: ``route/afweging`` after a handover (kaderformaat 2).
        sleutel = genomen.sleutel(stap)
        afweging = stap5.stap_afweging(kader, genomen, stap)
        gekozen = stap5.optie_model(afweging, stap.antwoord)
        verwacht_id = verwachte_antwoorden.get(sleutel)
        verwacht = stap5.optie_model(afweging, verwacht_id) if verwacht_id else None
        norm_verwacht = _norm(kader, verwacht)
        norm_gekozen = _norm(kader, gekozen)
        uit.append(
            Antwoordterugkoppeling(
                afweging=afweging,
                gekozen=gekozen,
                verwacht=verwacht,
                norm_verwacht=norm_verwacht,
                norm_gekozen=None
                if norm_gekozen is not None
                and norm_verwacht is not None
                and norm_gekozen["id"] == norm_verwacht["id"]
                else norm_gekozen,
                bron=afweging.bron.als_tekst() if afweging.bron is not None else "",
                waarschuwingen=genomen.waarschuwingen_bij(sleutel),
                hints=genomen.hints_bij(sleutel),
                signalen=signalen_bij(kader, afweging, verwachte_signalen, aangevinkt),
                toelichting=(toelichtingen or {}).get(sleutel, ""),
            )
        )
    return Terugkoppeling(uit)


def _uitkomst(kader: Afwegingskader, beslissing: Beslissing) -> Uitkomst:
    return Uitkomst(
        beslissing,
        [kader.actie_label[a] for a in beslissing.acties],
        [kader.norm_als_dict(n) for n in beslissing.normen],
    )


def vergelijk_route(
    kader: Afwegingskader,
    route: str,
    verwachte_antwoorden: Mapping[str, str],
    verwachte_signalen: Sequence[str],
    antwoorden: Mapping[str, str],
    aangevinkt: Sequence[str],
) -> Routevergelijking:
    """The route taken (with the learner's own ticks) beside the route the vignette expects."""
    genomen = beslis(kader, antwoorden, aangevinkt, route=route)
    verwacht = beslis(kader, verwachte_antwoorden, verwachte_signalen, route=route)
    return Routevergelijking(
        genomen=_uitkomst(kader, genomen),
        verwacht=_uitkomst(kader, verwacht),
        zelfde_route=[(s.route, s.afweging, s.antwoord) for s in genomen.pad]
        == [(s.route, s.afweging, s.antwoord) for s in verwacht.pad],
        zelfde_acties=genomen.acties == verwacht.acties,
    )
