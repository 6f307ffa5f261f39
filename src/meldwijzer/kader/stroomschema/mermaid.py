"""The flowchart as Mermaid ``flowchart TD`` text, for Markdown and for frameworks too large
to draw as SVG."""

from __future__ import annotations

from dataclasses import dataclass, field

from meldwijzer.kader.engine import Afwegingskader, Beslisroute, Beslissing
from meldwijzer.kader.model import ActieSoort
from meldwijzer.kader.stroomschema.graaf import (
    ACTIE,
    AFWEGING,
    actieregels,
    afweging_id,
    afweging_kop,
    doel_van_optie,
    heeft_vak,
    primaire_soort,
)
from meldwijzer.kader.stroomschema.markering import (
    Markering,
    kies_routes,
    markering,
    pad_als_tekst,
)
from meldwijzer.kader.stroomschema.stijl import ACCENT, KLEUREN, LIJNKLEUR, VOORRANG
from meldwijzer.kader.stroomschema.tekst import TEKST_GROOTTE, breek_af


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


def mermaid_id(prefix: str, vak_id: str, route: Beslisroute) -> str:
    """A mermaid node id: prefixed (ids like '5a' or 'end' are unsafe on their own), and
    answer options by position, since option ids may contain characters mermaid rejects."""
    delen = vak_id.split(":")
    if delen[0] == AFWEGING:
        return f"{prefix}_a_{delen[1]}"
    index = list(route.afwegingen[delen[1]].opties).index(delen[2])
    kort = "x" if delen[0] == ACTIE else "u"
    return f"{prefix}_{kort}_{delen[1]}_{index}"


def _vakken(
    kader: Afwegingskader, r: Beslisroute, vragen: dict[str, str]
) -> list[tuple[str, str, str]]:
    """(vak id, shape, label) of every box of a route: afwegingen, then actions and outcomes."""
    vakken: list[tuple[str, str, str]] = []
    for a in r.afwegingen.values():
        tekst = "<br/>".join(
            mermaid_tekst(t)
            for t in [
                afweging_kop(kader, r.id, a.id),
                *breek_af(vragen[a.id], 280.0, TEKST_GROOTTE),
            ]
        )
        if a.samen:
            tekst += "<br/>" + mermaid_tekst("(samen met Veilig Thuis)")
        vakken.append((afweging_id(a.id), "rect", tekst))
    for a in r.afwegingen.values():
        for o in a.opties.values():
            if o.volgende is not None and not heeft_vak(o):
                continue
            tekst = "<br/>".join(
                mermaid_tekst(t.tekst)
                for t in actieregels(kader, o, "Uitkomst" if o.volgende is None else "Actie")
            )
            vorm = "stadion" if o.volgende is None else "rond"
            vakken.append((doel_van_optie(a.id, o), vorm, tekst))
    return vakken


@dataclass(slots=True)
class _Opmaak:
    """Classes and styles collected over the routes, written after them."""

    markering: Markering | None
    klassen: dict[str, list[str]] = field(default_factory=dict)
    pad_knopen: list[str] = field(default_factory=list)
    volgende_knopen: list[str] = field(default_factory=list)
    pad_links: list[int] = field(default_factory=list)
    link: int = 0

    def kant(self, kant_id: str) -> None:
        """Count a link; style it when it lies on the path."""
        if self.markering is not None and kant_id in self.markering.kanten:
            self.pad_links.append(self.link)
        self.link += 1

    def regels(self) -> list[str]:
        regels = [f"  classDef afweging fill:#ffffff,stroke:{LIJNKLEUR},stroke-width:1px"]
        for soort in VOORRANG:
            vulling, rand = KLEUREN[soort]
            regels.append(f"  classDef {soort.value} fill:{vulling},stroke:{rand},stroke-width:1px")
        for klasse, knopen in self.klassen.items():
            regels.append(f"  class {','.join(knopen)} {klasse}")
        for mid in self.pad_knopen:
            regels.append(f"  style {mid} stroke:{ACCENT},stroke-width:4px")
        for mid in self.volgende_knopen:
            regels.append(f"  style {mid} stroke:{ACCENT},stroke-width:2px,stroke-dasharray:4 3")
        if self.pad_links:
            regels.append(
                f"  linkStyle {','.join(map(str, self.pad_links))} stroke:{ACCENT},stroke-width:4px"
            )
        return regels


def _teken_route(kader: Afwegingskader, rid: str, opmaak: _Opmaak, regels: list[str]) -> None:
    """One route as a subgraph: its boxes, then its links."""
    r = kader.routes[rid]
    model = next(m for m in kader.model.routes if m.id == rid)
    prefix = f"r{list(kader.routes).index(rid)}"
    vragen = {a.id: a.vraag for a in model.afwegingen}
    kop = f"Route: {model.titel}"
    regels.append(f'  subgraph {prefix}["{mermaid_tekst(kop)}"]')
    regels.append("    direction TB")
    for vak_id, vorm, tekst in _vakken(kader, r, vragen):
        mid = mermaid_id(prefix, vak_id, r)
        if vorm == "rect":
            regels.append(f'    {mid}["{tekst}"]')
        elif vorm == "rond":
            regels.append(f'    {mid}("{tekst}")')
        else:
            regels.append(f'    {mid}(["{tekst}"])')
        if vak_id.startswith(AFWEGING):
            opmaak.klassen.setdefault("afweging", []).append(mid)
        else:
            delen = vak_id.split(":")
            o = r.afwegingen[delen[1]].opties[delen[2]]
            soort = primaire_soort(kader, o.acties) or ActieSoort.OVERIG
            opmaak.klassen.setdefault(soort.value, []).append(mid)
        if opmaak.markering is not None:
            if vak_id in opmaak.markering.vakken:
                opmaak.pad_knopen.append(mid)
            elif vak_id == opmaak.markering.volgende:
                opmaak.volgende_knopen.append(mid)
    for a in r.afwegingen.values():
        for o in a.opties.values():
            van = mermaid_id(prefix, afweging_id(a.id), r)
            naar = mermaid_id(prefix, doel_van_optie(a.id, o), r)
            pijl = "-.->" if o.samen else "-->"
            regels.append(f'    {van} {pijl}|"{mermaid_tekst(o.label)}"| {naar}')
            opmaak.kant(f"{a.id}:{o.id}")
            if heeft_vak(o) and o.volgende is not None:
                verder = mermaid_id(prefix, afweging_id(o.volgende), r)
                regels.append(f"    {naar} {pijl} {verder}")
                opmaak.kant(f"{a.id}:{o.id}:verder")
    regels.append("  end")


def teken_mermaid(
    kader: Afwegingskader, route: str | None = None, pad: Beslissing | None = None
) -> str:
    """The flowchart as mermaid ``flowchart TD`` text; the route taken styled when ``pad``."""
    route_ids = kies_routes(kader, route, pad)
    opmaak = _Opmaak(None if pad is None else markering(kader, pad, route_ids[0]))
    regels = ["flowchart TD"]
    regels.append(
        f"  %% Stroomschema {kader.model.titel} (versie {kader.versie})".replace("\n", " ")
    )
    if pad is not None:
        regels.append(f"  %% {pad_als_tekst(kader, pad)}")
    for rid in route_ids:
        _teken_route(kader, rid, opmaak, regels)
    return "\n".join([*regels, *opmaak.regels()]) + "\n"
