"""Conformance report: does a framework keep the legal minimum, and what did it do with `basis`?

Two parts (docs/kader-formaat.md, 'Conformiteit toetsen: `kader toets`'):

- the legal-minimum checks of :mod:`meldwijzer.kader.minimum`, picked out by their ``code``
  (never checked twice), summarised per route;
- a comparison with the basis framework through ``ontleend_aan``: for every basis item in the
  catalogues of acute examples, structural categories, the Kindcheck, the criteria under
  afwegingen 3-5 and the voorwaarden for effective help, and for the norms melden rests on
  (N2-N5), whether the framework took it over word for word (*overgenomen*), rendered it in its
  own words (*herschreven*, with a word-level diff), or has no item that refers to it
  (*ontbreekt*). There is no fuzzy matching: only ``ontleend_aan`` links an item to basis. In
  `basis` itself every item stands for itself.

The report is data; :mod:`meldwijzer.kader.toets_weergave` renders it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from meldwijzer.kader import minimum
from meldwijzer.kader.engine import Afwegingskader
from meldwijzer.kader.fouten import Ernst, OngeldigKader, Probleem
from meldwijzer.kader.kaders import (
    BASIS,
    basis_item_ids,
    basis_norm_ids,
    controleer_structuur,
    laad_kader,
)
from meldwijzer.kader.model import Betekenis, CatalogusSoort, ontleningen
from meldwijzer.kader.tekstverschil import Tekstverschil, woordverschil, zelfde_tekst
from meldwijzer.kader.validatie import valideer
from meldwijzer.kader.verschil import Kaderkop

# The catalogues of basis a profession must render (Basisdocument H3 'Expliciete voorbeelden
# beschrijven', H4 'Oudersignalen', H3 per afweging, H5 'Voorwaarden ten aanzien van
# hulpverlening'); the norms are those melden rests on in basis.
VERGELEKEN_SOORTEN = (
    CatalogusSoort.ACUUT,
    CatalogusSoort.STRUCTUREEL,
    CatalogusSoort.KINDCHECK,
    CatalogusSoort.CRITERIA,
    CatalogusSoort.VOORWAARDEN,
)
NORMEN = "normen"


class Status(StrEnum):
    OVERGENOMEN = "overgenomen"
    HERSCHREVEN = "herschreven"
    ONTBREEKT = "ontbreekt"


@dataclass(frozen=True, slots=True)
class Weergave:
    """An item (or norm) of the framework that renders a basis item."""

    id: str
    groep: str
    tekst: str
    verschil: Tekstverschil

    def als_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "groep": self.groep,
            "tekst": self.tekst,
            "tekstverschil": self.verschil.als_dict(),
        }


@dataclass(frozen=True, slots=True)
class Vergelijking:
    """One basis item (or norm) and what the framework made of it."""

    basis_id: str
    groep_id: str
    groep: str
    basis_tekst: str
    bron: str | None
    status: Status
    weergaven: tuple[Weergave, ...]
    hint: str | None = None

    def als_dict(self) -> dict[str, Any]:
        return {
            "basis_id": self.basis_id,
            "groep_id": self.groep_id,
            "groep": self.groep,
            "basis_tekst": self.basis_tekst,
            "bron": self.bron,
            "status": self.status.value,
            "weergaven": [w.als_dict() for w in self.weergaven],
            "hint": self.hint,
        }


@dataclass(frozen=True, slots=True)
class EigenItem:
    """An item or norm of the compared kinds that renders no basis item: the profession's own."""

    id: str
    groep: str
    tekst: str

    def als_dict(self) -> dict[str, Any]:
        return {"id": self.id, "groep": self.groep, "tekst": self.tekst}


@dataclass(frozen=True, slots=True)
class Routetoets:
    """The legal minimum in one route."""

    route: str
    titel: str
    buiten_meldcode: str | None
    afweging: str | None
    meldende_antwoorden: tuple[str, ...]
    breuken: tuple[Probleem, ...]

    @property
    def voldoet(self) -> bool:
        return not self.breuken

    def als_dict(self) -> dict[str, Any]:
        return {
            "route": self.route,
            "titel": self.titel,
            "buiten_meldcode": self.buiten_meldcode,
            "afweging_onveiligheid": self.afweging,
            "meldende_antwoorden": list(self.meldende_antwoorden),
            "voldoet": self.voldoet,
            "breuken": [p.als_dict() for p in self.breuken],
        }


