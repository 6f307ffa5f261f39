"""Translations of a framework's texts as data (docs/kader-formaat.md, 'Vertalingen'; ADR 0025)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from meldwijzer.kader import Afwegingskader, OnleesbaarKader, laad_bestand, laad_kader
from meldwijzer.kader.handout_vertaald import als_markdown_vertaald
from meldwijzer.kader.kaders import meegeleverde_kaders
from meldwijzer.kader.vertaalbaar import vertaalbare_teksten
from meldwijzer.kader.vertaling import (
    Vertaling,
    controleer_vertaling,
    meegeleverde_vertalingen,
    vertaald_model,
    vertaling_voor,
)

HIER = Path(__file__).parent
FORMAAT2 = HIER / "kaders" / "formaat2.yaml"

KOP = 'vertaling_van: basis\ntaal: de\nversies: ["2018.2"]\n'


def mw(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "meldwijzer.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _controleer(tekst: str, kader: Afwegingskader, naam: str = "basis.de.yaml"):
    return controleer_vertaling(tekst, naam, kader)


def test_de_engelse_vertaling_van_basis_is_geldig_en_volledig(basis: Afwegingskader) -> None:
    pad = meegeleverde_vertalingen("basis")["en"]
    verslag = controleer_vertaling(pad.read_text(encoding="utf-8"), str(pad), basis)
    assert verslag.problemen == []
    assert verslag.vertaling is not None
    assert verslag.onvertaald == []
    assert verslag.totaal == len(vertaalbare_teksten(basis.model)) > 150
    # Every text differs from the Dutch (no Dutch left behind by accident), except names.
    gelijk = [
        s
        for s, t in verslag.vertaling.teksten.items()
        if t == {v.sleutel: v.tekst for v in vertaalbare_teksten(basis.model)}[s]
    ]
    assert gelijk == [("catalogi", "disclosure", "titel")]


@pytest.mark.parametrize("kader_id", ["voorbeeld-kinderopvang", "voorbeeld-jgz"])
def test_de_engelse_vertaling_van_een_voorbeeld_is_volledig(kader_id: str) -> None:
    """The childcare and JGZ examples ship a complete English translation: every text, with the
    deciding signal's gevolg, the termijnen and the reasons of routes outside the meldcode."""
    kader = laad_kader(kader_id)
    pad = meegeleverde_vertalingen(kader_id)["en"]
    verslag = controleer_vertaling(pad.read_text(encoding="utf-8"), str(pad), kader)
    assert verslag.problemen == []
    assert verslag.vertaling is not None and verslag.vertaling.geldt_voor(kader)
    assert verslag.onvertaald == []
    nederlands = {v.sleutel: v.tekst for v in vertaalbare_teksten(kader.model)}
    assert verslag.totaal == len(nederlands) > 100
    assert [s for s, t in verslag.vertaling.teksten.items() if t == nederlands[s]] == []


@pytest.mark.parametrize("kader_id", sorted(meegeleverde_kaders()))
def test_elke_meegeleverde_vertaling_past_bij_haar_kader(kader_id: str) -> None:
    kader = laad_kader(kader_id)
    for taal, pad in meegeleverde_vertalingen(kader_id).items():
        verslag = controleer_vertaling(pad.read_text(encoding="utf-8"), str(pad), kader)
        assert verslag.vertaling is not None, (taal, [p.als_tekst() for p in verslag.problemen])
        assert verslag.vertaling.geldt_voor(kader)


