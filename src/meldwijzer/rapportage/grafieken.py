"""Charts drawn on the server as SVG, for the dashboard: no chart library, no script, no CDN.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that says what it shows
in words; the page puts a table with the same figures beside it, for screen readers and for
anyone who wants the numbers. Every text that goes in is escaped here. Colours are the
Rijkshuisstijl's (NL Design System); a second series is also hatched, so it does not depend on
colour alone (WCAG 1.4.1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BREEDTE = 640
LINTBLAUW = "#01689b"
DONKERBLAUW = "#154273"
ROOD = "#a90061"  # robijnrood: 6.6:1 on white
GRIJS = "#cccccc"
TEKST = "#000000"


@dataclass(frozen=True)
class Reeks:
    naam: str
    waarden: Sequence[int]
    kleur: str = LINTBLAUW
    gearceerd: bool = False


def _kop(id_: str, titel: str, omschrijving: str, hoogte: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafiek" role="img" '
        f'viewBox="0 0 {BREEDTE} {hoogte}" width="{BREEDTE}" height="{hoogte}" '
        f'aria-labelledby="{id_}-titel {id_}-uitleg" font-size="13">',
        f'<title id="{id_}-titel">{escape(titel)}</title>',
        f'<desc id="{id_}-uitleg">{escape(omschrijving)}</desc>',
    ]


def _arcering(id_: str, kleur: str) -> str:
    return (
        f'<defs><pattern id="{id_}-arcering" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{kleur}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/>'
        f"</pattern></defs>"
    )


def beschrijving(rijen: Sequence[tuple[str, int]]) -> str:
    """The figures in words: "Stap 1: 4; Stap 2: 0; …"."""
    return "; ".join(f"{label}: {waarde}" for label, waarde in rijen)


def staven(
    id_: str, titel: str, rijen: Sequence[tuple[str, int]], kleur: str = LINTBLAUW
) -> SafeString:
    """Horizontal bars, each with its label above it and its value beside it."""
    rij_hoogte, staaf, boven = 44, 18, 8
    hoogte = boven + rij_hoogte * max(len(rijen), 1) + 4
    grootste = max((w for _l, w in rijen), default=0) or 1
    ruimte = BREEDTE - 70
    delen = _kop(id_, titel, beschrijving(rijen), hoogte)
    for i, (label, waarde) in enumerate(rijen):
        y = boven + i * rij_hoogte
        lengte = round(ruimte * waarde / grootste)
        delen.append(f'<text x="0" y="{y + 13}" fill="{TEKST}">{escape(label)}</text>')
        delen.append(f'<rect x="0" y="{y + 18}" width="{ruimte}" height="{staaf}" fill="#f3f3f3"/>')
        if lengte:
            delen.append(
                f'<rect x="0" y="{y + 18}" width="{lengte}" height="{staaf}" fill="{kleur}"/>'
            )
        delen.append(
            f'<text x="{lengte + 6}" y="{y + 32}" fill="{TEKST}" font-weight="bold">{waarde}</text>'
        )
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 — built here, every text escaped


def _schaal(grootste: int) -> tuple[int, int]:
    """A round axis maximum (1, 2 or 5 × 10^k) and the step between gridlines."""
    if grootste <= 4:
        return max(grootste, 1), 1
    macht = 10 ** math.floor(math.log10(grootste))
    for factor in (1, 2, 5, 10):
        stap = factor * macht // 5 or 1
        if factor * macht >= grootste:
            return factor * macht, stap
    return 10 * macht, 2 * macht  # pragma: no cover


def kolommen(
    id_: str, titel: str, categorieen: Sequence[str], reeksen: Sequence[Reeks]
) -> SafeString:
    """Stacked columns per category (e.g. meldingen per month: regulier and spoed), with a
    y-axis, gridlines and a legend."""
    links, rechts, boven, onder, plot = 36, 8, 34, 44, 200
    hoogte = boven + plot + onder
    totalen = [sum(r.waarden[i] for r in reeksen) for i in range(len(categorieen))]
    maximum, stap = _schaal(max(totalen, default=0))
    breed = (BREEDTE - links - rechts) / max(len(categorieen), 1)
    kolom = max(4.0, breed * 0.6)
    elke = math.ceil(len(categorieen) / 12) or 1  # at most twelve labels under the axis
    woorden = [
        (
            f"{c.replace(chr(10), ' ')}: " + ", ".join(f"{r.naam} {r.waarden[i]}" for r in reeksen),
            totalen[i],
        )
        for i, c in enumerate(categorieen)
    ]
    delen = _kop(id_, titel, "; ".join(w for w, _t in woorden), hoogte)
    delen.extend(_arcering(id_, r.kleur) for r in reeksen if r.gearceerd)
    x = links
    for r in reeksen:  # legend
        vulling = f"url(#{id_}-arcering)" if r.gearceerd else r.kleur
        delen.append(f'<rect x="{x}" y="6" width="14" height="14" fill="{vulling}"/>')
        delen.append(f'<text x="{x + 20}" y="18" fill="{TEKST}">{escape(r.naam)}</text>')
        x += 40 + 8 * len(r.naam)
    for waarde in range(0, maximum + 1, stap):
        y = boven + plot - plot * waarde / maximum
        delen.append(
            f'<line x1="{links}" y1="{y:.1f}" x2="{BREEDTE - rechts}" y2="{y:.1f}" '
            f'stroke="{GRIJS}" stroke-width="1"/>'
        )
        delen.append(
            f'<text x="{links - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEKST}">'
            f"{waarde}</text>"
        )
    for i, categorie in enumerate(categorieen):
        x0 = links + i * breed + (breed - kolom) / 2
        y = boven + plot
        for r in reeksen:
            waarde = r.waarden[i]
            if not waarde:
                continue
            h = plot * waarde / maximum
            y -= h
            vulling = f"url(#{id_}-arcering)" if r.gearceerd else r.kleur
            delen.append(
                f'<rect x="{x0:.1f}" y="{y:.1f}" width="{kolom:.1f}" height="{h:.1f}" '
                f'fill="{vulling}"/>'
            )
        if i % elke == 0:  # a label may have two lines ("jan\n2026")
            regels = "".join(
                f'<tspan x="{x0 + kolom / 2:.1f}" dy="{0 if n == 0 else 15}">{escape(r)}</tspan>'
                for n, r in enumerate(categorie.split("\n"))
            )
            delen.append(
                f'<text y="{boven + plot + 18}" text-anchor="middle" fill="{TEKST}">{regels}</text>'
            )
    delen.append(
        f'<line x1="{links}" y1="{boven + plot}" x2="{BREEDTE - rechts}" y2="{boven + plot}" '
        f'stroke="{TEKST}" stroke-width="1"/>'
    )
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 — built here, every text escaped
