"""Layering, ordering and placing the nodes of a route (a small Sugiyama-style layout).

1. longest-path layering from the route's start; edges that span several layers get dummy
   nodes (:func:`meldwijzer.kader.stroomschema.layout.bereken_layout`), so that no edge is
   drawn through a box;
2. barycenter sweeps order each layer to reduce crossings;
3. x positions: each node wants to sit above or below its neighbours; within a layer nodes are
   placed by priority (afwegingen first, so their chain stays a straight column), keeping the
   order of the layer and the gaps between boxes, nodes of equal priority sharing the room by
   isotonic regression (pool adjacent violators).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from meldwijzer.kader.stroomschema.graaf import DUMMY, UITKOMST, Knoop, Rand

TUSSENRUIMTE_VAKKEN = 40.0
TUSSENRUIMTE_DUMMY = 22.0
SPOOR_AFSTAND = 10.0
# How hard the bend of a long edge pulls on the box it leaves or enters, against 1 for a short
# edge: a long edge may bend, the column of afwegingen should not.
TREK_LANGE_KANT = 0.0125


def ken_lagen_toe(start: str, knopen: Mapping[str, Knoop], randen: Sequence[Rand]) -> list[Rand]:
    """Longest-path layering; returns the edges that go back (only in an invalid, cyclic graph)."""
    uit: dict[str, list[Rand]] = {k: [] for k in knopen}
    for r in randen:
        uit[r.van].append(r)
    # Depth-first topological order from the start, then from anything left over, so the
    # function also terminates on a graph the validator would reject.
    volgorde: list[str] = []
    toestand: dict[str, int] = {}
    terug: list[Rand] = []
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


def isotoon(gewenst: Sequence[float], gewicht: Sequence[float]) -> list[float]:
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


def tussenruimte(a: Knoop, b: Knoop) -> float:
    if a.soort == DUMMY and b.soort == DUMMY:
        return SPOOR_AFSTAND + 4.0
    if a.soort == DUMMY or b.soort == DUMMY:
        return TUSSENRUIMTE_DUMMY
    return TUSSENRUIMTE_VAKKEN


def _plaats_laag(laag: Sequence[Knoop], gewenst: Sequence[float]) -> None:
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
        offsets.append(offsets[-1] + a.breedte / 2 + tussenruimte(a, b) + b.breedte / 2)
    y: list[float | None] = [None] * len(laag)
    for prioriteit in sorted({k.prioriteit for k in laag}, reverse=True):
        groep = [i for i, k in enumerate(laag) if k.prioriteit == prioriteit]
        passend = isotoon([gewenst[i] - offsets[i] for i in groep], [1.0] * len(groep))
        for i, waarde in zip(groep, passend, strict=True):
            links = max((v for v in y[:i] if v is not None), default=float("-inf"))
            rechts = min((v for v in y[i + 1 :] if v is not None), default=float("inf"))
            y[i] = min(max(waarde, links), rechts)
    for k, yy, o in zip(laag, y, offsets, strict=True):
        assert yy is not None
        k.x = yy + o


# Per node: its neighbours in the layer above (or below) and how hard each pulls.
_Trek = dict[str, list[tuple[str, float]]]


@dataclass(slots=True)
class _Buren:
    """The segments between adjacent layers, seen from each node."""

    boven: dict[str, list[str]]
    onder: dict[str, list[str]]
    trek_boven: _Trek
    trek_onder: _Trek
    segmenten: list[tuple[str, str]]


def _buren(knopen: dict[str, Knoop], randen: Sequence[Rand]) -> _Buren:
    b = _Buren(
        {k: [] for k in knopen},
        {k: [] for k in knopen},
        {k: [] for k in knopen},
        {k: [] for k in knopen},
        [],
    )
    for r in randen:
        for a, c in itertools.pairwise(r.keten):
            if knopen[c].laag != knopen[a].laag + 1:
                continue
            b.segmenten.append((a, c))
            b.onder[a].append(c)
            b.boven[c].append(a)
            # How hard a neighbour pulls when placing: an outcome box follows its afweging,
            # never the other way round, and an edge that skips layers may bend, so that the
            # chain of afwegingen is what stays straight.
            ka, kc = knopen[a], knopen[c]
            if kc.soort != UITKOMST:
                b.trek_onder[a].append((c, 1.0 if kc.soort != DUMMY else TREK_LANGE_KANT))
            b.trek_boven[c].append((a, 1.0 if ka.soort != DUMMY else TREK_LANGE_KANT))
    return b


def _orden(knopen: dict[str, Knoop], buren: _Buren, start: str, aantal: int) -> list[list[str]]:
    """The order within each layer: depth first from the start, then barycenter sweeps, keeping
    the order with the fewest crossings."""
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
        werk[0:0] = buren.onder[k]

    def kruisingen(ls: list[list[str]]) -> int:
        return sum(_kruisingen(ls[i], ls[i + 1], buren.segmenten) for i in range(len(ls) - 1))

    beste = [list(l_) for l_ in lagen]
    beste_n = kruisingen(beste)
    for ronde in range(12):
        neerwaarts = ronde % 2 == 0
        indices = range(1, aantal) if neerwaarts else range(aantal - 2, -1, -1)
        for li in indices:
            buur = lagen[li - 1] if neerwaarts else lagen[li + 1]
            pos = {k: i for i, k in enumerate(buur)}
            bron = buren.boven if neerwaarts else buren.onder

            def bary(
                k: str,
                i: int,
                bron: dict[str, list[str]] = bron,
                pos: dict[str, int] = pos,
            ) -> float:
                buren_ = [pos[b] for b in bron[k] if b in pos]
                return sum(buren_) / len(buren_) if buren_ else float(i)

            sleutels = {k: bary(k, i) for i, k in enumerate(lagen[li])}
            lagen[li].sort(key=lambda k: sleutels[k])
        n = kruisingen(lagen)
        if n < beste_n:
            beste, beste_n = [list(l_) for l_ in lagen], n
    return beste


def _plaats(knopen: dict[str, Knoop], buren: _Buren, lagen: list[list[str]]) -> None:
    """Coordinates: pack each layer, then let nodes move towards their neighbours."""
    for laag in lagen:
        _plaats_laag([knopen[k] for k in laag], [0.0] * len(laag))

    def zwaartepunt(k: str, richting: Iterable[_Trek]) -> float:
        som = gewicht = 0.0
        for bron in richting:
            for b, w in bron[k]:
                som += knopen[b].x * w
                gewicht += w
        return som / gewicht if gewicht else knopen[k].x

    volgorde = list(range(len(lagen)))
    sweeps: list[tuple[list[int], tuple[_Trek, ...]]]
    for ronde in range(24):
        if ronde < 16:
            sweeps = [
                (volgorde[1:], (buren.trek_boven,)),
                (volgorde[-2::-1], (buren.trek_onder,)),
            ]
        else:
            sweeps = [(volgorde, (buren.trek_boven, buren.trek_onder))]
        for indices_, richting in sweeps:
            for li in indices_:
                laag_k = [knopen[k] for k in lagen[li]]
                _plaats_laag(laag_k, [zwaartepunt(k.id, richting) for k in laag_k])


def orden_en_plaats(
    knopen: dict[str, Knoop], randen: Sequence[Rand], start: str
) -> list[list[str]]:
    """Order each layer against crossings and give every node its x; returns the layers."""
    aantal = max(k.laag for k in knopen.values()) + 1
    buren = _buren(knopen, randen)
    lagen = _orden(knopen, buren, start, aantal)
    _plaats(knopen, buren, lagen)
    return lagen
