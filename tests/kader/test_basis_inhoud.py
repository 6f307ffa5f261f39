"""Basis carries everything the Basisdocument gives, with the counts DESIGN.md lists."""

from __future__ import annotations

import re

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


def test_paginas_alleen_waar_de_tekst_ze_toont(basis: Afwegingskader) -> None:
    """Only pages 16, 17 and 31 are printed in the text; never cite another."""
    paginas = {b.pagina for b in _bronnen(basis)} | {
        t.bron.pagina
        for t in (
            basis.model.termen.acute_onveiligheid,
            basis.model.termen.structurele_onveiligheid,
        )
        if t.bron
    }
    assert paginas - {None} <= {16, 17, 31}


def _normaliseer(tekst: str) -> str:
    return re.sub(r"\s+", " ", tekst).strip()


def test_geciteerde_teksten_staan_letterlijk_in_het_basisdocument(
    basis: Afwegingskader, basisdocument: str
) -> None:
    """Quoted questions, norms and list items are the document's words, not paraphrases."""
    bron = _normaliseer(basisdocument)
    # Bullets break lines mid-item; drop layout so an item can be found whole.
    bron = bron.replace("• ", "")
    m = basis.model
    citaten = [a.vraag for a in m.routes[0].afwegingen]
    citaten += [n.tekst for n in m.normen if n.id.startswith("N")]
    for catalogus in (
        "acute_voorbeelden",
        "structurele_categorieen",
        "kindcheck",
        "risicofactoren_ouders",
        "criteria_afweging_3",
        "criteria_afweging_4",
        "criteria_afweging_5",
    ):
        c = next(x for x in m.catalogi if x.id == catalogus)
        citaten += [i.tekst for i in c.items]
    for citaat in citaten:
        assert _normaliseer(citaat) in bron, f"niet letterlijk gevonden: {citaat[:70]}"
