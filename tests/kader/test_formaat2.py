"""Kaderformaat 2 (docs/kader-formaat.md, 'Formaat 2'): loading, validating and walking each key,
and every format-1 file loading unchanged."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from meldwijzer.catalogus.tests.kadervarianten import zelfde_afweging_id_in_twee_routes
from meldwijzer.kader import (
    BeslisFout,
    Ernst,
    beslis,
    controleer_tekst,
    laad_kader,
    laad_tekst,
    meegeleverde_kaders,
)
from meldwijzer.kader.laden import inhoud_hash
from meldwijzer.kader.model import Kader

FORMAAT2 = Path(__file__).parent / "kaders" / "formaat2.yaml"
BRON: dict[str, Any] = yaml.safe_load(FORMAAT2.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def kader() -> Any:
    return laad_kader(FORMAAT2)


def _tekst(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _fouten(data: dict[str, Any]) -> list[str]:
    gevonden, problemen = controleer_tekst(_tekst(data), "f2.yaml")
    fouten = [p.als_tekst() for p in problemen if p.ernst is Ernst.FOUT]
    assert (gevonden is None) == bool(fouten)
    return fouten


def _data() -> dict[str, Any]:
    return copy.deepcopy(BRON)


def _route(data: dict[str, Any], route_id: str) -> dict[str, Any]:
    return next(r for r in data["routes"] if r["id"] == route_id)


def _afweging(data: dict[str, Any], route_id: str, afweging_id: str) -> dict[str, Any]:
    return next(a for a in _route(data, route_id)["afwegingen"] if a["id"] == afweging_id)


def _optie(data: dict[str, Any], route_id: str, afweging_id: str, optie: str) -> dict[str, Any]:
    return next(o for o in _afweging(data, route_id, afweging_id)["opties"] if o["id"] == optie)


# --- Loading: format 1 unchanged, format 2 named ----------------------------------------------


# The shipped examples written in format 2 (childcare, youth health care); every other shipped
# framework is format 1 and must stay so, with its hash.
MEEGELEVERD_FORMAAT_2 = ["voorbeeld-jgz", "voorbeeld-kinderopvang"]
MEEGELEVERD_FORMAAT_1 = sorted(set(meegeleverde_kaders()) - set(MEEGELEVERD_FORMAAT_2))


@pytest.mark.parametrize("kader_id", MEEGELEVERD_FORMAAT_1)
def test_elk_meegeleverd_kader_en_een_formaat_1_kopie_laden_met_dezelfde_hash(
    kader_id: str,
) -> None:
    kader = laad_kader(kader_id)
    assert kader.model.formaat == 1
    kopie = kader.model.model_dump(mode="json")
    assert "formaat" not in kopie
    assert laad_tekst(_tekst(kopie), f"{kader_id}-kopie.yaml").hash == kader.hash
    # 'formaat: 1' written out is the same content: the default is never stored.
    expliciet = laad_tekst(_tekst({"formaat": 1, **kopie}), f"{kader_id}-1.yaml")
    assert expliciet.hash == kader.hash
    # The same file declared as format 2 is a valid format-2 file with its own hash.
    als_2 = laad_tekst(_tekst({"formaat": 2, **kopie}), f"{kader_id}-2.yaml")
    assert als_2.model.formaat == 2 and als_2.hash != kader.hash


@pytest.mark.parametrize("kader_id", MEEGELEVERD_FORMAAT_2)
def test_meegeleverde_formaat_2_kaders_houden_hun_hash_heen_en_terug(kader_id: str) -> None:
    kader = laad_kader(kader_id)
    assert kader.model.formaat == 2
    kopie = kader.model.model_dump(mode="json")
    assert kopie["formaat"] == 2
    assert laad_tekst(_tekst(kopie), f"{kader_id}-kopie.yaml").hash == kader.hash


def test_formaat_2_laadt_en_valideer_noemt_het_formaat(kader: Any) -> None:
    assert kader.model.formaat == 2
    # Written out and read back: the same content, the same hash.
    terug = laad_tekst(_tekst(kader.model.model_dump(mode="json")), "terug.yaml")
    assert terug.hash == kader.hash == inhoud_hash(Kader.model_validate(BRON))


@pytest.mark.parametrize(
    ("pad", "veld"),
    [
        (("acties", 1, "termijnen"), "'termijnen'"),
        (("routes", 1, "afwegingen", 0, "kort"), "'kort'"),
        (("catalogi", 1, "routes"), "'routes'"),
        (("catalogi", 0, "items", 0, "ontleend_aan"), "'ontleend_aan' als lijst"),
    ],
)
def test_een_formaat_1_bestand_met_een_formaat_2_veld_noemt_dat_veld_en_zijn_regel(
    pad: tuple[Any, ...], veld: str
) -> None:
    data = _data()
    del data["formaat"]
    fouten = _fouten(data)
    tekst = "\n".join(fouten)
    assert f"{veld} hoort bij formaat 2 van het kaderformaat. Zet 'formaat: 2'" in tekst
    pad_tekst = "".join(f"[{d}]" if isinstance(d, int) else f".{d}" for d in pad).lstrip(".")
    assert any(pad_tekst in f and f.startswith("f2.yaml:") for f in fouten)


def test_formaat_3_bestaat_niet() -> None:
    data = _data()
    data["formaat"] = 3
    assert any("formaat" in f for f in _fouten(data))


# --- A route that takes over another route's afwegingen --------------------------------------


def test_overgenomen_route_heeft_de_afwegingen_met_eigen_woorden(kader: Any) -> None:
    standaard = next(r for r in kader.model.routes if r.id == "thuissituatie")
    peuter = next(r for r in kader.model.routes if r.id == "peutergroep")
    assert [a.id for a in peuter.afwegingen] == [a.id for a in standaard.afwegingen]
    assert peuter.afwegingen[0].vraag.startswith("Is er een vermoeden dat de peuter")
    assert peuter.afwegingen[1].vraag == standaard.afwegingen[1].vraag
    drie = peuter.afwegingen[2]
    assert drie.vraag.startswith("Kan de peutergroep")
    assert [o.label for o in drie.opties] == ["Nee", "Ja — de peutergroep organiseert hulp"]
    # The engine walks it like any route, with the shared answers' consequences.
    uitkomst = beslis(kader, {"1": "ja", "2": "ja", "3": "nee"}, route="peutergroep")
    assert uitkomst.acties == ("melden",) and uitkomst.normen == ("M1",)


@pytest.mark.parametrize(
    ("wijzig", "melding"),
    [
        (
            lambda d: _route(d, "peutergroep").__setitem__("afwegingen_van", "bestaat_niet"),
            "neemt de afwegingen over van route 'bestaat_niet', maar die bestaat niet",
        ),
        (
            lambda d: _route(d, "peutergroep")["aanpassingen"].__setitem__("9", {"vraag": "X?"}),
            "past afweging '9' aan, maar die afweging staat niet in de route",
        ),
        (
            lambda d: _route(d, "peutergroep")["aanpassingen"]["3"]["opties"].__setitem__(
                "misschien", {"label": "Misschien"}
            ),
            "past antwoord 'misschien' bij afweging '3' aan, maar dat antwoord bestaat daar niet",
        ),
        (
            lambda d: _route(d, "peutergroep").__setitem__(
                "afwegingen", _route(d, "acuut")["afwegingen"]
            ),
            "schrijft er ook eigen afwegingen uit. Haal 'afwegingen' weg",
        ),
    ],
)
def test_overname_fouten_zijn_nederlandse_zinnen(wijzig: Any, melding: str) -> None:
    data = _data()
    wijzig(data)
    assert any(melding in f for f in _fouten(data))


# --- Validator ---------------------------------------------------------------------------------


def test_voorwaarde_kijkt_alleen_terug() -> None:
    data = _data()
    _optie(data, "thuissituatie", "2", "ja")["acties_als"][0]["als"] = {"3": "ja"}
    assert any(
        "kijkt naar afweging '3', maar die komt niet eerder op het pad" in f for f in _fouten(data)
    )


def test_voorwaarde_noemt_bestaande_antwoorden_en_acties() -> None:
    data = _data()
    voorwaarde = _optie(data, "thuissituatie", "2", "ja")["acties_als"][0]
    voorwaarde["als"] = {"1": ["ja", "wellicht"], "x9": "ja"}
    voorwaarde["acties"] = ["bestaat_niet"]
    fouten = "\n".join(_fouten(data))
    assert "Antwoord 'wellicht' bestaat niet bij afweging '1'" in fouten
    assert "Afweging 'x9' bestaat niet in route 'thuissituatie'" in fouten
    assert "De actie 'bestaat_niet' bestaat niet" in fouten


def test_voorwaardelijk_melden_vraagt_een_norm() -> None:
    data = _data()
    optie = _optie(data, "thuissituatie", "4", "ja")
    optie["acties_als"] = [{"als": {"1": "ja_besproken"}, "acties": ["melden"]}]
    assert any("'4' leidt tot melden: noem" in f for f in _fouten(data))


def test_voorwaardelijk_melden_telt_niet_voor_het_wettelijk_minimum() -> None:
    data = _data()
    optie = _optie(data, "thuissituatie", "2", "ja")
    optie["acties"] = []
    optie["acties_als"] = [{"als": {"1": "ja"}, "acties": ["melden"]}]
    fouten = _fouten(data)
    assert any("leidt niet (vóór hulp) tot een actie van soort melden" in f for f in fouten)


def test_overdracht_naar_een_onbekende_route_of_afweging() -> None:
    data = _data()
    data["acties"][6]["vervolg"] = {"route": "nergens"}
    data["acties"][7]["vervolg"] = {"route": "thuissituatie", "afweging": "9"}
    fouten = "\n".join(_fouten(data))
    assert "De route 'nergens' bestaat niet; een overdracht noemt een route" in fouten
    assert "Afweging '9' bestaat niet in route 'thuissituatie'" in fouten


def test_overdracht_beeindigt_de_route() -> None:
    data = _data()
    _optie(data, "acuut", "a1", "nee")["volgende"] = "a1"
    assert any(
        "Een overdracht beëindigt deze route: haal 'volgende' weg" in f for f in _fouten(data)
    )


def test_overdrachten_vormen_geen_kring() -> None:
    data = _data()
    data["acties"].append(
        {
            "id": "terug",
            "soort": "overig",
            "label": "Terug naar acuut",
            "vervolg": {"route": "acuut"},
        }
    )
    _optie(data, "thuissituatie", "5", "ja")["acties"] = ["hulp_afsluiten", "terug"]
    fouten = _fouten(data)
    assert any("de overdrachten vormen een kring" in f for f in fouten)


def test_een_beslissend_signaal_is_aanvinkbaar_en_meldt_op_een_norm() -> None:
    data = _data()
    data["catalogi"][1]["aanvinkbaar"] = False
    del data["catalogi"][1]["items"][0]["gevolg"]["norm"]
    fouten = "\n".join(_fouten(data))
    assert "de catalogus 'opvang_disclosure' is niet aanvinkbaar" in fouten
    assert "Het signaal 'opvang.vertelt' leidt tot melden: noem de professionele norm" in fouten


def test_een_signaal_draagt_niet_over() -> None:
    data = _data()
    data["catalogi"][1]["items"][0]["gevolg"] = {"acties": ["naar_standaard"]}
    assert any("Een signaal draagt de casus niet over" in f for f in _fouten(data))


def test_catalogus_per_route_alleen_bij_afwegingen_van_die_route() -> None:
    data = _data()
    data["catalogi"][0]["afwegingen"] = ["2"]
    data["catalogi"][1]["routes"] = ["nergens"]
    fouten = "\n".join(_fouten(data))
    assert "Afweging '2' bestaat niet in de route van deze catalogus (acuut)" in fouten
    assert "De route 'nergens' bestaat niet" in fouten


def test_ontleend_aan_als_lijst_controleert_elke_id() -> None:
    data = _data()
    data["catalogi"][0]["items"][0]["ontleend_aan"] = ["acuut.wapen", "acuut.bestaat_niet"]
    data["normen"][0]["ontleend_aan"] = ["N2", "N9"]
    fouten = "\n".join(_fouten(data))
    assert "'acuut.bestaat_niet' is geen item van het basiskader" in fouten
    assert "'N9' is geen norm van het basiskader" in fouten
    assert "'acuut.wapen' is geen" not in fouten


def test_termijn_vraagt_een_soort_dagen() -> None:
    data = _data()
    data["acties"][1]["termijnen"][0]["dagen"] = "weken"
    assert any(
        "'weken' is hier niet toegestaan; kies uit 'werkdagen' of 'kalenderdagen'" in f
        for f in _fouten(data)
    )


# --- Engine ------------------------------------------------------------------------------------


def test_voorwaardelijke_acties_hangen_af_van_het_eerdere_antwoord(kader: Any) -> None:
    besproken = beslis(kader, {"1": "ja_besproken", "2": "ja"}, route="thuissituatie")
    niet = beslis(kader, {"1": "ja", "2": "ja"}, route="thuissituatie")
    assert besproken.acties == ("melden", "ouders_informeren")
    assert niet.acties == ("melden",)


def test_overdracht_gaat_verder_in_de_andere_route(kader: Any) -> None:
    uitkomst = beslis(kader, {"a1": "ja"}, route="acuut")
    assert uitkomst.route == "acuut" and uitkomst.route_nu == "thuissituatie"
    assert uitkomst.volgende_afweging == "3"  # the handover enters at afweging 3
    assert [o.als_dict() for o in uitkomst.overdrachten] == [
        {
            "van_route": "acuut",
            "actie": "naar_standaard",
            "naar_route": "thuissituatie",
            "naar_afweging": "3",
        }
    ]
    verder = beslis(
        kader,
        {"a1": "ja", "thuissituatie/3": "ja", "thuissituatie/4": "ja", "thuissituatie/5": "nee"},
        route="acuut",
    )
    assert verder.afgerond
    assert [(s.route, s.afweging, s.antwoord) for s in verder.pad] == [
        ("acuut", "a1", "ja"),
        ("thuissituatie", "3", "ja"),
        ("thuissituatie", "4", "ja"),
        ("thuissituatie", "5", "nee"),
    ]
    assert verder.acties == (
        "melden",
        "leidinggevende_informeren",
        "naar_standaard",
        "hulp_organiseren",
    )
    assert verder.normen == ("M1", "M3") and verder.opnieuw_melden
    dict_pad = verder.als_dict()["pad"]
    assert [p["route"] for p in dict_pad] == ["acuut", *["thuissituatie"] * 3]


def test_overdracht_nee_begint_de_andere_route_bij_haar_start(kader: Any) -> None:
    uitkomst = beslis(kader, {"a1": "nee", "thuissituatie/1": "nee"}, route="acuut")
    assert uitkomst.acties == ("naar_standaard_begin", "afsluiten") and uitkomst.afgerond


def test_antwoorden_in_een_andere_route_zonder_overdracht_zijn_een_fout(kader: Any) -> None:
    with pytest.raises(BeslisFout, match="het pad eindigt al bij afweging"):
        beslis(kader, {"1": "nee", "acuut/a1": "ja"}, route="thuissituatie")
    with pytest.raises(BeslisFout, match="noemt route 'nergens', maar die bestaat niet"):
        beslis(kader, {"nergens/1": "ja"}, route="acuut")
    with pytest.raises(BeslisFout, match="Afweging '9' bestaat niet in route 'thuissituatie'"):
        beslis(kader, {"a1": "ja", "thuissituatie/9": "ja"}, route="acuut")


def test_beslissend_signaal_meldt_meteen_in_zijn_route(kader: Any) -> None:
    uitkomst = beslis(kader, {"1": "ja"}, ["opvang.vertelt"], route="thuissituatie")
    assert uitkomst.acties == ("melden",) and uitkomst.normen == ("M1",)
    assert uitkomst.beslissende_signalen == ("opvang.vertelt",)
    assert uitkomst.melden and not uitkomst.afgerond
    # In the acute route the signal decides once the casus is handed over to thuissituatie.
    acuut = beslis(kader, {"a1": "nee"}, ["opvang.vertelt"], route="acuut")
    assert acuut.acties == ("naar_standaard_begin", "melden")
    geen = beslis(kader, {}, ["opvang.vertelt"], route="peutergroep")
    assert geen.acties == () and geen.beslissende_signalen == ()


def test_termijnen_van_acties_en_antwoorden_in_padvolgorde(kader: Any) -> None:
    uitkomst = beslis(kader, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"}, route="thuissituatie")
    assert [(t.aantal, t.dagen, t.herkomst) for t in uitkomst.termijnen] == [
        (6, "kalenderdagen", "antwoord 4 = ja")
    ]
    melden = beslis(kader, {"1": "ja", "2": "ja", "3": "nee"}, route="thuissituatie")
    assert [t.als_dict() for t in melden.termijnen] == [
        {
            "aantal": 5,
            "dagen": "werkdagen",
            "wat": "Veilig Thuis beslist of het de melding onderzoekt",
            "herkomst": "actie melden",
            "bron": None,
        }
    ]  # once, although melden follows from two answers


def test_formaat_1_uitkomst_houdt_zijn_contract(basis: Any) -> None:
    uitkomst = beslis(basis, {"1": "ja", "2": "ja", "3": "ja"})
    assert set(uitkomst.als_dict()) == {
        "kader", "route", "acties", "acties_soort", "acties_label", "volgende_afweging",
        "afgerond", "samen_met_veilig_thuis", "opnieuw_melden", "normen", "waarschuwingen",
        "hints", "pad",
    }  # fmt: skip
    assert all("route" not in stap for stap in uitkomst.als_dict()["pad"])


# --- The other readers: verschil, toets, flowchart ---------------------------------------------


def test_verschil_noemt_de_formaat_2_velden(kader: Any) -> None:
    from meldwijzer.kader.verschil import verschil
    from meldwijzer.kader.verschil_weergave import als_tekst

    data = _data()
    data["versie"] = "0.2"
    _afweging(data, "thuissituatie", "2")["kort"] = "ONVEILIG"
    _optie(data, "thuissituatie", "2", "ja")["acties_als"][0]["als"] = {"1": ["ja", "ja_besproken"]}
    data["acties"][6]["vervolg"] = {"route": "thuissituatie", "afweging": "2"}
    data["acties"][1]["termijnen"][0]["aantal"] = 10
    data["catalogi"][1]["items"][0]["gevolg"]["acties"] = ["melden", "leidinggevende_informeren"]
    nieuw = laad_tekst(_tekst(data), "nieuw.yaml")
    tekst = als_tekst(verschil(kader, nieuw))
    assert "kort label was 'VEILIGHEID', nu 'ONVEILIG'" in tekst
    assert (
        "acties onder voorwaarde was als 1 = ja_besproken: 'ouders_informeren', "
        "nu als 1 = ja of ja_besproken: 'ouders_informeren'" in tekst
    )
    assert "draagt over aan was verder in route 'thuissituatie', afweging '3', nu" in tekst
    assert "'binnen 10 werkdagen: Veilig Thuis beslist" in tekst
    assert "gevolg als het is aangevinkt" in tekst


def test_toets_telt_een_item_bij_elk_basisitem_waarvan_het_is_ontleend(kader: Any) -> None:
    from meldwijzer.kader.toets import toets

    rapport = toets(kader)
    per_basis = {
        v.basis_id: v
        for v in rapport.vergelijkingen
        if v.basis_id in ("acuut.wapen", "acuut.verwonding")
    }
    assert set(per_basis) == {"acuut.wapen", "acuut.verwonding"}
    assert all(v.status.value == "herschreven" for v in per_basis.values())


def test_stroomschema_toont_kort_label_voorwaarde_overdracht_en_termijn(kader: Any) -> None:
    from meldwijzer.kader.stroomschema import teken_mermaid, teken_svg

    mermaid = teken_mermaid(kader)
    svg = teken_svg(kader)
    for tekst in (mermaid, svg):
        assert "Afweging 2 · VEILIGHEID" in tekst
        assert "→ verder in route &#x27;thuissituatie&#x27;" in tekst or (
            "→ verder in route 'thuissituatie'" in tekst
        )
        assert "Termijn: 5 werkdagen" in tekst
    assert "Als afweging 1 = ja_besproken:" in mermaid
    # With a path handed over, the route it runs in now is drawn, its steps there marked.
    pad = beslis(kader, {"a1": "ja", "thuissituatie/3": "ja"}, route="acuut")
    met_pad = teken_svg(kader, pad=pad)
    assert "route acuut, afweging a1: Ja → route thuissituatie, afweging 3: Ja" in met_pad


def test_kader_test_kent_route_nu_beslissende_signalen_en_termijnen(kader: Any) -> None:
    from meldwijzer.kader.situaties import als_tekst, lees_situaties, voer_uit

    bestand = FORMAAT2.parents[1] / "data" / "formaat2-situaties.yaml"
    situaties = lees_situaties(bestand.read_text(encoding="utf-8"), str(bestand))
    assert voer_uit(kader, situaties).geslaagd
    fout = lees_situaties(
        "- naam: fout\n  route: acuut\n  antwoorden: {a1: ja}\n  verwacht:\n"
        "    route_nu: acuut\n    beslissende_signalen: [opvang.vertelt]\n"
        "    termijnen: [3 werkdagen]\n",
        "fout.yaml",
    )
    uitslag = voer_uit(kader, fout)
    assert not uitslag.geslaagd
    tekst = als_tekst(uitslag)
    assert "route_nu: verwacht acuut, gekregen thuissituatie" in tekst
    assert "beslissende_signalen: verwacht [opvang.vertelt], gekregen []" in tekst
    assert "termijnen: verwacht [3 werkdagen], gekregen [5 werkdagen, 1 kalenderdagen]" in tekst


def test_handout_noemt_kort_label_voorwaarde_overdracht_en_termijnen(kader: Any) -> None:
    from meldwijzer.kader.export import als_markdown

    tekst = als_markdown(kader)
    assert "### Afweging 2 · VEILIGHEID" in tekst
    assert "als afweging 1 = ja\\_besproken: De ouders vooraf informeren over de melding" in tekst
    assert "verder in route `thuissituatie`, bij afweging 3" in tekst
    assert "termijn: binnen 6 kalenderdagen: Eerste evaluatie van de hulp met de ouders" in tekst
    assert "zet een termijn: binnen 5 werkdagen: Veilig Thuis beslist" in tekst


def test_een_waarschuwing_hoort_bij_het_antwoord_in_haar_eigen_route() -> None:
    kader = laad_tekst(_tekst(zelfde_afweging_id_in_twee_routes()), "f2.yaml")
    antwoorden = {"2": "nee", "thuissituatie/1": "ja", "thuissituatie/2": "nee"}
    uitkomst = beslis(kader, antwoorden, ["opvang.letsel"], route="acuut")
    assert [(w.regel, w.route, w.afweging) for w in uitkomst.waarschuwingen] == [
        ("letsel_bij_nee", "acuut", "2")
    ]
    assert [w.regel for w in uitkomst.waarschuwingen_bij("2")] == ["letsel_bij_nee"]
    assert uitkomst.waarschuwingen_bij("thuissituatie/2") == []
    assert uitkomst.hints_bij("thuissituatie/2") == []
    # The outcome's contract names the route of each message once the path has handed over.
    assert uitkomst.als_dict()["waarschuwingen"][0]["route"] == "acuut"
