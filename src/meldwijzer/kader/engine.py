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
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, NoReturn

from meldwijzer.kader.fouten import BeslisFout
from meldwijzer.kader.model import (
    ActieSoort,
    Betekenis,
    Bron,
    Kader,
    Norm,
    RegelSoort,
    Termijn,
    Wanneer,
    ontleningen,
)

# An answer key for an afweging of another route than the one the walk starts in (format 2):
# ``standaard/3``. Route ids and afweging ids never hold this character.
SCHEIDING = "/"


@dataclass(frozen=True, slots=True)
class _Voorwaarde:
    als: tuple[tuple[str, frozenset[str]], ...]
    acties: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Bestermijn:
    """A termijn the framework sets on this path: where it comes from and what must happen."""

    aantal: int
    dagen: str  # werkdagen | kalenderdagen
    wat: str
    herkomst: str  # "actie melden" or "antwoord 2 = ja"
    bron: Bron | None
    # The afweging whose answer set it (a dossier dates it by that answer); None: a deciding
    # signal, set before any answer.
    afweging: str | None = None

    def als_dict(self) -> dict[str, Any]:
        return {
            "aantal": self.aantal,
            "dagen": self.dagen,
            "wat": self.wat,
            "herkomst": self.herkomst,
            "bron": None if self.bron is None else self.bron.als_tekst(),
        }


@dataclass(frozen=True, slots=True)
class Overdracht:
    """A route handover on the path: from which route, by which action, into which route."""

    van_route: str
    actie: str
    naar_route: str
    naar_afweging: str

    def als_dict(self) -> dict[str, str]:
        return {
            "van_route": self.van_route,
            "actie": self.actie,
            "naar_route": self.naar_route,
            "naar_afweging": self.naar_afweging,
        }


def _termijn(t: Termijn, herkomst: str, afweging: str | None = None) -> Bestermijn:
    return Bestermijn(t.aantal, t.dagen.value, t.wat, herkomst, t.bron, afweging)


@dataclass(frozen=True, slots=True)
class Beslisoptie:
    """An answer option as the engine walks it (compiled from :class:`model.Optie`)."""

    id: str
    label: str
    betekenis: Betekenis
    acties: tuple[str, ...]
    volgende: str | None
    norm: str | None
    samen: bool
    opnieuw: bool
    vervalt: frozenset[str]  # norms next to which this option's norm does not apply
    stap: tuple[Stap, Stap]  # the path step, without and with samen_met_veilig_thuis
    voorwaarden: tuple[_Voorwaarde, ...] = ()
    termijnen: tuple[Bestermijn, ...] = ()


@dataclass(frozen=True, slots=True)
class Beslisafweging:
    """An afweging as the engine walks it: its options by id."""

    id: str
    opties: Mapping[str, Beslisoptie]
    samen: bool


@dataclass(frozen=True, slots=True)
class _Regel:
    id: str
    soort: RegelSoort
    wanneer: Wanneer
    signalen: frozenset[str] | None  # None means: any tickable item
    tekst: str
    norm: str | None
    bron: Bron
    berichten: Mapping[str, Regelbericht]  # wanneer aangevinkt: the message per ticked item
    leeg: Regelbericht  # wanneer niet_aangevinkt: the one message


@dataclass(frozen=True, slots=True)
class Beslisroute:
    """A route compiled for the engine: afwegingen by id, signal rules by (afweging, meaning)."""

    id: str
    start: str
    afwegingen: Mapping[str, Beslisafweging]
    regels: Mapping[tuple[str, Betekenis], tuple[_Regel, ...]]


@dataclass(frozen=True, slots=True)
class Regelbericht:
    """What a signal rule tells the professional: a warning or a hint (``soort``).

    Not a melding at Veilig Thuis: the engine only advises; :attr:`Beslissing.waarschuwingen`
    and :attr:`Beslissing.hints` hold these by soort.
    """

    regel: str
    soort: RegelSoort
    afweging: str
    tekst: str
    norm: str | None
    bron: Bron
    signaal: str | None

    def als_dict(self) -> dict[str, Any]:
        return {
            "regel": self.regel,
            "afweging": self.afweging,
            "tekst": self.tekst,
            "signaal": self.signaal,
            "norm": self.norm,
            "bron": self.bron.als_tekst(),
        }


@dataclass(frozen=True, slots=True)
class Stap:
    afweging: str
    antwoord: str
    betekenis: Betekenis
    samen_met_veilig_thuis: bool
    route: str | None = None  # the route the afweging belongs to


