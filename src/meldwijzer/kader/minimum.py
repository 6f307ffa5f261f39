"""The legal minimum no afwegingskader can slip under, checked on the framework's roles.

It comes from the Besluit verplichte meldcode as the Basisdocument explains it (H1 'Wat verandert
er voor de beroepsgroepen?'; H2 'Stap 5: twee beslissingen die beide genomen moeten worden'; H3
'Afweging 2', 'Professionele norm'):

- at least one route lies inside the meldcode: a route may declare ``buiten_meldcode`` (with a
  reason and a source), a whole framework may not;
- each route inside it has exactly one afweging with ``rol: onveiligheid``, and every answer to it
  that does not mean nee leads to an action of soort melden before any action of soort hulp;
- every path that reaches an action of soort hulp or hulp_afsluiten passes that afweging first;
- an answer whose label begins with "Ja" or "Nee" means ja or nee; other labels ("Twijfel") may
  mean either, as the profession decides.

The onveiligheid afweging is found by its ``rol``, never by its number, so a profession may
renumber or split its afwegingen. Every check walks the graph with a stack of its own and visits
each afweging at most once: a route thousands of afwegingen long or wide is checked in time
proportional to its size (docs/kader-formaat.md, 'Grenzen').

Each problem carries a ``code`` starting with ``wettelijk_minimum.``; the conformance report
(:mod:`meldwijzer.kader.toets`) picks them out by it.
"""

from __future__ import annotations

import re
from collections import deque

from meldwijzer.kader.fouten import WETTELIJK_MINIMUM, Ernst
from meldwijzer.kader.laden import Pad
from meldwijzer.kader.model import ActieSoort, Afweging, Betekenis, Kader, Optie, Rol, Route
from meldwijzer.kader.verzamelaar import Verzamelaar

BUITEN_MELDCODE = f"{WETTELIJK_MINIMUM}.buiten_meldcode"
ROUTE_BINNEN_MELDCODE = f"{WETTELIJK_MINIMUM}.route_binnen_meldcode"
EEN_AFWEGING_ONVEILIGHEID = f"{WETTELIJK_MINIMUM}.een_afweging_onveiligheid"
GEEN_HULP_VOOR_ONVEILIGHEID = f"{WETTELIJK_MINIMUM}.geen_hulp_voor_onveiligheid"
MELDEN_BIJ_ONVEILIGHEID = f"{WETTELIJK_MINIMUM}.melden_bij_onveiligheid"
LABEL_EN_BETEKENIS = f"{WETTELIJK_MINIMUM}.label_en_betekenis"

# Actions that offer or close one's own help: neither may come before the onveiligheid afweging.
HULPSOORTEN = frozenset({ActieSoort.HULP, ActieSoort.HULP_AFSLUITEN})

# "Ja", "Ja, samen met Veilig Thuis", "nee —": the first word, not "Jawel" or "Neen".
_JA_OF_NEE = re.compile(r"\s*(ja|nee)(?![^\W\d_])", re.IGNORECASE)


def kern(route: Route) -> Afweging | None:
    """The route's one afweging with ``rol: onveiligheid``; None when it has none or several."""
    gevonden = [a for a in route.afwegingen if a.rol is Rol.ONVEILIGHEID]
    return gevonden[0] if len(gevonden) == 1 else None


def betekenis_van_label(label: str) -> Betekenis | None:
    """What a label that begins with "Ja" or "Nee" must mean; None for any other label."""
    gevonden = _JA_OF_NEE.match(label)
    return None if gevonden is None else Betekenis(gevonden.group(1).casefold())


def binnen_meldcode(kader: Kader, v: Verzamelaar) -> None:
    """At least one route lies inside the meldcode."""
    if any(r.buiten_meldcode is None for r in kader.routes):
        return
    aantal = len(kader.routes)
    wie = "De enige route" if aantal == 1 else f"Alle {aantal} routes"
    v.fout(
        ("routes",),
        f"{wie} van dit kader {'valt' if aantal == 1 else 'vallen'} buiten de meldcode "
        "('buiten_meldcode'). Een afwegingskader voor de meldcode heeft ten minste één route "
        "binnen de meldcode, met een afweging met 'rol: onveiligheid' die bij acute en/of "
        "structurele onveiligheid tot melden leidt (hoofdstuk 1, Wat verandert er voor de "
        "beroepsgroepen?; hoofdstuk 3, Afweging 2, Professionele norm). Haal "
        "'buiten_meldcode' weg bij de route waarvoor de meldcode geldt, of voeg zo'n route toe.",
        code=ROUTE_BINNEN_MELDCODE,
        regel_van=("routes", 0, "buiten_meldcode"),
    )


