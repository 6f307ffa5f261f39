"""Translations of a framework's texts as data: read, checked against the framework, applied.

A translation is a file of its own per framework and language (``vertalingen/basis.en.yaml``
beside the framework file), keyed by the ids of the framework's items (docs/kader-formaat.md,
'Vertalingen'). It is not part of the framework: not in its content hash, not vastgesteld, and
it may improve without a new framework version. The Dutch text stays the norm; the UI shows a
translation as unofficial with the Dutch original beside it (ADR 0025).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from meldwijzer import telwoord
from meldwijzer.kader.engine import Afwegingskader
from meldwijzer.kader.fouten import Ernst, OngeldigKader, OnleesbaarKader, Probleem
from meldwijzer.kader.laden import Pad, Regels, lees_bestand, lees_yaml, problemen_uit_validatie
from meldwijzer.kader.model import Id, Kader, Tekst
from meldwijzer.kader.vertaalbaar import (
    SOORTEN,
    Sleutel,
    Vertaalbaar,
    sleutel_als_tekst,
    vertaalbare_teksten,
)
from meldwijzer.kader.verzamelaar import Verzamelaar

MAP = "vertalingen"
BRONTAAL = "nl"
_PLEK = "{item}"  # the one placeholder a text may hold (signal rules; engine.py)

_TAALCODE = re.compile(r"[a-z]{2}(-[a-z]{2})?")


class _Kop(BaseModel):
    """The head of a translation file; ``teksten`` is checked against the framework itself."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    vertaling_van: Id = Field(description="The id of the framework translated.")
    taal: Tekst = Field(description="The language, as a code: en, de, pl, pt-br.")
    versies: list[Annotated[str, StringConstraints(min_length=1)]] = Field(
        min_length=1, description="The framework versions whose Dutch texts this translates."
    )
    vertaald_door: Tekst | None = None
    opmerking: Tekst | None = None
    teksten: dict[str, Any]


@dataclass(frozen=True)
class Vertaling:
    """The texts of one framework in one other language, by sleutel (see kader.vertaalbaar)."""

    kader_id: str
    taal: str
    versies: tuple[str, ...]
    teksten: Mapping[Sleutel, str]
    vertaald_door: str | None = None
    bestand: str | None = None

    def tekst(self, *sleutel: str | int) -> str | None:
        return self.teksten.get(tuple(sleutel))

    def geldt_voor(self, kader: Afwegingskader) -> bool:
        return kader.id == self.kader_id and kader.versie in self.versies


@dataclass(frozen=True)
class Vertaalverslag:
    """What checking a translation against its framework found."""

    taal: str
    bestand: str
    vertaling: Vertaling | None
    problemen: list[Probleem]
    totaal: int = 0
    onvertaald: list[Vertaalbaar] = field(default_factory=list)

    def als_dict(self) -> dict[str, object]:
        return {
            "taal": self.taal,
            "bestand": self.bestand,
            "geldig": self.vertaling is not None,
            "teksten": self.totaal,
            "vertaald": self.totaal - len(self.onvertaald),
            "onvertaald": [sleutel_als_tekst(v.sleutel) for v in self.onvertaald],
        }


def _soortnaam(sleutel: Sleutel) -> str:
    """'item 'acuut.wapen'' for the sleutel of a thing, as the messages name it."""
    soort, ident = sleutel[-2], sleutel[-1]
    naam = SOORTEN.get(str(soort), str(soort))
    return f"{naam} {ident + 1}" if isinstance(ident, int) else f"{naam} '{ident}'"