def test_onbekende_ids_geweigerd_met_regel_en_nederlandse_melding(
    basis: Afwegingskader,
) -> None:
    tekst = (
        KOP
        + "teksten:\n"  # line 4
        + "  items:\n"
        + "    acuut.wapen: {tekst: Waffengebrauch}\n"
        + "    acuut.bestaat_niet: {tekst: x}\n"  # line 7
        + "    acuut.letsel: {uitleg: y}\n"  # line 8
        + "  normen:\n"
        + "    N9: {tekst: x}\n"  # line 10
        + "  routes:\n"
        + "    standaard:\n"
        + "      afwegingen:\n"
        + '        "1":\n'
        + "          opties:\n"
        + "            misschien: {label: Vielleicht}\n"  # line 16
        + "  onzin: 3\n"  # line 17
    )
    verslag = _controleer(tekst, basis)
    assert verslag.vertaling is None
    per_regel = {p.regel: p.melding for p in verslag.problemen}
    assert set(per_regel) == {7, 8, 10, 16, 17}
    assert "Er is geen item 'acuut.bestaat_niet' in kader 'basis'" in per_regel[7]
    assert "'uitleg' is geen vertaalbare tekst van item 'acuut.letsel'" in per_regel[8]
    assert "vertaalbaar zijn hier: 'tekst'" in per_regel[8]
    assert "Er is geen norm 'N9'" in per_regel[10]
    assert "Er is geen antwoord 'misschien'" in per_regel[16]
    assert "'onzin' is geen onderdeel van een vertaling" in per_regel[17]


def test_gedeeltelijke_vertaling_noemt_wat_onvertaald_is(basis: Afwegingskader) -> None:
    tekst = KOP + "teksten:\n  items:\n    acuut.wapen: {tekst: Waffengebrauch}\n"
    verslag = _controleer(tekst, basis)
    assert verslag.vertaling is not None
    assert verslag.vertaling.tekst("items", "acuut.wapen", "tekst") == "Waffengebrauch"
    assert len(verslag.onvertaald) == verslag.totaal - 1
    namen = verslag.als_dict()["onvertaald"]
    assert isinstance(namen, list)
    assert "kader.titel" in namen and "routes.standaard.afwegingen.2.vraag" in namen
    assert "items[acuut.wapen].tekst" not in namen


def test_plek_van_het_signaal_moet_blijven(basis: Afwegingskader) -> None:
    zonder = KOP + "teksten:\n  signaalregels:\n    acuut_bij_2_nee: {tekst: Angekreuzt.}\n"
    verslag = _controleer(zonder, basis)
    assert verslag.vertaling is None
    assert "{item}" in verslag.problemen[0].melding and verslag.problemen[0].regel == 6
    erbij = KOP + "teksten:\n  normen:\n    N2: {tekst: 'Norm {item}'}\n"
    assert _controleer(erbij, basis).vertaling is None


@pytest.mark.parametrize(
    ("kop", "stuk"),
    [
        ('vertaling_van: ander\ntaal: de\nversies: ["2018.2"]\n', "niet van 'basis'"),
        ('vertaling_van: basis\ntaal: nl\nversies: ["2018.2"]\n', "Het Nederlands is de taal"),
        ('vertaling_van: basis\ntaal: fr\nversies: ["2018.2"]\n', "bestandsnaam zegt taal 'de'"),
        ('vertaling_van: basis\ntaal: Duits\nversies: ["2018.2"]\n', "'Duits' is geen taalcode"),
        ("vertaling_van: basis\ntaal: de\n", "'versies' ontbreekt"),
    ],
)
def test_kop_van_de_vertaling(basis: Afwegingskader, kop: str, stuk: str) -> None:
    verslag = _controleer(kop + "teksten: {}\n", basis)
    assert verslag.vertaling is None
    assert any(stuk in p.melding for p in verslag.problemen), verslag.problemen


def test_andere_versie_wordt_niet_getoond(basis: Afwegingskader) -> None:
    tekst = 'vertaling_van: basis\ntaal: de\nversies: ["2018.1"]\nteksten: {}\n'
    verslag = _controleer(tekst, basis)
    assert verslag.vertaling is not None
    assert not verslag.vertaling.geldt_voor(basis)
    assert [p.ernst.value for p in verslag.problemen] == ["opmerking"]
    assert "noemt versie 2018.2 van het kader niet" in verslag.problemen[0].melding


def test_geen_yaml_is_onleesbaar(basis: Afwegingskader) -> None:
    with pytest.raises(OnleesbaarKader):
        _controleer("teksten: [\n", basis)


