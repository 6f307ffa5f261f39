"""Which texts of a framework a translation can give, each by the ids that name it.

A translation file (docs/kader-formaat.md, 'Vertalingen'; ADR 0025) holds its texts under
``teksten``, nested by kind and id: ``items: {acuut.wapen: {tekst: ...}}``. The *sleutel* of a
text is that path (``("items", "acuut.wapen", "tekst")``); its *modelpad* is where the same text
sits in the framework's model dump (``("catalogi", 0, "items", 3, "tekst")``), so a translated
model can be built by replacing the one with the other. Citations (``bron``), ids and the
metadata of who decided on a framework are never translated.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from meldwijzer.kader.model import Actie, Afweging, Kader, Optie, Route, Termijn

Sleutel = tuple[str | int, ...]
Modelpad = tuple[str | int, ...]

# The kinds of things a translation names by id, as the Dutch messages call them.
SOORTEN: dict[str, str] = {
    "kader": "het kader",
    "termen": "begrip",
    "catalogi": "catalogus",
    "items": "item",
    "normen": "norm",
    "acties": "actie",
    "routes": "route",
    "afwegingen": "afweging",
    "opties": "antwoord",
    "signaalregels": "signaalregel",
    "termijnen": "termijn",
}


@dataclass(frozen=True, slots=True)
class Vertaalbaar:
    """One Dutch text of a framework that a translation may give in another language."""

    sleutel: Sleutel
    modelpad: Modelpad
    tekst: str


def _velden(
    sleutel: Sleutel, modelpad: Modelpad, object_: object, velden: tuple[str, ...]
) -> Iterator[Vertaalbaar]:
    for veld in velden:
        waarde = getattr(object_, veld)
        if isinstance(waarde, str) and waarde:
            yield Vertaalbaar((*sleutel, veld), (*modelpad, veld), waarde)


def _termijnen(
    sleutel: Sleutel, modelpad: Modelpad, termijnen: list[Termijn]
) -> Iterator[Vertaalbaar]:
    for i, termijn in enumerate(termijnen):
        yield Vertaalbaar(
            (*sleutel, "termijnen", i), (*modelpad, "termijnen", i, "wat"), termijn.wat
        )


def _actie(i: int, actie: Actie) -> Iterator[Vertaalbaar]:
    sleutel: Sleutel = ("acties", actie.id)
    yield from _velden(sleutel, ("acties", i), actie, ("label", "uitleg"))
    yield from _termijnen(sleutel, ("acties", i), actie.termijnen)


def _optie(sleutel: Sleutel, modelpad: Modelpad, optie: Optie) -> Iterator[Vertaalbaar]:
    yield from _velden(sleutel, modelpad, optie, ("label", "uitleg"))
    yield from _termijnen(sleutel, modelpad, optie.termijnen)


def _afweging(sleutel: Sleutel, modelpad: Modelpad, afweging: Afweging) -> Iterator[Vertaalbaar]:
    yield from _velden(sleutel, modelpad, afweging, ("kort", "vraag", "hulptekst"))
    for oi, optie in enumerate(afweging.opties):
        yield from _optie((*sleutel, "opties", optie.id), (*modelpad, "opties", oi), optie)


def _route(ri: int, route: Route) -> Iterator[Vertaalbaar]:
    sleutel: Sleutel = ("routes", route.id)
    yield from _velden(sleutel, ("routes", ri), route, ("titel", "omschrijving"))
    if route.buiten_meldcode is not None:
        yield Vertaalbaar(
            (*sleutel, "buiten_meldcode"),
            ("routes", ri, "buiten_meldcode", "reden"),
            route.buiten_meldcode.reden,
        )
    for ai, afweging in enumerate(route.afwegingen):
        yield from _afweging(
            (*sleutel, "afwegingen", afweging.id), ("routes", ri, "afwegingen", ai), afweging
        )


def vertaalbare_teksten(kader: Kader) -> list[Vertaalbaar]:
    """Every text of the framework a translation can give, in the order of the file."""
    uit: list[Vertaalbaar] = list(
        _velden(("kader",), (), kader, ("titel", "toelichting", "beroepsgroep", "sector"))
    )
    for naam in ("acute_onveiligheid", "structurele_onveiligheid", "disclosure"):
        term = getattr(kader.termen, naam)
        if term is not None:
            uit.extend(_velden(("termen", naam), ("termen", naam), term, ("tekst", "toelichting")))
    for ci, catalogus in enumerate(kader.catalogi):
        uit.extend(
            _velden(("catalogi", catalogus.id), ("catalogi", ci), catalogus, ("titel", "uitleg"))
        )
        for ii, item in enumerate(catalogus.items):
            pad: Modelpad = ("catalogi", ci, "items", ii)
            uit.extend(_velden(("items", item.id), pad, item, ("tekst", "toelichting")))
            if item.gevolg is not None and item.gevolg.uitleg:
                uit.append(
                    Vertaalbaar(
                        ("items", item.id, "gevolg"), (*pad, "gevolg", "uitleg"), item.gevolg.uitleg
                    )
                )
    for ni, norm in enumerate(kader.normen):
        uit.extend(_velden(("normen", norm.id), ("normen", ni), norm, ("titel", "tekst")))
    for ai, actie in enumerate(kader.acties):
        uit.extend(_actie(ai, actie))
    for ri, route in enumerate(kader.routes):
        uit.extend(_route(ri, route))
    for si, regel in enumerate(kader.signaalregels):
        uit.extend(_velden(("signaalregels", regel.id), ("signaalregels", si), regel, ("tekst",)))
    return uit


def sleutel_als_tekst(sleutel: Sleutel) -> str:
    """``items.acuut.wapen.tekst`` style, with list positions as ``[0]``; ids in brackets when
    they hold a dot, so the parts stay readable: ``items[acuut.wapen].tekst``."""
    tekst = ""
    for deel in sleutel:
        if isinstance(deel, int) or "." in deel:
            tekst += f"[{deel}]"
        else:
            tekst += f".{deel}" if tekst else deel
    return tekst
