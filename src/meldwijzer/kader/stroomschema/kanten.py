"""Edge routing: orthogonal lines in the channels between layers, and their labels.

Each horizontal run gets its own track in its channel, so lines never overlap each other or a
box; a label sits beside the first segment of its line, where it hits no box, line or label.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from meldwijzer.kader.stroomschema.graaf import DUMMY, Kant, Knoop, Punt, Rand
from meldwijzer.kader.stroomschema.lagen import SPOOR_AFSTAND, isotoon, tussenruimte
from meldwijzer.kader.stroomschema.tekst import LABEL_GROOTTE, REGELAFSTAND, tekstbreedte

POORT_MARGE = 14.0
POORT_AFSTAND_UIT = 26.0
POORT_AFSTAND_IN = 16.0


@dataclass(slots=True)
class _Segment:
    rand: Rand
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
    y = isotoon([g - o for g, o in zip(gewenst, offsets, strict=True)], [1.0] * n)
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
    na, hard = _volgorderegels(horizontaal)
    return _kies_sporen(horizontaal, _volgorde(horizontaal, na, hard), na)


def _volgorderegels(
    horizontaal: list[_Segment],
) -> tuple[dict[int, set[int]], set[tuple[int, int]]]:
    """na[i]: the runs that must lie below run i, and which of those rules are hard.

    A hard rule where a line leaves from the very x another line arrives at (else the two would
    run on top of each other); soft rules only avoid crossings, and give way when they
    contradict each other.
    """
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
    return na, hard


def _volgorde(
    horizontaal: list[_Segment], na: dict[int, set[int]], hard: set[tuple[int, int]]
) -> list[int]:
    """The runs top to bottom by the rules; on a cycle the fewest soft rules give way."""
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
    return volgorde


def _kies_sporen(horizontaal: list[_Segment], volgorde: list[int], na: dict[int, set[int]]) -> int:
    """Put each run on the highest free track below the runs it must follow."""
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
    knopen: dict[str, Knoop], lagen: list[list[str]], per_rand: Mapping[str, list[_Segment]]
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
                grens = buur.x + buur.breedte / 2 + tussenruimte(buur, knoop) + knoop.breedte / 2
                past = past and doel >= grens - 4.0
            if i < len(lagen[li]) - 1:
                buur = knopen[lagen[li][i + 1]]
                grens = buur.x - buur.breedte / 2 - tussenruimte(knoop, buur) - knoop.breedte / 2
                past = past and doel <= grens + 4.0
        if past:
            for d in dummies:
                knopen[d].x = doel


_Rechthoek = tuple[float, float, float, float]  # x, y, breedte, hoogte


def _zet_poorten(
    knopen: dict[str, Knoop],
    lagen: list[list[str]],
    segmenten: list[_Segment],
    per_rand: Mapping[str, list[_Segment]],
    uit: dict[str, list[_Segment]],
    in_: dict[str, list[_Segment]],
) -> None:
    """Ports: where each segment leaves the bottom / enters the top of a real box."""
    for k, lijst in uit.items():
        knoop = knopen[k]
        if knoop.soort == DUMMY:
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
        if knopen[s.van].soort == DUMMY:
            s.x_van = knopen[s.van].x
    for k, lijst in in_.items():
        knoop = knopen[k]
        if knoop.soort == DUMMY:
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


def _kanalen(
    knopen: dict[str, Knoop], lagen: list[list[str]], segmenten: list[_Segment]
) -> tuple[dict[int, tuple[float, float]], dict[int, list[float]]]:
    """Per layer its band (top, bottom), and the y of the tracks in the channel under it: a
    label zone under the layer, then one track per crossing horizontal run."""
    lh = LABEL_GROOTTE * REGELAFSTAND
    banden: dict[int, tuple[float, float]] = {}
    sporen_y: dict[int, list[float]] = {}
    y = 0.0
    for li, laag in enumerate(lagen):
        hoogte = max((knopen[k].hoogte for k in laag if knopen[k].soort != DUMMY), default=0.0)
        banden[li] = (y, y + hoogte)
        kanaal = [s for s in segmenten if knopen[s.van].laag == li]
        regels = max((len(s.rand.label) for s in kanaal if knopen[s.van].soort != DUMMY), default=0)
        label_zone = regels * lh + 4.0 if regels else 0.0
        n = _wijs_sporen_toe(kanaal)
        eerste = y + hoogte + label_zone + 10.0
        sporen_y[li] = [eerste + i * SPOOR_AFSTAND for i in range(n)]
        onderkant_kanaal = (sporen_y[li][-1] if n else eerste - 4.0) + 20.0
        y = onderkant_kanaal if li < len(lagen) - 1 else y + hoogte
    return banden, sporen_y


def _label_vak(
    r: Rand,
    van: Knoop,
    band: tuple[float, float],
    lijst: list[_Segment],
    uitgaand: list[_Segment],
    vrij: Callable[[_Rechthoek], bool],
) -> tuple[_Rechthoek, str]:
    """Where the label of edge ``r`` goes, and its anchor: right under the box beside the line,
    on the outer side; where that is not ``vrij``, the other side, then the channel under the
    layer."""
    x0 = lijst[0].x_van
    b = _labelbreedte(r.label)
    lh = LABEL_GROOTTE * REGELAFSTAND
    h = len(r.label) * lh
    links_eerst = len(uitgaand) > 1 and lijst[0] is uitgaand[0]
    kanten_ = ["end", "start"] if links_eerst else ["start", "end"]
    hoogtes = [band[0] + van.hoogte + 2.0, band[1] + 2.0]
    for y0, kant in [(y0, kant) for y0 in dict.fromkeys(hoogtes) for kant in kanten_]:
        vak = (x0 - 5.0 - b, y0, b, h) if kant == "end" else (x0 + 5.0, y0, b, h)
        if vrij(vak):
            return vak, kant
    y0, anker = hoogtes[-1], kanten_[0]
    return ((x0 - 5.0 - b, y0, b, h) if anker == "end" else (x0 + 5.0, y0, b, h)), anker


def route_kanten(
    knopen: dict[str, Knoop], randen: Sequence[Rand], lagen: list[list[str]]
) -> tuple[dict[int, tuple[float, float]], list[Kant]]:
    """Vertical positions of the layers and the polylines of the edges."""
    segmenten: list[_Segment] = []
    per_rand: dict[str, list[_Segment]] = {}
    for r in randen:
        lijst = [_Segment(r, a, b) for a, b in itertools.pairwise(r.keten)]
        per_rand[r.id] = lijst
        segmenten.extend(lijst)
    uit: dict[str, list[_Segment]] = {}
    in_: dict[str, list[_Segment]] = {}
    for s in segmenten:
        uit.setdefault(s.van, []).append(s)
        in_.setdefault(s.naar, []).append(s)
    _zet_poorten(knopen, lagen, segmenten, per_rand, uit, in_)
    banden, sporen_y = _kanalen(knopen, lagen, segmenten)

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

    # A label must not hit a box, another line or another label.
    obstakels: list[_Rechthoek] = [
        (k.x - k.breedte / 2, banden[k.laag][0], k.breedte, k.hoogte)
        for k in knopen.values()
        if k.soort != DUMMY
    ]
    geplaatst: list[_Rechthoek] = []
    kanten: list[Kant] = []
    for r in randen:
        label_vak: _Rechthoek | None = None
        anker = "start"
        if r.label:
            andere = [p for rid, p in lijnen.items() if rid != r.id]

            def vrij(vak: _Rechthoek, andere: list[list[Punt]] = andere) -> bool:
                return not any(_overlapt(vak, o, 2.0) for o in obstakels + geplaatst) and not any(
                    _raakt_lijn(vak, lijn, 2.0) for lijn in andere
                )

            van = knopen[r.van]
            label_vak, anker = _label_vak(
                r, van, banden[van.laag], per_rand[r.id], uit[r.van], vrij
            )
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