def labels_en_betekenis(route: Route, pad: Pad, v: Verzamelaar) -> None:
    """Every answer labelled "Ja…" means ja and every answer labelled "Nee…" means nee.

    Inside the meldcode this guards the legal minimum (an answer "Ja" that meant nee at the
    onveiligheid afweging would skip the melding); in a route outside it, it is an error of
    the file all the same."""
    code = None if route.buiten_meldcode is not None else LABEL_EN_BETEKENIS
    for ai, afweging in enumerate(route.afwegingen):
        for oi, optie in enumerate(afweging.opties):
            verwacht = betekenis_van_label(optie.label)
            if verwacht is None or verwacht is optie.betekenis:
                continue
            woord = "Ja" if verwacht is Betekenis.JA else "Nee"
            v.fout(
                (*pad, "afwegingen", ai, "opties", oi, "betekenis"),
                f"Antwoord '{optie.id}' bij afweging '{afweging.id}' heet '{optie.label}' maar "
                f"betekent {optie.betekenis.value}. Een antwoord dat met '{woord}' begint, "
                f"betekent {verwacht.value}: zet 'betekenis: {verwacht.value}', of kies een label "
                "dat niet met 'Ja' of 'Nee' begint (zoals 'Twijfel', dat ja of nee mag betekenen "
                "naar de keuze van uw beroepsgroep).",
                code=code,
            )


def route_minimum(route: Route, pad: Pad, soorten: dict[str, ActieSoort], v: Verzamelaar) -> None:
    """The legal minimum in one route whose graph is sound (a start, no cycles)."""
    if route.buiten_meldcode is not None:
        v.fout(
            (*pad, "buiten_meldcode"),
            f"Route '{route.id}' valt buiten de meldcode: {route.buiten_meldcode.reden} "
            f"(bron: {route.buiten_meldcode.bron}). Het wettelijk minimum wordt hier niet "
            "getoetst.",
            Ernst.OPMERKING,
            BUITEN_MELDCODE,
        )
        return
    onveilig = kern(route)
    if onveilig is None:
        aantal = sum(1 for a in route.afwegingen if a.rol is Rol.ONVEILIGHEID)
        v.fout(
            (*pad, "afwegingen"),
            f"Route '{route.id}' heeft {aantal} afwegingen met 'rol: onveiligheid'; het "
            "wettelijk minimum vraagt er precies één (acute en/of structurele onveiligheid, "
            "hoofdstuk 3, Afweging 2). Verklaar anders met 'buiten_meldcode' waarom deze route "
            "buiten de meldcode valt.",
            code=EEN_AFWEGING_ONVEILIGHEID,
        )
        return
    _geen_hulp_voor_onveiligheid(route, pad, soorten, v, onveilig)
    _melden_bij_onveiligheid(route, pad, soorten, v, onveilig)


def _geen_hulp_voor_onveiligheid(
    route: Route, pad: Pad, soorten: dict[str, ActieSoort], v: Verzamelaar, onveilig: Afweging
) -> None:
    """No answer reachable without passing the onveiligheid afweging offers or closes help.

    Breadth first from the start, never through that afweging: every afweging found can be
    reached around it, by the path remembered in ``via``."""
    if route.start == onveilig.id:
        return
    afwegingen = {a.id: a for a in route.afwegingen}
    index = {a.id: i for i, a in enumerate(route.afwegingen)}
    via: dict[str, tuple[str, str] | None] = {route.start: None}
    rij = deque([route.start])
    while rij:
        a_id = rij.popleft()
        for optie in afwegingen[a_id].opties:
            nxt = optie.volgende
            if nxt in afwegingen and nxt != onveilig.id and nxt not in via:
                via[nxt] = (a_id, optie.id)
                rij.append(nxt)
    for a_id in sorted(via, key=index.__getitem__):
        for oi, optie in enumerate(afwegingen[a_id].opties):
            hulp = [x for x in optie.mogelijke_acties() if soorten.get(x) in HULPSOORTEN]
            if not hulp:
                continue
            doet = (
                "sluit hulp af ('hulp_afsluiten')"
                if soorten[hulp[0]] is ActieSoort.HULP_AFSLUITEN
                else "biedt hulp"
            )
            v.fout(
                (*pad, "afwegingen", index[a_id], "opties", oi, "acties"),
                f"Antwoord '{optie.id}' bij afweging '{a_id}' {doet} voordat afweging "
                f"'{onveilig.id}' (acute en/of structurele onveiligheid) is gewogen, langs het pad "
                f"{_pad_tekst(via, a_id, optie.id)}. Het wettelijk minimum vraagt die afweging "
                "eerst, op elk pad naar hulp of het afsluiten van hulp (hoofdstuk 2, Stap 5: twee "
                "beslissingen die beide genomen moeten worden).",
                code=GEEN_HULP_VOOR_ONVEILIGHEID,
            )


