"""Translations of a framework's texts as data: read, checked against the framework, applied.

A translation is a file of its own per framework and language (``vertalingen/basis.en.yaml``
beside the framework file), keyed by the ids of the framework's items (docs/kader-formaat.md,
'Vertalingen'). It is not part of the framework: not in its content hash, not vastgesteld, and
it may improve without a new framework version. The Dutch text stays the norm; the UI shows a
translation as unofficial with the Dutch original beside it (ADR 0025).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
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
    # Which text this is: empty for a shipped file, the upload's id and hash for a translation
    # a beroepsorganisatie uploaded (so a compiled translated framework is cached per upload).
    bron: str = ""

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


@dataclass(frozen=True)
class GeuploadeVertaling:
    """A translation a beroepsorganisatie uploaded for its own framework, as the catalogue
    reports it: ``sleutel`` names the upload (its id and hash), ``tekst`` reads its file."""

    sleutel: str
    bestand: str
    tekst: Callable[[], str]


# How to find the uploaded translation of an imported framework, by framework id and language.
# The catalogue registers it when it is ready (its AppConfig): this layer imports no app
# (docs/adr/0015, docs/adr/0029). Without it only the shipped files count.
ZoekVertaling = Callable[[str, str], "GeuploadeVertaling | None"]
_zoek_geupload: ZoekVertaling | None = None


def zoek_vertalingen_met(zoeker: ZoekVertaling | None) -> None:
    global _zoek_geupload
    _zoek_geupload = zoeker


# Keyed by the framework's hash, id and language, and the upload (empty for a shipped file): a
# new upload has a new key, so it shows at once; the key of the text it replaced is dropped.
_Cachesleutel = tuple[str, str, str, str]
_geladen: dict[_Cachesleutel, Vertaling | None] = {}
_cache_lock = threading.Lock()


def _passend(verslag: Vertaalverslag | None, kader: Afwegingskader) -> Vertaling | None:
    if verslag is None or verslag.vertaling is None:
        return None
    return verslag.vertaling if verslag.vertaling.geldt_voor(kader) else None


def _onthoud(sleutel: _Cachesleutel, vertaling: Vertaling | None) -> Vertaling | None:
    with _cache_lock:
        for oud in [k for k in _geladen if k[:3] == sleutel[:3] and k != sleutel]:
            del _geladen[oud]
        _geladen[sleutel] = vertaling
    return vertaling


@functools.lru_cache(maxsize=512)
def _meegeleverd(kader_id: str, taal: str) -> tuple[bool, Path | None]:
    """Whether a framework id is shipped, and its shipped translation into ``taal`` (the files
    shipped do not change while the app runs)."""
    data = Path(str(resources.files("meldwijzer.kader") / "data"))
    return (data / f"{kader_id}.yaml").is_file(), meegeleverde_vertalingen(kader_id).get(taal)


def vertaling_voor(kader: Afwegingskader, taal: str) -> Vertaling | None:
    """The translation of this framework version into ``taal``: the shipped file, or for an
    imported framework the one its beroepsorganisatie uploaded (the current upload, asked of
    the catalogue). None when there is none, when it does not name this version, or when it
    does not fit this version's ids (the UI then shows the Dutch only; ``kader valideer`` and
    the upload's report say why)."""
    taal = taal.lower()
    if taal == BRONTAAL or not _TAALCODE.fullmatch(taal):
        return None
    meegeleverd, pad = _meegeleverd(kader.id, taal)
    if pad is not None:
        sleutel: _Cachesleutel = (kader.hash, kader.id, taal, "")
        if sleutel in _geladen:
            return _geladen.get(sleutel)
        try:
            verslag: Vertaalverslag | None = lees_vertaling(pad, kader)
        except OnleesbaarKader:
            verslag = None
        return _onthoud(sleutel, _passend(verslag, kader))
    if meegeleverd or _zoek_geupload is None:
        return None  # a shipped framework is translated by shipped files only
    geupload = _zoek_geupload(kader.id, taal)
    if geupload is None:
        return None
    sleutel = (kader.hash, kader.id, taal, geupload.sleutel)
    if sleutel in _geladen:
        return _geladen.get(sleutel)
    try:
        verslag = controleer_vertaling(geupload.tekst(), geupload.bestand, kader)
    except OnleesbaarKader:
        verslag = None
    gevonden = _passend(verslag, kader)
    if gevonden is not None:
        gevonden = replace(gevonden, bron=geupload.sleutel)
    return _onthoud(sleutel, gevonden)


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


_vertaalde_kaders: dict[_Cachesleutel, Afwegingskader] = {}


def vertaald_kader(kader: Afwegingskader, taal: str) -> Afwegingskader | None:
    """The framework compiled with its translation into ``taal``, for showing only:
    the same ids, hash and decisions, the texts translated (None without a translation). A page
    shows its texts beside the Dutch ones of ``kader``, never in their place (ADR 0025)."""
    vertaling = vertaling_voor(kader, taal)
    if vertaling is None:
        return None
    sleutel = (kader.hash, kader.id, vertaling.taal, vertaling.bron)
    gevonden = _vertaalde_kaders.get(sleutel)
    if gevonden is None:
        model = vertaald_model(kader, vertaling)
        gevonden = Afwegingskader(model, kader.hash, kader.bestand)
        with _cache_lock:
            for oud in [k for k in _vertaalde_kaders if k[:3] == sleutel[:3] and k != sleutel]:
                del _vertaalde_kaders[oud]
            _vertaalde_kaders[sleutel] = gevonden
    return gevonden


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
    "GeuploadeVertaling",
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
    "zoek_vertalingen_met",
]
