"""The route a decision took, as the SVG and the Mermaid flowchart highlight it."""

from __future__ import annotations

from dataclasses import dataclass

from meldwijzer.kader.engine import Afwegingskader, Beslissing
from meldwijzer.kader.stroomschema.graaf import AFWEGING, afweging_id, doel_van_optie, heeft_vak


@dataclass(frozen=True, slots=True)
class Markering:
    """What a decision highlights: boxes and edges on its path, and the afweging that is next."""

    vakken: frozenset[str]
    kanten: frozenset[str]
    volgende: str | None


def markering(kader: Afwegingskader, pad: Beslissing, route_id: str | None = None) -> Markering:
    """The boxes and edges of the route taken by ``pad``; the next afweging is kept apart.

    After a route handover (format 2) the path runs through more than one route: only the steps
    in ``route_id`` (by default the route the walk is in now) are marked."""
    route = kader.route(route_id or pad.route_nu)
    vakken: set[str] = set()
    kanten: set[str] = set()
    for stap in pad.pad:
        if stap.route is not None and stap.route != route.id:
            continue
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
        if heeft_vak(optie) and optie.volgende is not None:
            kanten.add(f"{stap.afweging}:{optie.id}:verder")
    volgende = None
    if pad.volgende_afweging is not None and pad.route_nu == route.id:
        volgende = afweging_id(pad.volgende_afweging)
    return Markering(frozenset(vakken), frozenset(kanten), volgende)


def kies_routes(kader: Afwegingskader, route: str | None, pad: Beslissing | None) -> list[str]:
    if pad is not None:
        langs = [pad.route, *(o.naar_route for o in pad.overdrachten)]
        if route is not None and route not in langs:
            namen = "', '".join(langs)
            raise ValueError(
                f"Het pad loopt door route '{namen}', niet door route '{route}'; "
                "laat de route weg of kies een route van het pad."
            )
        return [kader.route(route or pad.route_nu).id]
    if route is not None:
        return [kader.route(route).id]
    return list(kader.routes)


def pad_als_tekst(kader: Afwegingskader, pad: Beslissing) -> str:
    delen = []
    for stap in pad.pad:
        route = kader.route(stap.route or pad.route)
        optie = route.afwegingen[stap.afweging].opties[stap.antwoord]
        waar = f"route {route.id}, " if pad.overdrachten else ""
        delen.append(f"{waar}afweging {stap.afweging}: {optie.label}")
    tekst = "Gevolgd pad: " + (" → ".join(delen) if delen else "nog geen antwoorden")
    if pad.volgende_afweging is not None:
        tekst += f"; volgende afweging: {pad.volgende_afweging}"
    else:
        tekst += "; uitkomst bereikt"
    return tekst
