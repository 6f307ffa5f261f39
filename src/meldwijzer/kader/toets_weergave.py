"""Renderings of a :class:`~meldwijzer.kader.toets.Toetsrapport`: plain text, Markdown, JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from meldwijzer import telwoord
from meldwijzer.kader.export import md_inline
from meldwijzer.kader.toets import Routetoets, Status, Toetsrapport, Vergelijking
from meldwijzer.kader.verschil_weergave import md_woordverschil

_STATUS = {
    Status.OVERGENOMEN: "overgenomen",
    Status.HERSCHREVEN: "herschreven",
    Status.ONTBREEKT: "ontbreekt",
}


def _opsomming(woorden: list[str]) -> str:
    if len(woorden) <= 1:
        return "".join(woorden)
    return ", ".join(woorden[:-1]) + " en " + woorden[-1]


def route_zin(r: Routetoets) -> str:
    """One sentence per route about the legal minimum (without the breaches themselves)."""
    if r.buiten_meldcode is not None:
        return (
            f"Route '{r.route}' valt buiten de meldcode: {r.buiten_meldcode}. Het wettelijk "
            "minimum wordt hier niet getoetst."
        )
    if not r.voldoet:
        return f"Route '{r.route}' voldoet niet aan het wettelijk minimum:"
    antwoorden = _opsomming([f"'{a}'" for a in r.meldende_antwoorden])
    return (
        f"Route '{r.route}' voldoet: afweging '{r.afweging}' weegt acute en/of structurele "
        f"onveiligheid, en {antwoorden} leid{'en' if len(r.meldende_antwoorden) > 1 else 't'} "
        "tot melden vóór elke hulp."
    )


def samenvatting(rapport: Toetsrapport) -> str:
    t = rapport.telling()
    minimum = (
        "het wettelijk minimum is gehaald"
        if rapport.voldoet
        else "het wettelijk minimum is niet gehaald "
        f"({telwoord.aantal(len(rapport.breuken), 'fout', 'fouten')})"
    )
    return (
        f"Conclusie: {minimum}. Van de {len(rapport.vergelijkingen)} basisonderdelen zijn er "
        f"{t['overgenomen']} overgenomen, {t['herschreven']} herschreven en {t['ontbreekt']} "
        f"{'ontbreekt' if t['ontbreekt'] == 1 else 'ontbreken'}."
    )


def _groepen(rapport: Toetsrapport) -> Iterator[tuple[str, str, list[Vergelijking]]]:
    volgorde: dict[str, tuple[str, list[Vergelijking]]] = {}
    for v in rapport.vergelijkingen:
        volgorde.setdefault(v.groep_id, (v.groep, []))[1].append(v)
    for groep_id, (titel, lijst) in volgorde.items():
        yield groep_id, titel, lijst


def _vergelijking_regels(
    v: Vergelijking, tekst: Callable[[str], str], verschil: Callable[..., str]
) -> list[str]:
    if v.status is Status.ONTBREEKT:
        regels = [
            f"{tekst(v.basis_id)}: geen onderdeel verwijst hiernaar — '{tekst(v.basis_tekst)}'"
        ]
        if v.hint:
            regels.append(tekst(v.hint))
        return regels
    regels = []
    for w in v.weergaven:
        if w.verschil.gelijk and w.id == v.basis_id:
            regels.append(f"{tekst(v.basis_id)}: woordelijk overgenomen")
        elif w.verschil.gelijk:
            regels.append(f"{tekst(v.basis_id)} ← {tekst(w.id)}: woordelijk overgenomen")
        else:
            regels.append(f"{tekst(v.basis_id)} ← {tekst(w.id)}: {verschil(w.verschil)}")
    return regels


def als_tekst(rapport: Toetsrapport) -> str:
    r = [
        f"Conformiteitstoets van kader {rapport.kader.als_tekst()}",
        f"vergeleken met kader {rapport.basis.als_tekst()}",
        "",
        samenvatting(rapport),
        "",
        "Wettelijk minimum" + (": gehaald" if rapport.voldoet else ": niet gehaald"),
    ]
    for route in rapport.routes:
        r.append(f"  - {route_zin(route)}")
        r += [f"      {p.als_tekst()}" for p in route.breuken]
    overige = [p for p in rapport.breuken if not any(p in x.breuken for x in rapport.routes)]
    r += [f"  - {p.als_tekst()}" for p in overige]
    r += ["", "Vergelijking met basis (via 'ontleend_aan'; weggehaald [-zo-], nieuw {+zo+})"]
    for groep_id, titel, lijst in _groepen(rapport):
        r += ["", f"{titel} ({groep_id})"]
        for v in lijst:
            regels = _vergelijking_regels(v, lambda s: s, lambda t: t.als_tekst())
            r.append(f"  {_STATUS[v.status]:<12} {regels[0]}")
            r += [f"  {'':<12} {x}" for x in regels[1:]]
    if rapport.eigen:
        r += ["", "Eigen onderdelen (ontleend aan geen basisonderdeel: keuzes van de beroepsgroep)"]
        r += [f"  - {e.id} ({e.groep}): {e.tekst}" for e in rapport.eigen]
    return "\n".join(r) + "\n"


def als_markdown(rapport: Toetsrapport) -> str:
    k, b = rapport.kader, rapport.basis
    r = [
        f"# Conformiteitstoets: {md_inline(k.id)} {md_inline(k.versie)}",
        "",
        f"Kader `{k.id}` versie {md_inline(k.versie)} (`{k.hash[:12]}`) — {md_inline(k.titel)}, "
        f"vergeleken met `{b.id}` versie {md_inline(b.versie)} (`{b.hash[:12]}`).",
        "",
        f"**{md_inline(samenvatting(rapport))}**",
        "",
        "## Wettelijk minimum",
        "",
    ]
    for route in rapport.routes:
        r.append(f"- {md_inline(route_zin(route))}")
        r += [f"  - {md_inline(p.als_tekst())}" for p in route.breuken]
    overige = [p for p in rapport.breuken if not any(p in x.breuken for x in rapport.routes)]
    r += [f"- {md_inline(p.als_tekst())}" for p in overige]
    r += [
        "",
        "## Vergelijking met basis",
        "",
        "Alleen `ontleend_aan` koppelt een onderdeel aan basis. Weggehaalde woorden staan "
        "doorgestreept (<del>zo</del>), nieuwe onderstreept (<ins>zo</ins>).",
    ]
    for groep_id, titel, lijst in _groepen(rapport):
        r += ["", f"### {md_inline(titel)} (`{groep_id}`)", ""]
        for v in lijst:
            regels = _vergelijking_regels(v, md_inline, md_woordverschil)
            r.append(f"- **{_STATUS[v.status]}** — {regels[0]}")
            r += [f"  - {x}" for x in regels[1:]]
    if rapport.eigen:
        r += [
            "",
            "## Eigen onderdelen",
            "",
            "Keuzes van de beroepsgroep, zonder basisonderdeel:",
            "",
        ]
        r += [f"- `{e.id}` ({md_inline(e.groep)}): {md_inline(e.tekst)}" for e in rapport.eigen]
    return "\n".join(r) + "\n"


def als_json(rapport: Toetsrapport) -> str:
    return json.dumps(rapport.als_dict(), ensure_ascii=False, indent=2) + "\n"
