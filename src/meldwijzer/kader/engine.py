"""The decision engine: given answers and ticked signals, what follows from the afwegingskader.

``beslis`` walks the chosen route from its start, one answered afweging at a time. Actions add
up in path order without duplicates (melden and hulp are not exclusive: H1 'Waarom een
afwegingskader?'), norms are collected with their citations, and signal rules turn ticked
catalogue items that contradict an answer into warnings. An answer the earlier answers do not
lead to is an error: the order of the afwegingen is the point of the framework (H2, 'Stap 5: twee
beslissingen die beide genomen moeten worden').

Format 2 (docs/kader-formaat.md, 'Formaat 2') adds four things to the walk: an answer's actions
may depend on earlier answers (``acties_als``); an action may hand the casus over to another
route, where the walk goes on (answers there are keyed ``route/afweging``); a ticked signal may
decide by itself (a child's disclosure: melden now); and answers and actions may set termijnen.
A format-1 framework walks, and reports, exactly as before.

The framework is compiled once into small immutable tables, so a decision costs microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any, NoReturn

from meldwijzer.kader.beslisdelen import (
    SCHEIDING,
    Actievoorwaarde,
    Beslisafweging,
    Beslisoptie,
    Beslisregel,
    Beslisroute,
    Beslissing,
    Bestermijn,
    Overdracht,
    Regelbericht,
    Stap,
    bestermijn,
)
from meldwijzer.kader.fouten import BeslisFout
from meldwijzer.kader.model import (
    ActieSoort,
    Betekenis,
    Kader,
    Norm,
    RegelSoort,
    Wanneer,
    ontleningen,
)

__all__ = [
    "SCHEIDING",
    "Afwegingskader",
    "Beslisafweging",
    "Beslisoptie",
    "Beslisroute",
    "Beslissing",
    "Bestermijn",
    "Overdracht",
    "Regelbericht",
    "Stap",
    "beslis",
]


class Afwegingskader:
    """A validated framework, compiled for the engine, with its content hash."""

    def __init__(self, model: Kader, inhoud_hash: str, bestand: str | None = None) -> None:
        self.model = model
        self.hash = inhoud_hash
        self.bestand = bestand
        self.id = model.id
        self.versie = model.versie
        self.actie_soort: Mapping[str, ActieSoort] = MappingProxyType(
            {a.id: a.soort for a in model.acties}
        )
        self.actie_label: Mapping[str, str] = MappingProxyType(
            {a.id: a.label for a in model.acties}
        )
        self.normen: Mapping[str, Norm] = MappingProxyType({n.id: n for n in model.normen})
        items: dict[str, tuple[str, str]] = {}
        aanvinkbaar: set[str] = set()
        per_catalogus: dict[str, frozenset[str]] = {}
        for catalogus in model.catalogi:
            per_catalogus[catalogus.id] = frozenset(i.id for i in catalogus.items)
            for item in catalogus.items:
                items[item.id] = (catalogus.id, item.tekst)
                if catalogus.aanvinkbaar:
                    aanvinkbaar.add(item.id)
        self.items: Mapping[str, tuple[str, str]] = MappingProxyType(items)
        self.aanvinkbaar = frozenset(aanvinkbaar)
        # Deciding signals (format 2): item -> (its actions, its norm, the routes it decides in;
        # empty: every route).
        self.gevolgen: Mapping[str, tuple[tuple[str, ...], str | None, frozenset[str]]] = (
            MappingProxyType(
                {
                    item.id: (tuple(item.gevolg.acties), item.gevolg.norm, frozenset(c.routes))
                    for c in model.catalogi
                    if c.aanvinkbaar
                    for item in c.items
                    if item.gevolg is not None
                }
            )
        )
        self.actie_termijnen: Mapping[str, tuple[Bestermijn, ...]] = MappingProxyType(
            {
                a.id: tuple(bestermijn(t, f"actie {a.id}") for t in a.termijnen)
                for a in model.acties
                if a.termijnen
            }
        )
        self.korte_labels: Mapping[tuple[str, str], str] = MappingProxyType(
            {(r.id, a.id): a.kort for r in model.routes for a in r.afwegingen if a.kort}
        )
        self.overdracht: Mapping[str, tuple[str, str | None]] = MappingProxyType(
            {a.id: (a.vervolg.route, a.vervolg.afweging) for a in model.acties if a.vervolg}
        )
        self.routes: Mapping[str, Beslisroute] = MappingProxyType(
            {r.id: self._compileer_route(r.id, per_catalogus) for r in model.routes}
        )

    def _compileer_route(
        self, route_id: str, per_catalogus: Mapping[str, frozenset[str]]
    ) -> Beslisroute:
        route = next(r for r in self.model.routes if r.id == route_id)
        afwegingen: dict[str, Beslisafweging] = {}
        for a in route.afwegingen:
            opties = {
                o.id: Beslisoptie(
                    o.id,
                    o.label,
                    o.betekenis,
                    tuple(o.acties),
                    o.volgende,
                    o.norm,
                    o.samen_met_veilig_thuis,
                    o.opnieuw_melden,
                    frozenset(self.normen[o.norm].vervalt_naast)
                    if o.norm is not None and o.norm in self.normen
                    else frozenset(),
                    (
                        Stap(a.id, o.id, o.betekenis, False, route_id),
                        Stap(a.id, o.id, o.betekenis, True, route_id),
                    ),
                    tuple(
                        Actievoorwaarde(
                            tuple((x, frozenset(ontleningen(w))) for x, w in v.als.items()),
                            tuple(v.acties),
                        )
                        for v in o.acties_als
                    ),
                    tuple(
                        bestermijn(t, f"antwoord {a.id} = {o.id}", a.id, route_id)
                        for t in o.termijnen
                    ),
                )
                for o in a.opties
            }
            afwegingen[a.id] = Beslisafweging(
                a.id, MappingProxyType(opties), a.samen_met_veilig_thuis
            )
        regels: dict[tuple[str, Betekenis], list[Beslisregel]] = {}
        for r in self.model.signaalregels:
            if r.route is not None and r.route != route_id:
                continue
            signalen: set[str] | None = set()
            for s in r.signalen:
                if s == "*":
                    signalen = None
                    break
                assert signalen is not None
                signalen |= per_catalogus.get(s, frozenset({s}))
            doelen = self.aanvinkbaar if signalen is None else self.aanvinkbaar & signalen
            berichten = {
                s: Regelbericht(
                    r.id,
                    r.soort,
                    r.afweging,
                    r.tekst.replace("{item}", self.items[s][1]),
                    r.norm,
                    r.bron,
                    s,
                    route_id,
                )
                for s in doelen
            }
            regel = Beslisregel(
                r.id,
                r.soort,
                r.wanneer,
                None if signalen is None else frozenset(signalen),
                r.tekst,
                r.norm,
                r.bron,
                MappingProxyType(berichten),
                Regelbericht(r.id, r.soort, r.afweging, r.tekst, r.norm, r.bron, None, route_id),
            )
            regels.setdefault((r.afweging, r.bij_betekenis), []).append(regel)
        return Beslisroute(
            route_id,
            route.start,
            MappingProxyType(afwegingen),
            MappingProxyType({k: tuple(v) for k, v in regels.items()}),
        )

    def route(self, route_id: str | None) -> Beslisroute:
        if route_id is None:
            if len(self.routes) == 1:
                return next(iter(self.routes.values()))
            raise BeslisFout(
                f"Kader '{self.id}' heeft meerdere routes; kies er een met 'route': "
                + ", ".join(self.routes)
                + "."
            )
        gevonden = self.routes.get(route_id)
        if gevonden is None:
            raise BeslisFout(
                f"Route '{route_id}' bestaat niet in kader '{self.id}'; kies uit: "
                + ", ".join(self.routes)
                + "."
            )
        return gevonden

    def norm_als_dict(self, norm_id: str) -> dict[str, Any]:
        norm = self.normen[norm_id]
        algemeen = self.normen.get(norm.uitwerking_van) if norm.uitwerking_van else None
        return {
            "id": norm.id,
            "titel": norm.titel,
            "tekst": norm.tekst,
            "bron": norm.bron.als_tekst(),
            "uitwerking_van": None
            if algemeen is None
            else {"id": algemeen.id, "tekst": algemeen.tekst, "bron": algemeen.bron.als_tekst()},
        }

    def __repr__(self) -> str:
        return f"<Afwegingskader {self.id}@{self.versie} {self.hash[:12]}>"


def beslis(
    kader: Afwegingskader,
    antwoorden: Mapping[str, str],
    signalen: Iterable[str] = (),
    route: str | None = None,
) -> Beslissing:
    """Apply the framework to the answers given so far and the ticked signals."""
    r = kader.route(route)
    aangevinkt = frozenset(signalen)
    per_route = _antwoorden_per_route(kader, r, antwoorden)
    _controleer_invoer(kader, r, per_route, aangevinkt)
    w = _Wandeling(kader, aangevinkt)
    huidig: str | None = w.betreed(r)
    while huidig is not None:
        if len(w.beantwoord) == len(r.afwegingen):
            _fout_kring(kader, r, huidig)
        afweging = r.afwegingen[huidig]
        w.samen = w.samen or afweging.samen
        antwoord = per_route.get(r.id, {}).get(huidig)
        if antwoord is None:
            break
        optie = afweging.opties.get(antwoord) or _optie_op_label(afweging, antwoord)
        w.stap(r, huidig, optie)
        huidig = optie.volgende
        if huidig is None:
            naar = w.overdracht(r, optie)
            if naar is not None:
                r, huidig = naar

    if len(w.pad) != sum(len(g) for g in per_route.values()):
        _fout_buiten_pad(r, per_route, w.pad, huidig)
    return Beslissing(
        kader,
        w.overdrachten[0].van_route if w.overdrachten else r.id,
        tuple(w.acties),
        huidig,
        w.samen,
        w.opnieuw,
        tuple(w.normen),
        tuple(w.waarschuwingen),
        tuple(w.hints),
        tuple(w.pad),
        tuple(w.overdrachten),
        tuple(w.termijnen),
        tuple(w.beslissend),
    )


class _Wandeling:
    """What a walk has collected so far: actions, norms, messages, termijnen, handovers."""

    def __init__(self, kader: Afwegingskader, aangevinkt: frozenset[str]) -> None:
        self.kader = kader
        self.aangevinkt = aangevinkt
        self.acties: list[str] = []
        self.normen: list[str] = []
        self.waarschuwingen: list[Regelbericht] = []
        self.hints: list[Regelbericht] = []
        self.pad: list[Stap] = []
        self.termijnen: list[Bestermijn] = []
        self.overdrachten: list[Overdracht] = []
        self.beslissend: list[str] = []
        self.beantwoord: dict[str, str] = {}  # in the route the walk is in now
        self.samen = False
        self.opnieuw = False

    def voeg_toe(
        self, acties: Iterable[str], afweging: str | None = None, route: str | None = None
    ) -> None:
        for actie in acties:
            if actie not in self.acties:
                self.acties.append(actie)
                self.termijnen.extend(
                    replace(t, afweging=afweging, route=route)
                    for t in self.kader.actie_termijnen.get(actie, ())
                )

    def voeg_norm_toe(self, norm: str | None, vervalt: frozenset[str]) -> None:
        if norm is not None and norm not in self.normen and vervalt.isdisjoint(self.normen):
            self.normen.append(norm)

    def betreed(self, r: Beslisroute) -> str:
        """Enter a route: a deciding signal acts as soon as the walk is in a route it decides
        in, before any answer there."""
        self.beantwoord = {}
        for item in sorted(self.aangevinkt & self.kader.gevolgen.keys()):
            acties, norm, routes = self.kader.gevolgen[item]
            if item not in self.beslissend and (not routes or r.id in routes):
                self.beslissend.append(item)
                self.voeg_toe(acties)
                self.voeg_norm_toe(norm, _vervalt(self.kader, norm))
        return r.start

    def eigen_acties(self, optie: Beslisoptie) -> list[str]:
        """The answer's actions, with the conditional ones whose earlier answers hold."""
        acties = list(optie.acties)
        for voorwaarde in optie.voorwaarden:
            if all(self.beantwoord.get(a) in w for a, w in voorwaarde.als):
                acties.extend(voorwaarde.acties)
        return acties

    def stap(self, r: Beslisroute, afweging: str, optie: Beslisoptie) -> None:
        self.voeg_toe(self.eigen_acties(optie), afweging, r.id)
        self.beantwoord[afweging] = optie.id
        self.voeg_norm_toe(optie.norm, optie.vervalt)
        self.termijnen.extend(optie.termijnen)
        self.samen = self.samen or optie.samen
        self.opnieuw = self.opnieuw or optie.opnieuw
        self.pad.append(optie.stap[self.samen])
        regels = r.regels.get((afweging, optie.betekenis))
        if regels:
            _pas_regels_toe(
                self.kader, afweging, regels, self.aangevinkt, self.waarschuwingen, self.hints
            )

    def overdracht(self, r: Beslisroute, optie: Beslisoptie) -> tuple[Beslisroute, str] | None:
        """Where the answer that ends route ``r`` hands the casus over to, if it does."""
        # A condition names only earlier afwegingen (the validator checks it), so this answer
        # itself being in 'beantwoord' changes nothing.
        for actie in self.eigen_acties(optie):
            doel = self.kader.overdracht.get(actie)
            if doel is None:
                continue
            gezien = {o.van_route for o in self.overdrachten} | {r.id}
            if doel[0] in gezien:
                _fout_kring(self.kader, r, self.pad[-1].afweging)
            nieuw = self.kader.route(doel[0])
            start = self.betreed(nieuw)
            huidig = doel[1] or start
            self.overdrachten.append(Overdracht(r.id, actie, nieuw.id, huidig))
            return nieuw, huidig
        return None


