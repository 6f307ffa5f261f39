"""`meldwijzer afwegen` driven with piped input, as a script or a test would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def afwegen(invoer: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "meldwijzer.cli", "afwegen", *args],
        input=invoer,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_volledige_wandeling_naar_melden(tmp_path: Path) -> None:
    opslag = tmp_path / "antwoorden.json"
    p = afwegen("ja\nja\nja\nnee\n", "--opslaan", str(opslag))
    assert p.returncode == 0, p.stderr
    uit = p.stdout
    assert "Afweging 1" in uit and "Afweging 4" in uit and "Afweging 5" not in uit
    assert "→ Melden bij Veilig Thuis" in uit
    assert "samen met Veilig Thuis" in uit
    assert "Professionele norm N2 (H3, Afweging 2, Professionele norm)" in uit
    assert "Professionele norm N4" in uit
    assert "Uitkomst van het afwegingskader" in uit
    data = json.loads(opslag.read_text())
    assert data["antwoorden"] == {"1": "ja", "2": "ja", "3": "ja", "4": "nee"}
    beslist = subprocess.run(
        [
            sys.executable,
            "-m",
            "meldwijzer.cli",
            "kader",
            "beslis",
            "basis",
            "--antwoorden",
            str(opslag),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(beslist.stdout)["acties"] == ["melden"]


def test_afsluiten_bij_1_nee() -> None:
    p = afwegen("nee\n")
    assert p.returncode == 0
    assert "Afsluiten en vastleggen in dossier" in p.stdout
    assert "Afweging 2" not in p.stdout


def test_lijst_vinken_en_waarschuwing() -> None:
    p = afwegen("ja\nl\nv 4\nnee\ns\n")
    assert p.returncode == 0
    assert "Voorbeelden van acuut onveilige situaties" in p.stdout
    assert "Aangevinkt: Wapengebruik" in p.stdout
    assert "! Let op: U hebt ‘Wapengebruik’ aangevinkt" in p.stdout
    assert "Gestopt bij afweging 3" in p.stdout
    assert "Tussenstand" in p.stdout


def test_fout_antwoord_en_terug() -> None:
    p = afwegen("misschien\nja\nt\nnee\n")
    assert p.returncode == 0
    assert "Antwoord 'misschien' bij afweging '1' bestaat niet" in p.stdout
    assert "Terug naar afweging 1" in p.stdout
    assert "Afsluiten en vastleggen in dossier" in p.stdout


def test_invoer_houdt_op_midden_in_de_wandeling() -> None:
    p = afwegen("ja\n")
    assert p.returncode == 0
    assert "Gestopt bij afweging 2" in p.stdout
    assert "nog te beantwoorden: afweging 2" in p.stdout


def test_uitleg_op_verzoek() -> None:
    p = afwegen("?\nnee\n")
    assert "Ga uit van uw weging in stap 4" in p.stdout


def test_vooraf_aangevinkte_signalen_en_onbekend_signaal() -> None:
    p = afwegen("ja\nnee\ns\n", "--signalen", "kindcheck.automutilatie")
    assert "Kindcheck" in p.stdout
    fout = afwegen("", "--signalen", "bestaat.niet")
    assert fout.returncode == 2
    assert "bestaat.niet" in fout.stderr
    assert "Traceback" not in fout.stderr
