"""The geometry of the flowchart of one route: graph, layers, placement and edges together."""

from __future__ import annotations

from meldwijzer.kader.engine import Afwegingskader
from meldwijzer.kader.stroomschema.graaf import (
    DUMMY,
    DUMMY_BREEDTE,
    PRIORITEIT,
    Kant,
    Knoop,
    Layout,
    Vak,
    afweging_id,
    bouw_graaf,
)
from meldwijzer.kader.stroomschema.kanten import route_kanten
from meldwijzer.kader.stroomschema.lagen import ken_lagen_toe, orden_en_plaats


def bereken_layout(kader: Afwegingskader, route_id: str | None = None) -> Layout:
    """The geometry of the flowchart of one route (the only route when ``route_id`` is None)."""
    route = kader.route(route_id)
    knopen, randen = bouw_graaf(kader, route)
    start = afweging_id(route.start)
    terug = ken_lagen_toe(start, knopen, randen)
    terug_ids = {id(r) for r in terug}

    # Long edges get one dummy node per layer they pass, so they are routed around boxes.
    for r in randen:
        r.keten = [r.van]
        if id(r) not in terug_ids:
            for laag in range(knopen[r.van].laag + 1, knopen[r.naar].laag):
                did = f"~{r.id}:{laag}"
                knopen[did] = Knoop(
                    did, DUMMY, r.afweging, r.optie, [], DUMMY_BREEDTE, 0.0,
                    prioriteit=PRIORITEIT[DUMMY], laag=laag,
                )  # fmt: skip
                r.keten.append(did)
        r.keten.append(r.naar)
    lagen = orden_en_plaats(knopen, randen, start)
    banden, kanten = route_kanten(knopen, randen, lagen)

    echte = [k for k in knopen.values() if k.soort != DUMMY]
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
