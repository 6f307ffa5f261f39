"""The flowchart as Mermaid ``flowchart TD`` text, for Markdown and for frameworks too large
to draw as SVG."""

from __future__ import annotations

from meldwijzer.kader.engine import Afwegingskader, Beslisroute, Beslissing
from meldwijzer.kader.model import ActieSoort
from meldwijzer.kader.stroomschema.graaf import (
    ACTIE,
    AFWEGING,
    actieregels,
    afweging_id,
    doel_van_optie,
    primaire_soort,
)
from meldwijzer.kader.stroomschema.markering import kies_routes, markering, pad_als_tekst
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


def teken_mermaid(
    kader: Afwegingskader, route: str | None = None, pad: Beslissing | None = None
) -> str:
    """The flowchart as mermaid ``flowchart TD`` text; the route taken styled when ``pad``."""
    route_ids = kies_routes(kader, route, pad)
    markering_ = None if pad is None else markering(kader, pad)
    modellen = {r.id: r for r in kader.model.routes}
    regels = ["flowchart TD"]
    regels.append(
        f"  %% Stroomschema {kader.model.titel} (versie {kader.versie})".replace("\n", " ")
    )
    if pad is not None:
        regels.append(f"  %% {pad_als_tekst(kader, pad)}")
    klassen: dict[str, list[str]] = {}
    pad_knopen: list[str] = []
    volgende_knopen: list[str] = []
    pad_links: list[int] = []
    link = 0
    for rid in route_ids:
        r = kader.routes[rid]
        prefix = f"r{list(kader.routes).index(rid)}"
        vragen = {a.id: a.vraag for a in modellen[rid].afwegingen}
        kop = f"Route: {modellen[rid].titel}"
        regels.append(f'  subgraph {prefix}["{mermaid_tekst(kop)}"]')
        regels.append("    direction TB")
        lay_vakken: list[tuple[str, str, str]] = []  # (vak id, shape, label)
        for a in r.afwegingen.values():
            tekst = "<br/>".join(
                mermaid_tekst(t)
                for t in [f"Afweging {a.id}", *breek_af(vragen[a.id], 280.0, TEKST_GROOTTE)]
            )
            if a.samen:
                tekst += "<br/>" + mermaid_tekst("(samen met Veilig Thuis)")
            lay_vakken.append((afweging_id(a.id), "rect", tekst))
        for a in r.afwegingen.values():
            for o in a.opties.values():
                if o.volgende is not None and not o.acties:
                    continue
                tekst = "<br/>".join(
                    mermaid_tekst(t.tekst)
                    for t in actieregels(kader, o, "Uitkomst" if o.volgende is None else "Actie")
                )
                vorm = "stadion" if o.volgende is None else "rond"
                lay_vakken.append((doel_van_optie(a.id, o), vorm, tekst))
        for vak_id, vorm, tekst in lay_vakken:
            mid = mermaid_id(prefix, vak_id, r)
            if vorm == "rect":
                regels.append(f'    {mid}["{tekst}"]')
            elif vorm == "rond":
                regels.append(f'    {mid}("{tekst}")')
            else:
                regels.append(f'    {mid}(["{tekst}"])')
            if vak_id.startswith(AFWEGING):
                klassen.setdefault("afweging", []).append(mid)
            else:
                delen = vak_id.split(":")
                o = r.afwegingen[delen[1]].opties[delen[2]]
                soort = primaire_soort(kader, o.acties) or ActieSoort.OVERIG
                klassen.setdefault(soort.value, []).append(mid)
            if markering_ is not None:
                if vak_id in markering_.vakken:
                    pad_knopen.append(mid)
                elif vak_id == markering_.volgende:
                    volgende_knopen.append(mid)
        for a in r.afwegingen.values():
            for o in a.opties.values():
                van = mermaid_id(prefix, afweging_id(a.id), r)
                naar = mermaid_id(prefix, doel_van_optie(a.id, o), r)
                pijl = "-.->" if o.samen else "-->"
                regels.append(f'    {van} {pijl}|"{mermaid_tekst(o.label)}"| {naar}')
                if markering_ is not None and f"{a.id}:{o.id}" in markering_.kanten:
                    pad_links.append(link)
                link += 1
                if o.acties and o.volgende is not None:
                    verder = mermaid_id(prefix, afweging_id(o.volgende), r)
                    regels.append(f"    {naar} {pijl} {verder}")
                    if markering_ is not None and f"{a.id}:{o.id}:verder" in markering_.kanten:
                        pad_links.append(link)
                    link += 1
        regels.append("  end")
    regels.append(f"  classDef afweging fill:#ffffff,stroke:{LIJNKLEUR},stroke-width:1px")
    for soort in VOORRANG:
        vulling, rand = KLEUREN[soort]
        regels.append(f"  classDef {soort.value} fill:{vulling},stroke:{rand},stroke-width:1px")
    for klasse, knopen in klassen.items():
        regels.append(f"  class {','.join(knopen)} {klasse}")
    for mid in pad_knopen:
        regels.append(f"  style {mid} stroke:{ACCENT},stroke-width:4px")
    for mid in volgende_knopen:
        regels.append(f"  style {mid} stroke:{ACCENT},stroke-width:2px,stroke-dasharray:4 3")
    if pad_links:
        regels.append(
            f"  linkStyle {','.join(map(str, pad_links))} stroke:{ACCENT},stroke-width:4px"
        )
    return "\n".join(regels) + "\n"
