"""Basis carries everything the Basisdocument gives, with the counts DESIGN.md lists; that it
quotes it exactly is tested in test_citaten.py."""

from __future__ import annotations

import pytest

from meldwijzer.kader import Afwegingskader
from meldwijzer.kader.model import ActieSoort, Bron, Rol


def _catalogus(kader: Afwegingskader, catalogus_id: str) -> list[str]:
    return [i.id for c in kader.model.catalogi if c.id == catalogus_id for i in c.items]


@pytest.mark.parametrize(
    ("catalogus", "aantal"),
    [
        ("acute_voorbeelden", 12),
        ("structurele_categorieen", 6),
        # The examples inside definitions (a) and (b) of H3, Afweging 2, beside the lists.
        ("acute_voorbeelden_begripsbepaling", 1),
        ("structurele_voorbeelden_begripsbepaling", 3),
        ("structurele_factoren", 3),
        ("kindcheck", 4),
        ("vuistregels", 8),
        ("risicofactoren_ouders", 6),
        ("criteria_afweging_3", 3),
        ("criteria_afweging_4", 2),
        ("criteria_afweging_5", 3),
        ("voorwaarden_hulp", 4),
    ],
)
def test_aantallen(basis: Afwegingskader, catalogus: str, aantal: int) -> None:
    assert len(_catalogus(basis, catalogus)) == aantal


def test_vijf_afwegingen_met_hun_rol(basis: Afwegingskader) -> None:
    afwegingen = basis.model.routes[0].afwegingen
    assert [a.id for a in afwegingen] == ["1", "2", "3", "4", "5"]
    assert [a.rol for a in afwegingen] == [
        Rol.VERMOEDEN,
        Rol.ONVEILIGHEID,
        Rol.EIGEN_HULP,
        Rol.AANVAARDING,
        Rol.RESULTAAT,
    ]


def test_normen_en_hun_koppeling(basis: Afwegingskader) -> None:
    koppeling = {n.id: n.uitwerking_van for n in basis.model.normen}
    assert koppeling == {
        "H2.1": None,
        "H2.2": None,
        "H2.3": None,
        "N2": "H2.1",
        "N3": "H2.2",
        "N4": None,
        "N5": "H2.3",
    }


def test_vuistregel_7_draagt_de_risicofactoren(basis: Afwegingskader) -> None:
    vuistregels = next(c for c in basis.model.catalogi if c.id == "vuistregels")
    assert vuistregels.items[6].zie_catalogus == "risicofactoren_ouders"


def test_termen_en_disclosure(basis: Afwegingskader) -> None:
    termen = basis.model.termen
    assert termen.acute_onveiligheid.tekst.startswith("Acute onveiligheid betekent")
    assert "herhalende of voortdurende" in termen.structurele_onveiligheid.tekst
    assert termen.disclosure is not None


def test_afsluitmogelijkheden(basis: Afwegingskader) -> None:
    assert len(_catalogus(basis, "afsluiting")) >= 3
    soorten = {a.soort for a in basis.model.acties}
    assert {ActieSoort.AFSLUITEN, ActieSoort.HULP_AFSLUITEN} <= soorten


def _bronnen(basis: Afwegingskader) -> list[Bron]:
    m = basis.model
    bronnen: list[Bron] = [n.bron for n in m.normen]
    for c in m.catalogi:
        for item in c.items:
            bron = item.bron or c.bron
            assert bron is not None, f"{item.id} heeft geen bron"
            bronnen.append(bron)
    for a in m.routes[0].afwegingen:
        assert a.bron is not None
        bronnen.append(a.bron)
    bronnen += [r.bron for r in m.signaalregels]
    return bronnen


def test_elke_bron_noemt_hoofdstuk_en_sectie(basis: Afwegingskader) -> None:
    for bron in _bronnen(basis):
        assert bron.hoofdstuk is not None and bron.sectie


def test_de_uitleg_van_hulp_citeert_afweging_5(basis: Afwegingskader) -> None:
    """Goals, results and a term to evaluate by: that is afweging 5's text, not afweging 4's."""
    hulp = next(a for a in basis.model.acties if a.id == "hulp")
    assert hulp.uitleg is not None and "doelen, resultaten en een termijn" in hulp.uitleg
    assert hulp.bron == Bron(hoofdstuk=3, sectie="Afweging 5")