def test_vertaald_model_laat_het_nederlandse_kader_ongemoeid(basis: Afwegingskader) -> None:
    vertaling = vertaling_voor(basis, "en")
    assert vertaling is not None
    hash_ervoor = basis.hash
    engels = vertaald_model(basis, vertaling)
    assert engels.routes[0].afwegingen[1].vraag.startswith("Based on steps 1 to 4")
    assert engels.normen[3].tekst.startswith("Reporting suspicions")
    assert engels.catalogi[0].items[3].tekst == "Use of a weapon"
    # ids, citations and structure stay as they were
    assert engels.routes[0].afwegingen[1].bron == basis.model.routes[0].afwegingen[1].bron
    assert [n.id for n in engels.normen] == [n.id for n in basis.model.normen]
    assert basis.model.routes[0].afwegingen[1].vraag.startswith("Schat ik")
    assert basis.hash == hash_ervoor
    assert vertaling_voor(basis, "nl") is None
    assert vertaling_voor(basis, "xx") is None
    assert vertaling_voor(basis, "../en") is None


def test_overgenomen_route_houdt_zijn_vertaling() -> None:
    """A route written with afwegingen_van: its translated texts are not overwritten by the
    Dutch 'aanpassingen' when the translated model is built."""
    kader = laad_bestand(FORMAAT2)
    overgenomen = next(r for r in kader.model.routes if r.afwegingen_van)
    afweging = next(a for a in overgenomen.afwegingen if a.id in overgenomen.aanpassingen)
    tekst = (
        f'vertaling_van: {kader.id}\ntaal: en\nversies: ["{kader.versie}"]\nteksten:\n'
        f"  routes:\n    {overgenomen.id}:\n      afwegingen:\n"
        f'        "{afweging.id}": {{vraag: Translated question}}\n'
    )
    verslag = controleer_vertaling(tekst, "formaat2.en.yaml", kader)
    assert verslag.vertaling is not None, verslag.problemen
    engels = vertaald_model(kader, verslag.vertaling)
    route = next(r for r in engels.routes if r.id == overgenomen.id)
    assert next(a for a in route.afwegingen if a.id == afweging.id).vraag == "Translated question"


def test_valideer_meldt_per_taal_en_weigert_onbekende_ids(tmp_path: Path) -> None:
    basisbestand = meegeleverde_kaders()["basis"]
    shutil.copy(basisbestand, tmp_path / "basis.yaml")
    (tmp_path / "vertalingen").mkdir()
    (tmp_path / "vertalingen" / "basis.de.yaml").write_text(
        KOP + "teksten:\n  items:\n    acuut.wapen: {tekst: Waffengebrauch}\n", encoding="utf-8"
    )
    p = mw("kader", "valideer", str(tmp_path / "basis.yaml"))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "vertaling 'de'" in p.stdout and "1 van 163 teksten vertaald" in p.stdout
    assert "162 onvertaald" in p.stdout and "kader.titel" in p.stdout

    p = mw("kader", "valideer", str(tmp_path / "basis.yaml"), "--format", "json")
    uit = json.loads(p.stdout)
    assert uit["vertalingen"][0]["taal"] == "de"
    assert uit["vertalingen"][0]["vertaald"] == 1

    (tmp_path / "vertalingen" / "basis.de.yaml").write_text(
        KOP + "teksten:\n  items:\n    acuut.geen_item: {tekst: x}\n", encoding="utf-8"
    )
    p = mw("kader", "valideer", str(tmp_path / "basis.yaml"))
    assert p.returncode == 1
    assert "basis.de.yaml:6: Er is geen item 'acuut.geen_item'" in p.stdout
    assert "Traceback" not in p.stderr


def test_valideer_meegeleverd_basis_noemt_de_engelse_vertaling() -> None:
    p = mw("kader", "valideer", str(meegeleverde_kaders()["basis"]))
    assert p.returncode == 0
    assert "vertaling 'en'" in p.stdout and "niets onvertaald" in p.stdout


