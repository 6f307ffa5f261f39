"""What differs between two frameworks (or two versions of one), in words a policy adviser reads.

Everything is matched by id, never by resemblance: metadata, terms, routes with their
afwegingen and answer options, the outcome of every complete path (computed with
:func:`~meldwijzer.kader.engine.beslis`), norms, actions, catalogues with their items, and
signal rules. A route renamed between the two is the one exception
(:mod:`~meldwijzer.kader.verschil_routes`): it is named as renamed and compared as itself.
Changed texts carry a word-level diff. The result is data (:class:`Verschil`);
:mod:`meldwijzer.kader.verschil_weergave` renders it as text, Markdown or JSON, and a web page
can render the same data with ``<del>``/``<ins>``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from meldwijzer import telwoord
from meldwijzer.kader import verschil_velden as velden
from meldwijzer.kader.engine import Afwegingskader, beslis
from meldwijzer.kader.model import (
    Afweging,
    Optie,
    Route,
    Term,
    ontleningen,
)
from meldwijzer.kader.paden import Pad, eerste_paden
from meldwijzer.kader.tekstverschil import Tekstverschil, woordverschil
from meldwijzer.kader.verschil_routes import hernoemde_routes
from meldwijzer.kader.verschil_waarden import gelijk, is_lopende_tekst, toon

# A framework with more complete paths than this per route, or longer ones together, is
# compared on its graph only.
MAX_PADEN = 5000
MAX_ANTWOORDEN = 250_000
_TE_VEEL_PADEN = f"meer dan {MAX_PADEN:,} paden of samen meer dan {MAX_ANTWOORDEN:,} antwoorden"
_TE_VEEL_PADEN = _TE_VEEL_PADEN.replace(",", ".")  # Dutch thousands


class Onderdeel(StrEnum):
    METADATA = "metadata"
    TERMEN = "termen"
    ROUTES = "routes"
    AFWEGINGEN = "afwegingen"
    ANTWOORDEN = "antwoorden"
    UITKOMSTEN = "uitkomsten"
    NORMEN = "normen"
    ACTIES = "acties"
    CATALOGI = "catalogi"
    ITEMS = "items"
    SIGNAALREGELS = "signaalregels"


ONDERDEEL_TITEL: dict[Onderdeel, str] = {
    Onderdeel.METADATA: "Gegevens van het kader",
    Onderdeel.TERMEN: "Begrippen",
    Onderdeel.ROUTES: "Routes",
    Onderdeel.AFWEGINGEN: "Afwegingen",
    Onderdeel.ANTWOORDEN: "Antwoorden",
    Onderdeel.UITKOMSTEN: "Uitkomsten per pad",
    Onderdeel.NORMEN: "Professionele normen",
    Onderdeel.ACTIES: "Acties",
    Onderdeel.CATALOGI: "Catalogi",
    Onderdeel.ITEMS: "Catalogusitems",
    Onderdeel.SIGNAALREGELS: "Signaalregels",
}


class Soort(StrEnum):
    TOEGEVOEGD = "toegevoegd"
    VERWIJDERD = "verwijderd"
    GEWIJZIGD = "gewijzigd"


@dataclass(frozen=True, slots=True)
class Wijziging:
    """One difference. ``oud``/``nieuw`` are display values (texts already quoted); a changed
    text also has ``tekst``, its word-level diff. ``sleutel`` is the machine path to the thing."""

    onderdeel: Onderdeel
    soort: Soort
    waar: str
    veld: str | None = None
    oud: str | None = None
    nieuw: str | None = None
    tekst: Tekstverschil | None = None
    sleutel: tuple[str, ...] = ()

    def zin(self) -> str:
        """The difference as one Dutch sentence, with ``[-weg-]{+erbij+}`` for texts."""
        return zin(self, lambda s: s, lambda t: t.als_tekst())

    def als_dict(self) -> dict[str, Any]:
        return {
            "onderdeel": self.onderdeel.value,
            "soort": self.soort.value,
            "waar": self.waar,
            "veld": self.veld,
            "oud": self.oud,
            "nieuw": self.nieuw,
            "tekstverschil": None if self.tekst is None else self.tekst.als_dict(),
            "sleutel": list(self.sleutel),
            "zin": self.zin(),
        }


def zin(
    w: Wijziging, waarde: Callable[[str], str], verschil: Callable[[Tekstverschil], str]
) -> str:
    """Build the sentence of a difference; ``waarde`` and ``verschil`` render its parts (so the
    Markdown renderer can escape them)."""
    waar = waarde(w.waar)
    if w.soort is Soort.TOEGEVOEGD:
        return _punt(f"{waar} toegevoegd" + (f": {waarde(w.nieuw)}" if w.nieuw else ""))
    if w.soort is Soort.VERWIJDERD:
        return f"{waar} verwijderd" + (f" (was: {waarde(w.oud)})." if w.oud else ".")
    veld = waarde(w.veld or "inhoud")
    if w.tekst is not None:
        return f"{waar}: {veld} gewijzigd: {verschil(w.tekst)}"
    return _punt(
        f"{waar}: {veld} was {waarde(w.oud or '(leeg)')}, nu {waarde(w.nieuw or '(leeg)')}"
    )


def _punt(zin: str) -> str:
    return zin if zin.endswith((".", "?", "!")) else zin + "."


@dataclass(frozen=True, slots=True)
class Kaderkop:
    id: str
    versie: str
    titel: str
    hash: str
    bestand: str | None

    @classmethod
    def van(cls, kader: Afwegingskader) -> Kaderkop:
        return cls(kader.id, kader.versie, kader.model.titel, kader.hash, kader.bestand)

    def als_tekst(self) -> str:
        return f"'{self.id}' versie {self.versie} ({self.hash[:12]})"

    def als_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "versie": self.versie,
            "titel": self.titel,
            "hash": self.hash,
            "bestand": self.bestand,
        }


@dataclass(frozen=True, slots=True)
class Verschil:
    oud: Kaderkop
    nieuw: Kaderkop
    wijzigingen: tuple[Wijziging, ...]

    @property
    def leeg(self) -> bool:
        return not self.wijzigingen

    def per_onderdeel(self) -> list[tuple[Onderdeel, list[Wijziging]]]:
        """The differences grouped in reading order, empty groups left out."""
        groepen: list[tuple[Onderdeel, list[Wijziging]]] = []
        for onderdeel in Onderdeel:
            lijst = [w for w in self.wijzigingen if w.onderdeel is onderdeel]
            if lijst:
                groepen.append((onderdeel, lijst))
        return groepen

    def telling(self) -> dict[str, int]:
        return {s.value: sum(1 for w in self.wijzigingen if w.soort is s) for s in Soort}

    def als_dict(self) -> dict[str, Any]:
        return {
            "oud": self.oud.als_dict(),
            "nieuw": self.nieuw.als_dict(),
            "gelijk": self.leeg,
            "telling": self.telling(),
            "wijzigingen": [w.als_dict() for w in self.wijzigingen],
        }


# --- the comparison ---------------------------------------------------------------------------


class _MetId(Protocol):
    @property
    def id(self) -> str: ...


_M = TypeVar("_M", bound=_MetId)


def _ontleend(model: object) -> str:
    bron = ontleningen(getattr(model, "ontleend_aan", None))
    return f" (ontleend aan {', '.join(bron)})" if bron else ""


class _Vergelijker:
    def __init__(self, oud: Afwegingskader, nieuw: Afwegingskader) -> None:
        self.a = oud
        self.b = nieuw
        self.uit: list[Wijziging] = []
        self.hernoemd = hernoemde_routes(oud.model.routes, nieuw.model.routes)

    def erbij(self, onderdeel: Onderdeel, waar: str, nieuw: str, sleutel: tuple[str, ...]) -> None:
        self.uit.append(Wijziging(onderdeel, Soort.TOEGEVOEGD, waar, nieuw=nieuw, sleutel=sleutel))

    def weg(self, onderdeel: Onderdeel, waar: str, oud: str, sleutel: tuple[str, ...]) -> None:
        self.uit.append(Wijziging(onderdeel, Soort.VERWIJDERD, waar, oud=oud, sleutel=sleutel))

    def velden(
        self,
        onderdeel: Onderdeel,
        waar: str,
        sleutel: tuple[str, ...],
        oud: BaseModel,
        nieuw: BaseModel,
        velden: Sequence[tuple[str, str]],
    ) -> None:
        for naam, label in velden:
            a, b = getattr(oud, naam), getattr(nieuw, naam)
            if gelijk(a, b):
                continue
            tekst = woordverschil(a, b) if is_lopende_tekst(a, b) else None
            self.uit.append(
                Wijziging(
                    onderdeel,
                    Soort.GEWIJZIGD,
                    waar,
                    label,
                    toon(a),
                    toon(b),
                    tekst,
                    (*sleutel, naam),
                )
            )

    def reeks(
        self,
        onderdeel: Onderdeel,
        oud: Iterable[_M],
        nieuw: Iterable[_M],
        naam: Callable[[str], str],
        sleutel: Callable[[str], tuple[str, ...]],
        samenvatting: Callable[[_M, Afwegingskader], str],
        velden: Sequence[tuple[str, str]],
        verder: Callable[[str, _M | None, _M | None], None] | None = None,
    ) -> None:
        """Compare two lists of things with ids: added, removed, and field by field changed.

        ``verder`` continues into the children (afwegingen of a route, options of an afweging)."""
        a = {m.id: m for m in oud}
        b = {m.id: m for m in nieuw}
        # The old order first, then what is only new.
        for ident in [*a, *(i for i in b if i not in a)]:
            x, y = a.get(ident), b.get(ident)
            if x is None and y is not None:
                self.erbij(onderdeel, naam(ident), samenvatting(y, self.b), sleutel(ident))
            elif x is not None and y is None:
                self.weg(onderdeel, naam(ident), samenvatting(x, self.a), sleutel(ident))
            elif x is not None and y is not None and isinstance(x, BaseModel):
                assert isinstance(y, BaseModel)
                self.velden(onderdeel, naam(ident), sleutel(ident), x, y, velden)
            if verder is not None:
                verder(ident, x, y)

    def metadata(self) -> None:
        self.velden(Onderdeel.METADATA, "Kader", (), self.a.model, self.b.model, velden.METADATA)

    def termen(self) -> None:
        for veld in ("acute_onveiligheid", "structurele_onveiligheid", "disclosure"):
            a: Term | None = getattr(self.a.model.termen, veld)
            b: Term | None = getattr(self.b.model.termen, veld)
            waar = f"Begrip '{veld.replace('_', ' ')}'"
            sleutel = ("termen", veld)
            if a is None and b is not None:
                self.erbij(Onderdeel.TERMEN, waar, toon(b.tekst), sleutel)
            elif a is not None and b is None:
                self.weg(Onderdeel.TERMEN, waar, toon(a.tekst), sleutel)
            elif a is not None and b is not None:
                self.velden(Onderdeel.TERMEN, waar, sleutel, a, b, velden.TERM)

    def routes(self) -> None:
        def verder(rid: str, a: Route | None, b: Route | None) -> None:
            self.reeks(
                Onderdeel.AFWEGINGEN,
                a.afwegingen if a else [],
                b.afwegingen if b else [],
                lambda aid: f"Route '{rid}', afweging '{aid}'",
                lambda aid: ("routes", rid, "afwegingen", aid),
                lambda afw, _: f"({afw.rol.value}) {toon(afw.vraag)}",
                velden.AFWEGING,
                lambda aid, x, y: self._opties(rid, aid, x, y),
            )

        for oud_id, nieuw_id in self.hernoemd.items():
            self.uit.append(
                Wijziging(
                    Onderdeel.ROUTES,
                    Soort.GEWIJZIGD,
                    f"Route '{oud_id}'",
                    "id (hernoemd)",
                    toon(oud_id),
                    toon(nieuw_id),
                    sleutel=("routes", nieuw_id, "id"),
                )
            )
        # A renamed route is compared under its new id, with everything in it.
        oude_routes = [
            r.model_copy(update={"id": self.hernoemd.get(r.id, r.id)}) for r in self.a.model.routes
        ]
        self.reeks(
            Onderdeel.ROUTES,
            oude_routes,
            self.b.model.routes,
            lambda rid: f"Route '{rid}'",
            lambda rid: ("routes", rid),
            lambda r, _: _route_samenvatting(r),
            velden.ROUTE,
            verder,
        )

    def _opties(self, rid: str, aid: str, a: Afweging | None, b: Afweging | None) -> None:
        if b is None:
            # A removed afweging: its own sentence says it all; its answers went with it.
            return
        self.reeks(
            Onderdeel.ANTWOORDEN,
            a.opties if a else [],
            b.opties,
            lambda oid: f"Route '{rid}', afweging '{aid}', antwoord '{oid}'",
            lambda oid: ("routes", rid, "afwegingen", aid, "opties", oid),
            _optie_samenvatting,
            velden.OPTIE,
        )

    def uitkomsten(self) -> None:
        for oud_id in self.a.routes:
            rid = self.hernoemd.get(oud_id, oud_id)
            if rid not in self.b.routes:
                continue
            oud, nieuw = _uitkomsten(self.a, oud_id), _uitkomsten(self.b, rid)
            if oud is None or nieuw is None:
                # Which side has too many paths: the old, the new or both.
                self.uit.append(
                    Wijziging(
                        Onderdeel.UITKOMSTEN,
                        Soort.GEWIJZIGD,
                        f"Route '{rid}'",
                        "aantal paden (uitkomsten niet per pad vergeleken)",
                        _aantal_paden(oud),
                        _aantal_paden(nieuw),
                        sleutel=("routes", rid, "uitkomsten"),
                    )
                )
                continue
            for pad in [*oud, *(p for p in nieuw if p not in oud)]:
                waar = f"Route '{rid}', pad {_pad_tekst(pad)}"
                sleutel = ("routes", rid, "paden", _pad_tekst(pad))
                a, b = oud.get(pad), nieuw.get(pad)
                if b is None and a is not None:
                    self.weg(Onderdeel.UITKOMSTEN, waar, f"uitkomst {a[1]}", sleutel)
                elif a is None and b is not None:
                    self.erbij(Onderdeel.UITKOMSTEN, waar, f"uitkomst {b[1]}", sleutel)
                elif a is not None and b is not None and a[0] != b[0]:
                    self.uit.append(
                        Wijziging(
                            Onderdeel.UITKOMSTEN,
                            Soort.GEWIJZIGD,
                            waar,
                            "uitkomst",
                            a[1],
                            b[1],
                            sleutel=sleutel,
                        )
                    )

    def normen(self) -> None:
        self.reeks(
            Onderdeel.NORMEN,
            self.a.model.normen,
            self.b.model.normen,
            lambda nid: f"Norm '{nid}'",
            lambda nid: ("normen", nid),
            lambda n, _: f"{toon(n.titel)}{_ontleend(n)}: {toon(n.tekst)}",
            velden.NORM,
        )

    def acties(self) -> None:
        self.reeks(
            Onderdeel.ACTIES,
            self.a.model.acties,
            self.b.model.acties,
            lambda xid: f"Actie '{xid}'",
            lambda xid: ("acties", xid),
            lambda x, _: f"{toon(x.label)} (soort {x.soort.value})",
            velden.ACTIE,
        )

    def catalogi(self) -> None:
        self.reeks(
            Onderdeel.CATALOGI,
            self.a.model.catalogi,
            self.b.model.catalogi,
            lambda cid: f"Catalogus '{cid}'",
            lambda cid: ("catalogi", cid),
            lambda c, _: f"{toon(c.titel)} ({telwoord.aantal(len(c.items), 'item', 'items')})",
            velden.CATALOGUS,
        )
        # Item ids are unique across a framework: an item that moved catalogue is still itself.
        waar_a = {i.id: c.id for c in self.a.model.catalogi for i in c.items}
        waar_b = {i.id: c.id for c in self.b.model.catalogi for i in c.items}
        for iid in waar_a.keys() & waar_b.keys():
            if waar_a[iid] != waar_b[iid]:
                self.uit.append(
                    Wijziging(
                        Onderdeel.ITEMS,
                        Soort.GEWIJZIGD,
                        f"Item '{iid}'",
                        "catalogus",
                        toon(waar_a[iid]),
                        toon(waar_b[iid]),
                        sleutel=("items", iid, "catalogus"),
                    )
                )
        self.reeks(
            Onderdeel.ITEMS,
            [i for c in self.a.model.catalogi for i in c.items],
            [i for c in self.b.model.catalogi for i in c.items],
            lambda iid: f"Catalogus '{waar_b.get(iid) or waar_a[iid]}', item '{iid}'",
            lambda iid: ("items", iid),
            lambda i, _: f"{toon(i.tekst)}{_ontleend(i)}",
            velden.ITEM,
        )

    def signaalregels(self) -> None:
        self.reeks(
            Onderdeel.SIGNAALREGELS,
            self.a.model.signaalregels,
            self.b.model.signaalregels,
            lambda rid: f"Signaalregel '{rid}'",
            lambda rid: ("signaalregels", rid),
            lambda r, _: f"bij afweging '{r.afweging}' = {r.bij_betekenis.value}: {toon(r.tekst)}",
            velden.SIGNAALREGEL,
        )


def _route_samenvatting(route: Route) -> str:
    afwegingen = telwoord.aantal(len(route.afwegingen), "afweging", "afwegingen")
    tekst = f"'{route.titel}', {afwegingen}, start bij '{route.start}'"
    if route.buiten_meldcode is not None:
        tekst += f"; buiten de meldcode: {toon(route.buiten_meldcode.reden)}"
    return tekst


def _optie_samenvatting(optie: Optie, kader: Afwegingskader) -> str:
    delen = [f"'{optie.label}' (betekent {optie.betekenis.value})"]
    if optie.acties:
        delen.append(", ".join(f"'{kader.actie_label.get(a, a)}'" for a in optie.acties))
    if optie.norm:
        delen.append(f"norm {optie.norm}")
    if optie.samen_met_veilig_thuis:
        delen.append("vanaf hier samen met Veilig Thuis")
    if optie.opnieuw_melden:
        delen.append("opnieuw melden")
    delen.extend(toon(v) for v in optie.acties_als)
    delen.extend(f"termijn {toon(t)}" for t in optie.termijnen)
    delen.append(f"verder met afweging '{optie.volgende}'" if optie.volgende else "einde")
    return "; ".join(delen)


def _aantal_paden(uitkomsten: dict[Pad, tuple[object, str]] | None) -> str:
    return _TE_VEEL_PADEN if uitkomsten is None else f"{len(uitkomsten)} paden"


def _uitkomsten(kader: Afwegingskader, route_id: str) -> dict[Pad, tuple[object, str]] | None:
    """Per complete path: what decides equality (action ids, norms, flags) and its description;
    None above MAX_PADEN paths or MAX_ANTWOORDEN answers in all."""
    paden, alle = eerste_paden(kader, route_id, MAX_PADEN, MAX_ANTWOORDEN)
    if not alle:
        return None
    uit: dict[Pad, tuple[object, str]] = {}
    for pad in paden:
        b = beslis(kader, dict(pad), route=route_id)
        sleutel = (b.acties, b.normen, b.samen_met_veilig_thuis, b.opnieuw_melden)
        uit[pad] = (
            sleutel,
            uitkomst_tekst(kader, b.acties, b.normen, b.samen_met_veilig_thuis, b.opnieuw_melden),
        )
    return uit


def uitkomst_tekst(
    kader: Afwegingskader,
    acties: Sequence[str],
    normen: Sequence[str],
    samen: bool,
    opnieuw: bool,
) -> str:
    """``'Melden bij Veilig Thuis' (N2, N5; samen met Veilig Thuis; opnieuw melden)``."""
    labels = ", ".join(f"'{kader.actie_label.get(a, a)}'" for a in acties) or "geen actie"
    extra = [", ".join(normen)] if normen else []
    if samen:
        extra.append("samen met Veilig Thuis")
    if opnieuw:
        extra.append("opnieuw melden")
    return labels + (f" ({'; '.join(extra)})" if extra else "")


def _pad_tekst(pad: Pad) -> str:
    return ", ".join(f"{a}={o}" for a, o in pad)


def verschil(a: Afwegingskader, b: Afwegingskader) -> Verschil:
    """What changed from framework ``a`` (old) to framework ``b`` (new)."""
    v = _Vergelijker(a, b)
    v.metadata()
    v.termen()
    v.routes()
    v.uitkomsten()
    v.normen()
    v.acties()
    v.catalogi()
    v.signaalregels()
    return Verschil(Kaderkop.van(a), Kaderkop.van(b), tuple(v.uit))


__all__ = [
    "MAX_PADEN",
    "ONDERDEEL_TITEL",
    "Kaderkop",
    "Onderdeel",
    "Soort",
    "Verschil",
    "Wijziging",
    "toon",
    "uitkomst_tekst",
    "verschil",
    "zin",
]