class _Toets:
    """Walks the ``teksten`` of a translation file against what the framework can translate."""

    def __init__(self, kader: Afwegingskader, v: Verzamelaar) -> None:
        self.kader = kader
        self.v = v
        self.teksten: dict[Sleutel, str] = {}
        self.nederlands = {t.sleutel: t for t in vertaalbare_teksten(kader.model)}
        self.knopen: dict[Sleutel, set[str | int]] = {}
        for sleutel in self.nederlands:
            for lengte in range(len(sleutel)):
                self.knopen.setdefault(sleutel[:lengte], set()).add(sleutel[lengte])

    def loop(self, waarde: object, sleutel: Sleutel) -> None:
        pad: Pad = ("teksten", *sleutel)
        if sleutel in self.nederlands:
            self._tekst(waarde, sleutel, pad)
            return
        if isinstance(waarde, dict):
            delen: list[tuple[str | int, object]] = list(waarde.items())
        elif isinstance(waarde, list) and sleutel and sleutel[-1] == "termijnen":
            delen = list(enumerate(waarde))
        else:
            soort = "een lijst" if sleutel and sleutel[-1] == "termijnen" else "een mapping"
            self.v.fout(pad, f"Hier hoort {soort} met vertalingen per id (sleutel: tekst).")
            return
        for deel, kind in delen:
            volgende = (*sleutel, deel)
            if volgende in self.knopen or volgende in self.nederlands:
                self.loop(kind, volgende)
            else:
                self.v.fout((*pad, deel), self._onbekend(sleutel, deel))

    def _onbekend(self, sleutel: Sleutel, deel: str | int) -> str:
        kader = f"kader '{self.kader.id}' versie {self.kader.versie}"
        bekend = sorted(str(k) for k in self.knopen.get(sleutel, set()))
        if not sleutel:
            return (
                f"'{deel}' is geen onderdeel van een vertaling; kies uit "
                + ", ".join(f"'{b}'" for b in bekend)
                + "."
            )
        if sleutel[-1] in SOORTEN and sleutel != ("kader",):
            wat = _soortnaam((*sleutel, deel))
            if isinstance(deel, int):
                return (
                    f"Er is geen {wat} in {kader}: het heeft er "
                    f"{len(bekend)}; verwijder deze vertaling."
                )
            return f"Er is geen {wat} in {kader}; controleer de id of verwijder deze vertaling."
        wat = SOORTEN["kader"] if sleutel == ("kader",) else _soortnaam(sleutel)
        if not bekend:
            return f"'{deel}' is geen vertaalbare tekst van {wat}; verwijder het."
        return (
            f"'{deel}' is geen vertaalbare tekst van {wat} (het Nederlands heeft die tekst niet, "
            "of het veld bestaat niet); vertaalbaar zijn hier: "
            + ", ".join(f"'{b}'" for b in bekend)
            + "."
        )

    def _tekst(self, waarde: object, sleutel: Sleutel, pad: Pad) -> None:
        if not isinstance(waarde, str) or not waarde.strip():
            self.v.fout(
                pad, "Hier hoort de vertaalde tekst; laat een tekst die nog niet vertaald is weg."
            )
            return
        tekst = " ".join(waarde.split()) if "\n" in waarde.strip() else waarde.strip()
        nederlands = self.nederlands[sleutel].tekst
        if (_PLEK in nederlands) != (_PLEK in tekst):
            if _PLEK in nederlands:
                melding = (
                    f"De Nederlandse tekst bevat {_PLEK} (daar komt het aangevinkte signaal); "
                    "zet het ook in de vertaling."
                )
            else:
                melding = (
                    f"De vertaling bevat {_PLEK}, maar de Nederlandse tekst niet; verwijder het."
                )
            self.v.fout(pad, melding)
            return
        self.teksten[sleutel] = tekst


def _taal_uit_naam(bestand: str) -> str | None:
    """``basis.en.yaml`` → ``en``."""
    delen = Path(bestand).name.split(".")
    return delen[-2] if len(delen) >= 3 else None


