"""A name that starts with an underscore belongs to its module: no other module of the
application imports it (docs/adr/0018). What modules share is public, under a name that says
what it does (``dossier.services.bouwstenen`` for the services' plumbing).

Test modules may share private helpers between them: they are not part of the application.
The scan returns its findings, so the test can show that it notices such an import."""

from __future__ import annotations

import ast
from pathlib import Path

BRON = Path(__file__).resolve().parents[1] / "src" / "meldwijzer"


def prive_imports(tekst: str) -> list[str]:
    """``module.name`` for every private name ``tekst`` imports from a meldwijzer module or a
    sibling (relative import); dunders such as ``__version__`` are public."""
    gevonden = []
    for knoop in ast.walk(ast.parse(tekst)):
        if not isinstance(knoop, ast.ImportFrom):
            continue
        module = knoop.module or ""
        if not (knoop.level or module == "meldwijzer" or module.startswith("meldwijzer.")):
            continue
        for alias in knoop.names:
            naam = alias.name
            if naam.startswith("_") and not (naam.startswith("__") and naam.endswith("__")):
                gevonden.append(f"{'.' * knoop.level}{module}.{naam}")
    return gevonden


def _applicatiemodules() -> list[Path]:
    return [
        pad
        for pad in sorted(BRON.rglob("*.py"))
        if "tests" not in pad.parts and "migrations" not in pad.parts and pad.name != "conftest.py"
    ]


def test_de_scan_ziet_een_prive_import():
    assert prive_imports("from meldwijzer.web.views.auth import _rond_af, klaar\n") == [
        "meldwijzer.web.views.auth._rond_af"
    ]
    assert prive_imports("def f():\n    from ._basis import _fout\n") == ["._basis._fout"]
    assert prive_imports("from meldwijzer import __version__\nfrom os import _exit\n") == []


def test_geen_module_importeert_de_prive_namen_van_een_andere():
    gevonden = {
        str(pad.relative_to(BRON)): namen
        for pad in _applicatiemodules()
        if (namen := prive_imports(pad.read_text(encoding="utf-8")))
    }
    assert gevonden == {}
