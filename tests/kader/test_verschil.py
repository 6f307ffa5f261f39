"""Differences between two frameworks, in words a policy adviser reads (docs/kader-formaat.md,
'Verschillen zien')."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from meldwijzer.kader import Afwegingskader, laad_kader, laad_tekst
from meldwijzer.kader.tekstverschil import Deelsoort, woordverschil
from meldwijzer.kader.verschil import Onderdeel, Soort, Verschil, Wijziging, verschil
from meldwijzer.kader.verschil_weergave import als_json, als_markdown, als_tekst


def _data(kader: Afwegingskader) -> dict[str, Any]:
    return copy.deepcopy(kader.model.model_dump(mode="json", exclude_defaults=True))


def _kader(data: dict[str, Any]) -> Afwegingskader:
    return laad_tekst(json.dumps(data, ensure_ascii=False), "gewijzigd.json")


def _zinnen(v: Verschil) -> list[str]:
    return [w.zin() for w in v.wijzigingen]


def _afweging(data: dict[str, Any], afweging: str) -> dict[str, Any]:
    return next(a for a in data["routes"][0]["afwegingen"] if a["id"] == afweging)


def _optie(data: dict[str, Any], afweging: str, optie: str) -> dict[str, Any]:
    return next(o for o in _afweging(data, afweging)["opties"] if o["id"] == optie)


@pytest.fixture(scope="module")
def nieuwe_versie(basis: Afwegingskader) -> Afwegingskader:
    """basis 2018.2 with the changes a beroepsorganisatie might make in a next version."""
    data = _data(basis)
    data["versie"] = "2025.1"
    acuut = next(c for c in data["catalogi"] if c["id"] == "acute_voorbeelden")
    next(i for i in acuut["items"] if i["id"] == "acuut.wapen")["tekst"] = (
        "Gebruik van een wapen of dreigen met een wapen"
    )
    acuut["items"] = [i for i in acuut["items"] if i["id"] != "acuut.vlucht"]
    acuut["items"].append({"id": "acuut.stalking", "tekst": "Escalerende stalking door een ex"})
    data["normen"].append(
        {
            "id": "M7",
            "titel": "Eigen meldnorm",
            "tekst": "Bij twijfel over de eigen hulp meldt de beroepskracht ook.",
            "bron": {"document": "Eigen kader"},
        }
    )
    # Afweging 3 'nee' now rests on M7; afweging 2 gets an answer 'twijfel' that means ja.
    _optie(data, "3", "nee")["norm"] = "M7"
    twijfel = dict(_optie(data, "2", "ja"), id="twijfel", label="Twijfel")
    _afweging(data, "2")["opties"].append(twijfel)
    _afweging(data, "4")["vraag"] = (
        "Aanvaarden alle betrokkenen de hulp en zijn zij bereid zich daarvoor in te zetten?"
    )
    data["signaalregels"] = [r for r in data["signaalregels"] if r["id"] != "disclosure_bij_2_nee"]
    return _kader(data)


@pytest.fixture(scope="module")
def basis_naar_nieuw(basis: Afwegingskader, nieuwe_versie: Afwegingskader) -> Verschil:
    return verschil(basis, nieuwe_versie)


def test_zelfde_kader_geeft_geen_verschil(basis: Afwegingskader) -> None:
    v = verschil(basis, basis)
    assert v.leeg
    assert "Geen verschillen" in als_tekst(v)


def test_metadata(basis_naar_nieuw: Verschil) -> None:
    assert "Kader: versie was '2018.2', nu '2025.1'." in _zinnen(basis_naar_nieuw)


def test_uitkomst_per_pad_met_normen(basis_naar_nieuw: Verschil) -> None:
    zinnen = _zinnen(basis_naar_nieuw)
    assert (
        "Route 'standaard', pad 1=ja, 2=nee, 3=nee: uitkomst was 'Melden bij Veilig Thuis' (N3), "
        "nu 'Melden bij Veilig Thuis' (M7)."
    ) in zinnen
    # After 2 = ja, N3 gave way to N2; M7 does not, so the outcome changes there too.
    assert (
        "Route 'standaard', pad 1=ja, 2=ja, 3=nee: uitkomst was 'Melden bij Veilig Thuis' "
        "(N2; samen met Veilig Thuis), nu 'Melden bij Veilig Thuis' (N2, M7; samen met Veilig "
        "Thuis)."
    ) in zinnen


def test_nieuw_antwoord_en_zijn_nieuwe_paden(basis_naar_nieuw: Verschil) -> None:
    erbij = [w for w in basis_naar_nieuw.wijzigingen if w.soort is Soort.TOEGEVOEGD]
    antwoord = next(w for w in erbij if w.onderdeel is Onderdeel.ANTWOORDEN)
    assert antwoord.waar == "Route 'standaard', afweging '2', antwoord 'twijfel'"
    assert "'Twijfel' (betekent ja)" in (antwoord.nieuw or "")
    assert "norm N2" in (antwoord.nieuw or "")
    paden = [w.waar for w in erbij if w.onderdeel is Onderdeel.UITKOMSTEN]
    assert "Route 'standaard', pad 1=ja, 2=twijfel, 3=nee" in paden
    assert len(paden) == 4  # 3=nee, 4=nee, 5=nee, 5=ja after 2=twijfel


def test_gewijzigde_tekst_als_woordverschil(basis_naar_nieuw: Verschil) -> None:
    w = next(
        x for x in basis_naar_nieuw.wijzigingen if x.sleutel == ("items", "acuut.wapen", "tekst")
    )
    assert w.soort is Soort.GEWIJZIGD
    assert w.tekst is not None
    assert w.zin() == (
        "Catalogus 'acute_voorbeelden', item 'acuut.wapen': tekst gewijzigd: [-Wapengebruik-] "
        "{+Gebruik van een wapen of dreigen met een wapen+}"
    )
    vraag = next(x for x in basis_naar_nieuw.wijzigingen if x.sleutel[-2:] == ("4", "vraag"))
    assert vraag.tekst is not None
    assert vraag.zin().startswith(
        "Route 'standaard', afweging '4': vraag gewijzigd: Aanvaarden {+alle betrokkenen+} de "
        "[-betrokkenen-] hulp [-om dreiging"
    )
    assert "zich [-hiervoor-] {+daarvoor+} in te zetten?" in vraag.zin()


def test_items_normen_en_regels_erbij_en_eraf(basis_naar_nieuw: Verschil) -> None:
    soorten = {(w.onderdeel, w.soort, w.sleutel) for w in basis_naar_nieuw.wijzigingen}
    assert (Onderdeel.ITEMS, Soort.VERWIJDERD, ("items", "acuut.vlucht")) in soorten
    assert (Onderdeel.ITEMS, Soort.TOEGEVOEGD, ("items", "acuut.stalking")) in soorten
    assert (Onderdeel.NORMEN, Soort.TOEGEVOEGD, ("normen", "M7")) in soorten
    assert (
        Onderdeel.SIGNAALREGELS,
        Soort.VERWIJDERD,
        ("signaalregels", "disclosure_bij_2_nee"),
    ) in soorten
    assert "Route 'standaard', afweging '3', antwoord 'nee': norm was 'N3', nu 'M7'." in _zinnen(
        basis_naar_nieuw
    )


def test_omgekeerd_verschil_spiegelt(
    basis: Afwegingskader, nieuwe_versie: Afwegingskader, basis_naar_nieuw: Verschil
) -> None:
    terug = verschil(nieuwe_versie, basis)
    heen = basis_naar_nieuw.telling()
    assert terug.telling() == {
        "toegevoegd": heen["verwijderd"],
        "verwijderd": heen["toegevoegd"],
        "gewijzigd": heen["gewijzigd"],
    }


def test_basis_naar_voorbeeld_onderwijs(basis: Afwegingskader) -> None:
    onderwijs = laad_kader("voorbeeld-onderwijs")
    v = verschil(basis, onderwijs)
    zinnen = _zinnen(v)
    assert any(z.startswith("Route 'medewerker' toegevoegd: 'Vermoeden van geweld") for z in zinnen)
    assert any(
        z.startswith("Route 'standaard', afweging '2', antwoord 'twijfel' toegevoegd")
        for z in zinnen
    )
    assert (
        "Route 'standaard', pad 1=ja, 2=nee, 3=nee: uitkomst was 'Melden bij Veilig Thuis' (N3), "
        "nu 'Melden bij Veilig Thuis (door de zorgcoördinator of intern begeleider)' (O3)."
    ) in zinnen
    assert (
        "Route 'standaard', afweging '4', antwoord 'ja': acties was 'hulp', nu 'hulp_organiseren'."
        in zinnen
    )
    norm = next(w for w in v.wijzigingen if w.sleutel == ("normen", "O2"))
    assert "(ontleend aan N2)" in (norm.nieuw or "")
    # The routes share the id 'standaard', so their afwegingen are compared one by one.
    assert any(w.sleutel[:4] == ("routes", "standaard", "afwegingen", "1") for w in v.wijzigingen)


def test_weergaven(basis_naar_nieuw: Verschil) -> None:
    tekst = als_tekst(basis_naar_nieuw)
    assert tekst.startswith("Verschil van kader 'basis' versie 2018.2")
    assert "Uitkomsten per pad" in tekst
    md = als_markdown(basis_naar_nieuw)
    assert md.startswith("# Verschil: basis 2018.2 → basis 2025.1")
    assert "<del>Wapengebruik</del> <ins>Gebruik van een wapen" in md
    data = json.loads(als_json(basis_naar_nieuw))
    assert data["oud"]["versie"] == "2018.2" and data["nieuw"]["versie"] == "2025.1"
    wapen = next(
        w for w in data["wijzigingen"] if w["sleutel"] == ["items", "acuut.wapen", "tekst"]
    )
    assert wapen["tekstverschil"]["delen"][0] == {"soort": "weg", "tekst": "Wapengebruik"}


def test_woordverschil() -> None:
    v = woordverschil("Het melden is een norm", "Het melden is altijd een <norm>")
    assert v.als_tekst() == "Het melden is {+altijd+} een [-norm-] {+<norm>+}"
    assert (
        v.als_html()
        == "Het melden is <ins>altijd</ins> een <del>norm</del> <ins>&lt;norm&gt;</ins>"
    )
    assert [d.soort for d in v.delen] == [
        Deelsoort.GELIJK,
        Deelsoort.ERBIJ,
        Deelsoort.GELIJK,
        Deelsoort.WEG,
        Deelsoort.ERBIJ,
    ]
    assert woordverschil("a  b\nc", "a b c").gelijk


def test_zin_van_elke_soort() -> None:
    erbij = Wijziging(Onderdeel.NORMEN, Soort.TOEGEVOEGD, "Norm 'X'", nieuw="'tekst'")
    eraf = Wijziging(Onderdeel.NORMEN, Soort.VERWIJDERD, "Norm 'X'", oud="'tekst'")
    anders = Wijziging(Onderdeel.ACTIES, Soort.GEWIJZIGD, "Actie 'a'", "soort", "hulp", "melden")
    assert erbij.zin() == "Norm 'X' toegevoegd: 'tekst'."
    assert eraf.zin() == "Norm 'X' verwijderd (was: 'tekst')."
    assert anders.zin() == "Actie 'a': soort was hulp, nu melden."


# --- renamed routes, and which side has too many paths ------------------------------------------


def test_hernoemde_route_wordt_als_zichzelf_vergeleken(basis: Afwegingskader) -> None:
    data = _data(basis)
    data["routes"][0]["id"] = "thuissituatie"
    _optie(data, "3", "nee")["norm"] = "N4"
    v = verschil(basis, _kader(data))
    zinnen = _zinnen(v)
    assert zinnen[0] == "Route 'standaard': id (hernoemd) was 'standaard', nu 'thuissituatie'."
    assert not any(w.soort is not Soort.GEWIJZIGD for w in v.wijzigingen), zinnen
    # Its answers and the outcome of its paths are compared, under the new name.
    assert "Route 'thuissituatie', afweging '3', antwoord 'nee': norm was 'N3', nu 'N4'." in zinnen
    assert any(
        z.startswith("Route 'thuissituatie', pad 1=ja, 2=nee, 3=nee: uitkomst was") for z in zinnen
    )
    terug = _zinnen(verschil(_kader(data), basis))
    assert terug[0] == "Route 'thuissituatie': id (hernoemd) was 'thuissituatie', nu 'standaard'."


def _twee_routes(basis: Afwegingskader, titels: tuple[str, str]) -> dict[str, Any]:
    data = _data(basis)
    tweede = copy.deepcopy(data["routes"][0])
    tweede["id"] = "tweede"
    data["routes"].append(tweede)
    for route, titel in zip(data["routes"], titels, strict=True):
        route["titel"] = titel
    return data


def test_hernoemde_routes_gekoppeld_op_titel(basis: Afwegingskader) -> None:
    oud = _twee_routes(basis, ("Thuis", "School"))
    nieuw = copy.deepcopy(oud)
    nieuw["routes"][0]["id"], nieuw["routes"][1]["id"] = "school", "thuis"
    nieuw["routes"][0]["titel"], nieuw["routes"][1]["titel"] = "School", "Thuis"
    zinnen = _zinnen(verschil(_kader(oud), _kader(nieuw)))
    assert "Route 'standaard': id (hernoemd) was 'standaard', nu 'thuis'." in zinnen
    assert "Route 'tweede': id (hernoemd) was 'tweede', nu 'school'." in zinnen


def test_een_koppeling_die_niet_eenduidig_is_wordt_niet_gemaakt(basis: Afwegingskader) -> None:
    """Two routes alike in title and afwegingen on each side: no guess, removed and added."""
    oud = _twee_routes(basis, ("Zelfde", "Zelfde"))
    nieuw = copy.deepcopy(oud)
    nieuw["routes"][0]["id"], nieuw["routes"][1]["id"] = "a", "b"
    v = verschil(_kader(oud), _kader(nieuw))
    routes = [w for w in v.wijzigingen if w.onderdeel is Onderdeel.ROUTES]
    assert sorted(w.soort for w in routes) == [Soort.TOEGEVOEGD] * 2 + [Soort.VERWIJDERD] * 2


def test_te_veel_paden_zegt_aan_welke_kant() -> None:
    """A chain of 12 has 4,096 paths, one of 13 has 8,192: more than MAX_PADEN."""
    from kadergenerator import genereer_keten

    klein = laad_tekst(genereer_keten(12, kern=12), "klein.yaml")
    groot = laad_tekst(genereer_keten(13, kern=13), "groot.yaml")

    def regel(a: Afwegingskader, b: Afwegingskader) -> str:
        [w] = [w for w in verschil(a, b).wijzigingen if w.onderdeel is Onderdeel.UITKOMSTEN]
        return w.zin()

    te_veel = "meer dan 5.000 paden of samen meer dan 250.000 antwoorden"
    assert regel(klein, groot) == (
        "Route 'keten': aantal paden (uitkomsten niet per pad vergeleken) was 4096 paden, nu "
        f"{te_veel}."
    )
    assert regel(groot, klein) == (
        "Route 'keten': aantal paden (uitkomsten niet per pad vergeleken) was "
        f"{te_veel}, nu 4096 paden."
    )
