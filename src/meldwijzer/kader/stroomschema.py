"""The flowchart (stroomschema) of an afwegingskader, drawn by our own code as SVG or mermaid.

The Basisdocument asks every beroepsgroep to show its afwegingskader as a flowchart that also
shows how the meldcode can be closed (H2, 'Een afwegingskader is beroeps(groep)specifiek'). We
draw it from the compiled graph of a route, never from positions written for one framework, so a
profession's own file gets a flowchart too.

The layout is a small layered (Sugiyama-style) layout:

1. every afweging is a box; every answer option that ends the route is an outcome box listing its
   actions; an option that has actions *and* continues gets an action box on its edge, so that
   "melden, then weigh afweging 3 with Veilig Thuis" stays visible;
2. longest-path layering from the route's start; edges that span several layers get dummy nodes,
   so that no edge is drawn through a box;
3. barycenter sweeps order each layer to reduce crossings;
4. x positions: each node wants to sit above or below its neighbours; within a layer nodes are
   placed by priority (afwegingen first, so their chain stays a straight column), keeping the
   order of the layer and the gaps between boxes, nodes of equal priority sharing the room by
   isotonic regression (pool adjacent violators);
5. edges are routed orthogonally in the channels between layers, each horizontal run on its own
   track, so lines never overlap each other or a box.

Text widths are estimated with the character widths of DejaVu Sans, the widest of the usual
sans-serif fonts, so the text fits whatever font the viewer picks.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from meldwijzer.kader.engine import Afwegingskader, Beslissing, _Optie, _Route
from meldwijzer.kader.model import ActieSoort

Punt = tuple[float, float]

# Font sizes in user units. The drawing is scaled to A4 width (210 mm = 595.28 pt); the smallest
# font must stay at least 9 pt after that scaling, which bounds the width of the drawing.
TITEL_GROOTTE = 15.0
KOP_GROOTTE = 13.5
TEKST_GROOTTE = 12.0
LABEL_GROOTTE = 11.5
LEGENDA_GROOTTE = 11.5
KLEINSTE_GROOTTE = min(TITEL_GROOTTE, KOP_GROOTTE, TEKST_GROOTTE, LABEL_GROOTTE, LEGENDA_GROOTTE)
A4_BREEDTE_PT = 595.28
MIN_PUNTGROOTTE = 9.0
MAX_A4_BREEDTE = KLEINSTE_GROOTTE * A4_BREEDTE_PT / MIN_PUNTGROOTTE

REGELAFSTAND = 1.3
BINNENMARGE_X = 10.0
BINNENMARGE_Y = 8.0
AFWEGING_BREEDTE = 300.0
UITKOMST_BREEDTE = 230.0
DUMMY_BREEDTE = 10.0
LABEL_MAX_BREEDTE = 120.0
TUSSENRUIMTE_VAKKEN = 40.0
TUSSENRUIMTE_DUMMY = 22.0
POORT_MARGE = 14.0
POORT_AFSTAND_UIT = 26.0
POORT_AFSTAND_IN = 16.0
SPOOR_AFSTAND = 10.0
PIJL_LENGTE = 9.0
PAGINA_MARGE = 16.0

# More afwegingen than this in one drawing cannot be read on a page or a screen, and the layout
# (crossing reduction, label placement) grows faster than the graph: such a framework is drawn as
# Mermaid or read as text instead (docs/kader-formaat.md, 'Grenzen'). Real ones have about ten.
MAX_AFWEGINGEN = 100


class TeGrootOmTeTekenen(ValueError):
    """The routes to draw hold more than MAX_AFWEGINGEN afwegingen."""


FONT_FAMILIE = "Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif"
LIJNKLEUR = "#333333"
ACCENT = "#d95f02"
GEDIMD = "0.35"

# Light fills that print well, with a darker border of the same hue; melden and hulp are
# red and blue rather than red and green, which many readers cannot tell apart.
KLEUREN: Mapping[ActieSoort, tuple[str, str]] = {
    ActieSoort.MELDEN: ("#fbd5d0", "#b2182b"),
    ActieSoort.HULP: ("#d6e6f5", "#2166ac"),
    ActieSoort.AFSLUITEN: ("#e8e8e8", "#555555"),
    ActieSoort.HULP_AFSLUITEN: ("#e6e0f2", "#5e3c99"),
    ActieSoort.OVERIG: ("#fff2b8", "#9c7a00"),
}
SOORT_NAAM: Mapping[ActieSoort, str] = {
    ActieSoort.MELDEN: "Melden bij Veilig Thuis",
    ActieSoort.HULP: "Hulp bieden of organiseren",
    ActieSoort.AFSLUITEN: "Afsluiten",
    ActieSoort.HULP_AFSLUITEN: "Hulp afsluiten",
    ActieSoort.OVERIG: "Overige actie",
}
# Which soort colours a box that carries several actions: the legally weightiest first.
VOORRANG = (
    ActieSoort.MELDEN,
    ActieSoort.HULP_AFSLUITEN,
    ActieSoort.AFSLUITEN,
    ActieSoort.HULP,
    ActieSoort.OVERIG,
)

AFWEGING = "afweging"
ACTIE = "actie"
UITKOMST = "uitkomst"
_DUMMY = "dummy"
# Placement order within a layer: the chain of afwegingen first so it stays a straight column,
# then action boxes on it, then outcome boxes beside it, then the bends of long edges.
PRIORITEIT: Mapping[str, float] = {AFWEGING: 100.0, ACTIE: 60.0, UITKOMST: 1.0, _DUMMY: 0.5}
# How hard the bend of a long edge pulls on the box it leaves or enters, against 1 for a short
# edge: a long edge may bend, the column of afwegingen should not.
TREK_LANGE_KANT = 0.0125


# ---------------------------------------------------------------------------------------------
# Text measurement and wrapping

# Advance widths of DejaVu Sans in em; other characters count as 0.65 em.
_KLEIN = (
    "613 635 550 635 615 352 635 634 278 278 579 278 974"
    " 634 612 635 635 411 521 392 634 592 818 592 592 525"
)
_GROOT = (
    "684 686 698 770 632 575 775 752 295 295 656 557 863"
    " 748 787 603 787 695 635 611 732 684 989 685 611 685"
)
_BREEDTES: dict[str, float] = {
    **{c: int(w) / 1000 for c, w in zip("abcdefghijklmnopqrstuvwxyz", _KLEIN.split(), strict=True)},
    **{c: int(w) / 1000 for c, w in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", _GROOT.split(), strict=True)},
    **dict.fromkeys("0123456789", 0.636),
    **dict.fromkeys(" .,‘’", 0.318),
    **dict.fromkeys(":;/", 0.337),
    **dict.fromkeys("()", 0.390),
    **dict.fromkeys("<>→", 0.838),
    **dict.fromkeys("“”", 0.518),
    **dict.fromkeys("—…", 1.0),
    **dict.fromkeys("éèëê", 0.615),
    **dict.fromkeys("ïí", 0.278),
    "-": 0.361,
    "?": 0.531,
    "!": 0.400,
    "'": 0.275,
    '"': 0.460,
    "&": 0.780,
    "–": 0.5,
    "•": 0.590,
}
_VET_FACTOR = 1.12


def tekstbreedte(tekst: str, grootte: float, vet: bool = False) -> float:
    """Estimated width of one line of text in user units."""
    em = sum(_BREEDTES.get(c, 0.65) for c in tekst)
    return em * grootte * (_VET_FACTOR if vet else 1.0)


def breek_af(tekst: str, max_breedte: float, grootte: float, vet: bool = False) -> list[str]:
    """Greedy word wrap by estimated width; a word longer than a line is cut."""
    regels: list[str] = []
    huidig = ""
    for woord in tekst.split():
        kandidaat = f"{huidig} {woord}" if huidig else woord
        if tekstbreedte(kandidaat, grootte, vet) <= max_breedte:
            huidig = kandidaat
            continue
        if huidig:
            regels.append(huidig)
        huidig = ""
        while tekstbreedte(woord, grootte, vet) > max_breedte:
            n = len(woord)
            while n > 1 and tekstbreedte(woord[:n], grootte, vet) > max_breedte:
                n -= 1
            regels.append(woord[:n])
            woord = woord[n:]
        huidig = woord
    if huidig:
        regels.append(huidig)
    return regels or [""]


# ---------------------------------------------------------------------------------------------
# Layout data


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


def doel_van_optie(afweging: str, optie: _Optie) -> str:
    """The box the edge of this answer option points at."""
    if optie.volgende is None:
        return uitkomst_id(afweging, optie.id)
    if optie.acties:
        return actie_id(afweging, optie.id)
    return afweging_id(optie.volgende)


# ---------------------------------------------------------------------------------------------
# Building the graph of a route


@dataclass(slots=True)
class _Knoop:
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
class _Rand:
    id: str
    van: str
    naar: str
    afweging: str
    optie: str
    label: list[str]
    samen: bool
    keten: list[str] = field(default_factory=list)


def _hoogte(regels: Sequence[Regel], grootte: float) -> float:
    return 2 * BINNENMARGE_Y + len(regels) * grootte * REGELAFSTAND


def _primaire_soort(kader: Afwegingskader, acties: Iterable[str]) -> ActieSoort | None:
    soorten = {kader.actie_soort[a] for a in acties if a in kader.actie_soort}
    return next((s for s in VOORRANG if s in soorten), None)


def _actieregels(kader: Afwegingskader, optie: _Optie, kop: str) -> list[Regel]:
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
        regels.append(Regel(f"Norm: {optie.norm}"))
    if optie.opnieuw:
        regels.append(Regel("(opnieuw melden)"))
    if optie.samen:
        regels.extend(
            Regel(t)
            for t in breek_af("Vanaf hier samen met Veilig Thuis", tekstbreedte_, TEKST_GROOTTE)
        )
    return regels


def _bouw_graaf(kader: Afwegingskader, route: _Route) -> tuple[dict[str, _Knoop], list[_Rand]]:
    vragen = {a.id: a.vraag for r in kader.model.routes if r.id == route.id for a in r.afwegingen}
    knopen: dict[str, _Knoop] = {}
    randen: list[_Rand] = []
    tekst_b = AFWEGING_BREEDTE - 2 * BINNENMARGE_X
    for a in route.afwegingen.values():
        regels = [Regel(f"Afweging {a.id}", vet=True)]
        regels += [Regel(t) for t in breek_af(vragen.get(a.id, ""), tekst_b, TEKST_GROOTTE)]
        if a.samen:
            regels.append(Regel("(samen met Veilig Thuis)"))
        kid = afweging_id(a.id)
        knopen[kid] = _Knoop(
            kid, AFWEGING, a.id, None, regels, AFWEGING_BREEDTE, _hoogte(regels, TEKST_GROOTTE),
            samen=a.samen, prioriteit=PRIORITEIT[AFWEGING],
        )  # fmt: skip
    for a in route.afwegingen.values():
        for o in a.opties.values():
            label = breek_af(o.label, LABEL_MAX_BREEDTE, LABEL_GROOTTE, vet=True)
            doel = doel_van_optie(a.id, o)
            van = afweging_id(a.id)
            if o.volgende is not None and not o.acties:
                randen.append(_Rand(f"{a.id}:{o.id}", van, doel, a.id, o.id, label, o.samen))
                continue
            soort = UITKOMST if o.volgende is None else ACTIE
            regels = _actieregels(kader, o, "Uitkomst" if soort == UITKOMST else "Actie")
            knopen[doel] = _Knoop(
                doel, soort, a.id, o.id, regels, UITKOMST_BREEDTE, _hoogte(regels, TEKST_GROOTTE),
                _primaire_soort(kader, o.acties), o.samen, o.opnieuw, prioriteit=PRIORITEIT[soort],
            )  # fmt: skip
            randen.append(_Rand(f"{a.id}:{o.id}", van, doel, a.id, o.id, label, o.samen))
            if o.volgende is not None:
                verder = afweging_id(o.volgende)
                rid = f"{a.id}:{o.id}:verder"
                randen.append(_Rand(rid, doel, verder, a.id, o.id, [], o.samen))
    return knopen, randen


# ---------------------------------------------------------------------------------------------
# Layering, ordering, placement


def _lagen(start: str, knopen: Mapping[str, _Knoop], randen: Sequence[_Rand]) -> list[_Rand]:
    """Longest-path layering; returns the edges that go back (only in an invalid, cyclic graph)."""
    uit: dict[str, list[_Rand]] = {k: [] for k in knopen}
    for r in randen:
        uit[r.van].append(r)
    # Depth-first topological order from the start, then from anything left over, so the
    # function also terminates on a graph the validator would reject.
    volgorde: list[str] = []
    toestand: dict[str, int] = {}
    terug: list[_Rand] = []
    for wortel in [start, *knopen]:
        if wortel in toestand:
            continue
        stapel: list[tuple[str, int]] = [(wortel, 0)]
        toestand[wortel] = 1
        while stapel:
            knoop, i = stapel.pop()
            if i < len(uit[knoop]):
                stapel.append((knoop, i + 1))
                rand = uit[knoop][i]
                if toestand.get(rand.naar) == 1:
                    terug.append(rand)
                elif rand.naar not in toestand:
                    toestand[rand.naar] = 1
                    stapel.append((rand.naar, 0))
            else:
                toestand[knoop] = 2
                volgorde.append(knoop)
    volgorde.reverse()
    terug_ids = {id(r) for r in terug}
    for k in volgorde:
        for r in uit[k]:
            if id(r) not in terug_ids:
                knopen[r.naar].laag = max(knopen[r.naar].laag, knopen[k].laag + 1)
    return terug


def _kruisingen(
    boven: Sequence[str], onder: Sequence[str], segmenten: Sequence[tuple[str, str]]
) -> int:
    pos_b = {k: i for i, k in enumerate(boven)}
    pos_o = {k: i for i, k in enumerate(onder)}
    paren = [(pos_b[a], pos_o[b]) for a, b in segmenten if a in pos_b and b in pos_o]
    n = 0
    for i, (a1, b1) in enumerate(paren):
        for a2, b2 in paren[i + 1 :]:
            if (a1 - a2) * (b1 - b2) < 0:
                n += 1
    return n


def _isotoon(gewenst: Sequence[float], gewicht: Sequence[float]) -> list[float]:
    """Weighted least-squares non-decreasing fit (pool adjacent violators)."""
    blokken: list[list[float]] = []  # [weighted sum, weight, count]
    for d, w in zip(gewenst, gewicht, strict=True):
        blokken.append([d * w, w, 1.0])
        while len(blokken) > 1 and (
            blokken[-2][0] / blokken[-2][1] > blokken[-1][0] / blokken[-1][1]
        ):
            s, ww, n = blokken.pop()
            blokken[-1][0] += s
            blokken[-1][1] += ww
            blokken[-1][2] += n
    uit: list[float] = []
    for s, w, n in blokken:
        uit.extend([s / w] * int(n))
    return uit


def _tussenruimte(a: _Knoop, b: _Knoop) -> float:
    if a.soort == _DUMMY and b.soort == _DUMMY:
        return SPOOR_AFSTAND + 4.0
    if a.soort == _DUMMY or b.soort == _DUMMY:
        return TUSSENRUIMTE_DUMMY
    return TUSSENRUIMTE_VAKKEN


def _plaats_laag(laag: Sequence[_Knoop], gewenst: Sequence[float]) -> None:
    """Put the centres as close to ``gewenst`` as the order and the gaps allow.

    Nodes are placed by ``prioriteit``: afwegingen first, so the chain of questions
    stays straight, then action boxes, long edges and outcome boxes in the room that is left.
    Nodes of equal priority share that room by isotonic regression.
    """
    if not laag:
        return
    # In y = x - offset the order-and-gap constraints become simply y[i] <= y[i+1].
    offsets = [0.0]
    for a, b in itertools.pairwise(laag):
        offsets.append(offsets[-1] + a.breedte / 2 + _tussenruimte(a, b) + b.breedte / 2)
    y: list[float | None] = [None] * len(laag)
    for prioriteit in sorted({k.prioriteit for k in laag}, reverse=True):
        groep = [i for i, k in enumerate(laag) if k.prioriteit == prioriteit]
        passend = _isotoon([gewenst[i] - offsets[i] for i in groep], [1.0] * len(groep))
        for i, waarde in zip(groep, passend, strict=True):
            links = max((v for v in y[:i] if v is not None), default=float("-inf"))
            rechts = min((v for v in y[i + 1 :] if v is not None), default=float("inf"))
            y[i] = min(max(waarde, links), rechts)
    for k, yy, o in zip(laag, y, offsets, strict=True):
        assert yy is not None
        k.x = yy + o


# Per node: its neighbours in the layer above (or below) and how hard each pulls.
_Trek = dict[str, list[tuple[str, float]]]


def _orden_en_plaats(
    knopen: dict[str, _Knoop], randen: Sequence[_Rand], start: str
) -> list[list[str]]:
    aantal = max(k.laag for k in knopen.values()) + 1
    boven: dict[str, list[str]] = {k: [] for k in knopen}
    onder: dict[str, list[str]] = {k: [] for k in knopen}
    trek_boven: _Trek = {k: [] for k in knopen}
    trek_onder: _Trek = {k: [] for k in knopen}
    segmenten: list[tuple[str, str]] = []
    for r in randen:
        for a, b in itertools.pairwise(r.keten):
            if knopen[b].laag != knopen[a].laag + 1:
                continue
            segmenten.append((a, b))
            onder[a].append(b)
            boven[b].append(a)
            # How hard a neighbour pulls when placing: an outcome box follows its afweging,
            # never the other way round, and an edge that skips layers may bend, so that the
            # chain of afwegingen is what stays straight.
            ka, kb = knopen[a], knopen[b]
            if kb.soort != UITKOMST:
                trek_onder[a].append((b, 1.0 if kb.soort != _DUMMY else TREK_LANGE_KANT))
            trek_boven[b].append((a, 1.0 if ka.soort != _DUMMY else TREK_LANGE_KANT))

    # Initial order: depth first from the start, answer options in file order.
    lagen: list[list[str]] = [[] for _ in range(aantal)]
    gezien: set[str] = set()
    werk = [start, *knopen]
    while werk:
        k = werk.pop(0)
        if k in gezien:
            continue
        gezien.add(k)
        lagen[knopen[k].laag].append(k)
        werk[0:0] = onder[k]

    def kruisingen(ls: list[list[str]]) -> int:
        return sum(_kruisingen(ls[i], ls[i + 1], segmenten) for i in range(len(ls) - 1))

    beste = [list(l_) for l_ in lagen]
    beste_n = kruisingen(beste)
    for ronde in range(12):
        neerwaarts = ronde % 2 == 0
        indices = range(1, aantal) if neerwaarts else range(aantal - 2, -1, -1)
        for li in indices:
            buur = lagen[li - 1] if neerwaarts else lagen[li + 1]
            pos = {k: i for i, k in enumerate(buur)}
            bron = boven if neerwaarts else onder

            def bary(
                k: str,
                i: int,
                bron: dict[str, list[str]] = bron,
                pos: dict[str, int] = pos,
            ) -> float:
                buren = [pos[b] for b in bron[k] if b in pos]
                return sum(buren) / len(buren) if buren else float(i)

            sleutels = {k: bary(k, i) for i, k in enumerate(lagen[li])}
            lagen[li].sort(key=lambda k: sleutels[k])
        n = kruisingen(lagen)
        if n < beste_n:
            beste, beste_n = [list(l_) for l_ in lagen], n
    lagen = beste

    # Coordinates: pack each layer, then let nodes move towards their neighbours.
    for laag in lagen:
        _plaats_laag([knopen[k] for k in laag], [0.0] * len(laag))

    def zwaartepunt(k: str, richting: Iterable[_Trek]) -> float:
        som = gewicht = 0.0
        for bron in richting:
            for b, w in bron[k]:
                som += knopen[b].x * w
                gewicht += w
        return som / gewicht if gewicht else knopen[k].x

    volgorde = list(range(aantal))
    sweeps: list[tuple[list[int], tuple[_Trek, ...]]]
    for ronde in range(24):
        if ronde < 16:
            sweeps = [(volgorde[1:], (trek_boven,)), (volgorde[-2::-1], (trek_onder,))]
        else:
            sweeps = [(volgorde, (trek_boven, trek_onder))]
        for indices_, richting in sweeps:
            for li in indices_:
                laag_k = [knopen[k] for k in lagen[li]]
                _plaats_laag(laag_k, [zwaartepunt(k.id, richting) for k in laag_k])
    return lagen


# ---------------------------------------------------------------------------------------------
# Edge routing


@dataclass(slots=True)
class _Segment:
    rand: _Rand
    van: str
    naar: str
    x_van: float = 0.0
    x_naar: float = 0.0
    spoor: int = -1

    @property
    def horizontaal(self) -> bool:
        return abs(self.x_van - self.x_naar) > 0.01

    @property
    def links(self) -> float:
        return min(self.x_van, self.x_naar)

    @property
    def rechts(self) -> float:
        return max(self.x_van, self.x_naar)


def _spreid(
    gewenst: list[float], links: float, rechts: float, afstanden: Sequence[float]
) -> list[float]:
    """Ports along one side of a box: near where they want to be, ``afstanden[i]`` apart."""
    n = len(gewenst)
    if n == 0:
        return []
    if n == 1:
        return [min(max(gewenst[0], links), rechts)]
    if sum(afstanden) > rechts - links:
        stap = (rechts - links) / (n - 1)
        return [links + i * stap for i in range(n)]
    offsets = [0.0]
    for a in afstanden:
        offsets.append(offsets[-1] + a)
    # In y = x - offset the ports only need to be non-decreasing and all within one interval
    # (first port >= links, last <= rechts); clamping the isotonic fit to it stays optimal.
    y = _isotoon([g - o for g, o in zip(gewenst, offsets, strict=True)], [1.0] * n)
    hoogste = rechts - offsets[-1]
    return [min(max(yy, links), hoogste) + o for yy, o in zip(y, offsets, strict=True)]


def _labelbreedte(label: Sequence[str]) -> float:
    return max((tekstbreedte(t, LABEL_GROOTTE, vet=True) for t in label), default=0.0)


def _poort(x: float, links: float, rechts: float) -> float:
    """Where a port wants to be: straight above or below its other end when that is (nearly)
    within the box, else as near to it as the corner of the box allows."""
    if links - 6.0 <= x <= rechts + 6.0:
        return x
    return min(max(x, links), rechts)


def _wijs_sporen_toe(segmenten: list[_Segment]) -> int:
    """Give each horizontal run in a channel a track; returns the number of tracks.

    A run must lie below every run its own downward line from the top would cross, and above
    every run its line to the bottom would cross, so lines cross only where unavoidable.
    """
    horizontaal = [s for s in segmenten if s.horizontaal]
    if not horizontaal:
        return 0
    # na[i]: runs that must lie below run i. A hard rule where a line leaves from the very x
    # another line arrives at (else the two would run on top of each other); soft rules only
    # avoid crossings, and give way when they contradict each other.
    na: dict[int, set[int]] = {i: set() for i in range(len(horizontaal))}
    hard: set[tuple[int, int]] = set()
    for i, a in enumerate(horizontaal):
        for j, b in enumerate(horizontaal):
            if i == j:
                continue
            if abs(a.x_van - b.x_naar) < 1.0:
                na[i].add(j)
                hard.add((i, j))
            if b.links - 1 <= a.x_van <= b.rechts + 1:
                na[i].add(j)  # a above b
            if b.links - 1 <= a.x_naar <= b.rechts + 1:
                na[j].add(i)  # b above a
    inkomend = dict.fromkeys(na, 0)
    inkomend_hard = dict.fromkeys(na, 0)
    for i, volgers in na.items():
        for j in volgers:
            inkomend[j] += 1
            inkomend_hard[j] += (i, j) in hard
    volgorde: list[int] = []
    rest = set(na)
    while rest:
        vrij = [i for i in rest if inkomend[i] == 0]
        if not vrij:  # a cycle: break a soft rule, the fewest first
            zonder_hard = [i for i in rest if inkomend_hard[i] == 0] or list(rest)
            vrij = [min(zonder_hard, key=lambda i: (inkomend[i], horizontaal[i].links, i))]
        kies = min(vrij, key=lambda i: (horizontaal[i].links, i))
        rest.discard(kies)
        volgorde.append(kies)
        for j in na[kies]:
            inkomend[j] -= 1
            inkomend_hard[j] -= (kies, j) in hard
    bezet: list[list[tuple[float, float]]] = []
    minimum: dict[int, int] = dict.fromkeys(na, 0)
    for i in volgorde:
        s = horizontaal[i]
        spoor = minimum[i]
        while spoor < len(bezet) and any(
            s.links - 8 < r and l_ < s.rechts + 8 for l_, r in bezet[spoor]
        ):
            spoor += 1
        if spoor == len(bezet):
            bezet.append([])
        bezet[spoor].append((s.links, s.rechts))
        s.spoor = spoor
        for j in na[i]:
            minimum[j] = max(minimum[j], spoor + 1)
    return len(bezet)


def _richt_dummies(
    knopen: dict[str, _Knoop], lagen: list[list[str]], per_rand: Mapping[str, list[_Segment]]
) -> None:
    """Line the dummies of a long edge up with the port it leaves from, where there is room.

    Placement puts a dummy near its port but rarely exactly on it; a jog of a few units in a
    line that should run straight looks like a drawing error, so a dummy may give up a few
    units of its gap to a neighbour for it.
    """
    positie = {k: (li, i) for li, laag in enumerate(lagen) for i, k in enumerate(laag)}
    for lijst in per_rand.values():
        dummies = [s.naar for s in lijst[:-1]]
        if not dummies:
            continue
        doel = lijst[0].x_van
        past = True
        for d in dummies:
            li, i = positie[d]
            knoop = knopen[d]
            if i > 0:
                buur = knopen[lagen[li][i - 1]]
                grens = buur.x + buur.breedte / 2 + _tussenruimte(buur, knoop) + knoop.breedte / 2
                past = past and doel >= grens - 4.0
            if i < len(lagen[li]) - 1:
                buur = knopen[lagen[li][i + 1]]
                grens = buur.x - buur.breedte / 2 - _tussenruimte(knoop, buur) - knoop.breedte / 2
                past = past and doel <= grens + 4.0
        if past:
            for d in dummies:
                knopen[d].x = doel


def _route_kanten(
    knopen: dict[str, _Knoop], randen: Sequence[_Rand], lagen: list[list[str]]
) -> tuple[dict[int, tuple[float, float]], list[Kant]]:
    """Vertical positions of the layers and the polylines of the edges."""
    segmenten: list[_Segment] = []
    per_rand: dict[str, list[_Segment]] = {}
    for r in randen:
        lijst = [_Segment(r, a, b) for a, b in itertools.pairwise(r.keten)]
        per_rand[r.id] = lijst
        segmenten.extend(lijst)

    # Ports: where each segment leaves the bottom / enters the top of a real box.
    uit: dict[str, list[_Segment]] = {}
    in_: dict[str, list[_Segment]] = {}
    for s in segmenten:
        uit.setdefault(s.van, []).append(s)
        in_.setdefault(s.naar, []).append(s)
    for k, lijst in uit.items():
        knoop = knopen[k]
        if knoop.soort == _DUMMY:
            for s in lijst:
                s.x_van = knoop.x
            continue
        lijst.sort(key=lambda s: knopen[s.naar].x)
        links = knoop.x - knoop.breedte / 2 + POORT_MARGE
        rechts = knoop.x + knoop.breedte / 2 - POORT_MARGE
        gewenst = [_poort(knopen[s.naar].x, links, rechts) for s in lijst]
        # Every label but the leftmost sits right of its line: leave it room before the next.
        afstanden = [max(POORT_AFSTAND_UIT, _labelbreedte(s.rand.label) + 16.0) for s in lijst[1:]]
        spreiding = _spreid(gewenst, links - 6.0, rechts + 6.0, afstanden)
        for s, x in zip(lijst, spreiding, strict=True):
            s.x_van = x
    _richt_dummies(knopen, lagen, per_rand)
    for s in segmenten:
        if knopen[s.van].soort == _DUMMY:
            s.x_van = knopen[s.van].x
    for k, lijst in in_.items():
        knoop = knopen[k]
        if knoop.soort == _DUMMY:
            for s in lijst:
                s.x_naar = knoop.x
            continue
        lijst.sort(key=lambda s: s.x_van)
        links = knoop.x - knoop.breedte / 2 + POORT_MARGE
        rechts = knoop.x + knoop.breedte / 2 - POORT_MARGE
        gewenst = [_poort(s.x_van, links, rechts) for s in lijst]
        spreiding = _spreid(
            gewenst, links - 6.0, rechts + 6.0, [POORT_AFSTAND_IN] * (len(lijst) - 1)
        )
        # An arrow must not come down at the very x where another line in the same channel
        # starts down: the two would run on top of each other. Step aside towards the middle.
        vertrek = [t.x_van for t in segmenten if knopen[t.van].laag == knoop.laag - 1]
        for s, x in zip(lijst, spreiding, strict=True):
            if any(abs(x - v) < 3.0 for v in vertrek if v != s.x_van):
                x += 8.0 if x < knoop.x else -8.0
            s.x_naar = x

    # Channels: label zone under the layer, then one track per crossing horizontal run.
    lh = LABEL_GROOTTE * REGELAFSTAND
    banden: dict[int, tuple[float, float]] = {}
    sporen_y: dict[int, list[float]] = {}
    y = 0.0
    for li, laag in enumerate(lagen):
        hoogte = max((knopen[k].hoogte for k in laag if knopen[k].soort != _DUMMY), default=0.0)
        banden[li] = (y, y + hoogte)
        kanaal = [s for s in segmenten if knopen[s.van].laag == li]
        regels = max(
            (len(s.rand.label) for s in kanaal if knopen[s.van].soort != _DUMMY), default=0
        )
        label_zone = regels * lh + 4.0 if regels else 0.0
        n = _wijs_sporen_toe(kanaal)
        eerste = y + hoogte + label_zone + 10.0
        sporen_y[li] = [eerste + i * SPOOR_AFSTAND for i in range(n)]
        onderkant_kanaal = (sporen_y[li][-1] if n else eerste - 4.0) + 20.0
        y = onderkant_kanaal if li < len(lagen) - 1 else y + hoogte

    lijnen: dict[str, list[Punt]] = {}
    for r in randen:
        lijst = per_rand[r.id]
        van = knopen[r.van]
        punten: list[Punt] = [(lijst[0].x_van, banden[van.laag][0] + van.hoogte)]
        for s in lijst:
            if s.horizontaal:
                ty = sporen_y[knopen[s.van].laag][s.spoor]
                punten += [(s.x_van, ty), (s.x_naar, ty)]
        punten.append((lijst[-1].x_naar, banden[knopen[r.naar].laag][0]))
        lijnen[r.id] = _vereenvoudig(punten)

    # Labels: right under the box beside the line, on the outer side; where that hits a box,
    # another line or another label, try the other side, then the channel under the layer.
    obstakels: list[tuple[float, float, float, float]] = [
        (k.x - k.breedte / 2, banden[k.laag][0], k.breedte, k.hoogte)
        for k in knopen.values()
        if k.soort != _DUMMY
    ]
    geplaatst: list[tuple[float, float, float, float]] = []
    kanten: list[Kant] = []
    for r in randen:
        lijst = per_rand[r.id]
        van = knopen[r.van]
        label_vak: tuple[float, float, float, float] | None = None
        anker = "start"
        if r.label:
            uitgaand = uit[r.van]
            x0 = lijst[0].x_van
            b = _labelbreedte(r.label)
            h = len(r.label) * lh
            links_eerst = len(uitgaand) > 1 and lijst[0] is uitgaand[0]
            kanten_ = ["end", "start"] if links_eerst else ["start", "end"]
            hoogtes = [banden[van.laag][0] + van.hoogte + 2.0, banden[van.laag][1] + 2.0]
            kandidaten = [(y0, kant) for y0 in dict.fromkeys(hoogtes) for kant in kanten_]
            andere = [p for rid, p in lijnen.items() if rid != r.id]
            for y0, kant in kandidaten:
                vak = (x0 - 5.0 - b, y0, b, h) if kant == "end" else (x0 + 5.0, y0, b, h)
                vrij = not any(_overlapt(vak, o, 2.0) for o in obstakels + geplaatst) and not any(
                    _raakt_lijn(vak, lijn, 2.0) for lijn in andere
                )
                if vrij:
                    label_vak, anker = vak, kant
                    break
            if label_vak is None:
                y0, anker = hoogtes[-1], kanten_[0]
                label_vak = (x0 - 5.0 - b, y0, b, h) if anker == "end" else (x0 + 5.0, y0, b, h)
            geplaatst.append(label_vak)
        kanten.append(
            Kant(
                r.id,
                r.van,
                r.naar,
                r.afweging,
                r.optie,
                tuple(r.label),
                r.samen,
                tuple(lijnen[r.id]),
                label_vak,
                anker,
            )
        )
    return banden, kanten


def _overlapt(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float], marge: float
) -> bool:
    """Whether two rectangles (x, y, breedte, hoogte) come closer than ``marge``."""
    return (
        a[0] < b[0] + b[2] + marge
        and b[0] < a[0] + a[2] + marge
        and a[1] < b[1] + b[3] + marge
        and b[1] < a[1] + a[3] + marge
    )


def _raakt_lijn(vak: tuple[float, float, float, float], lijn: Sequence[Punt], marge: float) -> bool:
    """Whether an orthogonal polyline passes through a rectangle grown by ``marge``."""
    x0, y0 = vak[0] - marge, vak[1] - marge
    x1, y1 = vak[0] + vak[2] + marge, vak[1] + vak[3] + marge
    # Segments are horizontal or vertical, so each is its own bounding box.
    return any(
        min(ax, bx) < x1 and max(ax, bx) > x0 and min(ay, by) < y1 and max(ay, by) > y0
        for (ax, ay), (bx, by) in itertools.pairwise(lijn)
    )


def _vereenvoudig(punten: list[Punt]) -> list[Punt]:
    """Drop repeated and collinear points so each polyline corner is a real corner."""
    uit: list[Punt] = []
    for p in punten:
        if uit and abs(uit[-1][0] - p[0]) < 0.01 and abs(uit[-1][1] - p[1]) < 0.01:
            continue
        uit.append(p)
    i = 1
    while i < len(uit) - 1:
        (x0, y0), (x1, y1), (x2, y2) = uit[i - 1], uit[i], uit[i + 1]
        if (abs(x0 - x1) < 0.01 and abs(x1 - x2) < 0.01) or (
            abs(y0 - y1) < 0.01 and abs(y1 - y2) < 0.01
        ):
            del uit[i]
        else:
            i += 1
    return uit


def bereken_layout(kader: Afwegingskader, route_id: str | None = None) -> Layout:
    """The geometry of the flowchart of one route (the only route when ``route_id`` is None)."""
    route = kader.route(route_id)
    knopen, randen = _bouw_graaf(kader, route)
    start = afweging_id(route.start)
    terug = _lagen(start, knopen, randen)
    terug_ids = {id(r) for r in terug}

    # Long edges get one dummy node per layer they pass, so they are routed around boxes.
    for r in randen:
        r.keten = [r.van]
        if id(r) not in terug_ids:
            for laag in range(knopen[r.van].laag + 1, knopen[r.naar].laag):
                did = f"~{r.id}:{laag}"
                knopen[did] = _Knoop(
                    did, _DUMMY, r.afweging, r.optie, [], DUMMY_BREEDTE, 0.0,
                    prioriteit=PRIORITEIT[_DUMMY], laag=laag,
                )  # fmt: skip
                r.keten.append(did)
        r.keten.append(r.naar)
    lagen = _orden_en_plaats(knopen, randen, start)
    banden, kanten = _route_kanten(knopen, randen, lagen)

    echte = [k for k in knopen.values() if k.soort != _DUMMY]
    min_x = min(
        [k.x - k.breedte / 2 for k in echte]
        + [p[0] for kant in kanten for p in kant.punten]
        + [kant.label_vak[0] for kant in kanten if kant.label_vak]
    )
    max_x = max(
        [k.x + k.breedte / 2 for k in echte]
        + [p[0] for kant in kanten for p in kant.punten]
        + [kant.label_vak[0] + kant.label_vak[2] for kant in kanten if kant.label_vak]
    )
    hoogte = max([banden[k.laag][0] + k.hoogte for k in echte])

    def sx(x: float) -> float:
        return round(x - min_x, 2)

    vakken = tuple(
        Vak(
            k.id,
            k.soort,
            k.afweging,
            k.optie,
            sx(k.x - k.breedte / 2),
            round(banden[k.laag][0], 2),
            round(k.breedte, 2),
            round(k.hoogte, 2),
            tuple(k.regels),
            k.actiesoort,
            k.samen,
            k.opnieuw,
            k.laag,
        )
        for k in echte
    )
    kanten_ = tuple(
        Kant(
            k.id,
            k.van,
            k.naar,
            k.afweging,
            k.optie,
            k.label,
            k.samen,
            tuple((sx(x), round(y, 2)) for x, y in k.punten),
            None
            if k.label_vak is None
            else (sx(k.label_vak[0]), round(k.label_vak[1], 2), k.label_vak[2], k.label_vak[3]),
            k.label_anker,
        )
        for k in kanten
    )
    titel = next((r.titel for r in kader.model.routes if r.id == route.id), route.id)
    return Layout(route.id, titel, round(max_x - min_x, 2), round(hoogte, 2), vakken, kanten_)


# ---------------------------------------------------------------------------------------------
# The route taken


@dataclass(frozen=True, slots=True)
class Markering:
    """What a decision highlights: boxes and edges on its path, and the afweging that is next."""

    vakken: frozenset[str]
    kanten: frozenset[str]
    volgende: str | None


def markering(kader: Afwegingskader, pad: Beslissing) -> Markering:
    """The boxes and edges of the route taken by ``pad``; the next afweging is kept apart."""
    route = kader.route(pad.route)
    vakken: set[str] = set()
    kanten: set[str] = set()
    for stap in pad.pad:
        afweging = route.afwegingen.get(stap.afweging)
        optie = None if afweging is None else afweging.opties.get(stap.antwoord)
        if afweging is None or optie is None:
            raise ValueError(
                f"Het pad past niet bij kader '{kader.id}': afweging '{stap.afweging}' met "
                f"antwoord '{stap.antwoord}' bestaat niet in route '{route.id}'."
            )
        vakken.add(afweging_id(stap.afweging))
        kanten.add(f"{stap.afweging}:{optie.id}")
        doel = doel_van_optie(stap.afweging, optie)
        if not doel.startswith(AFWEGING):
            vakken.add(doel)
        if optie.acties and optie.volgende is not None:
            kanten.add(f"{stap.afweging}:{optie.id}:verder")
    volgende = None if pad.volgende_afweging is None else afweging_id(pad.volgende_afweging)
    return Markering(frozenset(vakken), frozenset(kanten), volgende)


def _kies_routes(kader: Afwegingskader, route: str | None, pad: Beslissing | None) -> list[str]:
    if pad is not None:
        if route is not None and route != pad.route:
            raise ValueError(
                f"Het pad loopt door route '{pad.route}', niet door route '{route}'; laat de "
                "route weg of kies dezelfde route."
            )
        return [kader.route(pad.route).id]
    if route is not None:
        return [kader.route(route).id]
    return list(kader.routes)


def _pad_als_tekst(kader: Afwegingskader, pad: Beslissing) -> str:
    route = kader.route(pad.route)
    delen = []
    for stap in pad.pad:
        optie = route.afwegingen[stap.afweging].opties[stap.antwoord]
        delen.append(f"afweging {stap.afweging}: {optie.label}")
    tekst = "Gevolgd pad: " + (" → ".join(delen) if delen else "nog geen antwoorden")
    if pad.volgende_afweging is not None:
        tekst += f"; volgende afweging: {pad.volgende_afweging}"
    else:
        tekst += "; uitkomst bereikt"
    return tekst


# ---------------------------------------------------------------------------------------------
# SVG

_ONGELDIG_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_tekst(tekst: str) -> str:
    """Text content safe for XML: markup characters escaped, characters XML forbids dropped."""
    tekst = _ONGELDIG_XML.sub("", tekst)
    return tekst.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attribuut(tekst: str) -> str:
    """An attribute value, for use between double quotes."""
    return xml_tekst(tekst).replace('"', "&quot;").replace("\n", "&#10;")


def _getal(x: float) -> str:
    tekst = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if tekst == "-0" else tekst


def _basislijn(boven: float, i: int, grootte: float) -> float:
    lh = grootte * REGELAFSTAND
    return boven + i * lh + (lh - grootte) / 2 + 0.8 * grootte


def _svg_tekst(
    x: float,
    y: float,
    tekst: str,
    grootte: float,
    vet: bool = False,
    anker: str = "start",
    kleur: str = "#111111",
    halo: bool = False,
) -> str:
    attrs = f'x="{_getal(x)}" y="{_getal(y)}" font-size="{_getal(grootte)}"'
    if vet:
        attrs += ' font-weight="bold"'
    if anker != "start":
        attrs += f' text-anchor="{anker}"'
    if kleur != "#111111":
        attrs += f' fill="{kleur}"'
    if halo:
        attrs += ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
    return f"<text {attrs}>{xml_tekst(tekst)}</text>"


@dataclass(slots=True)
class _Blok:
    """A block of text lines (title, heading, legend) placed on the page."""

    regels: list[tuple[str, float, bool]]

    @property
    def hoogte(self) -> float:
        return sum(g * REGELAFSTAND for _, g, _ in self.regels)


def _tekstblok(tekst: str, breedte: float, grootte: float, vet: bool = False) -> _Blok:
    return _Blok([(r, grootte, vet) for r in breek_af(tekst, breedte, grootte, vet)])


def _teken_blok(blok: _Blok, x: float, y: float, uit: list[str]) -> float:
    for tekst, grootte, vet in blok.regels:
        lh = grootte * REGELAFSTAND
        uit.append(_svg_tekst(x, y + (lh - grootte) / 2 + 0.8 * grootte, tekst, grootte, vet))
        y += lh
    return y


def _vak_stijl(vak: Vak) -> tuple[str, str, float]:
    # Corner radius tells the shapes apart in black and white too: a question is square, an
    # action on the way slightly rounded, an outcome (the end of a path) clearly rounded.
    if vak.soort == AFWEGING:
        return "#ffffff", LIJNKLEUR, 2.0
    vulling, rand = KLEUREN.get(vak.actiesoort or ActieSoort.OVERIG, KLEUREN[ActieSoort.OVERIG])
    return vulling, rand, (14.0 if vak.soort == UITKOMST else 6.0)


def _teken_vak(
    vak: Vak,
    ox: float,
    oy: float,
    element_id: str,
    route: str,
    markering_: Markering | None,
    uit: list[str],
) -> None:
    vulling, rand, rx = _vak_stijl(vak)
    breedte = 1.4
    streep = "7 4" if vak.samen else None
    attrs = (
        f'id="{element_id}" class="vak {vak.soort}" data-route="{xml_attribuut(route)}" '
        f'data-id="{xml_attribuut(vak.id)}" data-soort="{vak.soort}"'
    )
    if vak.actiesoort is not None:
        attrs += f' data-actiesoort="{vak.actiesoort.value}"'
    if markering_ is not None:
        if vak.id in markering_.vakken:
            attrs += ' data-pad="ja"'
            rand, breedte = ACCENT, 3.2
        elif vak.id == markering_.volgende:
            attrs += ' data-volgende="ja"'
            rand, breedte, streep = ACCENT, 2.4, "3 3"
        else:
            attrs += f' opacity="{GEDIMD}"'
    x, y = ox + vak.x, oy + vak.y
    uit.append(f"<g {attrs}>")
    rect = (
        f'<rect x="{_getal(x)}" y="{_getal(y)}" width="{_getal(vak.breedte)}" '
        f'height="{_getal(vak.hoogte)}" rx="{_getal(rx)}" fill="{vulling}" stroke="{rand}" '
        f'stroke-width="{_getal(breedte)}"'
    )
    if streep:
        rect += f' stroke-dasharray="{streep}"'
    uit.append(rect + "/>")
    for i, regel in enumerate(vak.regels):
        basis = _basislijn(y + BINNENMARGE_Y, i, TEKST_GROOTTE)
        tx = x + BINNENMARGE_X + regel.inspringen
        if regel.soort is not None:
            v, r = KLEUREN[regel.soort]
            uit.append(
                f'<rect x="{_getal(tx - 13)}" y="{_getal(basis - 9)}" width="9" height="9" '
                f'fill="{v}" stroke="{r}"/>'
            )
        uit.append(_svg_tekst(tx, basis, regel.tekst, TEKST_GROOTTE, regel.vet))
    uit.append("</g>")


def _pad_d(punten: Sequence[Punt], ox: float, oy: float) -> str:
    # The arrowhead is a marker of PIJL_LENGTE placed at the end; the line stops where the
    # marker starts so a thick line never pokes out beside the point of the arrow.
    pts = [(x + ox, y + oy) for x, y in punten]
    (x1, y1), (x2, y2) = pts[-2], pts[-1]
    lengte = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1e-9)
    inkorting = min(PIJL_LENGTE, lengte - 0.5)
    pts[-1] = (x2 - (x2 - x1) / lengte * inkorting, y2 - (y2 - y1) / lengte * inkorting)
    return "M " + " L ".join(f"{_getal(x)} {_getal(y)}" for x, y in pts)


def _teken_kant(
    kant: Kant,
    ox: float,
    oy: float,
    element_id: str,
    route: str,
    markering_: Markering | None,
    uit: list[str],
) -> None:
    kleur, breedte, pijl, label_kleur = LIJNKLEUR, 1.4, "pijl", "#111111"
    attrs = (
        f'id="{element_id}" class="kant" data-route="{xml_attribuut(route)}" '
        f'data-van="{xml_attribuut(kant.van)}" data-naar="{xml_attribuut(kant.naar)}" '
        f'data-optie="{xml_attribuut(kant.optie)}"'
    )
    if kant.samen:
        attrs += ' data-samen="ja"'
    if markering_ is not None:
        if kant.id in markering_.kanten:
            attrs += ' data-pad="ja"'
            kleur, breedte, pijl, label_kleur = ACCENT, 3.2, "pijl-pad", ACCENT
        else:
            attrs += f' opacity="{GEDIMD}"'
    uit.append(f"<g {attrs}>")
    lijn = (
        f'<path d="{_pad_d(kant.punten, ox, oy)}" fill="none" stroke="{kleur}" '
        f'stroke-width="{_getal(breedte)}" stroke-linejoin="round" marker-end="url(#{pijl})"'
    )
    if kant.samen:
        lijn += ' stroke-dasharray="7 4"'
    uit.append(lijn + "/>")
    if kant.label_vak is not None:
        lx, ly, lb, _ = kant.label_vak
        x = ox + (lx + lb if kant.label_anker == "end" else lx)
        for i, tekst in enumerate(kant.label):
            uit.append(
                _svg_tekst(
                    x,
                    _basislijn(oy + ly, i, LABEL_GROOTTE),
                    tekst,
                    LABEL_GROOTTE,
                    vet=True,
                    anker=kant.label_anker,
                    kleur=label_kleur,
                    halo=True,
                )
            )
    uit.append("</g>")


def _legenda_items(
    layouts: Sequence[Layout], markering_: Markering | None
) -> list[tuple[str, str]]:
    """(kind of sample, Dutch text) for every symbol that occurs in the drawing."""
    items: list[tuple[str, str]] = [("afweging", "Afweging (vraag)")]
    soorten = {v.actiesoort for lay in layouts for v in lay.vakken if v.actiesoort is not None}
    if any(v.soort == ACTIE for lay in layouts for v in lay.vakken):
        items.append(("actie", "Actie, daarna verder"))
    items.append(("uitkomst", "Uitkomst: einde van dit pad"))
    items += [(f"soort:{s.value}", SOORT_NAAM[s]) for s in VOORRANG if s in soorten]
    if any(k.samen for lay in layouts for k in lay.kanten) or any(
        v.samen for lay in layouts for v in lay.vakken
    ):
        items.append(("samen", "Samen met Veilig Thuis"))
    if markering_ is not None:
        items.append(("pad", "Gevolgd pad"))
        if markering_.volgende is not None:
            items.append(("volgende", "Volgende afweging"))
        items.append(("gedimd", "Niet gevolgd"))
    return items


def _teken_legenda_item(soort: str, x: float, y: float, uit: list[str]) -> None:
    """A 30 x 14 sample at (x, y)."""
    if soort in ("afweging", "actie", "uitkomst", "volgende", "gedimd"):
        # Shapes in white: their colour depends on the soort of action, shown separately.
        rx = {"uitkomst": 7.0, "actie": 3.0}.get(soort, 1.0)
        rand, extra = LIJNKLEUR, ""
        if soort == "volgende":
            rand, extra = ACCENT, ' stroke-dasharray="3 3" stroke-width="2.4"'
        elif soort == "gedimd":
            extra = f' opacity="{GEDIMD}"'
        uit.append(
            f'<rect x="{_getal(x)}" y="{_getal(y)}" width="30" height="14" rx="{_getal(rx)}" '
            f'fill="#ffffff" stroke="{rand}"{extra}/>'
        )
    elif soort.startswith("soort:"):
        vulling, rand = KLEUREN[ActieSoort(soort.removeprefix("soort:"))]
        uit.append(
            f'<rect x="{_getal(x)}" y="{_getal(y)}" width="30" height="14" rx="3" '
            f'fill="{vulling}" stroke="{rand}"/>'
        )
    else:
        kleur, breedte, streep = LIJNKLEUR, 1.4, ""
        if soort == "samen":
            streep = ' stroke-dasharray="7 4"'
        elif soort == "pad":
            kleur, breedte = ACCENT, 3.2
        uit.append(
            f'<path d="M {_getal(x)} {_getal(y + 7)} L {_getal(x + 30)} {_getal(y + 7)}" '
            f'stroke="{kleur}" stroke-width="{_getal(breedte)}"{streep}/>'
        )


def _legenda_maat(items: Sequence[tuple[str, str]], breedte: float) -> list[list[int]]:
    """Items flowed into rows that fit ``breedte``."""
    rijen: list[list[int]] = [[]]
    x = 0.0
    for i, (_, tekst) in enumerate(items):
        b = 38.0 + tekstbreedte(tekst, LEGENDA_GROOTTE) + 22.0
        if rijen[-1] and x + b > breedte:
            rijen.append([])
            x = 0.0
        rijen[-1].append(i)
        x += b
    return rijen


def teken_svg(
    kader: Afwegingskader, route: str | None = None, pad: Beslissing | None = None
) -> str:
    """The flowchart as a standalone SVG document, scaled to the width of an A4 page.

    Without a route every route is drawn, one below the other, each under its own heading.
    With ``pad`` only its route is drawn, the path taken highlighted and the rest dimmed.
    """
    route_ids = _kies_routes(kader, route, pad)
    aantal = sum(len(kader.routes[r].afwegingen) for r in route_ids)
    if aantal > MAX_AFWEGINGEN:
        per_route = " of teken één route tegelijk (--route)" if len(route_ids) > 1 else ""
        raise TeGrootOmTeTekenen(
            f"Het stroomschema telt {aantal} afwegingen; meer dan {MAX_AFWEGINGEN} passen niet "
            "leesbaar in één tekening. Teken het als Mermaid (--format mermaid)"
            f"{per_route}, of lees het kader als tekst (meldwijzer kader toon)."
        )
    layouts = [bereken_layout(kader, r) for r in route_ids]
    markering_ = None if pad is None else markering(kader, pad)
    modellen = {r.id: r for r in kader.model.routes}

    breedte = max(max(lay.breedte for lay in layouts) + 2 * PAGINA_MARGE, 520.0)
    inhoud_b = breedte - 2 * PAGINA_MARGE
    uit: list[str] = []
    y = PAGINA_MARGE

    titel = _tekstblok(kader.model.titel, inhoud_b, TITEL_GROOTTE, vet=True)
    y = _teken_blok(titel, PAGINA_MARGE, y, uit)
    onder = f"Stroomschema · versie {kader.versie} · {kader.model.beroepsgroep}"
    y = _teken_blok(_tekstblok(onder, inhoud_b, TEKST_GROOTTE), PAGINA_MARGE, y, uit)
    if pad is not None:
        tekst = _pad_als_tekst(kader, pad)
        y = _teken_blok(_tekstblok(tekst, inhoud_b, TEKST_GROOTTE, vet=True), PAGINA_MARGE, y, uit)

    for lay in layouts:
        y += 14.0
        model = modellen[lay.route]
        kop = f"Route: {lay.titel}"
        if len(kader.routes) > 1:
            kop += f" ({lay.route})"
        y = _teken_blok(_tekstblok(kop, inhoud_b, KOP_GROOTTE, vet=True), PAGINA_MARGE, y, uit)
        if model.buiten_meldcode is not None:
            noot = f"Buiten de meldcode: {model.buiten_meldcode.reden}"
            y = _teken_blok(_tekstblok(noot, inhoud_b, TEKST_GROOTTE), PAGINA_MARGE, y, uit)
        y += 10.0
        ox = PAGINA_MARGE + (inhoud_b - lay.breedte) / 2
        prefix = f"r{list(kader.routes).index(lay.route)}"
        uit.append(f'<g id="{prefix}" class="route" data-route="{xml_attribuut(lay.route)}">')
        # Edges first, so boxes are drawn over line ends.
        for ki, kant in enumerate(lay.kanten):
            _teken_kant(kant, ox, y, f"{prefix}-kant-{ki}", lay.route, markering_, uit)
        for vi, vak in enumerate(lay.vakken):
            _teken_vak(vak, ox, y, f"{prefix}-vak-{vi}", lay.route, markering_, uit)
        uit.append("</g>")
        y += lay.hoogte

    # Legend
    y += 20.0
    items = _legenda_items(layouts, markering_)
    uit.append('<g id="legenda" class="legenda">')
    y = _teken_blok(_Blok([("Legenda", LEGENDA_GROOTTE, True)]), PAGINA_MARGE, y, uit) + 4.0
    for rij in _legenda_maat(items, inhoud_b):
        x = PAGINA_MARGE
        for i in rij:
            soort, tekst = items[i]
            _teken_legenda_item(soort, x, y + 1.0, uit)
            uit.append(_svg_tekst(x + 38.0, y + 12.0, tekst, LEGENDA_GROOTTE))
            x += 38.0 + tekstbreedte(tekst, LEGENDA_GROOTTE) + 22.0
        y += 22.0
    uit.append("</g>")
    hoogte = y + PAGINA_MARGE - 6.0

    if breedte <= MAX_A4_BREEDTE:
        breedte_mm = 210.0
    else:
        # Too wide for A4 at a legible size: keep the smallest text at 9 pt instead (rounded up,
        # so never below it).
        mm_per_pt = 25.4 / 72.0
        breedte_mm = math.ceil(breedte * MIN_PUNTGROOTTE / KLEINSTE_GROOTTE * mm_per_pt * 100) / 100
    hoogte_mm = breedte_mm * hoogte / breedte
    titel_tekst = f"Stroomschema {kader.model.titel} (versie {kader.versie})"
    if len(layouts) == 1 and len(kader.routes) > 1:
        titel_tekst += f", route {layouts[0].titel}"
    beschrijving = (
        "Afwegingen, antwoorden, acties en uitkomsten van het afwegingskader '"
        + kader.id
        + "'"
        + (f". {_pad_als_tekst(kader, pad)}" if pad is not None else "")
        + "."
    )
    kop_svg = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'width="{_getal(breedte_mm)}mm" '
        f'height="{_getal(hoogte_mm)}mm" '
        f'viewBox="0 0 {_getal(breedte)} {_getal(hoogte)}" '
        f'font-family="{FONT_FAMILIE}" role="img" lang="nl" '
        f'data-kader="{xml_attribuut(kader.id)}" data-versie="{xml_attribuut(kader.versie)}">',
        f"<title>{xml_tekst(titel_tekst)}</title>",
        f"<desc>{xml_tekst(beschrijving)}</desc>",
        "<defs>",
        *(
            f'<marker id="{naam}" viewBox="0 0 {_getal(PIJL_LENGTE)} 9" '
            f'markerWidth="{_getal(PIJL_LENGTE)}" markerHeight="9" refX="0" refY="4.5" '
            f'orient="auto" markerUnits="userSpaceOnUse">'
            f'<path d="M 0 0 L {_getal(PIJL_LENGTE)} 4.5 L 0 9 z" fill="{kleur}"/></marker>'
            for naam, kleur in (("pijl", LIJNKLEUR), ("pijl-pad", ACCENT))
        ),
        "</defs>",
        f'<rect x="0" y="0" width="{_getal(breedte)}" height="{_getal(hoogte)}" fill="#ffffff"/>',
    ]
    return "\n".join([*kop_svg, *uit, "</svg>"]) + "\n"


# ---------------------------------------------------------------------------------------------
# Mermaid


def mermaid_tekst(tekst: str) -> str:
    """A label for between double quotes in mermaid: its specials as entity codes."""
    tekst = " ".join(tekst.split())
    vervang = {
        "#": "#35;",
        '"': "#quot;",
        "<": "#lt;",
        ">": "#gt;",
        "&": "#amp;",
        "`": "#96;",
        "|": "#124;",
    }
    return "".join(vervang.get(c, c) for c in tekst)


def mermaid_id(prefix: str, vak_id: str, route: _Route) -> str:
    """A mermaid node id: prefixed (ids like '5a' or 'end' are unsafe on their own), and
    answer options by position, since option ids may contain characters mermaid rejects."""
    delen = vak_id.split(":")
    if delen[0] == AFWEGING:
        return f"{prefix}_a_{delen[1]}"
    index = list(route.afwegingen[delen[1]].opties).index(delen[2])
    kort = "x" if delen[0] == ACTIE else "u"
    return f"{prefix}_{kort}_{delen[1]}_{index}"


def teken_mermaid(
    kader: Afwegingskader, route: str | None = None, pad: Beslissing | None = None
) -> str:
    """The flowchart as mermaid ``flowchart TD`` text; the route taken styled when ``pad``."""
    route_ids = _kies_routes(kader, route, pad)
    markering_ = None if pad is None else markering(kader, pad)
    modellen = {r.id: r for r in kader.model.routes}
    regels = ["flowchart TD"]
    regels.append(
        f"  %% Stroomschema {kader.model.titel} (versie {kader.versie})".replace("\n", " ")
    )
    if pad is not None:
        regels.append(f"  %% {_pad_als_tekst(kader, pad)}")
    klassen: dict[str, list[str]] = {}
    pad_knopen: list[str] = []
    volgende_knopen: list[str] = []
    pad_links: list[int] = []
    link = 0
    for rid in route_ids:
        r = kader.routes[rid]
        prefix = f"r{list(kader.routes).index(rid)}"
        vragen = {a.id: a.vraag for a in modellen[rid].afwegingen}
        kop = f"Route: {modellen[rid].titel}"
        regels.append(f'  subgraph {prefix}["{mermaid_tekst(kop)}"]')
        regels.append("    direction TB")
        lay_vakken: list[tuple[str, str, str]] = []  # (vak id, shape, label)
        for a in r.afwegingen.values():
            tekst = "<br/>".join(
                mermaid_tekst(t)
                for t in [f"Afweging {a.id}", *breek_af(vragen[a.id], 280.0, TEKST_GROOTTE)]
            )
            if a.samen:
                tekst += "<br/>" + mermaid_tekst("(samen met Veilig Thuis)")
            lay_vakken.append((afweging_id(a.id), "rect", tekst))
        for a in r.afwegingen.values():
            for o in a.opties.values():
                if o.volgende is not None and not o.acties:
                    continue
                tekst = "<br/>".join(
                    mermaid_tekst(t.tekst)
                    for t in _actieregels(kader, o, "Uitkomst" if o.volgende is None else "Actie")
                )
                vorm = "stadion" if o.volgende is None else "rond"
                lay_vakken.append((doel_van_optie(a.id, o), vorm, tekst))
        for vak_id, vorm, tekst in lay_vakken:
            mid = mermaid_id(prefix, vak_id, r)
            if vorm == "rect":
                regels.append(f'    {mid}["{tekst}"]')
            elif vorm == "rond":
                regels.append(f'    {mid}("{tekst}")')
            else:
                regels.append(f'    {mid}(["{tekst}"])')
            if vak_id.startswith(AFWEGING):
                klassen.setdefault("afweging", []).append(mid)
            else:
                delen = vak_id.split(":")
                o = r.afwegingen[delen[1]].opties[delen[2]]
                soort = _primaire_soort(kader, o.acties) or ActieSoort.OVERIG
                klassen.setdefault(soort.value, []).append(mid)
            if markering_ is not None:
                if vak_id in markering_.vakken:
                    pad_knopen.append(mid)
                elif vak_id == markering_.volgende:
                    volgende_knopen.append(mid)
        for a in r.afwegingen.values():
            for o in a.opties.values():
                van = mermaid_id(prefix, afweging_id(a.id), r)
                naar = mermaid_id(prefix, doel_van_optie(a.id, o), r)
                pijl = "-.->" if o.samen else "-->"
                regels.append(f'    {van} {pijl}|"{mermaid_tekst(o.label)}"| {naar}')
                if markering_ is not None and f"{a.id}:{o.id}" in markering_.kanten:
                    pad_links.append(link)
                link += 1
                if o.acties and o.volgende is not None:
                    verder = mermaid_id(prefix, afweging_id(o.volgende), r)
                    regels.append(f"    {naar} {pijl} {verder}")
                    if markering_ is not None and f"{a.id}:{o.id}:verder" in markering_.kanten:
                        pad_links.append(link)
                    link += 1
        regels.append("  end")
    regels.append(f"  classDef afweging fill:#ffffff,stroke:{LIJNKLEUR},stroke-width:1px")
    for soort in VOORRANG:
        vulling, rand = KLEUREN[soort]
        regels.append(f"  classDef {soort.value} fill:{vulling},stroke:{rand},stroke-width:1px")
    for klasse, knopen in klassen.items():
        regels.append(f"  class {','.join(knopen)} {klasse}")
    for mid in pad_knopen:
        regels.append(f"  style {mid} stroke:{ACCENT},stroke-width:4px")
    for mid in volgende_knopen:
        regels.append(f"  style {mid} stroke:{ACCENT},stroke-width:2px,stroke-dasharray:4 3")
    if pad_links:
        regels.append(
            f"  linkStyle {','.join(map(str, pad_links))} stroke:{ACCENT},stroke-width:4px"
        )
    return "\n".join(regels) + "\n"
