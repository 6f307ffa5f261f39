"""Paths through a route: every complete sequence of answers, every state on the way, the first
ones within a bound, and the answers that lead to each afweging.

One walk of the graph serves every caller that needs paths: the diff compares the outcome of
each complete path (:mod:`~meldwijzer.kader.verschil`), the Markdown handout lists them
(:mod:`~meldwijzer.kader.export`), the FHIR Questionnaire enables an afweging by the answers that
lead to it (:mod:`~meldwijzer.kader.fhir`), and the tests walk every state a professional can
reach.

Lazily and with a stack of its own, not recursion: a route can have countless paths and be
thousands of afwegingen deep, so each caller takes as many as it can use (docs/kader-formaat.md,
'Grenzen'). A path that would run into a cycle (which validation refuses) is left out.
"""

from __future__ import annotations

from collections.abc import Iterator

from meldwijzer.kader.engine import Afwegingskader, Beslisoptie
from meldwijzer.kader.model import Afweging, Optie, Route

Pad = tuple[tuple[str, str], ...]
"""A sequence of answers as (afweging, option id) pairs, in path order."""

# One answer on the work stack: the answer before it, then afweging and option.
_Schakel = tuple["_Schakel | None", str, str]


def paden(kader: Afwegingskader, route_id: str) -> Iterator[Pad]:
    """Every complete sequence of answers from the route's start to an end, depth first, in the
    order of the options."""
    return _wandel(kader, route_id, standen=False)


def standen(kader: Afwegingskader, route_id: str) -> Iterator[Pad]:
    """Every state of the answers the engine can reach: no answers, then each beginning of each
    path before the paths that continue it (depth first, in the order of the options)."""
    return _wandel(kader, route_id, standen=True)


def eerste_paden(
    kader: Afwegingskader, route_id: str, max_paden: int, max_antwoorden: int
) -> tuple[list[Pad], bool]:
    """The first complete paths, at most ``max_paden`` of them and ``max_antwoorden`` answers
    together (the first path is always taken), and whether they are all of them."""
    gevonden: list[Pad] = []
    antwoorden = 0
    for pad in paden(kader, route_id):
        antwoorden += len(pad)
        if len(gevonden) == max_paden or (gevonden and antwoorden > max_antwoorden):
            return gevonden, False
        gevonden.append(pad)
    return gevonden, True


def herkomst(route: Route) -> dict[str, list[tuple[Afweging, Optie]]]:
    """Per afweging: the (afweging, answer) pairs that lead to it, in file order; the start and
    afwegingen no answer leads to are absent."""
    uit: dict[str, list[tuple[Afweging, Optie]]] = {}
    for ouder in route.afwegingen:
        for optie in ouder.opties:
            if optie.volgende is not None:
                uit.setdefault(optie.volgende, []).append((ouder, optie))
    return uit


def _wandel(kader: Afwegingskader, route_id: str, standen: bool) -> Iterator[Pad]:
    route = kader.routes[route_id]
    if standen:
        yield ()
    opties = iter(route.afwegingen[route.start].opties.values())
    werk: list[tuple[str, Iterator[Beslisoptie], _Schakel | None]] = [(route.start, opties, None)]
    op_pad = {route.start}
    while werk:
        afweging, nog, terug = werk[-1]
        optie = next(nog, None)
        if optie is None:
            werk.pop()
            op_pad.discard(afweging)
            continue
        schakel: _Schakel = (terug, afweging, optie.id)
        volgende = optie.volgende
        if volgende is None or standen:
            yield _uitgeschreven(schakel)
        if volgende is not None and volgende in route.afwegingen and volgende not in op_pad:
            op_pad.add(volgende)
            werk.append((volgende, iter(route.afwegingen[volgende].opties.values()), schakel))


def _uitgeschreven(schakel: _Schakel | None) -> Pad:
    pad: list[tuple[str, str]] = []
    while schakel is not None:
        schakel, afweging, optie = schakel
        pad.append((afweging, optie))
    return tuple(reversed(pad))


__all__ = ["Pad", "eerste_paden", "herkomst", "paden", "standen"]