def _vervalt(kader: Afwegingskader, norm: str | None) -> frozenset[str]:
    if norm is None or norm not in kader.normen:
        return frozenset()
    return frozenset(kader.normen[norm].vervalt_naast)


def _antwoorden_per_route(
    kader: Afwegingskader, r: Beslisroute, antwoorden: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """The answers split by route: ``standaard/3`` is afweging 3 of route standaard, a plain
    ``3`` an afweging of the route the walk starts in."""
    per_route: dict[str, dict[str, str]] = {}
    for sleutel, antwoord in antwoorden.items():
        route_id, scheiding, afweging_id = str(sleutel).rpartition(SCHEIDING)
        if not scheiding:
            route_id = r.id
        elif route_id not in kader.routes:
            raise BeslisFout(
                f"Het antwoord '{sleutel}' noemt route '{route_id}', maar die bestaat niet in "
                f"kader '{kader.id}'; kies uit: " + ", ".join(kader.routes) + "."
            )
        doel = per_route.setdefault(route_id, {})
        if afweging_id in doel:
            raise BeslisFout(
                f"Afweging '{afweging_id}' van route '{route_id}' is twee keer beantwoord "
                f"('{sleutel}'); geef elk antwoord één keer."
            )
        doel[afweging_id] = antwoord
    return per_route


def _controleer_invoer(
    kader: Afwegingskader,
    r: Beslisroute,
    per_route: Mapping[str, Mapping[str, str]],
    aangevinkt: frozenset[str],
) -> None:
    """Refuse signals the framework cannot tick and answers to afwegingen outside the route."""
    onbekend = aangevinkt - kader.aanvinkbaar
    if onbekend:
        namen = ", ".join(sorted(onbekend))
        raise BeslisFout(
            f"Onbekend of niet aan te vinken signaal: {namen}. Gebruik de id's uit de catalogi "
            f"van kader '{kader.id}' (meldwijzer kader toon {kader.id})."
        )
    for route_id, antwoorden in per_route.items():
        doel = kader.routes.get(route_id, r)
        for afweging_id in antwoorden:
            if afweging_id not in doel.afwegingen:
                raise BeslisFout(
                    f"Afweging '{afweging_id}' bestaat niet in route '{doel.id}' van kader "
                    f"'{kader.id}'; deze route kent " + ", ".join(doel.afwegingen) + "."
                )


def _optie_op_label(afweging: Beslisafweging, antwoord: object) -> Beslisoptie:
    if isinstance(antwoord, str):
        sleutel = antwoord.strip().casefold()
        for optie in afweging.opties.values():
            if sleutel in (optie.id.casefold(), optie.label.casefold()):
                return optie
    raise BeslisFout(
        f"Antwoord {antwoord!r} bij afweging '{afweging.id}' bestaat niet; kies uit: "
        + ", ".join(afweging.opties)
        + "."
    )


def _pas_regels_toe(
    kader: Afwegingskader,
    afweging: str,
    regels: tuple[Beslisregel, ...],
    aangevinkt: frozenset[str],
    waarschuwingen: list[Regelbericht],
    hints: list[Regelbericht],
) -> None:
    for regel in regels:
        doel = waarschuwingen if regel.soort is RegelSoort.WAARSCHUWING else hints
        treffers = aangevinkt if regel.signalen is None else aangevinkt & regel.signalen
        if regel.wanneer is Wanneer.AANGEVINKT:
            if treffers:
                doel.extend(regel.berichten[s] for s in sorted(treffers))
        elif not treffers:
            doel.append(regel.leeg)


def _fout_kring(kader: Afwegingskader, r: Beslisroute, huidig: str) -> NoReturn:
    # A path longer than the route has afwegingen runs in a circle: only a framework that was
    # never validated has one (validation refuses cycles), and its answers would walk forever.
    raise BeslisFout(
        f"De antwoorden in route '{r.id}' van kader '{kader.id}' komen opnieuw bij afweging "
        f"'{huidig}': de afwegingen vormen een kring. Controleer het kader met 'meldwijzer kader "
        "valideer'; een gevalideerd kader heeft geen kringen."
    )


def _fout_buiten_pad(
    r: Beslisroute,
    per_route: Mapping[str, Mapping[str, str]],
    pad: list[Stap],
    huidig: str | None,
) -> None:
    op_pad = {(s.route, s.afweging) for s in pad}
    teveel = [
        a if route_id == (pad[0].route if pad else r.id) else f"{route_id}{SCHEIDING}{a}"
        for route_id, antwoorden in per_route.items()
        for a in antwoorden
        if (route_id, a) not in op_pad
    ]
    namen = ", ".join(f"'{a}'" for a in teveel)
    if huidig is not None:
        raise BeslisFout(
            f"Afweging {namen} is beantwoord, maar afweging '{huidig}' ontbreekt nog: de "
            "afwegingen worden in volgorde beantwoord. Beantwoord eerst afweging "
            f"'{huidig}'."
        )
    laatste = pad[-1]
    raise BeslisFout(
        f"Afweging {namen} is beantwoord, maar het pad eindigt al bij afweging "
        f"'{laatste.afweging}' (antwoord '{laatste.antwoord}'); de eerdere antwoorden leiden "
        "daar niet heen. Verwijder dat antwoord of pas de eerdere antwoorden aan."
    )
