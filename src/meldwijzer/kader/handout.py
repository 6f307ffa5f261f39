"""The Markdown handout of a framework (kader.export): every route, afweging, norm, list and
warning in the framework's own words with their sources, and a table of where each path leads.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Iterable

from meldwijzer.kader.engine import Afwegingskader, beslis
from meldwijzer.kader.model import (
    Afweging,
    Bron,
    Catalogus,
    CatalogusSoort,
    Norm,
    Optie,
    RegelSoort,
    Rol,
    Route,
    Signaalregel,
    Term,
    Wanneer,
    Weergave,
    ontleningen,
)
from meldwijzer.kader.paden import eerste_paden

# --- Markdown ---------------------------------------------------------------------------------

_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_BLOK_START = re.compile(r"^(#|>|[-+*]\s|\d+[.)]\s|=+\s*$|-+\s*$)")

_ROL = {
    Rol.VERMOEDEN: "vermoeden",
    Rol.ONVEILIGHEID: "acute of structurele onveiligheid",
    Rol.EIGEN_HULP: "eigen hulp mogelijk",
    Rol.AANVAARDING: "aanvaarding van hulp",
    Rol.RESULTAAT: "resultaat van de hulp",
}

_CATALOGUSSOORT = {
    CatalogusSoort.ACUUT: "voorbeelden van acute onveiligheid",
    CatalogusSoort.STRUCTUREEL: "structurele onveiligheid",
    CatalogusSoort.FACTOREN: "factoren bij structurele onveiligheid",
    CatalogusSoort.KINDCHECK: "Kindcheck",
    CatalogusSoort.DISCLOSURE: "disclosure",
    CatalogusSoort.RISICOFACTOREN: "risicofactoren",
    CatalogusSoort.VUISTREGELS: "vuistregels",
    CatalogusSoort.CRITERIA: "criteria",
    CatalogusSoort.MONITORING: "monitoring",
    CatalogusSoort.VOORWAARDEN: "voorwaarden voor effectieve hulp",
    CatalogusSoort.AFSLUITING: "afsluiten",
    CatalogusSoort.OVERIG: "overig",
}

_MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def md_inline(tekst: str) -> str:
    """Escape text for inline use in Markdown (also safe inside a table cell)."""
    tekst = " ".join(tekst.split())
    tekst = _INLINE.sub(r"\\\1", tekst)
    if _BLOK_START.match(tekst):
        tekst = "\\" + tekst
    return tekst


def _code(waarde: str) -> str:
    return f"`{waarde}`"


def _datum(datum: dt.date) -> str:
    return f"{datum.day} {_MAANDEN[datum.month - 1]} {datum.year}"


def _bron(bron: Bron | None) -> str:
    return f"*Bron: {md_inline(bron.als_tekst())}*" if bron is not None else ""


def _citaat(tekst: str, bron: Bron | None) -> list[str]:
    regels = [f"> {md_inline(tekst)}"]
    if bron is not None:
        regels += [">", f"> — {_bron(bron)}"]
    return regels


def _opsomming(woorden: Iterable[str]) -> str:
    lijst = list(woorden)
    if len(lijst) <= 1:
        return "".join(lijst)
    return ", ".join(lijst[:-1]) + " en " + lijst[-1]


class _Handout:
    """Builds the Markdown handout; keeps the lookups the sections share."""

    def __init__(self, kader: Afwegingskader) -> None:
        self.kader = kader
        self.model = kader.model
        self.catalogi = {c.id: c for c in self.model.catalogi}
        self.items = {i.id: (c, i) for c in self.model.catalogi for i in c.items}
        self.normen = {n.id: n for n in self.model.normen}
        self.acties = {a.id: a for a in self.model.acties}
        self.regels: list[str] = []

    def schrijf(self, *regels: str) -> None:
        self.regels.extend(regels)

    def tekst(self) -> str:
        self.kop()
        self.begrippen()
        for route in self.model.routes:
            self.route(route)
        self.acties_sectie()
        self.normen_sectie()
        self.catalogi_sectie()
        self.signaalregels_sectie()
        self.schrijf(
            "---",
            "",
            f"*Gegenereerd door Meldwijzer uit kader {_code(self.model.id)} versie "
            f"{md_inline(self.model.versie)}, inhoudshash {_code(self.kader.hash)}.*",
        )
        return "\n".join(self.regels).rstrip() + "\n"

    # Sections.

    def kop(self) -> None:
        m = self.model
        self.schrijf(f"# {md_inline(m.titel)}", "")
        if m.toelichting:
            self.schrijf(md_inline(m.toelichting), "")
        rijen = [
            ("Kader", _code(m.id)),
            ("Versie", md_inline(m.versie)),
            ("Geldig vanaf", _datum(m.geldig_vanaf)),
            ("Status", md_inline(m.status.value)),
            ("Beroepsgroep", md_inline(m.beroepsgroep)),
            ("Sector", md_inline(m.sector) if m.sector else "—"),
            ("Vastgesteld door", md_inline(m.vastgesteld_door) if m.vastgesteld_door else "—"),
            ("In overleg met", md_inline(m.in_overleg_met) if m.in_overleg_met else "—"),
            ("Inhoudshash", _code(self.kader.hash)),
        ]
        self.schrijf("| Gegeven | Waarde |", "| --- | --- |")
        self.schrijf(*(f"| {naam} | {waarde} |" for naam, waarde in rijen))
        self.schrijf("")
        if m.bronnen:
            self.schrijf("**Bronnen**", "")
            for b in m.bronnen:
                delen = [f"*{md_inline(b.titel)}*"]
                delen += [md_inline(x) for x in (b.uitgever, str(b.jaar) if b.jaar else None) if x]
                regel = "- " + ", ".join(delen)
                if b.url:
                    regel += f" <{b.url}>"
                self.schrijf(regel)
            self.schrijf("")

    def begrippen(self) -> None:
        t = self.model.termen
        self.schrijf("## Begrippen", "")
        termen: list[tuple[str, Term | None]] = [
            ("Acute onveiligheid", t.acute_onveiligheid),
            ("Structurele onveiligheid", t.structurele_onveiligheid),
            ("Disclosure", t.disclosure),
        ]
        for naam, term in termen:
            if term is None:
                continue
            self.schrijf(f"### {naam}", "", *_citaat(term.tekst, term.bron), "")
            if term.toelichting:
                self.schrijf(md_inline(term.toelichting), "")

    def route(self, route: Route) -> None:
        meerdere = len(self.model.routes) > 1
        titel = (
            f"Route: {md_inline(route.titel)}"
            if meerdere
            else f"De afwegingen: {md_inline(route.titel)}"
        )
        self.schrijf(f"## {titel}", "")
        if meerdere:
            self.schrijf(f"Route-id: {_code(route.id)}", "")
        if route.omschrijving:
            self.schrijf(md_inline(route.omschrijving), "")
        if route.buiten_meldcode:
            self.schrijf(
                f"**Buiten de meldcode:** {md_inline(route.buiten_meldcode.reden)} "
                f"(*{md_inline(route.buiten_meldcode.bron)}*)",
                "",
            )
        volgorde = _volgorde(route)
        self.schrijf(
            "Beantwoord de afwegingen in deze volgorde; het antwoord bepaalt welke afweging "
            f"volgt. U begint bij afweging {md_inline(route.start)}.",
            "",
        )
        for afweging in volgorde:
            self.afweging(afweging)
        self.uitkomsten(route)

    def uitkomsten(self, route: Route) -> None:
        """All complete paths with what the engine decides for them."""
        paden, volledig = eerste_paden(self.kader, route.id, MAX_RIJEN, MAX_ANTWOORDEN_IN_OVERZICHT)
        if not paden:
            return
        self.schrijf(
            "### Overzicht van de uitkomsten",
            "",
            "Elke volledige reeks antwoorden, met wat het kader daarvoor besluit. Acties tellen op "
            "in de volgorde van het pad; melden en hulp sluiten elkaar niet uit.",
            "",
            "| Antwoorden | Acties | Normen | Samen met Veilig Thuis |",
            "| --- | --- | --- | --- |",
        )
        labels = {(a.id, o.id): o.label for a in route.afwegingen for o in a.opties}
        for pad in paden:
            besluit = beslis(self.kader, dict(pad), route=route.id)
            antwoorden = ", ".join(
                f"{md_inline(a)} {md_inline(labels[a, o].lower())}" for a, o in pad
            )
            acties = ", ".join(_code(a) for a in besluit.acties) or "—"
            if besluit.opnieuw_melden:
                acties += " (opnieuw melden)"
            normen = ", ".join(md_inline(n) for n in besluit.normen) or "—"
            samen = "ja" if besluit.samen_met_veilig_thuis else "nee"
            self.schrijf(f"| {antwoorden} | {acties} | {normen} | {samen} |")
        self.schrijf("")
        if not volledig:
            self.schrijf(
                "Het overzicht toont niet alle reeksen: het kader heeft er te veel of te lange. "
                "Probeer andere antwoorden met `meldwijzer kader beslis`.",
                "",
            )

    def _formaat_2(self, o: Optie) -> list[str]:
        """Conditional actions, a handover and termijnen of an answer (kaderformaat 2)."""
        uit: list[str] = []
        for v in o.acties_als:
            als = " en ".join(
                f"afweging {md_inline(a)} = {' of '.join(md_inline(x) for x in ontleningen(w))}"
                for a, w in v.als.items()
            )
            labels = [
                md_inline(self.acties[x].label) if x in self.acties else _code(x) for x in v.acties
            ]
            uit.append(f"als {als}: {'; '.join(labels)}")
        for x in o.mogelijke_acties():
            vervolg = self.acties[x].vervolg if x in self.acties else None
            if vervolg is not None:
                plek = f", bij afweging {md_inline(vervolg.afweging)}" if vervolg.afweging else ""
                uit.append(f"verder in route {_code(vervolg.route)}{plek}")
        for t in o.termijnen:
            uit.append(f"termijn: binnen {t.aantal} {t.dagen.value}: {md_inline(t.wat)}")
        return uit

    def afweging(self, a: Afweging) -> None:
        self.schrijf(
            f"### Afweging {md_inline(a.id)}"
            + (f" · {md_inline(a.kort)}" if a.kort else "")
            + f" — {_ROL[a.rol]}",
            "",
            *_citaat(a.vraag, a.bron),
            "",
        )
        if a.hulptekst:
            self.schrijf(md_inline(a.hulptekst), "")
        if a.samen_met_veilig_thuis:
            self.schrijf("Deze afweging beantwoordt u altijd samen met Veilig Thuis.", "")
        if a.catalogi:
            namen = [
                f"*{md_inline(self.catalogi[c].titel)}*" if c in self.catalogi else _code(c)
                for c in a.catalogi
            ]
            self.schrijf(f"Hulpmiddelen bij deze vraag: {_opsomming(namen)}.", "")
        self.schrijf("Antwoorden:", "")
        for o in a.opties:
            gevolg: list[str] = []
            if o.acties:
                labels = [
                    md_inline(self.acties[x].label) if x in self.acties else _code(x)
                    for x in o.acties
                ]
                gevolg.append(f"{'; '.join(labels)} ({', '.join(_code(x) for x in o.acties)})")
            if o.norm:
                titel = self.normen[o.norm].titel if o.norm in self.normen else ""
                gevolg.append(f"norm {_code(o.norm)}" + (f" ({md_inline(titel)})" if titel else ""))
            if o.samen_met_veilig_thuis:
                gevolg.append("vanaf hier samen met Veilig Thuis")
            if o.opnieuw_melden:
                gevolg.append("(opnieuw) melden na hulp")
            gevolg.extend(self._formaat_2(o))
            gevolg.append(
                f"daarna afweging {md_inline(o.volgende)}"
                if o.volgende
                else "einde van de afwegingen"
            )
            betekenis = ""
            if o.label.casefold() != o.betekenis.value:
                betekenis = f" (betekent {o.betekenis.value})"
            regel = f"- **{md_inline(o.label)}**{betekenis} → {'; '.join(gevolg)}."
            if o.uitleg:
                regel += f"\\\n  {md_inline(o.uitleg)}"
            self.schrijf(regel)
        self.schrijf("")

    def acties_sectie(self) -> None:
        self.schrijf("## Acties", "")
        self.schrijf("| Actie | Soort | Omschrijving |", "| --- | --- | --- |")
        for a in self.model.acties:
            self.schrijf(f"| {_code(a.id)} | {md_inline(a.soort.value)} | {md_inline(a.label)} |")
        self.schrijf("")
        for a in self.model.acties:
            if a.uitleg:
                bron = f" {_bron(a.bron)}" if a.bron else ""
                self.schrijf(f"- **{md_inline(a.label)}:** {md_inline(a.uitleg)}{bron}")
            if a.vervolg is not None:
                plek = (
                    f", bij afweging {md_inline(a.vervolg.afweging)}" if a.vervolg.afweging else ""
                )
                self.schrijf(
                    f"- **{md_inline(a.label)}** draagt de casus over: verder in route "
                    f"{_code(a.vervolg.route)}{plek}."
                )
            for t in a.termijnen:
                self.schrijf(
                    f"- **{md_inline(a.label)}** zet een termijn: binnen {t.aantal} "
                    f"{t.dagen.value}: {md_inline(t.wat)}."
                )
        self.schrijf("")

    def normen_sectie(self) -> None:
        self.schrijf("## Professionele normen", "")
        uitwerkingen: dict[str, list[Norm]] = {}
        for n in self.model.normen:
            if n.uitwerking_van:
                uitwerkingen.setdefault(n.uitwerking_van, []).append(n)
        for n in self.model.normen:
            self.schrijf(
                f"### {md_inline(n.id)} — {md_inline(n.titel)}", "", *_citaat(n.tekst, n.bron), ""
            )
            if n.uitwerking_van:
                algemeen = self.normen.get(n.uitwerking_van)
                naam = f" ({md_inline(algemeen.titel)})" if algemeen else ""
                self.schrijf(f"Werkt norm {md_inline(n.uitwerking_van)}{naam} uit.", "")
            if n.ontleend_aan:
                namen = [_code(b) for b in ontleningen(n.ontleend_aan)]
                self.schrijf(f"Ontleend aan basisnorm {_opsomming(namen)}.", "")
            if n.id in uitwerkingen:
                namen = [md_inline(u.id) for u in uitwerkingen[n.id]]
                self.schrijf(f"Uitgewerkt in norm {_opsomming(namen)}.", "")
            if n.vervalt_naast:
                namen = [md_inline(x) for x in n.vervalt_naast]
                self.schrijf(
                    f"Geldt niet als op hetzelfde pad al norm {_opsomming(namen)} geldt.", ""
                )

    def catalogi_sectie(self) -> None:
        if not self.model.catalogi:
            return
        self.schrijf("## Catalogi", "")
        for c in self.model.catalogi:
            self.catalogus(c)

    def catalogus(self, c: Catalogus) -> None:
        self.schrijf(f"### {md_inline(c.titel)}", "")
        kenmerken = [f"soort: {_CATALOGUSSOORT[c.soort]}"]
        if c.afwegingen:
            kenmerken.append("bij afweging " + _opsomming([md_inline(a) for a in c.afwegingen]))
        if c.aanvinkbaar:
            kenmerken.append("aan te vinken als signaal")
        self.schrijf(f"*{'; '.join(kenmerken).capitalize()}.* Catalogus-id: {_code(c.id)}", "")
        if c.uitleg:
            self.schrijf(md_inline(c.uitleg), "")
        if c.bron:
            self.schrijf(_bron(c.bron), "")
        for nummer, item in enumerate(c.items, start=1):
            bron = f" ({_bron(item.bron)})" if item.bron else ""
            regels = [f"{md_inline(item.tekst)}{bron} · {_code(item.id)}"]
            if item.toelichting:
                regels.append(md_inline(item.toelichting))
            if item.zie_catalogus:
                doel = self.catalogi.get(item.zie_catalogus)
                naam = f"*{md_inline(doel.titel)}*" if doel else _code(item.zie_catalogus)
                regels.append(f"Zie de catalogus {naam}.")
            if item.ontleend_aan:
                namen = [_code(b) for b in ontleningen(item.ontleend_aan)]
                regels.append(f"Ontleend aan basis-item {_opsomming(namen)}.")
            if item.weergave is Weergave.UITLEG:
                regels.append("*In andere woorden weergegeven, geen citaat.*")
            inspring = " " * (len(str(nummer)) + 2)
            # A trailing backslash is a hard line break inside the list item.
            self.schrijf(f"{nummer}. " + f"\\\n{inspring}".join(regels))
        self.schrijf("")

    def signaalregels_sectie(self) -> None:
        if not self.model.signaalregels:
            return
        self.schrijf(
            "## Signaalregels",
            "",
            "Aangevinkte signalen die niet passen bij een antwoord leveren een waarschuwing "
            "(licht toe of pas uw antwoord aan) of een hint (iets om mee te wegen) op.",
            "",
        )
        for r in self.model.signaalregels:
            self.signaalregel(r)

    def signaalregel(self, r: Signaalregel) -> None:
        soort = "Waarschuwing" if r.soort is RegelSoort.WAARSCHUWING else "Hint"
        waar = f"afweging {md_inline(r.afweging)} met {r.bij_betekenis.value} is beantwoord"
        if r.route:
            waar += f" (route {_code(r.route)})"
        signalen = self._signalen(r.signalen)
        if r.wanneer is Wanneer.AANGEVINKT:
            wanneer = f"terwijl is aangevinkt: {signalen}; één melding per aangevinkt signaal"
        elif r.signalen == ["*"]:
            wanneer = "terwijl geen enkel signaal is aangevinkt"
        else:
            wanneer = f"terwijl niet is aangevinkt: {signalen}"
        self.schrijf(f"### {soort}: {_code(r.id)}", "", f"Wanneer {waar} {wanneer}.", "")
        self.schrijf(*_citaat(r.tekst.replace("{item}", "…"), r.bron), "")
        if r.norm:
            norm = self.normen.get(r.norm)
            naam = f" ({md_inline(norm.titel)})" if norm else ""
            self.schrijf(f"Norm: {md_inline(r.norm)}{naam}.", "")

    def _signalen(self, signalen: list[str]) -> str:
        namen: list[str] = []
        for s in signalen:
            if s == "*":
                namen.append("een willekeurig signaal")
            elif s in self.catalogi:
                namen.append(f"een item uit *{md_inline(self.catalogi[s].titel)}*")
            elif s in self.items:
                namen.append(f"‘{md_inline(self.items[s][1].tekst)}’")
            else:
                namen.append(_code(s))
        return _opsomming(namen)


# The outcome table stops here: beyond it a table helps nobody, and a route thousands of
# afwegingen deep has countless paths, each thousands of answers long.
MAX_RIJEN = 200
MAX_ANTWOORDEN_IN_OVERZICHT = 5_000


def _volgorde(route: Route) -> list[Afweging]:
    """Afwegingen in the order a professional meets them: topological, ties in file order."""
    per_id = {a.id: a for a in route.afwegingen}
    inkomend = {a.id: 0 for a in route.afwegingen}
    for a in route.afwegingen:
        for o in a.opties:
            if o.volgende in inkomend:
                inkomend[o.volgende] += 1
    volgorde: list[str] = []
    # The start first, even if a (faulty) file has it further down; then the afwegingen whose
    # every predecessor is placed, the first in the file first (a heap: a route thousands wide
    # is ordered in n log n, not n²).
    positie = {a.id: i for i, a in enumerate(route.afwegingen)}
    klaar = [
        (a.id != route.start, positie[a.id], a.id) for a in route.afwegingen if inkomend[a.id] == 0
    ]
    heapq.heapify(klaar)
    while klaar:
        huidig = heapq.heappop(klaar)[2]
        volgorde.append(huidig)
        for o in per_id[huidig].opties:
            if o.volgende in inkomend:
                inkomend[o.volgende] -= 1
                if inkomend[o.volgende] == 0:
                    heapq.heappush(klaar, (True, positie[o.volgende], o.volgende))
    # A cycle cannot pass validation, but keep every afweging visible anyway.
    gezien = set(volgorde)
    volgorde += [a.id for a in route.afwegingen if a.id not in gezien]
    return [per_id[a] for a in volgorde]


def als_markdown(kader: Afwegingskader) -> str:
    """A readable Dutch handout of the whole framework, with citations, for professionals."""
    return _Handout(kader).tekst()
