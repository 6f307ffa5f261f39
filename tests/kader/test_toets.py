"""Conformance report: the legal minimum and the comparison with basis (docs/kader-formaat.md,
'Conformiteit toetsen')."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kapotte_voorbeelden import onderwijs_met_twijfel_naar_hulp

from meldwijzer.kader import (
    Afwegingskader,
    OngeldigKader,
    controleer_tekst,
    laad_kader,
    meegeleverde_kaders,
)
from meldwijzer.kader.fouten import Ernst
from meldwijzer.kader.model import Bron, Norm
from meldwijzer.kader.tekstverschil import Deelsoort
from meldwijzer.kader.toets import Status, Toetsrapport, Vergelijking, toets, toets_tekst
from meldwijzer.kader.toets_weergave import als_json, als_markdown, als_tekst

KAPOT = Path(__file__).parent / "kaders" / "kapot"
WETTELIJK_KAPOT = [
    "geen_onveiligheid",
    "hulp_voor_onveiligheid",
    "onveiligheid_zonder_melden",
    "twee_onveiligheid",
    "twijfel_naar_hulp",
]


def _vergelijking(rapport: Toetsrapport, basis_id: str) -> Vergelijking:
    return next(v for v in rapport.vergelijkingen if v.basis_id == basis_id)


def test_basis_is_schoon(basis: Afwegingskader) -> None:
    rapport = toets(basis)
    assert rapport.voldoet
    assert not rapport.wettelijk_minimum
    assert rapport.telling() == {"overgenomen": 42, "herschreven": 0, "ontbreekt": 0}
    assert not rapport.eigen
    # 12 acute examples, 6 categories, the 1 + 3 examples in the definitions of acute and
    # structurele onveiligheid, 4 Kindcheck, 3 + 2 + 3 criteria, 4 voorwaarden, N2-N5.
    assert len(rapport.vergelijkingen) == 12 + 6 + 1 + 3 + 4 + 3 + 2 + 3 + 4 + 4
    assert [v.basis_id for v in rapport.vergelijkingen if v.groep_id == "normen"] == [
        "N2",
        "N3",
        "N4",
        "N5",
    ]
    assert all(w.id == v.basis_id for v in rapport.vergelijkingen for w in v.weergaven)


def test_voorbeeld_onderwijs(basis: Afwegingskader) -> None:
    rapport = toets(laad_kader("voorbeeld-onderwijs"))
    assert rapport.voldoet
    assert _vergelijking(rapport, "acuut.zwangerschap").status is Status.OVERGENOMEN
    ontbreekt = _vergelijking(rapport, "acuut.verzinnen_klachten")
    assert ontbreekt.status is Status.ONTBREEKT and not ontbreekt.weergaven
    wapen = _vergelijking(rapport, "acuut.wapen")
    assert wapen.status is Status.HERSCHREVEN
    assert [w.id for w in wapen.weergaven] == ["school.acuut.wapen"]
    assert wapen.weergaven[0].verschil.delen[0].soort is Deelsoort.WEG
    assert _vergelijking(rapport, "N4").status is Status.OVERGENOMEN  # O4 quotes N4
    assert [w.id for w in _vergelijking(rapport, "N2").weergaven] == ["O2"]
    routes = {r.route: r for r in rapport.routes}
    assert routes["standaard"].afweging == "2"
    assert routes["standaard"].meldende_antwoorden == ("Twijfel", "Ja")
    assert routes["medewerker"].buiten_meldcode is not None
    assert "vertrouwensinspecteur" in routes["medewerker"].buiten_meldcode
    # The buiten_meldcode remark is a legal-minimum remark, not a breach.
    assert [p.ernst for p in rapport.wettelijk_minimum] == [Ernst.OPMERKING]


def test_voorbeeld_huisarts_ontleent_ouderen_aan_de_begripsbepaling(basis: Afwegingskader) -> None:
    """Its item about elderly people and their carer was reported as the profession's own; it
    renders an example in the definition of structurele onveiligheid (H3, Afweging 2)."""
    rapport = toets(laad_kader("voorbeeld-huisarts"))
    assert rapport.voldoet
    assert not rapport.eigen
    ouderen = _vergelijking(rapport, "structureel.ouderen_mantelzorger")
    assert ouderen.status is Status.HERSCHREVEN
    assert [w.id for w in ouderen.weergaven] == ["ha.structureel.ouderen"]
    assert {v.basis_id for v in rapport.vergelijkingen if v.status is Status.ONTBREEKT} == {
        "acuut.medicijnen",
        "structureel.verslaving_ouders",
        "structureel.stalking",
    }


def test_de_voorbeelden_uit_de_begripsbepaling_worden_vergeleken(basis: Afwegingskader) -> None:
    rapport = toets(basis)
    groepen = {v.basis_id: v.groep_id for v in rapport.vergelijkingen}
    assert groepen["acuut.medicijnen"] == "acute_voorbeelden_begripsbepaling"
    assert {
        groepen[i]
        for i in (
            "structureel.verslaving_ouders",
            "structureel.ouderen_mantelzorger",
            "structureel.stalking",
        )
    } == {"structurele_voorbeelden_begripsbepaling"}


def test_kopie_zonder_ontleend_aan_mist_alles_met_een_hint() -> None:
    """Same ids are no link: only ontleend_aan counts (no fuzzy or implicit matching)."""
    tekst = meegeleverde_kaders()["basis"].read_text(encoding="utf-8")
    rapport = toets_tekst(tekst.replace("id: basis", "id: kopie", 1), "kopie.yaml")
    assert rapport.telling()["ontbreekt"] == 42
    wapen = _vergelijking(rapport, "acuut.wapen")
    assert wapen.hint is not None and "ontleend_aan: acuut.wapen" in wapen.hint
    assert {e.id for e in rapport.eigen} >= {"acuut.wapen", "N2"}


def test_herschreven_basis_toont_woordverschil() -> None:
    tekst = meegeleverde_kaders()["basis"].read_text(encoding="utf-8")
    rapport = toets_tekst(tekst.replace("tekst: Wapengebruik", "tekst: Gebruik van een wapen"))
    wapen = _vergelijking(rapport, "acuut.wapen")
    assert wapen.status is Status.HERSCHREVEN
    assert wapen.weergaven[0].verschil.als_tekst() == "[-Wapengebruik-] {+Gebruik van een wapen+}"


def test_bewust_kapot_kader_krijgt_toch_een_rapport() -> None:
    kapot = onderwijs_met_twijfel_naar_hulp()
    # Refused as a framework ...
    kader, problemen = controleer_tekst(kapot, "kapot.yaml")
    assert kader is None
    assert all(p.wettelijk_minimum for p in problemen if p.ernst is Ernst.FOUT)
    # ... but the conformance report describes it, with the reason and the line.
    rapport = toets_tekst(kapot, "kapot.yaml")
    assert not rapport.voldoet
    [breuk] = rapport.breuken
    regel = kapot.splitlines().index("          - id: twijfel") + 1
    assert breuk.regel == regel
    assert "Antwoord 'twijfel' bij afweging '2'" in breuk.melding
    assert "leidt niet (vóór hulp) tot een actie van soort melden" in breuk.melding
    standaard = next(r for r in rapport.routes if r.route == "standaard")
    assert not standaard.voldoet and standaard.breuken == (breuk,)
    assert "niet gehaald" in als_tekst(rapport)


@pytest.mark.parametrize("naam", WETTELIJK_KAPOT)
def test_kapotte_kaders_met_alleen_wettelijke_fouten(naam: str) -> None:
    rapport = toets_tekst((KAPOT / f"{naam}.yaml").read_text(encoding="utf-8"), f"{naam}.yaml")
    assert not rapport.voldoet
    assert all(p.code and p.code.startswith("wettelijk_minimum.") for p in rapport.breuken)


@pytest.mark.parametrize("naam", ["kring", "melden_zonder_norm", "onbekende_volgende"])
def test_structuurfouten_worden_geweigerd(naam: str) -> None:
    with pytest.raises(OngeldigKader):
        toets_tekst((KAPOT / f"{naam}.yaml").read_text(encoding="utf-8"), f"{naam}.yaml")


def test_weergaven(basis: Afwegingskader) -> None:
    rapport = toets(laad_kader("voorbeeld-onderwijs"))
    tekst = als_tekst(rapport)
    assert "het wettelijk minimum is gehaald" in tekst
    assert "5 overgenomen, 32 herschreven en 5 ontbreken" in tekst
    assert "acuut.verzinnen_klachten: geen onderdeel verwijst hiernaar" in tekst
    assert "acuut.wapen ← school.acuut.wapen: [-Wapengebruik-] {+Een leerling vertelt" in tekst
    md = als_markdown(rapport)
    assert md.startswith("# Conformiteitstoets: voorbeeld-onderwijs 0.1")
    assert "<del>Wapengebruik</del>" in md
    data = json.loads(als_json(rapport))
    assert data["wettelijk_minimum"]["voldoet"] is True
    assert data["vergelijking_met_basis"]["telling"]["ontbreekt"] == 5
    item = next(
        i for i in data["vergelijking_met_basis"]["items"] if i["basis_id"] == "acuut.wapen"
    )
    assert item["status"] == "herschreven"
    assert item["weergaven"][0]["tekstverschil"]["delen"][0]["soort"] == "weg"


def test_norm_zonder_ontleend_aan_houdt_de_hash_van_bestaande_versies() -> None:
    """ADR 0003: the field came later; left out while empty, earlier hashes stay the same."""
    norm = Norm(id="N", titel="Norm", tekst="Melden.", bron=Bron(sectie="Test"))
    assert "ontleend_aan" not in norm.model_dump()
    assert "ontleend_aan" not in norm.model_dump(mode="json")
    ontleend = norm.model_copy(update={"ontleend_aan": "N2"})
    assert ontleend.model_dump()["ontleend_aan"] == "N2"
    tekst = meegeleverde_kaders()["voorbeeld-huisarts"].read_text(encoding="utf-8")
    zonder = tekst.replace("    ontleend_aan: N5\n", "")
    assert toets_tekst(tekst).kader.hash != toets_tekst(zonder).kader.hash


def test_latere_itemvelden_veranderen_de_hash_niet() -> None:
    """ADR 0003 for catalogue items: weergave and altijd_van_toepassing came later; left out
    while at their default, so a framework that does not use them keeps its earlier hash
    (the hash of minimaal.yaml below is the one it had before either field existed)."""
    from meldwijzer.kader.model import CatalogusItem, Weergave

    item = CatalogusItem(id="x", tekst="Een item")
    for modus in ("python", "json"):
        assert {"weergave", "altijd_van_toepassing"}.isdisjoint(item.model_dump(mode=modus))
    gebruikt = CatalogusItem(
        id="x", tekst="t", weergave=Weergave.UITLEG, altijd_van_toepassing=True
    )
    assert gebruikt.model_dump(mode="json")["weergave"] == "uitleg"
    assert gebruikt.model_dump(mode="json")["altijd_van_toepassing"] is True
    minimaal = laad_kader(KAPOT.parent / "minimaal.yaml")
    assert minimaal.hash.startswith("fdcb2b509cf8573d")