def controleer_vertaling(tekst: str, bestand: str, kader: Afwegingskader) -> Vertaalverslag:
    """Check a translation file against the framework it translates.

    Unknown ids and fields are errors (with their line); texts not translated are counted and
    listed, not refused: a translation may be partial. Raises OnleesbaarKader for a text that
    is not YAML.
    """
    data, regels, problemen = lees_yaml(tekst, bestand)
    taal = str(data.get("taal") or _taal_uit_naam(bestand) or "?")
    try:
        kop = _Kop.model_validate(data)
    except ValidationError as fout:
        return Vertaalverslag(
            taal, bestand, None, problemen + problemen_uit_validatie(fout, regels, bestand)
        )
    v = Verzamelaar(regels, bestand)
    v.problemen.extend(problemen)
    if not _TAALCODE.fullmatch(kop.taal):
        v.fout(
            ("taal",),
            f"'{kop.taal}' is geen taalcode; schrijf de code van twee kleine letters (en, de, pl), "
            "eventueel met een streepje en de variant (pt-br).",
        )
    if kop.vertaling_van != kader.id:
        v.fout(
            ("vertaling_van",),
            f"Dit is een vertaling van kader '{kop.vertaling_van}', niet van '{kader.id}'; "
            "controleer 'vertaling_van' of de bestandsnaam.",
        )
    if kop.taal == BRONTAAL:
        v.fout(
            ("taal",), "Het Nederlands is de taal van het kader zelf; vertaal naar een andere taal."
        )
    naamtaal = _taal_uit_naam(bestand)
    if naamtaal is not None and naamtaal != kop.taal:
        v.fout(
            ("taal",),
            f"De bestandsnaam zegt taal '{naamtaal}', het bestand '{kop.taal}'; noem het bestand "
            f"{kop.vertaling_van}.{kop.taal}.yaml.",
        )
    if kader.versie not in kop.versies:
        v.fout(
            ("versies",),
            f"Deze vertaling noemt versie {kader.versie} van het kader niet (wel: "
            + ", ".join(kop.versies)
            + "), dus de app toont haar niet bij die versie. Controleer de teksten tegen deze "
            f"versie en voeg \"{kader.versie}\" toe aan 'versies'.",
            Ernst.OPMERKING,
        )
    toets = _Toets(kader, v)
    toets.loop(kop.teksten, ())
    fouten = any(p.ernst is Ernst.FOUT for p in v.problemen)
    onvertaald = [t for s, t in toets.nederlands.items() if s not in toets.teksten]
    vertaling = (
        None
        if fouten
        else Vertaling(
            kader.id,
            kop.taal,
            tuple(kop.versies),
            MappingProxyType(dict(toets.teksten)),
            kop.vertaald_door,
            bestand,
        )
    )
    return Vertaalverslag(
        kop.taal, bestand, vertaling, v.problemen, len(toets.nederlands), onvertaald
    )


def is_vertaling(tekst: str) -> bool:
    """Whether a YAML text is a translation file rather than a framework (its ``vertaling_van``)."""
    try:
        data, _regels, _problemen = lees_yaml(tekst)
    except OnleesbaarKader:
        return False
    return "vertaling_van" in data and "routes" not in data


def vertalingsbestanden(kaderbestand: Path, kader_id: str) -> dict[str, Path]:
    """The translation files beside a framework file: ``vertalingen/<id>.<taal>.yaml``."""
    map_ = kaderbestand.parent / MAP
    if not map_.is_dir():
        return {}
    uit: dict[str, Path] = {}
    for pad in sorted(map_.glob(f"{kader_id}.*.yaml")):
        taal = _taal_uit_naam(pad.name)
        if taal is not None and pad.name == f"{kader_id}.{taal}.yaml":
            uit[taal] = pad
    return uit


def meegeleverde_vertalingen(kader_id: str) -> dict[str, Path]:
    """The shipped translation files of a framework, by language."""
    data = Path(str(resources.files("meldwijzer.kader") / "data"))
    return vertalingsbestanden(data / f"{kader_id}.yaml", kader_id)


def lees_vertaling(pad: Path, kader: Afwegingskader) -> Vertaalverslag:
    return controleer_vertaling(lees_bestand(pad), str(pad), kader)


_geladen: dict[tuple[str, str, str], Vertaling | None] = {}


