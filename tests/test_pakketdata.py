"""Every file the application reads at run time travels with the package: a file beside the code
that no ``[tool.setuptools.package-data]`` pattern names works from a checkout (editable install)
but is missing from a built wheel — the reminder e-mail's template once was."""

from __future__ import annotations

import tomllib
from pathlib import Path

WORTEL = Path(__file__).resolve().parents[1]
BRON = WORTEL / "src"


def _gedekt() -> set[Path]:
    instellingen = tomllib.loads((WORTEL / "pyproject.toml").read_text(encoding="utf-8"))
    patronen = instellingen["tool"]["setuptools"]["package-data"]
    gedekt: set[Path] = set()
    for pakket, lijst in patronen.items():
        map_ = BRON / pakket.replace(".", "/")
        for patroon in lijst:
            gedekt |= {p for p in map_.glob(patroon) if p.is_file()}
    return gedekt


def test_elk_gegevensbestand_gaat_mee_in_het_pakket() -> None:
    gegevens = [
        p
        for p in (BRON / "meldwijzer").rglob("*")
        if p.is_file()
        and p.suffix not in {".py", ".pyc"}
        and "__pycache__" not in p.parts
        and "tests" not in p.parts
    ]
    assert gegevens
    ontbreekt = sorted(str(p.relative_to(BRON)) for p in set(gegevens) - _gedekt())
    assert not ontbreekt, "niet in [tool.setuptools.package-data]:\n" + "\n".join(ontbreekt)