@dataclass(frozen=True, slots=True)
class Toetsrapport:
    kader: Kaderkop
    basis: Kaderkop
    routes: tuple[Routetoets, ...]
    wettelijk_minimum: tuple[Probleem, ...]
    vergelijkingen: tuple[Vergelijking, ...]
    eigen: tuple[EigenItem, ...]

    @property
    def breuken(self) -> tuple[Probleem, ...]:
        return tuple(p for p in self.wettelijk_minimum if p.ernst is Ernst.FOUT)

    @property
    def voldoet(self) -> bool:
        """The legal minimum holds (the comparison with basis does not decide this)."""
        return not self.breuken

    def telling(self) -> dict[str, int]:
        return {s.value: sum(1 for v in self.vergelijkingen if v.status is s) for s in Status}

    def als_dict(self) -> dict[str, Any]:
        return {
            "kader": self.kader.als_dict(),
            "basis": self.basis.als_dict(),
            "wettelijk_minimum": {
                "voldoet": self.voldoet,
                "routes": [r.als_dict() for r in self.routes],
                "problemen": [p.als_dict() for p in self.wettelijk_minimum],
            },
            "vergelijking_met_basis": {
                "telling": self.telling(),
                "items": [v.als_dict() for v in self.vergelijkingen],
                "eigen": [e.als_dict() for e in self.eigen],
            },
        }


def toets_tekst(tekst: str, bestand: str | None = None) -> Toetsrapport:
    """The report for a framework file. A file whose only errors break the legal minimum still
    gets its report; other errors raise OngeldigKader (and text that is no YAML OnleesbaarKader).
    """
    kader, problemen = controleer_structuur(tekst, bestand)
    if kader is None:
        raise OngeldigKader(problemen)
    return toets(kader, problemen)


def toets(
    kader: Afwegingskader,
    problemen: Sequence[Probleem] | None = None,
    basis: Afwegingskader | None = None,
) -> Toetsrapport:
    """The report for a compiled framework; ``problemen`` are its validation problems (computed
    when not given), ``basis`` the framework to compare with (the shipped one by default)."""
    if problemen is None:
        ids = (None, None) if kader.id == BASIS else (basis_item_ids(), basis_norm_ids())
        problemen = valideer(kader.model, None, kader.bestand, *ids)
    wettelijk = tuple(p for p in problemen if p.wettelijk_minimum)
    basis = basis or laad_kader(BASIS)
    vergelijkingen, eigen = _vergelijk(kader, basis)
    return Toetsrapport(
        Kaderkop.van(kader),
        Kaderkop.van(basis),
        _routes(kader, wettelijk),
        wettelijk,
        vergelijkingen,
        eigen,
    )


def _routes(kader: Afwegingskader, wettelijk: Sequence[Probleem]) -> tuple[Routetoets, ...]:
    uit = []
    for ri, route in enumerate(kader.model.routes):
        prefix = f"routes[{ri}]"
        breuken = tuple(
            p
            for p in wettelijk
            if p.ernst is Ernst.FOUT and (p.pad == prefix or p.pad.startswith(prefix + "."))
        )
        kern = minimum.kern(route)
        buiten = None
        if route.buiten_meldcode is not None:
            reden = route.buiten_meldcode.reden.rstrip(".")
            buiten = f"{reden} (bron: {route.buiten_meldcode.bron})"
        meldend = tuple(
            o.label for o in (kern.opties if kern else []) if o.betekenis is not Betekenis.NEE
        )
        uit.append(
            Routetoets(
                route.id,
                route.titel,
                buiten,
                kern.id if kern and buiten is None else None,
                meldend if buiten is None else (),
                breuken,
            )
        )
    return tuple(uit)


_Basisitem = tuple[str, str, str, str, str | None]  # id, group id, group title, text, citation


