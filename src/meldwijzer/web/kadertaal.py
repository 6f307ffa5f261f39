"""A framework's texts in the language of the page: an unofficial translation beside the Dutch.

In another language than Dutch, stap 5 shows the question, help, answers, lists, norms and
warnings from the framework's shipped translation, each with the Dutch original one click away;
what is stored, cited and decided stays Dutch (docs/kader-formaat.md, 'Vertalingen'; ADR 0025).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language

from meldwijzer.dossier import stap5
from meldwijzer.dossier.selectors import Stap5Stand
from meldwijzer.kader import Afwegingskader, beslis
from meldwijzer.kader.beslisdelen import Regelbericht
from meldwijzer.kader.model import Afweging, Catalogus
from meldwijzer.kader.vertaling import BRONTAAL, vertaald_kader


def kader_in_taal(kader: Afwegingskader) -> Afwegingskader | None:
    """The framework with its texts in the page's language; None in Dutch or without one."""
    taal = (get_language() or BRONTAAL).lower()
    for kandidaat in dict.fromkeys((taal, taal.split("-")[0])):
        weergave = vertaald_kader(kader, kandidaat)
        if weergave is not None:
            return weergave
    return None


@dataclass
class Stap5Teksten:
    """What the stap-5 page shows of the framework, and the Dutch originals when translated."""

    kader: Afwegingskader
    afweging: Afweging | None
    opties: list[stap5.OptieVoorbeeld]
    catalogi: list[Catalogus]
    normen: list[dict[str, Any]]
    waarschuwingen: list[dict[str, Any]]
    hints: list[dict[str, Any]]
    vertaald: bool = False
    origineel_afweging: Afweging | None = None
    origineel_opties: list[stap5.OptieVoorbeeld] = field(default_factory=list)
    originelen: dict[str, Catalogus] = field(default_factory=dict)
    # The voorwaarden the answer form asks (by item id): the text shown and its Dutch original.
    voorwaarden: dict[str, dict[str, str]] = field(default_factory=dict)
    # Kaderformaat 2: the handovers on the path, the title of the route the casus is in now,
    # and each deciding signal's consequence with its Dutch original (None when not translated).
    overdrachten: list[stap5.OverdrachtWeergave] = field(default_factory=list)
    route_titel: str = ""
    beslissend: list[stap5.BeslissendGevolg] = field(default_factory=list)
    beslissend_origineel: dict[str, stap5.BeslissendGevolg] = field(default_factory=dict)


def _berichten(
    getoond: Sequence[Regelbericht], origineel: Sequence[Regelbericht], vertaald: bool
) -> list[dict[str, Any]]:
    return [
        {"tekst": w.tekst, "bron": w.bron, "origineel": o.tekst if vertaald else None}
        for w, o in zip(getoond, origineel, strict=True)
    ]


