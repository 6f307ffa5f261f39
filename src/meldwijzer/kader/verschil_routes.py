"""Which route of a new framework is a renamed route of the old one, for the diff
(:mod:`~meldwijzer.kader.verschil`).

Everything else in a diff is matched by id. A route is the exception: a profession that renames
``standaard`` to ``thuissituatie``, or writes its own framework beside basis, still has the same
route, and comparing its afwegingen, answers and the outcome of every path is what a policy
adviser needs. A route that keeps its id is itself; of the routes left on both sides, a pair is
matched when it is unambiguous, by these steps in turn:

1. the same title;
2. the same start and the same afweging ids;
3. the one route left on each side.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from meldwijzer.kader.model import Route


def hernoemde_routes(oud: Sequence[Route], nieuw: Sequence[Route]) -> dict[str, str]:
    """Old id → new id for each route matched under another id."""
    nieuw_ids = {r.id for r in nieuw}
    oud_ids = {r.id for r in oud}
    links = [r for r in oud if r.id not in nieuw_ids]
    rechts = [r for r in nieuw if r.id not in oud_ids]
    koppeling: dict[str, str] = {}
    kenmerken: list[Callable[[Route], Hashable]] = [
        lambda r: " ".join(r.titel.casefold().split()),
        lambda r: (r.start, frozenset(a.id for a in r.afwegingen)),
    ]
    for kenmerk in kenmerken:
        for a, b in _eenduidig(links, rechts, kenmerk):
            koppeling[a.id] = b.id
        links = [r for r in links if r.id not in koppeling]
        rechts = [r for r in rechts if r.id not in koppeling.values()]
    if len(links) == 1 and len(rechts) == 1:
        koppeling[links[0].id] = rechts[0].id
    return koppeling


def _eenduidig(
    links: Sequence[Route], rechts: Sequence[Route], kenmerk: Callable[[Route], Hashable]
) -> list[tuple[Route, Route]]:
    """The pairs whose feature no other route on either side shares."""
    per_links: dict[Hashable, list[Route]] = {}
    per_rechts: dict[Hashable, list[Route]] = {}
    for r in links:
        per_links.setdefault(kenmerk(r), []).append(r)
    for r in rechts:
        per_rechts.setdefault(kenmerk(r), []).append(r)
    return [
        (a[0], per_rechts[k][0])
        for k, a in per_links.items()
        if len(a) == 1 and len(per_rechts.get(k, [])) == 1
    ]
