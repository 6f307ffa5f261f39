"""Finding and loading frameworks: the shipped ones by id, or any file by path."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from meldwijzer.kader.engine import Afwegingskader
from meldwijzer.kader.fouten import Ernst, OnbekendKader, OngeldigKader, Probleem
from meldwijzer.kader.laden import inhoud_hash, lees_bestand, model_uit_tekst
from meldwijzer.kader.validatie import valideer

BASIS = "basis"


def meegeleverde_kaders() -> dict[str, Path]:
    """Shipped framework files by id (the file name without .yaml)."""
    map_ = resources.files("meldwijzer.kader") / "data"
    return {
        Path(str(p)).stem: Path(str(p))
        for p in sorted(map_.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".yaml")
    }


@lru_cache(maxsize=1)
def basis_item_ids() -> frozenset[str]:
    kader = laad_tekst(meegeleverde_kaders()[BASIS].read_text(encoding="utf-8"), "basis.yaml")
    return frozenset(kader.items)


def controleer_tekst(
    tekst: str, bestand: str | None = None
) -> tuple[Afwegingskader | None, list[Probleem]]:
    """Parse, schema-check and validate; returns the framework (when usable) and all problems.

    Raises OnleesbaarKader only when the text is not YAML at all.
    """
    try:
        model, regels = model_uit_tekst(tekst, bestand)
    except OngeldigKader as fout:
        return None, fout.problemen
    basis_ids = None if model.id == BASIS else basis_item_ids()
    problemen = valideer(model, regels, bestand, basis_ids)
    if any(p.ernst is Ernst.FOUT for p in problemen):
        return None, problemen
    return Afwegingskader(model, inhoud_hash(model), bestand), problemen


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


def laad_kader(verwijzing: str | Path) -> Afwegingskader:
    """A shipped framework by id (``basis``), or a framework file by path."""
    tekst = str(verwijzing)
    if tekst in meegeleverde_kaders():
        return _laad_meegeleverd(tekst)
    pad = Path(tekst)
    if pad.suffix in {".yaml", ".yml"} or pad.exists():
        return laad_bestand(pad)
    raise OnbekendKader(
        f"Onbekend kader '{tekst}': geen meegeleverd kader ("
        + ", ".join(meegeleverde_kaders())
        + ") en geen bestand met die naam."
    )
