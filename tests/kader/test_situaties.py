"""Test situations (OpenFisca spirit): loading with line numbers, running, what differed."""

from __future__ import annotations

import pytest

from meldwijzer.kader import Afwegingskader, OnleesbaarKader, laad_kader, meegeleverde_kaders
from meldwijzer.kader.kaders import meegeleverde_situaties
from meldwijzer.kader.situaties import (
    SituatieFout,
    als_json,
    als_tekst,
    lees_situatiebestand,
    lees_situaties,
    voer_uit,
)


def test_elk_meegeleverd_kader_heeft_situaties() -> None:
    assert set(meegeleverde_situaties()) == set(meegeleverde_kaders())


@pytest.mark.parametrize("kader_id", sorted(meegeleverde_situaties()))
def test_meegeleverde_kaders_beslissen_hun_eigen_situaties(kader_id: str) -> None:
    pad = meegeleverde_situaties()[kader_id]
    uitslag = voer_uit(laad_kader(kader_id), lees_situatiebestand(pad), str(pad))
    mislukt = [
        (u.situatie.naam, u.fout, [a.als_tekst() for a in u.afwijkingen])
        for u in uitslag.uitslagen
        if not u.geslaagd
    ]
    assert not mislukt
    assert len(uitslag.uitslagen) >= 10


def test_alleen_gegeven_sleutels_tellen(basis: Afwegingskader) -> None:
    [s] = lees_situaties(
        '- naam: alleen acties\n  antwoorden: {"1": ja, "2": ja}\n  verwacht: {acties: [melden]}\n'
    )
    assert s.verwacht.model_fields_set == {"acties"}
    assert voer_uit(basis, [s]).geslaagd  # normen, samen, volgende: not checked


def test_getallen_als_afweging_en_regelnummers() -> None:
    tekst = (
        "# commentaar\n"
        "- naam: een\n"
        "  antwoorden: {1: nee}\n"
        "  verwacht: {acties: [afsluiten], volgende_afweging: null}\n"
        "- naam: twee\n"
        "  antwoorden: {1: ja}\n"
        "  verwacht: {volgende_afweging: 2}\n"
    )
    een, twee = lees_situaties(tekst, "s.yaml")
    assert een.antwoorden == {"1": "nee"} and een.regel == 2 and een.plaats == "s.yaml:2"
    assert twee.verwacht.volgende_afweging == "2" and twee.regel == 5


def test_afwijkingen_worden_genoemd(basis: Afwegingskader) -> None:
    tekst = """\
- naam: fout verwacht
  antwoorden: {"1": ja, "2": nee, "3": nee}
  signalen: [acuut.wapen]
  verwacht:
    acties: [melden, hulp]
    normen: [N3, N9]
    samen_met_veilig_thuis: true
    volgende_afweging: "4"
    waarschuwingen: [acuut_bij_2_nee, bestaat_niet]
    hints: 3
- naam: kan niet beslissen
  antwoorden: {"1": misschien}
  verwacht: {acties: []}
"""
    uitslag = voer_uit(basis, lees_situaties(tekst, "s.yaml"), "s.yaml")
    assert not uitslag.geslaagd
    assert uitslag.telling() == {"geslaagd": 0, "mislukt": 2}
    eerste, tweede = uitslag.uitslagen
    assert [a.als_tekst() for a in eerste.afwijkingen] == [
        "acties: verwacht [melden, hulp], gekregen [melden]",
        "volgende_afweging: verwacht 4, gekregen geen (pad afgerond)",
        "normen: verwacht [N3, N9], gekregen [N3] (onbekende norm in dit kader: N9)",
        "samen_met_veilig_thuis: verwacht ja, gekregen nee",
        "waarschuwingen: verwacht [acuut_bij_2_nee, bestaat_niet], gekregen [acuut_bij_2_nee] "
        "(onbekende signaalregel in dit kader: bestaat_niet)",
        "hints: verwacht 3, gekregen 1 (geen_kindsignalen_geen_geruststelling)",
    ]
    assert tweede.fout is not None and "Antwoord 'misschien'" in tweede.fout
    tekst_uit = als_tekst(uitslag)
    assert "mislukt   fout verwacht (regel 1)" in tekst_uit
    assert "kan niet beslissen: Antwoord 'misschien'" in tekst_uit
    assert tekst_uit.rstrip().endswith("2 situaties: 0 geslaagd, 2 mislukt.")
    assert '"mislukt": 2' in als_json(uitslag)


def test_route_ontbreekt_bij_kader_met_twee_routes() -> None:
    onderwijs = laad_kader("voorbeeld-onderwijs")
    uitslag = voer_uit(
        onderwijs, lees_situaties('- naam: x\n  antwoorden: {"1": nee}\n  verwacht: {}\n')
    )
    assert uitslag.uitslagen[0].fout is not None
    assert "meerdere routes" in uitslag.uitslagen[0].fout


@pytest.mark.parametrize(
    ("tekst", "stuk"),
    [
        (
            "- naam: a\n  antwoorden: {'1': nee}\n  verwacht: {actiess: [afsluiten]}\n",
            "s.yaml:3: Onbekend veld 'actiess'",
        ),
        ("- naam: a\n  antwoorden: {'1': nee}\n", "s.yaml:1: Het veld 'verwacht' ontbreekt"),
        (
            "- naam: a\n  verwacht: {}\n- naam: a\n  verwacht: {}\n",
            "s.yaml:3: De naam 'a' staat al bij situatie 1",
        ),
        (
            "- naam: a\n  verwacht:\n    waarschuwingen: veel\n",
            "s.yaml:3: Ongeldige waarde: geef een aantal",
        ),
        (
            "- naam: a\n  verwacht:\n    samen_met_veilig_thuis: misschien\n",
            "s.yaml:3: Hier hoort true of false.",
        ),
        ("naam: a\nverwacht: {}\n", "s.yaml:1: Een situatiebestand is een lijst van situaties"),
        ("[]\n", "s.yaml:1: Het bestand bevat geen situaties."),
    ],
)
def test_fouten_in_het_situatiebestand_met_regel(tekst: str, stuk: str) -> None:
    with pytest.raises(SituatieFout) as fout:
        lees_situaties(tekst, "s.yaml")
    assert stuk in str(fout.value)
    assert all(p.regel is not None for p in fout.value.problemen)


def test_meerdere_fouten_allemaal_gemeld() -> None:
    tekst = "- naam: a\n  foo: 1\n  verwacht: {}\n- naam: b\n  verwacht: {bar: 2}\n"
    with pytest.raises(SituatieFout) as fout:
        lees_situaties(tekst, "s.yaml")
    assert [p.regel for p in fout.value.problemen] == [2, 5]
    assert str(fout.value).startswith("2 fouten in het situatiebestand:")


def test_geen_yaml_of_leeg() -> None:
    with pytest.raises(OnleesbaarKader, match=r"s\.yaml:3: geen geldige YAML"):
        lees_situaties("- naam: a\n  verwacht: {\n", "s.yaml")
    with pytest.raises(OnleesbaarKader, match="het bestand is leeg"):
        lees_situaties("", "s.yaml")
    with pytest.raises(OnleesbaarKader, match="bestand niet gevonden"):
        lees_situatiebestand("/bestaat/niet.yaml")
