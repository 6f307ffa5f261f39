"""The decision engine: given answers and ticked signals, what follows from the afwegingskader.

``beslis`` walks the chosen route from its start, one answered afweging at a time. Actions add
up in path order without duplicates (melden and hulp are not exclusive: H1 'Waarom een
afwegingskader?'), norms are collected with their citations, and signal rules turn ticked
catalogue items that contradict an answer into warnings. An answer the earlier answers do not
lead to is an error: the order of the afwegingen is the point of the framework (H2, 'Stap 5: twee
beslissingen die beide genomen moeten worden').

The framework is compiled once into small immutable tables, so a decision costs microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
    Wanneer,
)


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

    @property
    def afgerond(self) -> bool:
        return self.volgende_afweging is None

    @property
    def melden(self) -> bool:
        return any(self.kader.actie_soort[a] is ActieSoort.MELDEN for a in self.acties)

    def als_dict(self) -> dict[str, Any]:
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
                        Stap(a.id, o.id, o.betekenis, False),
                        Stap(a.id, o.id, o.betekenis, True),
                    ),
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
    _controleer_invoer(kader, r, antwoorden, aangevinkt)

    acties: list[str] = []
    normen: list[str] = []
    waarschuwingen: list[Regelbericht] = []
    hints: list[Regelbericht] = []
    pad: list[Stap] = []
    samen = False
    opnieuw = False
    huidig: str | None = r.start
    while huidig is not None:
        if len(pad) == len(r.afwegingen):
            _fout_kring(kader, r, huidig)
        afweging = r.afwegingen[huidig]
        if afweging.samen:
            samen = True
        antwoord = antwoorden.get(huidig)
        if antwoord is None:
            break
        optie = afweging.opties.get(antwoord)
        if optie is None:
            optie = _optie_op_label(afweging, antwoord)
        for actie in optie.acties:
            if actie not in acties:
                acties.append(actie)
        norm = optie.norm
        if norm is not None and norm not in normen and optie.vervalt.isdisjoint(normen):
            normen.append(norm)
        samen = samen or optie.samen
        opnieuw = opnieuw or optie.opnieuw
        pad.append(optie.stap[samen])
        regels = r.regels.get((huidig, optie.betekenis))
        if regels:
            _pas_regels_toe(kader, huidig, regels, aangevinkt, waarschuwingen, hints)
        huidig = optie.volgende

    if len(pad) != len(antwoorden):
        _fout_buiten_pad(r, antwoorden, pad, huidig)

    return Beslissing(
        kader,
        r.id,
        tuple(acties),
        huidig,
        samen,
        opnieuw,
        tuple(normen),
        tuple(waarschuwingen),
        tuple(hints),
        tuple(pad),
    )


def _controleer_invoer(
    kader: Afwegingskader,
    r: Beslisroute,
    antwoorden: Mapping[str, str],
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
    for afweging_id in antwoorden:
        if afweging_id not in r.afwegingen:
            raise BeslisFout(
                f"Afweging '{afweging_id}' bestaat niet in route '{r.id}' van kader '{kader.id}'; "
                "deze route kent " + ", ".join(r.afwegingen) + "."
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
    r: Beslisroute, antwoorden: Mapping[str, str], pad: list[Stap], huidig: str | None
) -> None:
    op_pad = {s.afweging for s in pad}
    teveel = [a for a in r.afwegingen if a in antwoorden and a not in op_pad]
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
