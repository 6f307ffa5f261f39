"""The compiled pieces the decision engine walks and the decision it returns (kader.engine):
options, afwegingen, routes and signal rules as small immutable tables, the path's steps,
handovers and termijnen, and :class:`Beslissing` with its report for people.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from meldwijzer.kader.model import (
    ActieSoort,
    Betekenis,
    Bron,
    RegelSoort,
    Termijn,
    Wanneer,
)

if TYPE_CHECKING:
    from meldwijzer.kader.engine import Afwegingskader

# An answer key for an afweging of another route than the one the walk starts in (format 2):
# ``standaard/3``. Route ids and afweging ids never hold this character.
SCHEIDING = "/"


def antwoord_sleutel(start: str, route: str | None, afweging: str) -> str:
    """An answer's key for the engine: the afweging's id in the route the path starts in,
    ``route/afweging`` in a route handed over to (format 2)."""
    return afweging if route is None or route == start else f"{route}{SCHEIDING}{afweging}"


def splits_sleutel(start: str, sleutel: str) -> tuple[str, str]:
    """(route, afweging) of an answer's key; a key without a route is in the start route."""
    route, scheiding, afweging = sleutel.rpartition(SCHEIDING)
    return (route, afweging) if scheiding else (start, sleutel)


@dataclass(frozen=True, slots=True)
class Actievoorwaarde:
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
    route: str | None = None  # the route of that afweging

    def sleutel(self, start: str) -> str | None:
        """The key of the answer that set it (``route/afweging`` after a handover)."""
        if self.afweging is None:
            return None
        return antwoord_sleutel(start, self.route, self.afweging)

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


def bestermijn(
    t: Termijn, herkomst: str, afweging: str | None = None, route: str | None = None
) -> Bestermijn:
    return Bestermijn(t.aantal, t.dagen.value, t.wat, herkomst, t.bron, afweging, route)


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
    voorwaarden: tuple[Actievoorwaarde, ...] = ()
    termijnen: tuple[Bestermijn, ...] = ()


@dataclass(frozen=True, slots=True)
class Beslisafweging:
    """An afweging as the engine walks it: its options by id."""

    id: str
    opties: Mapping[str, Beslisoptie]
    samen: bool


@dataclass(frozen=True, slots=True)
class Beslisregel:
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
    regels: Mapping[tuple[str, Betekenis], tuple[Beslisregel, ...]]


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
    # The route whose afweging ``afweging`` is: after a handover (format 2) two routes may
    # share an afweging id, so a message is matched to an answer by ``sleutel``, never by the id.
    route: str

    def sleutel(self, start: str) -> str:
        """The key of the answer this message is about (``route/afweging`` after a handover),
        as the answers are given to the engine."""
        return antwoord_sleutel(start, self.route, self.afweging)

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
    def volgende_sleutel(self) -> str | None:
        """The key under which the next afweging is answered (``route/afweging`` after a
        handover), or None when the path has ended."""
        if self.volgende_afweging is None:
            return None
        return antwoord_sleutel(self.route, self.route_nu, self.volgende_afweging)

    def sleutel(self, stap: Stap) -> str:
        """The key of a step's answer, as the answers are given to the engine."""
        return antwoord_sleutel(self.route, stap.route, stap.afweging)

    def waarschuwingen_bij(self, sleutel: str) -> list[Regelbericht]:
        """The warnings about the answer given under ``sleutel``."""
        return self._bij(self.waarschuwingen, sleutel)

    def hints_bij(self, sleutel: str) -> list[Regelbericht]:
        """The hints about the answer given under ``sleutel``."""
        return self._bij(self.hints, sleutel)

    def _bij(self, berichten: tuple[Regelbericht, ...], sleutel: str) -> list[Regelbericht]:
        return [b for b in berichten if b.sleutel(self.route) == sleutel]

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
            for bericht, regel in zip(
                (*self.waarschuwingen, *self.hints),
                (*uit["waarschuwingen"], *uit["hints"]),
                strict=True,
            ):
                regel["route"] = bericht.route
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