def stap5_teksten(stand: Stap5Stand, catalogi: list[Catalogus], gekozen: set[str]) -> Stap5Teksten:
    """The texts of stap 5 for the page's language. ``catalogi`` are the Dutch catalogues beside
    the next afweging; ``gekozen`` the signals ticked in a form not yet stored."""
    kader = stand.kader
    weergave = kader_in_taal(kader)
    toon = weergave or kader
    route = stand.beslissing.route
    gegeven = {a.afweging: a.antwoord for a in stand.antwoorden}
    beslissing = stand.beslissing
    afweging = stand.volgende
    opties = stand.opties
    if weergave is not None:
        beslissing = beslis(weergave, gegeven, stand.signalen, route=route)
        if stand.volgende is not None:
            afweging = stap5.volgende_afweging(weergave, beslissing)
            assert afweging is not None
            voorbeeld = sorted(set(stand.signalen) | (gekozen & kader.aanvinkbaar))
            opties = stap5.optie_voorbeelden(
                weergave, route, gegeven, voorbeeld, afweging, stand.volgende_sleutel
            )
    per_id = {c.id: c for c in toon.model.catalogi}
    vertaald = weergave is not None
    voorwaarden: dict[str, dict[str, str]] = {}
    if weergave is not None and stand.volgende is not None:
        nederlands = stap5.voorwaarden_catalogus(kader, stand.volgende)
        if nederlands is not None:
            getoond = {i.id: i.tekst for i in per_id[nederlands.id].items}
            voorwaarden = {
                i.id: {"tekst": getoond[i.id], "origineel": i.tekst} for i in nederlands.items
            }
    return Stap5Teksten(
        kader=toon,
        afweging=afweging,
        opties=opties,
        catalogi=[per_id[c.id] for c in catalogi],
        normen=[
            {
                **toon.norm_als_dict(n),
                "origineel": kader.norm_als_dict(n) if vertaald else None,
            }
            for n in stand.beslissing.normen
        ],
        waarschuwingen=_berichten(
            beslissing.waarschuwingen, stand.beslissing.waarschuwingen, vertaald
        ),
        hints=_berichten(beslissing.hints, stand.beslissing.hints, vertaald),
        vertaald=vertaald,
        origineel_afweging=stand.volgende if vertaald else None,
        origineel_opties=stand.opties if vertaald else [],
        originelen={c.id: c for c in catalogi} if vertaald else {},
        voorwaarden=voorwaarden,
        overdrachten=stap5.overdrachten(toon, beslissing),
        route_titel=stap5.route_model(toon, beslissing.route_nu).titel,
        beslissend=stap5.beslissende_gevolgen(toon, beslissing),
        beslissend_origineel={
            g.signaal: g for g in stap5.beslissende_gevolgen(kader, stand.beslissing)
        }
        if vertaald
        else {},
    )


def oefen_teksten(
    kader: Afwegingskader,
    route: str | None,
    afweging: Afweging,
    gegeven: dict[str, str],
    signalen: list[str],
    catalogi: list[Catalogus],
    sleutel: str | None = None,
) -> Stap5Teksten:
    """The same for an afweging on the practice page (oefenen): question, answers and lists.
    ``sleutel``: the key the afweging is answered under (``route/afweging`` after a handover)."""
    opties = stap5.optie_voorbeelden(kader, route, gegeven, signalen, afweging, sleutel)
    weergave = kader_in_taal(kader)
    if weergave is None:
        return Stap5Teksten(kader, afweging, opties, catalogi, [], [], [])
    route_id = next(r.id for r in kader.model.routes if any(a is afweging for a in r.afwegingen))
    getoond = stap5.afweging_model(weergave, route_id, afweging.id)
    sleutel = sleutel or afweging.id
    per_id = {c.id: c for c in weergave.model.catalogi}
    return Stap5Teksten(
        kader=weergave,
        afweging=getoond,
        opties=stap5.optie_voorbeelden(weergave, route, gegeven, signalen, getoond, sleutel),
        catalogi=[per_id[c.id] for c in catalogi],
        normen=[],
        waarschuwingen=[],
        hints=[],
        vertaald=True,
        origineel_afweging=afweging,
        origineel_opties=opties,
        originelen={c.id: c for c in catalogi},
    )


@dataclass
class Lijstteksten:
    """Lists of the framework for a page in the page's language, with their Dutch originals
    (by catalogue id; empty in Dutch), as ``web/_origineel_lijst.html`` reads them."""

    catalogi: list[Catalogus]
    originelen: dict[str, Catalogus] = field(default_factory=dict)


def lijsten(kader: Afwegingskader, catalogi: list[Catalogus]) -> Lijstteksten:
    weergave = kader_in_taal(kader)
    if weergave is None:
        return Lijstteksten(catalogi)
    per_id = {c.id: c for c in weergave.model.catalogi}
    return Lijstteksten([per_id[c.id] for c in catalogi], {c.id: c for c in catalogi})
