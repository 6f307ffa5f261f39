"""A trial decision on a framework version (preview before publishing, docs/adr/0006).

Stateless: the answers so far travel in the query string (``route``, ``antwoord_<afweging>``,
``signalen``), so trying a path changes nothing and needs no script. The engine decides, as it
does for a casus; nothing here is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.safestring import SafeString

from meldwijzer.kader import Afwegingskader, BeslisFout, Beslissing, beslis
from meldwijzer.kader.model import Afweging, Route

VOORVOEGSEL = "antwoord_"


@dataclass
class Proef:
    routes: list[Route]
    route: Route | None
    antwoorden: dict[str, str] = field(default_factory=dict)
    signalen: list[str] = field(default_factory=list)
    beslissing: Beslissing | None = None
    fout: str = ""
    svg: SafeString | None = None

    @property
    def begonnen(self) -> bool:
        return bool(self.antwoorden or self.signalen)

    @property
    def volgende(self) -> Afweging | None:
        if self.route is None or self.beslissing is None:
            return None
        nummer = self.beslissing.volgende_afweging
        return next((a for a in self.route.afwegingen if a.id == nummer), None)

    def stappen(self) -> list[dict[str, Any]]:
        """The path so far as text: question, answer, and what that answer set in motion."""
        if self.route is None or self.beslissing is None:
            return []
        afwegingen = {a.id: a for a in self.route.afwegingen}
        uit = []
        for stap in self.beslissing.pad:
            afweging = afwegingen[stap.afweging]
            optie = next(o for o in afweging.opties if o.id == stap.antwoord)
            uit.append({"afweging": afweging, "optie": optie})
        return uit


def proef(kader: Afwegingskader, invoer: QueryDict) -> Proef:
    routes = list(kader.model.routes)
    route_id = invoer.get("route") or (routes[0].id if len(routes) == 1 else "")
    route = next((r for r in routes if r.id == route_id), None)
    uitslag = Proef(routes=routes, route=route)
    if route is None:
        return uitslag
    bekend = {a.id for a in route.afwegingen}
    uitslag.antwoorden = {
        sleutel.removeprefix(VOORVOEGSEL): waarde
        for sleutel, waarde in invoer.items()
        if sleutel.startswith(VOORVOEGSEL)
        and sleutel.removeprefix(VOORVOEGSEL) in bekend
        and isinstance(waarde, str)  # the last value; a list only for a key without one
        and waarde
    }
    uitslag.signalen = sorted(set(invoer.getlist("signalen")) & kader.aanvinkbaar)
    try:
        uitslag.beslissing = beslis(kader, uitslag.antwoorden, uitslag.signalen, route=route.id)
    except BeslisFout as fout:
        uitslag.fout = str(fout)
        uitslag.antwoorden = {}
        uitslag.beslissing = beslis(kader, {}, uitslag.signalen, route=route.id)
    return uitslag
