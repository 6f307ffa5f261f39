"""The engine's behaviour beyond the table: order, errors, signal rules, other frameworks."""

from __future__ import annotations

import pytest

from meldwijzer.kader import Afwegingskader, BeslisFout, beslis


def test_antwoord_dat_niet_aan_de_beurt_is_noemt_wat_ontbreekt(basis: Afwegingskader) -> None:
    with pytest.raises(BeslisFout, match="afweging '3' ontbreekt nog"):
        beslis(basis, {"1": "ja", "2": "nee", "4": "ja"})


def test_antwoord_na_het_einde_van_het_pad(basis: Afwegingskader) -> None:
    with pytest.raises(BeslisFout, match="het pad eindigt al bij afweging '1'"):
        beslis(basis, {"1": "nee", "2": "ja"})


def test_onbekende_afweging(basis: Afwegingskader) -> None:
    with pytest.raises(BeslisFout, match="Afweging '9' bestaat niet"):
        beslis(basis, {"9": "ja"})


def test_antwoord_buiten_de_opties(basis: Afwegingskader) -> None:
    with pytest.raises(BeslisFout, match="Antwoord 'misschien' bij afweging '1' bestaat niet"):
        beslis(basis, {"1": "misschien"})


def test_antwoord_op_label_is_goed(basis: Afwegingskader) -> None:
    assert beslis(basis, {"1": " JA "}).volgende_afweging == "2"


def test_onbekend_signaal(basis: Afwegingskader) -> None:
    with pytest.raises(BeslisFout, match=r"acuut\.bestaat_niet"):
        beslis(basis, {"1": "ja"}, ["acuut.bestaat_niet"])


def test_niet_aanvinkbaar_item_is_geen_signaal(basis: Afwegingskader) -> None:
    with pytest.raises(BeslisFout, match=r"vuistregel\.1"):
        beslis(basis, {}, ["vuistregel.1"])


@pytest.mark.parametrize(
    ("signaal", "regel"),
    [
        ("acuut.wapen", "acuut_bij_2_nee"),
        ("disclosure.uiting", "disclosure_bij_2_nee"),
        ("kindcheck.suicidepoging", "kindcheck_bij_2_nee"),
        ("factor.herhaling", "herhaling_bij_2_nee"),
    ],
)
def test_waarschuwing_bij_2_nee_noemt_het_item(
    basis: Afwegingskader, signaal: str, regel: str
) -> None:
    uit = beslis(basis, {"1": "ja", "2": "nee"}, [signaal])
    assert [w.regel for w in uit.waarschuwingen] == [regel]
    waarschuwing = uit.waarschuwingen[0]
    assert basis.items[signaal][1] in waarschuwing.tekst
    assert waarschuwing.norm == "N2"
    assert waarschuwing.signaal == signaal


def test_geen_waarschuwing_bij_2_ja(basis: Afwegingskader) -> None:
    uit = beslis(basis, {"1": "ja", "2": "ja"}, ["acuut.wapen", "factor.herhaling"])
    assert uit.waarschuwingen == ()


def test_onveiligheid_aangevinkt_bij_1_nee(basis: Afwegingskader) -> None:
    uit = beslis(basis, {"1": "nee"}, ["structureel.psychisch_geweld", "risico.lvb"])
    assert [w.signaal for w in uit.waarschuwingen] == ["structureel.psychisch_geweld"]


def test_zonder_signalen_alleen_een_hint(basis: Afwegingskader) -> None:
    uit = beslis(basis, {"1": "ja", "2": "nee"}, [])
    assert uit.waarschuwingen == ()
    regels = {h.regel for h in uit.hints}
    assert regels == {"geen_lijst_is_compleet", "geen_kindsignalen_geen_geruststelling"}
    assert "Veilig Thuis" in next(h.tekst for h in uit.hints if h.regel == "geen_lijst_is_compleet")


def test_kindsignalen_aangevinkt_geen_kindsignalen_hint(basis: Afwegingskader) -> None:
    uit = beslis(basis, {"1": "ja", "2": "nee"}, ["factor.kindsignalen"])
    assert {h.regel for h in uit.hints} == set()


def test_beroepskader_twijfel_betekent_ja(beroep: Afwegingskader) -> None:
    uit = beslis(beroep, {"1": "ja", "2": "twijfel"}, [], route="thuissituatie")
    assert uit.acties == ("melden",)
    assert uit.samen_met_veilig_thuis
    assert uit.pad[-1].betekenis.value == "ja"


def test_beroepskader_gesplitste_afweging_5(beroep: Afwegingskader) -> None:
    antwoorden = {"1": "ja", "2": "nee", "3": "ja", "4": "ja", "5a": "ja", "5b": "nee"}
    uit = beslis(beroep, antwoorden, route="thuissituatie")
    assert uit.acties == ("hulp_organiseren", "melden")
    assert uit.opnieuw_melden
    assert uit.normen == ("M3",)


def test_beroepskader_vervalt_naast(beroep: Afwegingskader) -> None:
    uit = beslis(beroep, {"1": "ja", "2": "ja", "3": "nee"}, route="thuissituatie")
    assert uit.normen == ("M1",)


def test_meerdere_routes_vraagt_een_keuze(beroep: Afwegingskader) -> None:
    with pytest.raises(BeslisFout, match="meerdere routes"):
        beslis(beroep, {})
    with pytest.raises(BeslisFout, match="Route 'x' bestaat niet"):
        beslis(beroep, {}, route="x")


def test_route_buiten_meldcode_met_eigen_actie(beroep: Afwegingskader) -> None:
    uit = beslis(beroep, {"m1": "ja"}, route="medewerker")
    assert uit.acties == ("bestuur_informeren",)
    assert uit.als_dict()["acties_soort"] == {"bestuur_informeren": "overig"}


def test_signaalregel_van_beroepskader(beroep: Afwegingskader) -> None:
    uit = beslis(beroep, {"1": "ja", "2": "nee"}, ["opvang.letsel"], route="thuissituatie")
    assert len(uit.waarschuwingen) == 1
    assert "onverklaard letsel" in uit.waarschuwingen[0].tekst