def vertaling_voor(kader: Afwegingskader, taal: str) -> Vertaling | None:
    """The shipped translation of this framework version into ``taal``; None when there is
    none, when it does not name this version, or when it does not fit this version's ids (the
    UI then shows the Dutch only; ``kader valideer`` says why)."""
    taal = taal.lower()
    if taal == BRONTAAL or not _TAALCODE.fullmatch(taal):
        return None
    sleutel = (kader.hash, kader.id, taal)
    if sleutel not in _geladen:
        pad = meegeleverde_vertalingen(kader.id).get(taal)
        gevonden: Vertaling | None = None
        if pad is not None:
            try:
                verslag = lees_vertaling(pad, kader)
            except OnleesbaarKader:
                verslag = None
            if verslag is not None and verslag.vertaling is not None:
                gevonden = verslag.vertaling if verslag.vertaling.geldt_voor(kader) else None
        _geladen[sleutel] = gevonden
    return _geladen[sleutel]


def _zet(data: Any, pad: tuple[str | int, ...], waarde: str) -> None:
    for deel in pad[:-1]:
        data = data[deel]
    data[pad[-1]] = waarde


def vertaald_model(kader: Afwegingskader, vertaling: Vertaling) -> Kader:
    """The framework with every translated text in place of the Dutch (for printing only: the
    Dutch model stays the one decisions, citations and hashes use)."""
    data = kader.model.model_dump(mode="json")
    for route in data["routes"]:
        # The afwegingen of a route taken over are written out already; loading them again
        # must not put the Dutch 'aanpassingen' back over the translation.
        route.pop("afwegingen_van", None)
        route.pop("aanpassingen", None)
    for tekst in vertaalbare_teksten(kader.model):
        vertaald = vertaling.teksten.get(tekst.sleutel)
        if vertaald is not None:
            _zet(data, tekst.modelpad, vertaald)
    try:
        return Kader.model_validate(data)
    except ValidationError as fout:  # pragma: no cover - the texts replaced are plain strings
        raise OngeldigKader([Probleem(str(fout))]) from fout


_vertaalde_kaders: dict[tuple[str, str, str], Afwegingskader] = {}


def vertaald_kader(kader: Afwegingskader, taal: str) -> Afwegingskader | None:
    """The framework compiled with its shipped translation into ``taal``, for showing only:
    the same ids, hash and decisions, the texts translated (None without a translation). A page
    shows its texts beside the Dutch ones of ``kader``, never in their place (ADR 0025)."""
    vertaling = vertaling_voor(kader, taal)
    if vertaling is None:
        return None
    sleutel = (kader.hash, kader.id, vertaling.taal)
    if sleutel not in _vertaalde_kaders:
        model = vertaald_model(kader, vertaling)
        _vertaalde_kaders[sleutel] = Afwegingskader(model, kader.hash, kader.bestand)
    return _vertaalde_kaders[sleutel]


def samenvatting(verslag: Vertaalverslag, max_genoemd: int = 20) -> str:
    """One Dutch paragraph per language for ``kader valideer``."""
    vertaald = verslag.totaal - len(verslag.onvertaald)
    if verslag.vertaling is None:
        return f"vertaling '{verslag.taal}' ({verslag.bestand}): ongeldig, zie de fouten hierboven."
    kop = (
        f"vertaling '{verslag.taal}' ({verslag.bestand}): {vertaald} van "
        f"{telwoord.aantal(verslag.totaal, 'tekst', 'teksten')} vertaald"
    )
    if not verslag.onvertaald:
        return kop + ", niets onvertaald."
    namen = [sleutel_als_tekst(t.sleutel) for t in verslag.onvertaald[:max_genoemd]]
    rest = len(verslag.onvertaald) - len(namen)
    meer = f" en nog {rest}" if rest else ""
    return (
        kop
        + f"; {len(verslag.onvertaald)} onvertaald (de app toont daar het Nederlands): "
        + ", ".join(namen)
        + meer
        + "."
    )


__all__ = [
    "MAP",
    "Regels",
    "Vertaalverslag",
    "Vertaling",
    "controleer_vertaling",
    "meegeleverde_vertalingen",
    "samenvatting",
    "vertaald_kader",
    "vertaald_model",
    "vertaling_voor",
    "vertalingsbestanden",
]