def _vergelijk(
    kader: Afwegingskader, basis: Afwegingskader
) -> tuple[tuple[Vergelijking, ...], tuple[EigenItem, ...]]:
    is_basis = kader.id == BASIS
    weergaven, eigen_ids = _weergaven(kader, is_basis)
    vergelijkingen = tuple(
        _vergelijk_item(kader, is_basis, item, weergaven.get(item[0], []))
        for item in _basis_items(basis)
    )
    return vergelijkingen, _eigen_items(kader, eigen_ids)


def _meldnormen(kader: Afwegingskader) -> set[str]:
    return {o.norm for r in kader.model.routes for a in r.afwegingen for o in a.opties if o.norm}


def _basis_items(basis: Afwegingskader) -> list[_Basisitem]:
    """The basis side: every compared catalogue item and every norm an answer leads to."""
    items: list[_Basisitem] = []
    for c in basis.model.catalogi:
        if c.soort in VERGELEKEN_SOORTEN:
            for i in c.items:
                itembron = i.bron or c.bron
                items.append(
                    (i.id, c.id, c.titel, i.tekst, itembron.als_tekst() if itembron else None)
                )
    meldnormen = _meldnormen(basis)
    for n in basis.model.normen:
        if n.id in meldnormen:
            items.append((n.id, NORMEN, "Professionele normen", n.tekst, n.bron.als_tekst()))
    return items


def _weergaven(
    kader: Afwegingskader, is_basis: bool
) -> tuple[dict[str, list[tuple[str, str, str]]], set[str]]:
    """The framework side: what renders which basis id, and the framework's own items."""
    weergaven: dict[str, list[tuple[str, str, str]]] = {}
    eigen_ids: set[str] = set()
    vergeleken_catalogi = {c.id for c in kader.model.catalogi if c.soort in VERGELEKEN_SOORTEN}
    for c in kader.model.catalogi:
        for i in c.items:
            # Format 2: one item may render several basis items (ontleend_aan as a list).
            doelen = ontleningen(i.ontleend_aan) or ((i.id,) if is_basis else ())
            for doel in doelen:
                weergaven.setdefault(doel, []).append((i.id, c.id, i.tekst))
            if not doelen and c.id in vergeleken_catalogi:
                eigen_ids.add(i.id)
    meldend_hier = _meldnormen(kader)
    for n in kader.model.normen:
        doelen = ontleningen(n.ontleend_aan) or ((n.id,) if is_basis else ())
        for doel in doelen:
            weergaven.setdefault(doel, []).append((n.id, NORMEN, n.tekst))
        if not doelen and n.id in meldend_hier:
            eigen_ids.add(n.id)
    return weergaven, eigen_ids


def _vergelijk_item(
    kader: Afwegingskader,
    is_basis: bool,
    item: _Basisitem,
    weergaven: list[tuple[str, str, str]],
) -> Vergelijking:
    basis_id, groep_id, groep, basis_tekst, bron = item
    lijst = tuple(
        Weergave(ident, g, tekst, woordverschil(basis_tekst, tekst))
        for ident, g, tekst in weergaven
    )
    if not lijst:
        status = Status.ONTBREEKT
    elif any(zelfde_tekst(w.tekst, basis_tekst) for w in lijst):
        status = Status.OVERGENOMEN
    else:
        status = Status.HERSCHREVEN
    hint = None
    if status is Status.ONTBREEKT and not is_basis and _heeft_id(kader, basis_id):
        hint = (
            f"Het kader heeft wel een onderdeel met de id '{basis_id}', maar zonder "
            f"'ontleend_aan'. Geeft het dit basisonderdeel weer, zet er dan "
            f"'ontleend_aan: {basis_id}' bij."
        )
    return Vergelijking(basis_id, groep_id, groep, basis_tekst, bron, status, lijst, hint)


def _eigen_items(kader: Afwegingskader, eigen_ids: set[str]) -> tuple[EigenItem, ...]:
    eigen = [
        EigenItem(i.id, c.titel, i.tekst)
        for c in kader.model.catalogi
        for i in c.items
        if i.id in eigen_ids
    ]
    eigen += [
        EigenItem(n.id, "Professionele normen", n.tekst)
        for n in kader.model.normen
        if n.id in eigen_ids
    ]
    return tuple(eigen)


def _heeft_id(kader: Afwegingskader, ident: str) -> bool:
    return ident in kader.items or ident in kader.normen
