"""No module of the application is longer than 600 lines (migrations excepted): a room a
newcomer can read in one go (docs/adr/0015; the splits of the flowchart, the generator and the
backup into packages)."""

from __future__ import annotations

from pathlib import Path

BRON = Path(__file__).resolve().parents[1] / "src" / "meldwijzer"
GRENS = 600


def te_lang(paden: list[Path], grens: int = GRENS) -> dict[str, int]:
    return {
        str(pad.relative_to(BRON)): regels
        for pad in paden
        if (regels := len(pad.read_text(encoding="utf-8").splitlines())) > grens
    }


def test_de_telling_ziet_een_te_lange_module():
    lang = BRON / "kader" / "fhir.py"
    assert te_lang([lang], grens=10) == {"kader/fhir.py": len(lang.read_text().splitlines())}


def test_geen_module_langer_dan_600_regels():
    modules = [p for p in sorted(BRON.rglob("*.py")) if "migrations" not in p.parts]
    assert te_lang(modules) == {}
