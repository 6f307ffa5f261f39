"""The graph of one route as boxes and edges, and the geometry types of a layout.

Every afweging is a box; every answer option that ends the route is an outcome box listing its
actions; an option that has actions *and* continues gets an action box on its edge, so that
"melden, then weigh afweging 3 with Veilig Thuis" stays visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from meldwijzer.kader.engine import Afwegingskader, Beslisoptie, Beslisroute
from meldwijzer.kader.model import ActieSoort
from meldwijzer.kader.stroomschema.stijl import VOORRANG
from meldwijzer.kader.stroomschema.tekst import (
    LABEL_GROOTTE,
    REGELAFSTAND,
    TEKST_GROOTTE,
    breek_af,
)

Punt = tuple[float, float]

BINNENMARGE_X = 10.0
BINNENMARGE_Y = 8.0
AFWEGING_BREEDTE = 300.0
UITKOMST_BREEDTE = 230.0
DUMMY_BREEDTE = 10.0
LABEL_MAX_BREEDTE = 120.0

AFWEGING = "afweging"
ACTIE = "actie"
UITKOMST = "uitkomst"
DUMMY = "dummy"
# Placement order within a layer: the chain of afwegingen first so it stays a straight column,
# then action boxes on it, then outcome boxes beside it, then the bends of long edges.
PRIORITEIT: Mapping[str, float] = {AFWEGING: 100.0, ACTIE: 60.0, UITKOMST: 1.0, DUMMY: 0.5}


@dataclass(frozen=True, slots=True)
class Regel:
    """One line of text in a box; ``soort`` gives an action line its colour swatch."""

    tekst: str
    vet: bool = False
    inspringen: float = 0.0
    soort: ActieSoort | None = None


@dataclass(frozen=True, slots=True)
class Vak:
    """A box: an afweging, an action on an edge (``actie``) or an outcome (``uitkomst``).

    ``id`` is ``afweging:<id>``, ``actie:<afweging>:<optie>`` or ``uitkomst:<afweging>:<optie>``;
    x and y are the top-left corner.
    """

    id: str
    soort: str
    afweging: str
    optie: str | None
    x: float
    y: float
    breedte: float
    hoogte: float
    regels: tuple[Regel, ...]
    actiesoort: ActieSoort | None
    samen: bool
    opnieuw: bool
    laag: int

    @property
    def rechts(self) -> float:
        return self.x + self.breedte

    @property
    def onder(self) -> float:
        return self.y + self.hoogte


@dataclass(frozen=True, slots=True)
class Kant:
    """An edge: an answer option (``label`` set) or the way on from an action box (no label).

    ``punten`` is the orthogonal polyline from the bottom of ``van`` to the top of ``naar``.
    The label box (x, y, breedte, hoogte) sits beside the first segment; ``label_anker`` says
    whether its text is aligned to the left ("start") or right ("end") of that box.
    """

    id: str
    van: str
    naar: str
    afweging: str
    optie: str
    label: tuple[str, ...]
    samen: bool
    punten: tuple[Punt, ...]
    label_vak: tuple[float, float, float, float] | None
    label_anker: str


@dataclass(frozen=True, slots=True)
class Layout:
    """The geometry of one route, in its own coordinates with the origin at the top left."""

    route: str
    titel: str
    breedte: float
    hoogte: float
    vakken: tuple[Vak, ...]
    kanten: tuple[Kant, ...]

    def vak(self, vak_id: str) -> Vak:
        for v in self.vakken:
            if v.id == vak_id:
                return v
        raise KeyError(vak_id)


def afweging_id(afweging: str) -> str:
    return f"{AFWEGING}:{afweging}"


def actie_id(afweging: str, optie: str) -> str:
    return f"{ACTIE}:{afweging}:{optie}"


def uitkomst_id(afweging: str, optie: str) -> str:
    return f"{UITKOMST}:{afweging}:{optie}"


def heeft_vak(optie: Beslisoptie) -> bool:
    """Whether the answer has a box of its own: actions, conditional ones or termijnen."""
    return bool(optie.acties or optie.voorwaarden or optie.termijnen)


def doel_van_optie(afweging: str, optie: Beslisoptie) -> str:
    """The box the edge of this answer option points at."""
    if optie.volgende is None:
        return uitkomst_id(afweging, optie.id)
    if heeft_vak(optie):
        return actie_id(afweging, optie.id)
    return afweging_id(optie.volgende)


def afweging_kop(kader: Afwegingskader, route_id: str, afweging: str) -> str:
    """``Afweging 2``, with the afweging's short label when the framework gives one (format 2):
    ``Afweging 2 · VEILIGHEID``."""
    kort = kader.korte_labels.get((route_id, afweging))
    return f"Afweging {afweging}" + (f" · {kort}" if kort else "")


@dataclass(slots=True)
class Knoop:
    id: str
    soort: str
    afweging: str
    optie: str | None
    regels: list[Regel]
    breedte: float
    hoogte: float
    actiesoort: ActieSoort | None = None
    samen: bool = False
    opnieuw: bool = False
    prioriteit: float = 1.0
    laag: int = 0
    x: float = 0.0  # centre


@dataclass(slots=True)
class Rand:
    id: str
    van: str
    naar: str
    afweging: str
    optie: str
    label: list[str]
    samen: bool
    keten: list[str] = field(default_factory=list)


def vakhoogte(regels: Sequence[Regel], grootte: float) -> float:
    return 2 * BINNENMARGE_Y + len(regels) * grootte * REGELAFSTAND


def primaire_soort(kader: Afwegingskader, acties: Iterable[str]) -> ActieSoort | None:
    soorten = {kader.actie_soort[a] for a in acties if a in kader.actie_soort}
    return next((s for s in VOORRANG if s in soorten), None)


def actieregels(kader: Afwegingskader, optie: Beslisoptie, kop: str) -> list[Regel]:
    regels = [Regel(kop, vet=True)]
    tekstbreedte_ = UITKOMST_BREEDTE - 2 * BINNENMARGE_X
    soorten = {kader.actie_soort.get(a) for a in optie.acties}
    met_stip = len(optie.acties) > 1
    # A swatch per line only helps when the box mixes soorten; its fill shows a single one.
    met_staal = len(soorten) > 1
    inspring = (14.0 if met_staal else 0.0) + (10.0 if met_stip else 0.0)
    for actie in optie.acties:
        label = kader.actie_label.get(actie, actie)
        stukken = breek_af(label, tekstbreedte_ - inspring, TEKST_GROOTTE)
        for i, stuk in enumerate(stukken):
            tekst = ("• " if met_stip and i == 0 else "") + stuk
            regels.append(
                Regel(
                    tekst,
                    inspringen=(14.0 if met_staal else 0.0) + (10.0 if met_stip and i > 0 else 0.0),
                    soort=kader.actie_soort.get(actie) if met_staal and i == 0 else None,
                )
            )
    if optie.norm is not None:
        # The norm by its title, as a reader knows it, not by its id (N2).
        norm = kader.normen.get(optie.norm)
        titel = norm.titel if norm is not None else optie.norm
        regels.extend(Regel(t) for t in breek_af(titel, tekstbreedte_, TEKST_GROOTTE))
    regels.extend(_formaat_2_regels(kader, optie, tekstbreedte_))
    if optie.opnieuw:
        regels.append(Regel("(opnieuw melden)"))
    if optie.samen:
        regels.extend(
            Regel(t)
            for t in breek_af("Vanaf hier samen met Veilig Thuis", tekstbreedte_, TEKST_GROOTTE)
        )
    return regels


def _formaat_2_regels(kader: Afwegingskader, optie: Beslisoptie, breedte: float) -> list[Regel]:
    """Conditional actions, the handover and termijnen of an answer, as lines of its box."""
    teksten: list[str] = []
    for v in optie.voorwaarden:
        als = " en ".join(f"{a} = {' of '.join(sorted(w))}" for a, w in v.als)
        labels = ", ".join(kader.actie_label.get(x, x) for x in v.acties)
        teksten.append(f"Als afweging {als}: {labels}")
    for actie in (*optie.acties, *(x for v in optie.voorwaarden for x in v.acties)):
        if actie in kader.overdracht:
            route, afweging = kader.overdracht[actie]
            plek = f", afweging {afweging}" if afweging else ""
            teksten.append(f"→ verder in route '{route}'{plek}")
    teksten.extend(f"Termijn: {t.aantal} {t.dagen} — {t.wat}" for t in optie.termijnen)
    for actie in optie.acties:
        teksten.extend(
            f"Termijn: {t.aantal} {t.dagen} — {t.wat}" for t in kader.actie_termijnen.get(actie, ())
        )
    return [Regel(stuk) for tekst in teksten for stuk in breek_af(tekst, breedte, TEKST_GROOTTE)]


def bouw_graaf(kader: Afwegingskader, route: Beslisroute) -> tuple[dict[str, Knoop], list[Rand]]:
    vragen = {a.id: a.vraag for r in kader.model.routes if r.id == route.id for a in r.afwegingen}
    knopen: dict[str, Knoop] = {}
    randen: list[Rand] = []
    tekst_b = AFWEGING_BREEDTE - 2 * BINNENMARGE_X
    for a in route.afwegingen.values():
        regels = [Regel(afweging_kop(kader, route.id, a.id), vet=True)]
        regels += [Regel(t) for t in breek_af(vragen.get(a.id, ""), tekst_b, TEKST_GROOTTE)]
        if a.samen:
            regels.append(Regel("(samen met Veilig Thuis)"))
        kid = afweging_id(a.id)
        knopen[kid] = Knoop(
            kid, AFWEGING, a.id, None, regels, AFWEGING_BREEDTE, vakhoogte(regels, TEKST_GROOTTE),
            samen=a.samen, prioriteit=PRIORITEIT[AFWEGING],
        )  # fmt: skip
    for a in route.afwegingen.values():
        for o in a.opties.values():
            label = breek_af(o.label, LABEL_MAX_BREEDTE, LABEL_GROOTTE, vet=True)
            doel = doel_van_optie(a.id, o)
            van = afweging_id(a.id)
            if o.volgende is not None and not heeft_vak(o):
                randen.append(Rand(f"{a.id}:{o.id}", van, doel, a.id, o.id, label, o.samen))
                continue
            soort = UITKOMST if o.volgende is None else ACTIE
            regels = actieregels(kader, o, "Uitkomst" if soort == UITKOMST else "Actie")
            knopen[doel] = Knoop(
                doel, soort, a.id, o.id, regels, UITKOMST_BREEDTE, vakhoogte(regels, TEKST_GROOTTE),
                primaire_soort(kader, o.acties), o.samen, o.opnieuw, prioriteit=PRIORITEIT[soort],
            )  # fmt: skip
            randen.append(Rand(f"{a.id}:{o.id}", van, doel, a.id, o.id, label, o.samen))
            if o.volgende is not None:
                verder = afweging_id(o.volgende)
                rid = f"{a.id}:{o.id}:verder"
                randen.append(Rand(rid, doel, verder, a.id, o.id, [], o.samen))
    return knopen, randen
