"""Broken framework files each give their Dutch message at the right line, and basis round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from meldwijzer.kader import (
    Ernst,
    OngeldigKader,
    OnleesbaarKader,
    controleer_tekst,
    laad_bestand,
    laad_tekst,
)

KAPOT = Path(__file__).parent / "kaders" / "kapot"
VERWACHT: dict[str, dict[str, object]] = yaml.safe_load((KAPOT / "verwacht.yaml").read_text())


def test_elk_kapot_bestand_heeft_een_verwachting() -> None:
    bestanden = {p.stem for p in KAPOT.glob("*.yaml")} - {"verwacht"}
    assert bestanden == set(VERWACHT)


@pytest.mark.parametrize("naam", sorted(VERWACHT))
def test_kapot_bestand_geeft_zijn_melding(naam: str) -> None:
    verwacht = VERWACHT[naam]
    tekst = (KAPOT / f"{naam}.yaml").read_text(encoding="utf-8")
    if verwacht["exit"] == 2:
        with pytest.raises(OnleesbaarKader) as fout:
            controleer_tekst(tekst, f"{naam}.yaml")
        assert str(verwacht["melding"]) in str(fout.value)
        if verwacht["regel"] is not None:
            assert f"{naam}.yaml:{verwacht['regel']}:" in str(fout.value)
        return
    kader, problemen = controleer_tekst(tekst, f"{naam}.yaml")
    assert kader is None
    treffers = [p for p in problemen if str(verwacht["melding"]) in p.melding]
    assert treffers, [p.melding for p in problemen]
    assert treffers[0].regel == verwacht["regel"]
    assert treffers[0].ernst is Ernst.FOUT
    with pytest.raises(OngeldigKader):
        laad_tekst(tekst)


def test_minimaal_kader_is_geldig() -> None:
    kader = laad_bestand(Path(__file__).parent / "kaders" / "minimaal.yaml")
    assert kader.id == "minimaal"


def test_buiten_meldcode_wordt_gemeld_niet_geweigerd() -> None:
    tekst = (Path(__file__).parent / "kaders" / "beroep_voorbeeld.yaml").read_text()
    kader, problemen = controleer_tekst(tekst, "beroep_voorbeeld.yaml")
    assert kader is not None
    assert [p.ernst for p in problemen] == [Ernst.OPMERKING]
    assert "valt buiten de meldcode" in problemen[0].melding


def test_formattering_telt_niet_mee_in_de_hash() -> None:
    pad = Path(__file__).parent / "kaders" / "minimaal.yaml"
    tekst = pad.read_text(encoding="utf-8")
    anders = "# andere opmaak\n" + tekst.replace(
        "titel: Minimaal kader", "titel:   'Minimaal kader'"
    )
    assert laad_tekst(tekst).hash == laad_tekst(anders).hash
    gewijzigd = tekst.replace("titel: Minimaal kader", "titel: Ander kader")
    assert laad_tekst(tekst).hash != laad_tekst(gewijzigd).hash


def test_ontbrekend_bestand() -> None:
    with pytest.raises(OnleesbaarKader, match="bestand niet gevonden"):
        laad_bestand("/bestaat/niet.yaml")
