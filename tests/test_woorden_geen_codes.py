"""Words, not codes: what a person reads names a chapter of the Basisdocument as 'hoofdstuk N',
never 'H3' (the engine's citation data keeps its short form, DESIGN.md 'Citations', and the
pages turn it into words with the ``bronvermelding`` filter); and the project's own texts name
a thing or point to an ADR or a doc section, never to a tracker number."""

from __future__ import annotations

import ast
import re
from pathlib import Path

WORTEL = Path(__file__).resolve().parents[1]
BRON = WORTEL / "src" / "meldwijzer"
HOOFDSTUKCODE = re.compile(r"\bH[1-5]\b")
# "fout(en)", "keten(s)": a count says its noun in the right number (meldwijzer.telwoord, ngettext).
HAAKJESMEERVOUD = re.compile(r"\w\((?:en|s)\)")
# Quoted from the JGZ dossier standard, as it names the element.
GECITEERD = {"De (blijvende) zorgen zijn gedeeld met de jeugdige/ouder(s)/verzorger(s)"}
TRACKERNUMMER = re.compile(r"\b[Ii]ssues? ?#?\d+")


def _docstrings(boom: ast.AST) -> set[int]:
    soorten = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(knoop.body[0].value)
        for knoop in ast.walk(boom)
        if isinstance(knoop, soorten)
        and knoop.body
        and isinstance(knoop.body[0], ast.Expr)
        and isinstance(knoop.body[0].value, ast.Constant)
    }


def _teksten_voor_mensen() -> list[tuple[str, str]]:
    """(where, text) for every string in the code that is not a docstring — messages, labels,
    validator and service errors — and every template line without its comments."""
    teksten = []
    for pad in sorted(BRON.rglob("*.py")):
        if "tests" in pad.parts or "migrations" in pad.parts:
            continue
        boom = ast.parse(pad.read_text(encoding="utf-8"))
        docs = _docstrings(boom)
        for knoop in ast.walk(boom):
            if (
                isinstance(knoop, ast.Constant)
                and isinstance(knoop.value, str)
                and id(knoop) not in docs
            ):
                teksten.append((f"{pad.relative_to(WORTEL)}:{knoop.lineno}", knoop.value))
    for pad in sorted(BRON.rglob("templates/**/*.html")):
        for nr, regel in enumerate(pad.read_text(encoding="utf-8").splitlines(), start=1):
            teksten.append((f"{pad.relative_to(WORTEL)}:{nr}", re.sub(r"\{#.*?#\}", "", regel)))
    return teksten


def test_geen_hoofdstukcode_in_tekst_voor_mensen() -> None:
    gevonden = [f"{w}: {t[:80]!r}" for w, t in _teksten_voor_mensen() if HOOFDSTUKCODE.search(t)]
    assert not gevonden, "\n".join(gevonden)


def test_een_aantal_in_het_goede_getal() -> None:
    gevonden = [
        f"{w}: {t[:80]!r}"
        for w, t in _teksten_voor_mensen()
        if HAAKJESMEERVOUD.search(t) and t not in GECITEERD
    ]
    assert not gevonden, "\n".join(gevonden)


def test_geen_trackernummers() -> None:
    mappen = ["src", "tests", "bench", "docs", "scripts", "deploy", ".ci"]
    bestanden = [WORTEL / n for n in ("README.md", "CHANGELOG.md", "Makefile", "pyproject.toml")]
    for naam in mappen:
        bestanden += [
            p
            for p in (WORTEL / naam).rglob("*")
            if p.is_file()
            and p.suffix in {".py", ".md", ".html", ".css", ".js", ".yaml", ".yml", ".sh", ""}
            and "node_modules" not in p.parts
        ]
    gevonden = []
    for pad in bestanden:
        if not pad.exists():
            continue
        try:
            tekst = pad.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for nr, regel in enumerate(tekst.splitlines(), start=1):
            if TRACKERNUMMER.search(regel):
                gevonden.append(f"{pad.relative_to(WORTEL)}:{nr}: {regel.strip()[:100]}")
    assert not gevonden, "\n".join(gevonden)


def _kaderteksten() -> list[tuple[str, str]]:
    """(where, text) for every text of the shipped frameworks and their translations that a
    person reads: string values, not ids, keys or references to other items."""
    import yaml

    niet_gelezen = {"id", "uitwerking_van", "ontleend_aan", "volgende", "route", "routes",
                    "afweging", "afwegingen", "afwegingen_van", "soort", "rol", "status",
                    "versie", "versies", "formaat", "acties", "norm", "url", "sector"}  # fmt: skip
    teksten: list[tuple[str, str]] = []

    def loop(waarde: object, pad: str) -> None:
        if isinstance(waarde, dict):
            for sleutel, kind in waarde.items():
                if str(sleutel) not in niet_gelezen:
                    loop(kind, f"{pad}.{sleutel}")
        elif isinstance(waarde, list):
            for i, kind in enumerate(waarde):
                loop(kind, f"{pad}[{i}]")
        elif isinstance(waarde, str):
            teksten.append((pad, waarde))

    data = BRON / "kader" / "data"
    for bestand in sorted([*data.glob("*.yaml"), *(data / "vertalingen").glob("*.yaml")]):
        loop(yaml.safe_load(bestand.read_text(encoding="utf-8")), bestand.name)
    return teksten


def test_geen_hoofdstukcode_in_de_teksten_van_een_kader() -> None:
    """The shipped frameworks' own words too: a person reads 'hoofdstuk 4' (or 'chapter 4'),
    where a citation's data says 'H4' (the ``bron`` blocks are data, shown through the filter)."""
    gevonden = [
        f"{w}: {t[:80]!r}"
        for w, t in _kaderteksten()
        if HOOFDSTUKCODE.search(t) and ".bron." not in w + "." and not w.endswith(".hoofdstuk")
    ]
    assert not gevonden, "\n".join(gevonden)
