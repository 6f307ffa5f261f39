"""The route a decision took, as the SVG and the Mermaid flowchart highlight it."""

from __future__ import annotations

from dataclasses import dataclass

from meldwijzer.kader.engine import Afwegingskader, Beslissing
from meldwijzer.kader.stroomschema.graaf import AFWEGING, afweging_id, doel_van_optie


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


def kies_routes(kader: Afwegingskader, route: str | None, pad: Beslissing | None) -> list[str]:
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


def pad_als_tekst(kader: Afwegingskader, pad: Beslissing) -> str:
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
