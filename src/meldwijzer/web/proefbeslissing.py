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
from meldwijzer.kader.beslisdelen import antwoord_sleutel as sleutel
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
    def beslissende_signalen(self) -> list[str]:
        """The texts of the ticked signals that decided by themselves (format 2)."""
        if self.beslissing is None:
            return []
        teksten = self.beslissing.kader.items
        return [teksten[i][1] for i in self.beslissing.beslissende_signalen]

    def _route(self, route_id: str) -> Route:
        return next(r for r in self.routes if r.id == route_id)

    @property
    def route_nu(self) -> Route | None:
        """The route the path is in now: after a handover (format 2), the one handed to."""
        if self.route is None or self.beslissing is None:
            return self.route
        return self._route(self.beslissing.route_nu)

    @property
    def volgende(self) -> Afweging | None:
        route = self.route_nu
        if route is None or self.beslissing is None:
            return None
        nummer = self.beslissing.volgende_afweging
        return next((a for a in route.afwegingen if a.id == nummer), None)

    @property
    def volgende_naam(self) -> str:
        """The answer field of the next afweging: ``antwoord_3``, or in a route handed over to
        ``antwoord_thuissituatie/3``."""
        volgende = self.volgende
        if volgende is None or self.route is None or self.route_nu is None:
            return ""
        return VOORVOEGSEL + sleutel(self.route.id, self.route_nu.id, volgende.id)

    def stappen(self) -> list[dict[str, Any]]:
        """The path so far as text: question, answer, the route it lies in and its field."""
        if self.route is None or self.beslissing is None:
            return []
        uit = []
        for stap in self.beslissing.pad:
            route = self._route(stap.route or self.route.id)
            afweging = next(a for a in route.afwegingen if a.id == stap.afweging)
            optie = next(o for o in afweging.opties if o.id == stap.antwoord)
            uit.append(
                {
                    "afweging": afweging,
                    "optie": optie,
                    "route": route if route.id != self.route.id else None,
                    "naam": VOORVOEGSEL + sleutel(self.route.id, route.id, afweging.id),
                }
            )
        return uit


def proef(kader: Afwegingskader, invoer: QueryDict) -> Proef:
    routes = list(kader.model.routes)
    route_id = invoer.get("route") or (routes[0].id if len(routes) == 1 else "")
    route = next((r for r in routes if r.id == route_id), None)
    uitslag = Proef(routes=routes, route=route)
    if route is None:
        return uitslag
    bekend = {sleutel(route.id, r.id, a.id) for r in routes for a in r.afwegingen}
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
