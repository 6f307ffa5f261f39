"""No test imports from a conftest: shared test helpers live in each app's ``tests/bouwers.py``
(docs/ontwikkelen.md). A conftest holds fixtures and autouse set-up; pytest loads it itself, and a
module that imports it gets a second copy of its fixtures and depends on how pytest put it on
the path.

The scan returns its findings as lines, so the test can also show that it notices such an import:
a check that never fails proves nothing."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GEBIEDEN = (REPO / "src", REPO / "tests")


def _is_conftest(module: str) -> bool:
    return "conftest" in module.split(".")


def imports_uit_conftest(tekst: str) -> list[int]:
    """The line numbers in ``tekst`` of the imports that reach a conftest module, in any form:
    ``from meldwijzer.conftest import x``, ``from .conftest import x``, ``import
    meldwijzer.conftest``, ``from meldwijzer import conftest``; also inside a function."""
    regels = []
    for knoop in ast.walk(ast.parse(tekst)):
        if isinstance(knoop, ast.ImportFrom):
            if _is_conftest(knoop.module or "") or any(
                _is_conftest(alias.name) for alias in knoop.names
            ):
                regels.append(knoop.lineno)
        elif isinstance(knoop, ast.Import) and any(_is_conftest(a.name) for a in knoop.names):
            regels.append(knoop.lineno)
    return sorted(regels)


def overtredingen() -> list[str]:
    gevonden = []
    for gebied in GEBIEDEN:
        for pad in sorted(gebied.rglob("*.py")):
            tekst = pad.read_text(encoding="utf-8")
            for regel in imports_uit_conftest(tekst):
                gevonden.append(
                    f"{pad.relative_to(REPO)}:{regel}: {tekst.splitlines()[regel - 1].strip()}"
                )
    return gevonden


def test_geen_module_importeert_uit_een_conftest() -> None:
    gevonden = overtredingen()
    assert gevonden == [], (
        f"{len(gevonden)} imports from a conftest; import shared test helpers from the app's "
        "tests/bouwers.py instead (docs/ontwikkelen.md):\n" + "\n".join(gevonden)
    )


def test_de_scan_ziet_elke_vorm_van_conftest_import() -> None:
    tekst = "\n".join(
        [
            "from meldwijzer.conftest import GISTEREN",
            "def f():",
            "    from meldwijzer.conftest import WACHTWOORD",
            "from .conftest import maak_lid",
            "from conftest import beantwoord",
            "import meldwijzer.conftest",
            "from meldwijzer import conftest",
            "from meldwijzer import accounts, conftest as c",
            "from meldwijzer.conftest import (",
            "    VT,",
            ")",
        ]
    )
    assert imports_uit_conftest(tekst) == [1, 3, 4, 5, 6, 7, 8, 9]


def test_de_scan_laat_gewone_imports_en_tekst_staan() -> None:
    tekst = "\n".join(
        [
            "from meldwijzer.dossier.tests.bouwers import beantwoord",
            "import pytest",
            '"""Fixtures live in conftest.py; from meldwijzer.conftest import nothing."""',
            "# from meldwijzer.conftest import GISTEREN (a comment)",
            "from meldwijzer.conftests_elders import x",
        ]
    )
    assert imports_uit_conftest(tekst) == []
