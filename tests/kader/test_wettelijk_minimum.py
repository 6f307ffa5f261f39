"""The legal minimum cannot be bypassed: each way around it is refused with a Dutch sentence and
its line, each variant a profession may choose stays valid, and no generated framework that
passes validation reaches help before the onveiligheid afweging (docs/kader-formaat.md, 'Wat
`kader valideer` controleert')."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from kadergenerator import genereer_vrij_kader_dict

from meldwijzer.kader import Afwegingskader, Ernst, Probleem, controleer_tekst
from meldwijzer.kader.minimum import (
    GEEN_HULP_VOOR_ONVEILIGHEID,
    LABEL_EN_BETEKENIS,
    MELDEN_BIJ_ONVEILIGHEID,
    ROUTE_BINNEN_MELDCODE,
    betekenis_van_label,
)
from meldwijzer.kader.model import ActieSoort, Betekenis, Rol
from meldwijzer.kader.paden import paden
from meldwijzer.kader.toets import toets_tekst

MINIMAAL = Path(__file__).parent / "kaders" / "minimaal.yaml"
HULPSOORTEN = {ActieSoort.HULP, ActieSoort.HULP_AFSLUITEN}


def _minimaal() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINIMAAL.read_text(encoding="utf-8"))
    data["acties"].append(
        {"id": "hulp_afsluiten", "soort": "hulp_afsluiten", "label": "Hulp afsluiten"}
    )
    return data


def _afweging(data: dict[str, Any], afweging: str, route: int = 0) -> dict[str, Any]:
    return next(a for a in data["routes"][route]["afwegingen"] if a["id"] == afweging)


def _optie(data: dict[str, Any], afweging: str, optie: str) -> dict[str, Any]:
    return next(o for o in _afweging(data, afweging)["opties"] if o["id"] == optie)


def _controleer(data: dict[str, Any]) -> tuple[Afwegingskader | None, list[Probleem]]:
    return controleer_tekst(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "k.yaml")


def _fouten(data: dict[str, Any]) -> list[Probleem]:
    return [p for p in _controleer(data)[1] if p.ernst is Ernst.FOUT]


def _geldig(data: dict[str, Any]) -> Afwegingskader:
    kader, problemen = _controleer(data)
    assert kader is not None, [p.als_tekst() for p in problemen]
    return kader


# --- the three ways around it, refused ---------------------------------------------------------


def _alles_buiten(data: dict[str, Any]) -> None:
    for route in data["routes"]:
        route["buiten_meldcode"] = {"reden": "Een andere meldplicht.", "bron": "Een andere wet"}


def _ja_betekent_nee(data: dict[str, Any]) -> None:
    _optie(data, "2", "ja")["betekenis"] = "nee"
    _afweging(data, "2")["opties"].append(
        {"id": "twijfel", "label": "Twijfel", "betekenis": "ja", "acties": ["melden"], "norm": "N"}
    )


def _hulp_afsluiten_langs_onveiligheid(data: dict[str, Any]) -> None:
    _afweging(data, "1")["opties"].append(
        {"id": "hulp_loopt", "label": "Er loopt al hulp", "betekenis": "ja", "volgende": "5"}
    )
    data["routes"][0]["afwegingen"].append(
        {
            "id": "5",
            "rol": "resultaat",
            "vraag": "Leidt de hulp tot veiligheid?",
            "opties": [
                {
                    "id": "nee",
                    "label": "Nee",
                    "betekenis": "nee",
                    "acties": ["melden"],
                    "norm": "N",
                },
                {"id": "ja", "label": "Ja", "betekenis": "ja", "acties": ["hulp_afsluiten"]},
            ],
        }
    )


WEIGERINGEN: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "alle routes buiten de meldcode": (
        _alles_buiten,
        ROUTE_BINNEN_MELDCODE,
        "De enige route van dit kader valt buiten de meldcode",
    ),
    "'Ja' dat nee betekent bij de onveiligheidsafweging": (
        _ja_betekent_nee,
        LABEL_EN_BETEKENIS,
        "Antwoord 'ja' bij afweging '2' heet 'Ja' maar betekent nee",
    ),
    "een pad naar hulp_afsluiten om de onveiligheidsafweging heen": (
        _hulp_afsluiten_langs_onveiligheid,
        GEEN_HULP_VOOR_ONVEILIGHEID,
        "Antwoord 'ja' bij afweging '5' sluit hulp af ('hulp_afsluiten') voordat afweging '2' "
        "(acute en/of structurele onveiligheid) is gewogen, langs het pad 1 = hulp_loopt → 5 = ja",
    ),
}


@pytest.mark.parametrize("naam", list(WEIGERINGEN))
def test_elke_weg_om_het_minimum_heen_wordt_geweigerd(naam: str) -> None:
    verander, code, melding = WEIGERINGEN[naam]
    data = _minimaal()
    _geldig(data)
    verander(data)
    fouten = _fouten(data)
    assert [p.code for p in fouten] == [code], [p.als_tekst() for p in fouten]
    assert melding in fouten[0].melding
    assert fouten[0].regel is not None and fouten[0].bestand == "k.yaml"
    assert fouten[0].wettelijk_minimum


@pytest.mark.parametrize("naam", list(WEIGERINGEN))
def test_toets_zegt_niet_meer_dat_het_minimum_gehaald_is(naam: str) -> None:
    """Before, `kader toets` said 'gehaald' for all three; now it reports the breach."""
    verander, code, _melding = WEIGERINGEN[naam]
    data = _minimaal()
    verander(data)
    rapport = toets_tekst(yaml.safe_dump(data, allow_unicode=True), "k.yaml")
    assert not rapport.voldoet
    assert [p.code for p in rapport.breuken] == [code]


def test_twee_routes_buiten_de_meldcode() -> None:
    data = _minimaal()
    tweede = yaml.safe_load(yaml.safe_dump(data["routes"][0]))
    tweede["id"] = "r2"
    data["routes"].append(tweede)
    _alles_buiten(data)
    fouten = _fouten(data)
    assert fouten[0].melding.startswith("Alle 2 routes van dit kader vallen buiten de meldcode")
    # The line of the first route's declaration, and a path of the whole framework.
    assert fouten[0].pad == "routes"
    # One route inside the meldcode is enough.
    del data["routes"][1]["buiten_meldcode"]
    _geldig(data)


def test_ja_dat_nee_betekent_elders_en_nee_dat_ja_betekent() -> None:
    data = _minimaal()
    _optie(data, "1", "nee")["betekenis"] = "ja"
    _optie(data, "1", "nee")["label"] = "Nee, geen vermoeden"
    _afweging(data, "1")["opties"].append(
        {"id": "weet_niet", "label": "Weet ik niet", "betekenis": "nee", "acties": ["afsluiten"]}
    )
    fouten = _fouten(data)
    assert [p.code for p in fouten] == [LABEL_EN_BETEKENIS]
    assert fouten[0].melding.startswith(
        "Antwoord 'nee' bij afweging '1' heet 'Nee, geen vermoeden' maar betekent ja."
    )


def test_label_en_betekenis_ook_buiten_de_meldcode() -> None:
    """Outside the meldcode a label that says the opposite is an error of the file, not of the
    legal minimum (which is not weighed there)."""
    data = yaml.safe_load((MINIMAAL.parent / "beroep_voorbeeld.yaml").read_text())
    medewerker = next(r for r in data["routes"] if "buiten_meldcode" in r)
    nee = next(o for o in medewerker["afwegingen"][0]["opties"] if o["betekenis"] == "nee")
    nee["label"] = "Ja, maar niet nu"
    fouten = _fouten(data)
    assert len(fouten) == 1 and "heet 'Ja, maar niet nu' maar betekent nee" in fouten[0].melding
    assert fouten[0].code is None


def test_hulp_voor_de_onveiligheidsafweging_via_een_omweg() -> None:
    """The path around the onveiligheid afweging may be long: 1 → 3 → 4 skipping 2."""
    data = _minimaal()
    _afweging(data, "1")["opties"].append(
        {"id": "anders", "label": "Anders", "betekenis": "ja", "volgende": "3"}
    )
    data["routes"][0]["afwegingen"] += [
        {
            "id": "3",
            "rol": "eigen_hulp",
            "vraag": "Kan ik helpen?",
            "opties": [
                {"id": "nee", "label": "Nee", "betekenis": "nee", "acties": ["afsluiten"]},
                {"id": "ja", "label": "Ja", "betekenis": "ja", "volgende": "4"},
            ],
        },
        {
            "id": "4",
            "rol": "aanvaarding",
            "vraag": "Aanvaarden zij hulp?",
            "opties": [
                {"id": "nee", "label": "Nee", "betekenis": "nee", "acties": ["afsluiten"]},
                {"id": "ja", "label": "Ja", "betekenis": "ja", "acties": ["hulp"]},
            ],
        },
    ]
    fouten = _fouten(data)
    assert [p.code for p in fouten] == [GEEN_HULP_VOOR_ONVEILIGHEID]
    assert "biedt hulp voordat afweging '2'" in fouten[0].melding
    assert "langs het pad 1 = anders → 3 = ja → 4 = ja" in fouten[0].melding
    # Through the onveiligheid afweging the same afwegingen are fine.
    _optie(data, "1", "anders")["volgende"] = "2"
    _optie(data, "2", "nee")["acties"] = []
    _optie(data, "2", "nee")["volgende"] = "3"
    _geldig(data)


def test_hulp_afsluiten_voor_melden_bij_onveiligheid() -> None:
    """Closing help before melden is no melding first either."""
    data = _minimaal()
    _optie(data, "2", "ja")["acties"] = ["hulp_afsluiten", "melden"]
    assert [p.code for p in _fouten(data)] == [MELDEN_BIJ_ONVEILIGHEID]
    _optie(data, "2", "ja")["acties"] = ["melden", "hulp_afsluiten"]
    _geldig(data)


# --- variants a profession may choose, accepted -------------------------------------------------


def test_twijfel_mag_nee_betekenen_bij_afweging_1() -> None:
    data = _minimaal()
    _afweging(data, "1")["opties"].append(
        {"id": "twijfel", "label": "Twijfel", "betekenis": "nee", "acties": ["afsluiten"]}
    )
    _geldig(data)


@pytest.mark.parametrize("betekenis", ["ja", "nee"])
def test_twijfel_mag_beide_betekenen_bij_de_onveiligheidsafweging(betekenis: str) -> None:
    data = _minimaal()
    twijfel: dict[str, Any] = {"id": "twijfel", "label": "Twijfel", "betekenis": betekenis}
    twijfel |= {"acties": ["melden"], "norm": "N"} if betekenis == "ja" else {"acties": ["hulp"]}
    _afweging(data, "2")["opties"].append(twijfel)
    _geldig(data)


@pytest.mark.parametrize(
    ("label", "betekenis"),
    [
        ("Ja", Betekenis.JA),
        ("ja", Betekenis.JA),
        ("JA", Betekenis.JA),
        ("Ja, samen met Veilig Thuis", Betekenis.JA),
        ("Ja — patiënt vooraf geïnformeerd", Betekenis.JA),
        ("  Nee.", Betekenis.NEE),
        ("Nee, tenzij", Betekenis.NEE),
        ("Twijfel", None),
        ("Jawel", None),
        ("Neen", None),
        ("Januari", None),
        ("Niet van toepassing", None),
        ("Deels", None),
    ],
)
def test_welk_label_welke_betekenis_vraagt(label: str, betekenis: Betekenis | None) -> None:
    assert betekenis_van_label(label) is betekenis


def test_de_onveiligheidsafweging_gevonden_aan_haar_rol() -> None:
    """Renumbered: the onveiligheid afweging is 'veilig' and comes third; the checks follow."""
    data = _minimaal()
    route = data["routes"][0]
    twee = _afweging(data, "2")
    twee["id"] = "veilig"
    _optie(data, "1", "ja")["volgende"] = "0"
    route["afwegingen"].insert(
        1,
        {
            "id": "0",
            "rol": "vermoeden",
            "vraag": "Nog een vraag vooraf?",
            "opties": [
                {"id": "nee", "label": "Nee", "betekenis": "nee", "volgende": "veilig"},
                {"id": "ja", "label": "Ja", "betekenis": "ja", "volgende": "veilig"},
            ],
        },
    )
    data["signaalregels"][0]["afweging"] = "veilig"
    kader = _geldig(data)
    assert [a.rol for a in kader.model.routes[0].afwegingen][2] is Rol.ONVEILIGHEID
    _afweging(data, "0")["opties"][0] = {
        "id": "nee",
        "label": "Nee",
        "betekenis": "nee",
        "acties": ["hulp"],
    }
    fouten = _fouten(data)
    assert [p.code for p in fouten] == [GEEN_HULP_VOOR_ONVEILIGHEID]
    assert "voordat afweging 'veilig'" in fouten[0].melding


def test_de_route_mag_met_de_onveiligheidsafweging_beginnen() -> None:
    data = _minimaal()
    data["routes"][0]["afwegingen"] = [_afweging(data, "2")]
    data["routes"][0]["start"] = "2"
    _geldig(data)


# --- a property over generated frameworks ------------------------------------------------------


def _hulp_voor_onveiligheid(kader: Afwegingskader) -> list[str]:
    """Every complete path of every route inside the meldcode that reaches an action of soort
    hulp or hulp_afsluiten before its onveiligheid afweging is answered."""
    gevonden = []
    for route in kader.model.routes:
        if route.buiten_meldcode is not None:
            continue
        onveilig = next(a.id for a in route.afwegingen if a.rol is Rol.ONVEILIGHEID)
        opties = {(a.id, o.id): o for a in route.afwegingen for o in a.opties}
        for pad in paden(kader, route.id):
            for afweging, optie in pad:
                if afweging == onveilig:
                    break
                if any(kader.actie_soort[x] in HULPSOORTEN for x in opties[afweging, optie].acties):
                    gevonden.append(f"{route.id}: {pad}")
                    break
    return gevonden


def _labels_kloppen(kader: Afwegingskader) -> bool:
    return all(
        betekenis_van_label(o.label) in (None, o.betekenis)
        for r in kader.model.routes
        for a in r.afwegingen
        for o in a.opties
    )


@given(st.randoms(use_true_random=False))
def test_geen_gevalideerd_kader_bereikt_hulp_zonder_de_onveiligheidsafweging(
    rng: random.Random,
) -> None:
    kader, _problemen = _controleer(genereer_vrij_kader_dict(rng))
    if kader is None:
        return
    assert any(r.buiten_meldcode is None for r in kader.model.routes)
    assert _hulp_voor_onveiligheid(kader) == []
    assert _labels_kloppen(kader)


def test_de_generator_maakt_geldige_en_geweigerde_kaders() -> None:
    """The property above is not vacuous: the free generator gives valid frameworks, and
    frameworks refused for each of the three ways around the minimum."""
    geldig = 0
    codes: set[str | None] = set()
    for seed in range(300):
        kader, problemen = _controleer(genereer_vrij_kader_dict(random.Random(seed)))
        geldig += kader is not None
        codes |= {p.code for p in problemen if p.ernst is Ernst.FOUT}
    assert geldig >= 30, geldig
    assert {ROUTE_BINNEN_MELDCODE, LABEL_EN_BETEKENIS, GEEN_HULP_VOOR_ONVEILIGHEID} <= codes


def test_de_voorbeelden_in_de_documentatie_kloppen() -> None:
    """docs/kader-formaat.md shows each refusal with its message: the same file gives it."""
    docs = Path(__file__).resolve().parents[2] / "docs" / "kader-formaat.md"
    kapot = MINIMAAL.parent / "kapot"
    voorbeelden = [
        v
        for v in re.findall(r"^(\w+)\.yaml:(\d+): (.+) …$", docs.read_text(encoding="utf-8"), re.M)
        if (kapot / f"{v[0]}.yaml").exists()
    ]
    assert {v[0] for v in voorbeelden} >= {
        "alles_buiten_meldcode",
        "ja_betekent_nee",
        "hulp_afsluiten_zonder_onveiligheid",
    }
    for naam, regel, begin in voorbeelden:
        tekst = (kapot / f"{naam}.yaml").read_text(encoding="utf-8")
        _kader, problemen = controleer_tekst(tekst, f"{naam}.yaml")
        gevonden = [p for p in problemen if p.ernst is Ernst.FOUT and p.melding.startswith(begin)]
        assert gevonden and gevonden[0].regel == int(regel), (naam, begin)