@dataclass(frozen=True, slots=True)
class Beslissing:
    """What the framework says for these answers; ``als_dict`` gives the CLI/API contract."""

    kader: Afwegingskader = field(repr=False)
    route: str
    acties: tuple[str, ...]
    volgende_afweging: str | None
    samen_met_veilig_thuis: bool
    opnieuw_melden: bool
    normen: tuple[str, ...]
    waarschuwingen: tuple[Regelbericht, ...]
    hints: tuple[Regelbericht, ...]
    pad: tuple[Stap, ...]
    # Format 2; empty (and left out of als_dict) for a format-1 framework.
    overdrachten: tuple[Overdracht, ...] = ()
    termijnen: tuple[Bestermijn, ...] = ()
    beslissende_signalen: tuple[str, ...] = ()

    @property
    def route_nu(self) -> str:
        """The route the walk is in now: after a handover, the route it was handed to."""
        return self.overdrachten[-1].naar_route if self.overdrachten else self.route

    @property
    def afgerond(self) -> bool:
        return self.volgende_afweging is None

    @property
    def melden(self) -> bool:
        return any(self.kader.actie_soort[a] is ActieSoort.MELDEN for a in self.acties)

    def als_dict(self) -> dict[str, Any]:
        uit = self._als_dict()
        # The format-2 parts only when there are any: a format-1 outcome keeps its contract.
        if self.overdrachten:
            uit["route_nu"] = self.route_nu
            uit["overdrachten"] = [o.als_dict() for o in self.overdrachten]
            for stap, regel in zip(self.pad, uit["pad"], strict=True):
                regel["route"] = stap.route
        if self.termijnen:
            uit["termijnen"] = [t.als_dict() for t in self.termijnen]
        if self.beslissende_signalen:
            uit["beslissende_signalen"] = list(self.beslissende_signalen)
        return uit

    def _als_dict(self) -> dict[str, Any]:
        k = self.kader
        return {
            "kader": {"id": k.id, "versie": k.versie, "hash": k.hash},
            "route": self.route,
            "acties": list(self.acties),
            "acties_soort": {a: k.actie_soort[a].value for a in self.acties},
            "acties_label": {a: k.actie_label[a] for a in self.acties},
            "volgende_afweging": self.volgende_afweging,
            "afgerond": self.afgerond,
            "samen_met_veilig_thuis": self.samen_met_veilig_thuis,
            "opnieuw_melden": self.opnieuw_melden,
            "normen": [k.norm_als_dict(n) for n in self.normen],
            "waarschuwingen": [w.als_dict() for w in self.waarschuwingen],
            "hints": [h.als_dict() for h in self.hints],
            "pad": [
                {
                    "afweging": s.afweging,
                    "antwoord": s.antwoord,
                    "betekenis": s.betekenis.value,
                    "samen_met_veilig_thuis": s.samen_met_veilig_thuis,
                }
                for s in self.pad
            ],
        }


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
                a.id: tuple(_termijn(t, f"actie {a.id}") for t in a.termijnen)
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
                        _Voorwaarde(
                            tuple((x, frozenset(ontleningen(w))) for x, w in v.als.items()),
                            tuple(v.acties),
                        )
                        for v in o.acties_als
                    ),
                    tuple(_termijn(t, f"antwoord {a.id} = {o.id}", a.id) for t in o.termijnen),
                )
                for o in a.opties
            }
            afwegingen[a.id] = Beslisafweging(
                a.id, MappingProxyType(opties), a.samen_met_veilig_thuis
            )
        regels: dict[tuple[str, Betekenis], list[_Regel]] = {}
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
                )
                for s in doelen
            }
            regel = _Regel(
                r.id,
                r.soort,
                r.wanneer,
                None if signalen is None else frozenset(signalen),
                r.tekst,
                r.norm,
                r.bron,
                MappingProxyType(berichten),
                Regelbericht(r.id, r.soort, r.afweging, r.tekst, r.norm, r.bron, None),
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

    def voeg_toe(self, acties: Iterable[str], afweging: str | None = None) -> None:
        for actie in acties:
            if actie not in self.acties:
                self.acties.append(actie)
                self.termijnen.extend(
                    replace(t, afweging=afweging) for t in self.kader.actie_termijnen.get(actie, ())
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
        self.voeg_toe(self.eigen_acties(optie), afweging)
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
    regels: tuple[_Regel, ...],
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