def test_valideer_met_losse_vertaling(tmp_path: Path) -> None:
    los = tmp_path / "basis.de.yaml"
    los.write_text(KOP + "teksten:\n  kader: {titel: Grundrahmen}\n", encoding="utf-8")
    p = mw("kader", "valideer", str(meegeleverde_kaders()["basis"]), "--vertaling", str(los))
    assert p.returncode == 0, p.stdout
    assert "vertaling 'de'" in p.stdout and "vertaling 'en'" in p.stdout


def test_toon_in_het_engels() -> None:
    p = mw("kader", "toon", "basis", "--taal", "en")
    assert p.returncode == 0, p.stderr
    uit = p.stdout
    assert "**Unofficial translation (en).**" in uit
    assert "Based on steps 1 to 4 of the reporting code, do I judge" in uit
    assert "Use of a weapon · `acuut.wapen`" in uit
    assert "### N2 — Professional norm at consideration 2" in uit
    assert "You ticked ‘…’: an example of acute unsafety" in uit
    # citations stay Dutch; no Dutch question or list item is left
    assert "*Source (Dutch): H3, Afweging 2*" in uit
    assert "Schat ik" not in uit and "Wapengebruik" not in uit
    assert "every text translated.*" in uit and "(Dutch, not translated)" not in uit


def test_toon_met_onvolledige_vertaling_naast_een_bestand(tmp_path: Path) -> None:
    shutil.copy(meegeleverde_kaders()["basis"], tmp_path / "basis.yaml")
    (tmp_path / "vertalingen").mkdir()
    (tmp_path / "vertalingen" / "basis.de.yaml").write_text(
        KOP + "teksten:\n  items:\n    acuut.wapen: {tekst: Waffengebrauch}\n", encoding="utf-8"
    )
    p = mw("kader", "toon", str(tmp_path / "basis.yaml"), "--taal", "de")
    assert p.returncode == 0, p.stderr
    assert "Waffengebrauch · `acuut.wapen`" in p.stdout
    assert "Wapengebruik" not in p.stdout
    assert "Poging tot verwurging *(Dutch, not translated)*" in p.stdout
    assert "; 162 texts not translated.*" in p.stdout


@pytest.mark.parametrize(
    ("args", "stuk"),
    [
        (("--taal", "de"), "heeft geen vertaling 'de' (vertalingen: en)"),
        (("--taal", "en", "--format", "json"), "--taal werkt alleen met --format markdown"),
    ],
)
def test_toon_in_een_taal_zonder_vertaling(args: tuple[str, ...], stuk: str) -> None:
    p = mw("kader", "toon", "basis", *args)
    assert p.returncode == 2
    assert p.stdout == "" and "Traceback" not in p.stderr
    assert stuk in p.stderr


def test_toon_in_het_nederlands_blijft_gelijk() -> None:
    assert (
        mw("kader", "toon", "basis", "--taal", "nl").stdout == mw("kader", "toon", "basis").stdout
    )


def test_vertaald_afdrukken_van_formaat_2_zonder_vertaalde_teksten() -> None:
    """Every format-2 text (termijnen, a deciding signal's gevolg, conditional actions) is
    printed, in Dutch and marked, when the translation does not give it."""
    kader = laad_bestand(FORMAAT2)
    leeg = Vertaling(kader.id, "en", (kader.versie,), {})
    uit = als_markdown_vertaald(kader, leeg)
    totaal = len(vertaalbare_teksten(kader.model))
    assert uit.count("*(Dutch, not translated)*") >= totaal - 5
    assert "Ticking this decides:" in uit and "deadline: within" in uit
    assert "if consideration" in uit


def test_valideer_van_een_vertalingsbestand_wijst_naar_het_kader() -> None:
    pad = meegeleverde_vertalingen("basis")["en"]
    p = mw("kader", "valideer", str(pad))
    assert p.returncode == 2 and p.stdout == ""
    assert "is een vertaling, geen kader" in p.stderr and "--vertaling" in p.stderr
