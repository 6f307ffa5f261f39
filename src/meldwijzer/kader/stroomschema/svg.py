"""The flowchart as a standalone SVG document, scaled to the width of an A4 page."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from meldwijzer.kader.engine import Afwegingskader, Beslissing
from meldwijzer.kader.model import ActieSoort
from meldwijzer.kader.stroomschema.graaf import (
    ACTIE,
    AFWEGING,
    BINNENMARGE_X,
    BINNENMARGE_Y,
    UITKOMST,
    Kant,
    Layout,
    Punt,
    Vak,
)
from meldwijzer.kader.stroomschema.layout import bereken_layout
from meldwijzer.kader.stroomschema.markering import (
    Markering,
    kies_routes,
    markering,
    pad_als_tekst,
)
from meldwijzer.kader.stroomschema.stijl import (
    ACCENT,
    GEDIMD,
    KLEUREN,
    LIJNKLEUR,
    SOORT_NAAM,
    VOORRANG,
)
from meldwijzer.kader.stroomschema.tekst import (
    FONT_FAMILIE,
    KLEINSTE_GROOTTE,
    KOP_GROOTTE,
    LABEL_GROOTTE,
    LEGENDA_GROOTTE,
    REGELAFSTAND,
    TEKST_GROOTTE,
    TITEL_GROOTTE,
    breek_af,
    tekstbreedte,
)

# The drawing is scaled to A4 width (210 mm = 595.28 pt); the smallest font must stay at least
# 9 pt after that scaling, which bounds the width of the drawing.
A4_BREEDTE_PT = 595.28
MIN_PUNTGROOTTE = 9.0
MAX_A4_BREEDTE = KLEINSTE_GROOTTE * A4_BREEDTE_PT / MIN_PUNTGROOTTE
PIJL_LENGTE = 9.0
PAGINA_MARGE = 16.0

# More afwegingen than this in one drawing cannot be read on a page or a screen, and the layout
# (crossing reduction, label placement) grows faster than the graph: such a framework is drawn as
# Mermaid or read as text instead (docs/kader-formaat.md, 'Grenzen'). Real ones have about ten.
MAX_AFWEGINGEN = 100
# The same for a wide framework: answers are the edges the layout crosses and places (600 take a
# second, 6,000 more than a minute). The basis framework has ten.
MAX_ANTWOORDEN = 500


class TeGrootOmTeTekenen(ValueError):
    """The routes to draw hold more than MAX_AFWEGINGEN afwegingen or MAX_ANTWOORDEN answers."""


_ONGELDIG_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_tekst(tekst: str) -> str:
    """Text content safe for XML: markup characters escaped, characters XML forbids dropped."""
    tekst = _ONGELDIG_XML.sub("", tekst)
    return tekst.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attribuut(tekst: str) -> str:
    """An attribute value, for use between double quotes."""
    return xml_tekst(tekst).replace('"', "&quot;").replace("\n", "&#10;")


def _getal(x: float) -> str:
    tekst = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if tekst == "-0" else tekst


def _basislijn(boven: float, i: int, grootte: float) -> float:
    lh = grootte * REGELAFSTAND
    return boven + i * lh + (lh - grootte) / 2 + 0.8 * grootte


def _svg_tekst(
    x: float,
    y: float,
    tekst: str,
    grootte: float,
    vet: bool = False,
    anker: str = "start",
    kleur: str = "#111111",
    halo: bool = False,
) -> str:
    attrs = f'x="{_getal(x)}" y="{_getal(y)}" font-size="{_getal(grootte)}"'
    if vet:
        attrs += ' font-weight="bold"'
    if anker != "start":
        attrs += f' text-anchor="{anker}"'
    if kleur != "#111111":
        attrs += f' fill="{kleur}"'
    if halo:
        attrs += ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
    return f"<text {attrs}>{xml_tekst(tekst)}</text>"


@dataclass(slots=True)
class _Blok:
    """A block of text lines (title, heading, legend) placed on the page."""

    regels: list[tuple[str, float, bool]]

    @property
    def hoogte(self) -> float:
        return sum(g * REGELAFSTAND for _, g, _ in self.regels)


def _tekstblok(tekst: str, breedte: float, grootte: float, vet: bool = False) -> _Blok:
    return _Blok([(r, grootte, vet) for r in breek_af(tekst, breedte, grootte, vet)])


def _teken_blok(blok: _Blok, x: float, y: float, uit: list[str]) -> float:
    for tekst, grootte, vet in blok.regels:
        lh = grootte * REGELAFSTAND
        uit.append(_svg_tekst(x, y + (lh - grootte) / 2 + 0.8 * grootte, tekst, grootte, vet))
        y += lh
    return y


def _vak_stijl(vak: Vak) -> tuple[str, str, float]:
    # Corner radius tells the shapes apart in black and white too: a question is square, an
    # action on the way slightly rounded, an outcome (the end of a path) clearly rounded.
    if vak.soort == AFWEGING:
        return "#ffffff", LIJNKLEUR, 2.0
    vulling, rand = KLEUREN.get(vak.actiesoort or ActieSoort.OVERIG, KLEUREN[ActieSoort.OVERIG])
    return vulling, rand, (14.0 if vak.soort == UITKOMST else 6.0)


def _teken_vak(
    vak: Vak,
    ox: float,
    oy: float,
    element_id: str,
    route: str,
    markering_: Markering | None,
    uit: list[str],
) -> None:
    vulling, rand, rx = _vak_stijl(vak)
    breedte = 1.4
    streep = "7 4" if vak.samen else None
    attrs = (
        f'id="{element_id}" class="vak {vak.soort}" data-route="{xml_attribuut(route)}" '
        f'data-id="{xml_attribuut(vak.id)}" data-soort="{vak.soort}"'
    )
    if vak.actiesoort is not None:
        attrs += f' data-actiesoort="{vak.actiesoort.value}"'
    if markering_ is not None:
        if vak.id in markering_.vakken:
            attrs += ' data-pad="ja"'
            rand, breedte = ACCENT, 3.2
        elif vak.id == markering_.volgende:
            attrs += ' data-volgende="ja"'
            rand, breedte, streep = ACCENT, 2.4, "3 3"
        else:
            attrs += f' opacity="{GEDIMD}"'
    x, y = ox + vak.x, oy + vak.y
    uit.append(f"<g {attrs}>")
    rect = (
        f'<rect x="{_getal(x)}" y="{_getal(y)}" width="{_getal(vak.breedte)}" '
        f'height="{_getal(vak.hoogte)}" rx="{_getal(rx)}" fill="{vulling}" stroke="{rand}" '
        f'stroke-width="{_getal(breedte)}"'
    )
    if streep:
        rect += f' stroke-dasharray="{streep}"'
    uit.append(rect + "/>")
    for i, regel in enumerate(vak.regels):
        basis = _basislijn(y + BINNENMARGE_Y, i, TEKST_GROOTTE)
        tx = x + BINNENMARGE_X + regel.inspringen
        if regel.soort is not None:
            v, r = KLEUREN[regel.soort]
            uit.append(
                f'<rect x="{_getal(tx - 13)}" y="{_getal(basis - 9)}" width="9" height="9" '
                f'fill="{v}" stroke="{r}"/>'
            )
        uit.append(_svg_tekst(tx, basis, regel.tekst, TEKST_GROOTTE, regel.vet))
    uit.append("</g>")


def _pad_d(punten: Sequence[Punt], ox: float, oy: float) -> str:
    # The arrowhead is a marker of PIJL_LENGTE placed at the end; the line stops where the
    # marker starts so a thick line never pokes out beside the point of the arrow.
    pts = [(x + ox, y + oy) for x, y in punten]
    (x1, y1), (x2, y2) = pts[-2], pts[-1]
    lengte = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1e-9)
    inkorting = min(PIJL_LENGTE, lengte - 0.5)
    pts[-1] = (x2 - (x2 - x1) / lengte * inkorting, y2 - (y2 - y1) / lengte * inkorting)
    return "M " + " L ".join(f"{_getal(x)} {_getal(y)}" for x, y in pts)


def _teken_kant(
    kant: Kant,
    ox: float,
    oy: float,
    element_id: str,
    route: str,
    markering_: Markering | None,
    uit: list[str],
) -> None:
    kleur, breedte, pijl, label_kleur = LIJNKLEUR, 1.4, "pijl", "#111111"
    attrs = (
        f'id="{element_id}" class="kant" data-route="{xml_attribuut(route)}" '
        f'data-van="{xml_attribuut(kant.van)}" data-naar="{xml_attribuut(kant.naar)}" '
        f'data-optie="{xml_attribuut(kant.optie)}"'
    )
    if kant.samen:
        attrs += ' data-samen="ja"'
    if markering_ is not None:
        if kant.id in markering_.kanten:
            attrs += ' data-pad="ja"'
            kleur, breedte, pijl, label_kleur = ACCENT, 3.2, "pijl-pad", ACCENT
        else:
            attrs += f' opacity="{GEDIMD}"'
    uit.append(f"<g {attrs}>")
    lijn = (
        f'<path d="{_pad_d(kant.punten, ox, oy)}" fill="none" stroke="{kleur}" '
        f'stroke-width="{_getal(breedte)}" stroke-linejoin="round" marker-end="url(#{pijl})"'
    )
    if kant.samen:
        lijn += ' stroke-dasharray="7 4"'
    uit.append(lijn + "/>")
    if kant.label_vak is not None:
        lx, ly, lb, _ = kant.label_vak
        x = ox + (lx + lb if kant.label_anker == "end" else lx)
        for i, tekst in enumerate(kant.label):
            uit.append(
                _svg_tekst(
                    x,
                    _basislijn(oy + ly, i, LABEL_GROOTTE),
                    tekst,
                    LABEL_GROOTTE,
                    vet=True,
                    anker=kant.label_anker,
                    kleur=label_kleur,
                    halo=True,
                )
            )
    uit.append("</g>")


def _legenda_items(
    layouts: Sequence[Layout], markering_: Markering | None
) -> list[tuple[str, str]]:
    """(kind of sample, Dutch text) for every symbol that occurs in the drawing."""
    items: list[tuple[str, str]] = [("afweging", "Afweging (vraag)")]
    soorten = {v.actiesoort for lay in layouts for v in lay.vakken if v.actiesoort is not None}
    if any(v.soort == ACTIE for lay in layouts for v in lay.vakken):
        items.append(("actie", "Actie, daarna verder"))
    items.append(("uitkomst", "Uitkomst: einde van dit pad"))
    items += [(f"soort:{s.value}", SOORT_NAAM[s]) for s in VOORRANG if s in soorten]
    if any(k.samen for lay in layouts for k in lay.kanten) or any(
        v.samen for lay in layouts for v in lay.vakken
    ):
        items.append(("samen", "Samen met Veilig Thuis"))
    if markering_ is not None:
        items.append(("pad", "Gevolgd pad"))
        if markering_.volgende is not None:
            items.append(("volgende", "Volgende afweging"))
        items.append(("gedimd", "Niet gevolgd"))
    return items


def _teken_legenda_item(soort: str, x: float, y: float, uit: list[str]) -> None:
    """A 30 x 14 sample at (x, y)."""
    if soort in ("afweging", "actie", "uitkomst", "volgende", "gedimd"):
        # Shapes in white: their colour depends on the soort of action, shown separately.
        rx = {"uitkomst": 7.0, "actie": 3.0}.get(soort, 1.0)
        rand, extra = LIJNKLEUR, ""
        if soort == "volgende":
            rand, extra = ACCENT, ' stroke-dasharray="3 3" stroke-width="2.4"'
        elif soort == "gedimd":
            extra = f' opacity="{GEDIMD}"'
        uit.append(
            f'<rect x="{_getal(x)}" y="{_getal(y)}" width="30" height="14" rx="{_getal(rx)}" '
            f'fill="#ffffff" stroke="{rand}"{extra}/>'
        )
    elif soort.startswith("soort:"):
        vulling, rand = KLEUREN[ActieSoort(soort.removeprefix("soort:"))]
        uit.append(
            f'<rect x="{_getal(x)}" y="{_getal(y)}" width="30" height="14" rx="3" '
            f'fill="{vulling}" stroke="{rand}"/>'
        )
    else:
        kleur, breedte, streep = LIJNKLEUR, 1.4, ""
        if soort == "samen":
            streep = ' stroke-dasharray="7 4"'
        elif soort == "pad":
            kleur, breedte = ACCENT, 3.2
        uit.append(
            f'<path d="M {_getal(x)} {_getal(y + 7)} L {_getal(x + 30)} {_getal(y + 7)}" '
            f'stroke="{kleur}" stroke-width="{_getal(breedte)}"{streep}/>'
        )


def _legenda_maat(items: Sequence[tuple[str, str]], breedte: float) -> list[list[int]]:
    """Items flowed into rows that fit ``breedte``."""
    rijen: list[list[int]] = [[]]
    x = 0.0
    for i, (_, tekst) in enumerate(items):
        b = 38.0 + tekstbreedte(tekst, LEGENDA_GROOTTE) + 22.0
        if rijen[-1] and x + b > breedte:
            rijen.append([])
            x = 0.0
        rijen[-1].append(i)
        x += b
    return rijen


def _controleer_grootte(kader: Afwegingskader, route_ids: Sequence[str]) -> None:
    afwegingen = [a for r in route_ids for a in kader.routes[r].afwegingen.values()]
    antwoorden = sum(len(a.opties) for a in afwegingen)
    if len(afwegingen) > MAX_AFWEGINGEN:
        te_veel = f"{len(afwegingen)} afwegingen; meer dan {MAX_AFWEGINGEN}"
    elif antwoorden > MAX_ANTWOORDEN:
        te_veel = f"{antwoorden} antwoorden; meer dan {MAX_ANTWOORDEN}"
    else:
        return
    per_route = " of teken één route tegelijk (--route)" if len(route_ids) > 1 else ""
    raise TeGrootOmTeTekenen(
        f"Het stroomschema telt {te_veel} passen niet leesbaar in één tekening. Teken het als "
        f"Mermaid (--format mermaid){per_route}, of lees het kader als tekst (meldwijzer kader "
        "toon)."
    )


def _teken_routes(
    kader: Afwegingskader,
    layouts: Sequence[Layout],
    markering_: Markering | None,
    inhoud_b: float,
    y: float,
    uit: list[str],
) -> float:
    """Each route under its own heading, one below the other; returns the y below them."""
    modellen = {r.id: r for r in kader.model.routes}
    for lay in layouts:
        y += 14.0
        model = modellen[lay.route]
        kop = f"Route: {lay.titel}"
        if len(kader.routes) > 1:
            kop += f" ({lay.route})"
        y = _teken_blok(_tekstblok(kop, inhoud_b, KOP_GROOTTE, vet=True), PAGINA_MARGE, y, uit)
        if model.buiten_meldcode is not None:
            noot = f"Buiten de meldcode: {model.buiten_meldcode.reden}"
            y = _teken_blok(_tekstblok(noot, inhoud_b, TEKST_GROOTTE), PAGINA_MARGE, y, uit)
        y += 10.0
        ox = PAGINA_MARGE + (inhoud_b - lay.breedte) / 2
        prefix = f"r{list(kader.routes).index(lay.route)}"
        uit.append(f'<g id="{prefix}" class="route" data-route="{xml_attribuut(lay.route)}">')
        # Edges first, so boxes are drawn over line ends.
        for ki, kant in enumerate(lay.kanten):
            _teken_kant(kant, ox, y, f"{prefix}-kant-{ki}", lay.route, markering_, uit)
        for vi, vak in enumerate(lay.vakken):
            _teken_vak(vak, ox, y, f"{prefix}-vak-{vi}", lay.route, markering_, uit)
        uit.append("</g>")
        y += lay.hoogte
    return y


def _teken_legenda(
    layouts: Sequence[Layout],
    markering_: Markering | None,
    inhoud_b: float,
    y: float,
    uit: list[str],
) -> float:
    """The legend of the symbols that occur; returns the y below it."""
    items = _legenda_items(layouts, markering_)
    uit.append('<g id="legenda" class="legenda">')
    y = _teken_blok(_Blok([("Legenda", LEGENDA_GROOTTE, True)]), PAGINA_MARGE, y, uit) + 4.0
    for rij in _legenda_maat(items, inhoud_b):
        x = PAGINA_MARGE
        for i in rij:
            soort, tekst = items[i]
            _teken_legenda_item(soort, x, y + 1.0, uit)
            uit.append(_svg_tekst(x + 38.0, y + 12.0, tekst, LEGENDA_GROOTTE))
            x += 38.0 + tekstbreedte(tekst, LEGENDA_GROOTTE) + 22.0
        y += 22.0
    uit.append("</g>")
    return y


def _svg_kop(
    kader: Afwegingskader,
    pad: Beslissing | None,
    layouts: Sequence[Layout],
    breedte: float,
    hoogte: float,
) -> list[str]:
    """The opening of the document: its size on paper, title, description and arrowheads."""
    if breedte <= MAX_A4_BREEDTE:
        breedte_mm = 210.0
    else:
        # Too wide for A4 at a legible size: keep the smallest text at 9 pt instead (rounded up,
        # so never below it).
        mm_per_pt = 25.4 / 72.0
        breedte_mm = math.ceil(breedte * MIN_PUNTGROOTTE / KLEINSTE_GROOTTE * mm_per_pt * 100) / 100
    hoogte_mm = breedte_mm * hoogte / breedte
    titel_tekst = f"Stroomschema {kader.model.titel} (versie {kader.versie})"
    if len(layouts) == 1 and len(kader.routes) > 1:
        titel_tekst += f", route {layouts[0].titel}"
    beschrijving = (
        "Afwegingen, antwoorden, acties en uitkomsten van het afwegingskader '"
        + kader.id
        + "'"
        + (f". {pad_als_tekst(kader, pad)}" if pad is not None else "")
        + "."
    )
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'width="{_getal(breedte_mm)}mm" '
        f'height="{_getal(hoogte_mm)}mm" '
        f'viewBox="0 0 {_getal(breedte)} {_getal(hoogte)}" '
        f'font-family="{FONT_FAMILIE}" role="img" lang="nl" '
        f'data-kader="{xml_attribuut(kader.id)}" data-versie="{xml_attribuut(kader.versie)}">',
        f"<title>{xml_tekst(titel_tekst)}</title>",
        f"<desc>{xml_tekst(beschrijving)}</desc>",
        "<defs>",
        *(
            f'<marker id="{naam}" viewBox="0 0 {_getal(PIJL_LENGTE)} 9" '
            f'markerWidth="{_getal(PIJL_LENGTE)}" markerHeight="9" refX="0" refY="4.5" '
            f'orient="auto" markerUnits="userSpaceOnUse">'
            f'<path d="M 0 0 L {_getal(PIJL_LENGTE)} 4.5 L 0 9 z" fill="{kleur}"/></marker>'
            for naam, kleur in (("pijl", LIJNKLEUR), ("pijl-pad", ACCENT))
        ),
        "</defs>",
        f'<rect x="0" y="0" width="{_getal(breedte)}" height="{_getal(hoogte)}" fill="#ffffff"/>',
    ]


def teken_svg(
    kader: Afwegingskader, route: str | None = None, pad: Beslissing | None = None
) -> str:
    """The flowchart as a standalone SVG document, scaled to the width of an A4 page.

    Without a route every route is drawn, one below the other, each under its own heading.
    With ``pad`` only its route is drawn, the path taken highlighted and the rest dimmed.
    """
    route_ids = kies_routes(kader, route, pad)
    _controleer_grootte(kader, route_ids)
    layouts = [bereken_layout(kader, r) for r in route_ids]
    markering_ = None if pad is None else markering(kader, pad, route_ids[0])

    breedte = max(max(lay.breedte for lay in layouts) + 2 * PAGINA_MARGE, 520.0)
    inhoud_b = breedte - 2 * PAGINA_MARGE
    uit: list[str] = []
    y = PAGINA_MARGE

    titel = _tekstblok(kader.model.titel, inhoud_b, TITEL_GROOTTE, vet=True)
    y = _teken_blok(titel, PAGINA_MARGE, y, uit)
    onder = f"Stroomschema · versie {kader.versie} · {kader.model.beroepsgroep}"
    y = _teken_blok(_tekstblok(onder, inhoud_b, TEKST_GROOTTE), PAGINA_MARGE, y, uit)
    if pad is not None:
        tekst = pad_als_tekst(kader, pad)
        y = _teken_blok(_tekstblok(tekst, inhoud_b, TEKST_GROOTTE, vet=True), PAGINA_MARGE, y, uit)
    y = _teken_routes(kader, layouts, markering_, inhoud_b, y, uit)
    y = _teken_legenda(layouts, markering_, inhoud_b, y + 20.0, uit)
    hoogte = y + PAGINA_MARGE - 6.0
    return "\n".join([*_svg_kop(kader, pad, layouts, breedte, hoogte), *uit, "</svg>"]) + "\n"
