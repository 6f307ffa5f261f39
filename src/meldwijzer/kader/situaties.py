"""Test situations for a framework, in the spirit of OpenFisca's YAML tests.

A situation file is a YAML list; each situation names answers (and optionally a route and ticked
signals) and what the framework must decide. Only the expected keys given are checked::

    - naam: Acuut onveilig, hulp slaagt
      route: standaard                 # optional when the framework has one route
      antwoorden: {"1": ja, "2": ja, "3": ja, "4": ja, "5": ja}
      signalen: [acuut.wapen]          # optional
      verwacht:
        acties: [melden, hulp, hulp_afsluiten]
        volgende_afweging: null        # null: the path is complete
        normen: [N2]
        samen_met_veilig_thuis: true
        opnieuw_melden: false
        waarschuwingen: 0              # a count, or the ids of the rules that must warn
        hints: [geen_lijst_is_compleet]

A policy adviser runs them with ``meldwijzer kader test KADER SITUATIES``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from meldwijzer import telwoord
from meldwijzer.kader.engine import Afwegingskader, Beslissing, beslis
from meldwijzer.kader.fouten import BeslisFout, KaderFout, Probleem
from meldwijzer.kader.laden import (
    lees_bestand,
    lees_yaml_boom,
    pad_als_tekst,
    problemen_uit_validatie,
)
from meldwijzer.kader.model import Id, Tekst


class SituatieFout(KaderFout):
    """The situation file cannot be used; carries every problem, each with its line."""

    def __init__(self, problemen: list[Probleem]) -> None:
        self.problemen = problemen
        regels = [p.als_tekst() for p in problemen]
        if len(regels) == 1:
            super().__init__(regels[0])
        else:
            super().__init__(
                f"{len(regels)} fouten in het situatiebestand:\n"
                + "\n".join("  " + r for r in regels)
            )


def _tekst(waarde: object) -> object:
    # Afweging ids are text ("2", "5a"); accept an unquoted number as its text.
    return str(waarde) if isinstance(waarde, int) and not isinstance(waarde, bool) else waarde


def _antwoorden(waarde: object) -> object:
    if isinstance(waarde, dict):
        return {_tekst(k): _tekst(v) for k, v in waarde.items()}
    return waarde


def _aantal_of_regels(waarde: object) -> object:
    if isinstance(waarde, bool) or not isinstance(waarde, int | list):
        raise PydanticCustomError(
            "aantal_of_regels",
            "geef een aantal (bijvoorbeeld 0) of een lijst met de id's van de signaalregels die "
            "moeten afgaan",
        )
    if isinstance(waarde, int) and waarde < 0:
        raise PydanticCustomError("aantal_of_regels", "een aantal kan niet negatief zijn")
    if isinstance(waarde, list) and not all(isinstance(x, str) for x in waarde):
        raise PydanticCustomError("aantal_of_regels", "noem de signaalregels met hun id (tekst)")
    return waarde


AfwegingId = Annotated[str, BeforeValidator(_tekst)]
AantalOfRegels = Annotated[int | list[str], BeforeValidator(_aantal_of_regels)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Verwacht(_Model):
    """What the framework must decide; only the keys that are given are checked."""

    acties: list[Id] = Field(default_factory=list)
    volgende_afweging: AfwegingId | None = None
    normen: list[Id] = Field(default_factory=list)
    samen_met_veilig_thuis: bool = False
    opnieuw_melden: bool = False
    waarschuwingen: AantalOfRegels = 0
    hints: AantalOfRegels = 0
    # Format 2 (docs/kader-formaat.md, 'Formaat 2').
    route_nu: Id | None = None
    beslissende_signalen: list[Id] = Field(default_factory=list)
    termijnen: list[Tekst] = Field(
        default_factory=list, description="Each as '5 werkdagen' or '1 kalenderdagen'."
    )


class _SituatieInvoer(_Model):
    naam: Tekst
    toelichting: Tekst | None = None
    route: Id | None = None
    antwoorden: Annotated[dict[str, str], BeforeValidator(_antwoorden)] = Field(
        default_factory=dict
    )
    signalen: list[Id] = Field(default_factory=list)
    verwacht: Verwacht


@dataclass(frozen=True, slots=True)
class Situatie:
    naam: str
    route: str | None
    antwoorden: Mapping[str, str]
    signalen: tuple[str, ...]
    verwacht: Verwacht
    toelichting: str | None = None
    regel: int | None = None
    bestand: str | None = None

    @property
    def plaats(self) -> str:
        plaats = self.bestand or "situaties"
        return f"{plaats}:{self.regel}" if self.regel is not None else plaats


_LIJST = TypeAdapter(list[_SituatieInvoer])


def lees_situaties(tekst: str, bestand: str | None = None) -> list[Situatie]:
    """Parse and check a situation file; raises SituatieFout (or OnleesbaarKader for bad YAML)."""
    data, regels, problemen = lees_yaml_boom(tekst, bestand)
    if not isinstance(data, list):
        raise SituatieFout(
            [
                Probleem(
                    "Een situatiebestand is een lijst van situaties; begin elke situatie met "
                    "'- naam: ...'.",
                    "",
                    regels.regel(()),
                    bestand,
                )
            ]
        )
    if not data:
        raise SituatieFout([Probleem("Het bestand bevat geen situaties.", "", 1, bestand)])
    invoer: list[_SituatieInvoer] = []
    try:
        invoer = _LIJST.validate_python(data)
    except ValidationError as fout:
        problemen += problemen_uit_validatie(fout, regels, bestand)
    namen: dict[str, int] = {}
    for i, s in enumerate(invoer):
        if s.naam in namen:
            problemen.append(
                Probleem(
                    f"De naam '{s.naam}' staat al bij situatie {namen[s.naam] + 1}; geef elke "
                    "situatie een eigen naam.",
                    pad_als_tekst((i, "naam")),
                    regels.regel((i, "naam")),
                    bestand,
                )
            )
        namen.setdefault(s.naam, i)
    if problemen:
        raise SituatieFout(problemen)
    return [
        Situatie(
            s.naam,
            s.route,
            dict(s.antwoorden),
            tuple(s.signalen),
            s.verwacht,
            s.toelichting,
            regels.regel((i,)),
            bestand,
        )
        for i, s in enumerate(invoer)
    ]


def lees_situatiebestand(pad: Path | str) -> list[Situatie]:
    pad = Path(pad)
    return lees_situaties(lees_bestand(pad), str(pad))


# --- running ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Afwijking:
    """One expected value the framework did not give."""

    veld: str
    verwacht: str
    gekregen: str
    opmerking: str | None = None

    def als_tekst(self) -> str:
        tekst = f"{self.veld}: verwacht {self.verwacht}, gekregen {self.gekregen}"
        return tekst + (f" ({self.opmerking})" if self.opmerking else "")

    def als_dict(self) -> dict[str, Any]:
        return {
            "veld": self.veld,
            "verwacht": self.verwacht,
            "gekregen": self.gekregen,
            "opmerking": self.opmerking,
        }


@dataclass(frozen=True, slots=True)
class Uitslag:
    situatie: Situatie
    afwijkingen: tuple[Afwijking, ...] = ()
    fout: str | None = None
    beslissing: Beslissing | None = None

    @property
    def geslaagd(self) -> bool:
        return self.fout is None and not self.afwijkingen

    def als_dict(self) -> dict[str, Any]:
        return {
            "naam": self.situatie.naam,
            "regel": self.situatie.regel,
            "geslaagd": self.geslaagd,
            "afwijkingen": [a.als_dict() for a in self.afwijkingen],
            "fout": self.fout,
            "uitkomst": None if self.beslissing is None else self.beslissing.als_dict(),
        }


@dataclass(frozen=True, slots=True)
class Testuitslag:
    kader: Afwegingskader
    bestand: str | None
    uitslagen: tuple[Uitslag, ...]

    @property
    def geslaagd(self) -> bool:
        return all(u.geslaagd for u in self.uitslagen)

    def telling(self) -> dict[str, int]:
        geslaagd = sum(1 for u in self.uitslagen if u.geslaagd)
        return {"geslaagd": geslaagd, "mislukt": len(self.uitslagen) - geslaagd}

    def als_dict(self) -> dict[str, Any]:
        k = self.kader
        return {
            "kader": {"id": k.id, "versie": k.versie, "hash": k.hash},
            "bestand": self.bestand,
            **self.telling(),
            "situaties": [u.als_dict() for u in self.uitslagen],
        }


def _lijst(waarden: Sequence[str]) -> str:
    return "[" + ", ".join(waarden) + "]"


def _janee(waarde: bool) -> str:
    return "ja" if waarde else "nee"


def _vergelijk(kader: Afwegingskader, s: Situatie, b: Beslissing) -> list[Afwijking]:
    v = s.verwacht
    gegeven = v.model_fields_set
    uit: list[Afwijking] = []
    if "acties" in gegeven and list(b.acties) != v.acties:
        onbekend = [a for a in v.acties if a not in kader.actie_soort]
        opmerking = f"onbekende actie in dit kader: {', '.join(onbekend)}" if onbekend else None
        uit.append(Afwijking("acties", _lijst(v.acties), _lijst(b.acties), opmerking))
    if "volgende_afweging" in gegeven and b.volgende_afweging != v.volgende_afweging:
        uit.append(
            Afwijking(
                "volgende_afweging",
                v.volgende_afweging or "geen (pad afgerond)",
                b.volgende_afweging or "geen (pad afgerond)",
            )
        )
    if "normen" in gegeven and list(b.normen) != v.normen:
        onbekend = [n for n in v.normen if n not in kader.normen]
        opmerking = f"onbekende norm in dit kader: {', '.join(onbekend)}" if onbekend else None
        uit.append(Afwijking("normen", _lijst(v.normen), _lijst(b.normen), opmerking))
    for veld, gekregen in (
        ("samen_met_veilig_thuis", b.samen_met_veilig_thuis),
        ("opnieuw_melden", b.opnieuw_melden),
    ):
        verwacht: bool = getattr(v, veld)
        if veld in gegeven and gekregen != verwacht:
            uit.append(Afwijking(veld, _janee(verwacht), _janee(gekregen)))
    uit.extend(_vergelijk_formaat_2(v, b))
    for veld, meldingen in (("waarschuwingen", b.waarschuwingen), ("hints", b.hints)):
        if veld not in gegeven:
            continue
        verwacht_waarde: int | list[str] = getattr(v, veld)
        ids = sorted({m.regel for m in meldingen})
        if isinstance(verwacht_waarde, int):
            if len(meldingen) != verwacht_waarde:
                gekregen_tekst = f"{len(meldingen)}" + (f" ({', '.join(ids)})" if ids else "")
                uit.append(Afwijking(veld, str(verwacht_waarde), gekregen_tekst))
        elif sorted(set(verwacht_waarde)) != ids:
            bekend = {r.id for r in kader.model.signaalregels}
            onbekend = [r for r in verwacht_waarde if r not in bekend]
            opmerking = (
                f"onbekende signaalregel in dit kader: {', '.join(onbekend)}" if onbekend else None
            )
            uit.append(
                Afwijking(veld, _lijst(sorted(set(verwacht_waarde))), _lijst(ids), opmerking)
            )
    return uit


def _vergelijk_formaat_2(v: Verwacht, b: Beslissing) -> list[Afwijking]:
    """The route the path is in now, the signals that decided and the termijnen set."""
    gegeven = v.model_fields_set
    uit: list[Afwijking] = []
    if "route_nu" in gegeven and v.route_nu != b.route_nu:
        uit.append(Afwijking("route_nu", str(v.route_nu), b.route_nu))
    if "beslissende_signalen" in gegeven and v.beslissende_signalen != list(b.beslissende_signalen):
        uit.append(
            Afwijking(
                "beslissende_signalen",
                _lijst(v.beslissende_signalen),
                _lijst(b.beslissende_signalen),
            )
        )
    termijnen = [f"{t.aantal} {t.dagen}" for t in b.termijnen]
    if "termijnen" in gegeven and [" ".join(t.split()) for t in v.termijnen] != termijnen:
        uit.append(Afwijking("termijnen", _lijst(v.termijnen), _lijst(termijnen)))
    return uit


def voer_uit(
    kader: Afwegingskader, situaties: Sequence[Situatie], bestand: str | None = None
) -> Testuitslag:
    """Decide every situation with the framework and compare with what was expected."""
    uitslagen = []
    for s in situaties:
        try:
            b = beslis(kader, s.antwoorden, s.signalen, s.route)
        except BeslisFout as fout:
            uitslagen.append(Uitslag(s, fout=str(fout)))
            continue
        uitslagen.append(Uitslag(s, tuple(_vergelijk(kader, s, b)), None, b))
    return Testuitslag(kader, bestand, tuple(uitslagen))


# --- rendering --------------------------------------------------------------------------------


def als_tekst(t: Testuitslag) -> str:
    k = t.kader
    kop = f"Situaties uit {t.bestand} " if t.bestand else "Situaties "
    regels = [f"{kop}op kader '{k.id}' versie {k.versie} ({k.hash[:12]})", ""]
    for u in t.uitslagen:
        waar = f" (regel {u.situatie.regel})" if u.situatie.regel is not None else ""
        regels.append(f"{'geslaagd' if u.geslaagd else 'mislukt':<9} {u.situatie.naam}{waar}")
        if u.fout is not None:
            regels.append(f"{'':<12}kan niet beslissen: {u.fout}")
        regels += [f"{'':<12}{a.als_tekst()}" for a in u.afwijkingen]
    telling = t.telling()
    regels += [
        "",
        f"{telwoord.aantal(len(t.uitslagen), 'situatie', 'situaties')}: "
        f"{telling['geslaagd']} geslaagd, "
        f"{telling['mislukt']} mislukt.",
    ]
    return "\n".join(regels) + "\n"


def als_json(t: Testuitslag) -> str:
    return json.dumps(t.als_dict(), ensure_ascii=False, indent=2) + "\n"
