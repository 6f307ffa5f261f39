"""Finding and loading frameworks: the shipped ones by id, or any file by path."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from meldwijzer.kader.engine import Afwegingskader
from meldwijzer.kader.fouten import Ernst, OnbekendKader, OngeldigKader, Probleem
from meldwijzer.kader.laden import inhoud_hash, lees_bestand, model_uit_tekst
from meldwijzer.kader.validatie import valideer

BASIS = "basis"

Kaderbron = Callable[[str, str], Afwegingskader | None]
"""Looks up ``id@versie`` (given as id and versie) somewhere else than the shipped files; None
when it does not know that version. The database layer registers one with
:func:`registreer_kaderbron`, so ``zoek_kader`` finds published versions too."""

_kaderbronnen: list[Kaderbron] = []


def _datamap() -> Path:
    return Path(str(resources.files("meldwijzer.kader") / "data"))


def meegeleverde_kaders() -> dict[str, Path]:
    """Shipped framework files by id (the file name without .yaml)."""
    return {p.stem: p for p in sorted(_datamap().glob("*.yaml"), key=lambda p: p.name)}


def meegeleverde_situaties() -> dict[str, Path]:
    """Shipped situation files (``data/situaties/<kader id>.yaml``) by framework id."""
    return {
        p.stem: p for p in sorted((_datamap() / "situaties").glob("*.yaml"), key=lambda p: p.name)
    }


@lru_cache(maxsize=1)
def _basis() -> Afwegingskader:
    return laad_tekst(meegeleverde_kaders()[BASIS].read_text(encoding="utf-8"), "basis.yaml")


def basis_item_ids() -> frozenset[str]:
    return frozenset(_basis().items)


def basis_norm_ids() -> frozenset[str]:
    return frozenset(_basis().normen)


@lru_cache(maxsize=1)
def basis_altijd_van_toepassing() -> frozenset[str]:
    """The basis items (voorwaarden) that apply to every professional: an item of a profession
    framework derived from one of them applies always too."""
    return frozenset(
        item.id
        for catalogus in _basis().model.catalogi
        for item in catalogus.items
        if item.altijd_van_toepassing
    )


def controleer_structuur(
    tekst: str, bestand: str | None = None
) -> tuple[Afwegingskader | None, list[Probleem]]:
    """Parse, schema-check and validate, but compile the framework also when its only errors
    are legal-minimum errors (the conformance report must still describe such a file).

    Returns None only when the structure itself is broken. Raises OnleesbaarKader when the text
    is not YAML at all.
    """
    try:
        model, regels = model_uit_tekst(tekst, bestand)
    except OngeldigKader as fout:
        return None, fout.problemen
    if model.id == BASIS:
        problemen = valideer(model, regels, bestand)
    else:
        problemen = valideer(model, regels, bestand, basis_item_ids(), basis_norm_ids())
    if any(p.ernst is Ernst.FOUT and not p.wettelijk_minimum for p in problemen):
        return None, problemen
    return Afwegingskader(model, inhoud_hash(model), bestand), problemen


def controleer_tekst(
    tekst: str, bestand: str | None = None
) -> tuple[Afwegingskader | None, list[Probleem]]:
    """Parse, schema-check and validate; returns the framework (when usable) and all problems.

    Raises OnleesbaarKader only when the text is not YAML at all.
    """
    kader, problemen = controleer_structuur(tekst, bestand)
    if any(p.ernst is Ernst.FOUT for p in problemen):
        return None, problemen
    return kader, problemen


def laad_tekst(tekst: str, bestand: str | None = None) -> Afwegingskader:
    kader, problemen = controleer_tekst(tekst, bestand)
    if kader is None:
        raise OngeldigKader(problemen)
    return kader


def laad_bestand(pad: Path | str) -> Afwegingskader:
    pad = Path(pad)
    return laad_tekst(lees_bestand(pad), str(pad))


@lru_cache(maxsize=32)
def _laad_meegeleverd(kader_id: str) -> Afwegingskader:
    pad = meegeleverde_kaders()[kader_id]
    return laad_tekst(pad.read_text(encoding="utf-8"), f"{kader_id}.yaml")


def _is_bestand(tekst: str) -> bool:
    pad = Path(tekst)
    return pad.suffix in {".yaml", ".yml"} or pad.exists()


def laad_kader(verwijzing: str | Path) -> Afwegingskader:
    """A shipped framework by id (``basis``), or a framework file by path."""
    tekst = str(verwijzing)
    if tekst in meegeleverde_kaders():
        return _laad_meegeleverd(tekst)
    if _is_bestand(tekst):
        return laad_bestand(Path(tekst))
    raise OnbekendKader(
        f"Onbekend kader '{tekst}': geen meegeleverd kader ("
        + ", ".join(meegeleverde_kaders())
        + ") en geen bestand met die naam."
    )


def registreer_kaderbron(bron: Kaderbron) -> None:
    """Let :func:`zoek_kader` also find ``id@versie`` in another store (the database)."""
    if bron not in _kaderbronnen:
        _kaderbronnen.append(bron)


def zoek_kader(verwijzing: str | Path) -> Afwegingskader:
    """An installed framework by id, a version by ``id@versie``, or a framework file.

    Versions are looked up in the registered framework sources first, then among the shipped
    frameworks, whose one installed version must match.
    """
    tekst = str(verwijzing)
    if "@" not in tekst or Path(tekst).exists():
        return laad_kader(tekst)
    kader_id, _, versie = tekst.partition("@")
    if not kader_id or not versie:
        raise OnbekendKader(
            f"'{tekst}' is geen geldige verwijzing; schrijf ID, ID@VERSIE (bijvoorbeeld "
            "basis@2018.2) of een bestandsnaam."
        )
    for bron in _kaderbronnen:
        gevonden = bron(kader_id, versie)
        if gevonden is not None:
            return gevonden
    if kader_id not in meegeleverde_kaders():
        raise OnbekendKader(
            f"Kader '{kader_id}' is niet geïnstalleerd; geïnstalleerd zijn: "
            + ", ".join(meegeleverde_kaders())
            + "."
        )
    kader = _laad_meegeleverd(kader_id)
    if kader.versie != versie:
        raise OnbekendKader(
            f"Versie {versie} van kader {kader_id} is niet geïnstalleerd; geïnstalleerd is "
            f"versie {kader.versie}."
        )
    return kader