def _pad_tekst(via: dict[str, tuple[str, str] | None], a_id: str, optie: str) -> str:
    """``1 = ja → 3 = nee``: the answers from the start to ``optie`` of afweging ``a_id``."""
    stappen = [f"{a_id} = {optie}"]
    stap = via[a_id]
    while stap is not None:
        ouder, ouder_optie = stap
        stappen.append(f"{ouder} = {ouder_optie}")
        stap = via[ouder]
    return " → ".join(reversed(stappen))


class _MeldtEerst:
    """Whether every path on from an answer reaches an action of soort melden before one of
    soort hulp; per afweging remembered, followed with a stack of its own rather than recursion
    (routes thousands of afwegingen deep)."""

    def __init__(self, afwegingen: dict[str, Afweging], soorten: dict[str, ActieSoort]) -> None:
        self.afwegingen = afwegingen
        self.soorten = soorten
        self.cache: dict[str, bool] = {}
        self.bezig: set[str] = set()  # afwegingen whose answers are still being followed

    def zeker(self, optie: Optie) -> list[str]:
        """The actions to count for the minimum: a conditional melden (format 2) may not
        happen, so it does not count; a conditional hulp may, so it does."""
        alle = list(optie.acties)
        for voorwaarde in optie.acties_als:
            alle.extend(a for a in voorwaarde.acties if self.soorten.get(a) in HULPSOORTEN)
        return alle

    def beslist(self, acties: list[str]) -> bool | None:
        """True or False when the actions themselves decide (melden or hulp comes first)."""
        for actie in acties:
            soort = self.soorten.get(actie)
            if soort is ActieSoort.MELDEN:
                return True
            if soort in HULPSOORTEN:
                return False
        return None

    def optie(self, acties: list[str], volgende: str | None) -> bool:
        eigen = self.beslist(acties)
        if eigen is not None:
            return eigen
        if volgende is None or volgende not in self.afwegingen:
            return False
        if volgende not in self.cache and volgende not in self.bezig:
            self._vul(volgende)
        # An afweging still being followed lies on a cycle: that path never reaches melden.
        return self.cache.get(volgende, False)

    def _open(self, volgende: str | None) -> bool:
        return (
            volgende in self.afwegingen
            and volgende not in self.cache
            and volgende not in self.bezig
        )

    def _vul(self, begin: str) -> None:
        """Fill the cache for ``begin`` and everything after it, after-most first."""
        werk = [begin]
        while werk:
            a_id = werk[-1]
            if a_id in self.cache:
                werk.pop()
                continue
            opties = self.afwegingen[a_id].opties
            if a_id not in self.bezig:
                self.bezig.add(a_id)
                verder = [
                    o.volgende
                    for o in opties
                    if self.beslist(self.zeker(o)) is None and self._open(o.volgende)
                ]
                if verder:
                    werk.extend(v for v in verder if v is not None)
                    continue
            self.cache[a_id] = all(self.optie(self.zeker(o), o.volgende) for o in opties)
            self.bezig.discard(a_id)
            werk.pop()


def _melden_bij_onveiligheid(
    route: Route, pad: Pad, soorten: dict[str, ActieSoort], v: Verzamelaar, onveilig: Afweging
) -> None:
    """Every answer to the onveiligheid afweging that does not mean nee leads to melden, on
    every path on from it, before any help."""
    afwegingen = {a.id: a for a in route.afwegingen}
    meldt_eerst = _MeldtEerst(afwegingen, soorten)
    kern_i = next(i for i, a in enumerate(route.afwegingen) if a.id == onveilig.id)
    for oi, optie in enumerate(onveilig.opties):
        if optie.betekenis is Betekenis.NEE:
            continue
        if not meldt_eerst.optie(meldt_eerst.zeker(optie), optie.volgende):
            v.fout(
                (*pad, "afwegingen", kern_i, "opties", oi),
                f"Antwoord '{optie.id}' bij afweging '{onveilig.id}' betekent dat er acute en/of "
                "structurele onveiligheid is, maar leidt niet (vóór hulp) tot een actie van soort "
                "melden. De professionele norm: ‘Het melden van vermoedens van huiselijk geweld "
                "en/of kindermishandeling is een professionele norm in ALLE gevallen waarbij "
                "sprake is van acute onveiligheid en/of structurele onveiligheid.’ (hoofdstuk 3, "
                "Afweging 2, Professionele norm).",
                code=MELDEN_BIJ_ONVEILIGHEID,
            )
