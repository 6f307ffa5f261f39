"""The two shipped example frameworks: labelled as examples, and exercising what a profession's
own framework may do (docs/kader-formaat.md, 'Drie kaders om van te leren')."""

from __future__ import annotations

import re

import pytest

from meldwijzer.kader import Afwegingskader, laad_kader, meegeleverde_kaders
from meldwijzer.kader.model import ActieSoort, Betekenis, Bron, Rol, Status

VOORBEELDEN = ["voorbeeld-onderwijs", "voorbeeld-huisarts"]


@pytest.fixture(scope="module", params=VOORBEELDEN)
def voorbeeld(request: pytest.FixtureRequest) -> Afwegingskader:
    return laad_kader(str(request.param))


def test_id_is_de_bestandsnaam() -> None:
    for kader_id, pad in meegeleverde_kaders().items():
        assert laad_kader(kader_id).id == kader_id == pad.stem


def test_duidelijk_een_voorbeeld(voorbeeld: Afwegingskader) -> None:
    m = voorbeeld.model
    assert m.status is Status.CONCEPT
    assert m.titel.startswith("Voorbeeld — geen officiële tekst")
    assert m.toelichting is not None and m.toelichting.startswith(
        "Voorbeeld — geen officiële tekst"
    )


def test_eigen_termen(voorbeeld: Afwegingskader, basis: Afwegingskader) -> None:
    eigen, algemeen = voorbeeld.model.termen, basis.model.termen
    assert eigen.acute_onveiligheid.tekst != algemeen.acute_onveiligheid.tekst
    assert eigen.structurele_onveiligheid.tekst != algemeen.structurele_onveiligheid.tekst


def test_antwoorden_buiten_ja_en_nee(voorbeeld: Afwegingskader) -> None:
    onveilig = next(
        a for r in voorbeeld.model.routes for a in r.afwegingen if a.rol is Rol.ONVEILIGHEID
    )
    assert {o.id for o in onveilig.opties} - {"ja", "nee"}


def test_beroepsspecifieke_items_ontleend_aan_basis(
    voorbeeld: Afwegingskader, basis: Afwegingskader
) -> None:
    ontleend = [i for c in voorbeeld.model.catalogi for i in c.items if i.ontleend_aan]
    assert len(ontleend) >= 30
    assert all(i.ontleend_aan in basis.items for i in ontleend)
    assert all(i.id not in basis.items for i in ontleend)  # their own ids
    assert {n.ontleend_aan for n in voorbeeld.model.normen} == {"N2", "N3", "N4", "N5"}


def test_onderwijs_twijfel_meldt_en_medewerkerroute_buiten_de_meldcode() -> None:
    kader = laad_kader("voorbeeld-onderwijs")
    routes = {r.id: r for r in kader.model.routes}
    assert len(routes) >= 2
    twee = next(a for a in routes["standaard"].afwegingen if a.rol is Rol.ONVEILIGHEID)
    twijfel = next(o for o in twee.opties if o.id == "twijfel")
    assert twijfel.betekenis is Betekenis.JA
    assert [kader.actie_soort[a] for a in twijfel.acties] == [ActieSoort.MELDEN]
    assert twijfel.uitleg is not None and "Eigen keuze" in twijfel.uitleg
    medewerker = routes["medewerker"]
    assert medewerker.buiten_meldcode is not None
    assert "vertrouwensinspecteur" in medewerker.buiten_meldcode.reden
    assert medewerker.buiten_meldcode.bron
    acties = {a for afw in medewerker.afwegingen for o in afw.opties for a in o.acties}
    assert kader.actie_soort["bestuur_informeren"] is ActieSoort.OVERIG
    assert "bestuur_informeren" in acties
    assert not any(kader.actie_soort[a] is ActieSoort.HULP for a in acties)


def test_onderwijs_hulp_via_de_zorgstructuur() -> None:
    kader = laad_kader("voorbeeld-onderwijs")
    hulp = [a for a in kader.model.acties if a.soort is ActieSoort.HULP]
    assert [a.id for a in hulp] == ["hulp_organiseren"]
    assert "zorgcoördinator" in hulp[0].label


def test_huisarts_kindcheck_voorop_en_patient_informeren() -> None:
    kader = laad_kader("voorbeeld-huisarts")
    route = kader.model.routes[0]
    twee = next(a for a in route.afwegingen if a.rol is Rol.ONVEILIGHEID)
    assert twee.catalogi[0] == "huisarts_kindcheck"
    regels = {r.afweging for r in kader.model.signaalregels if r.signalen == ["huisarts_kindcheck"]}
    assert regels == {"1", "2"}
    ja = [o for o in twee.opties if o.betekenis is Betekenis.JA]
    assert {o.acties[0] for o in ja} == {"patient_geinformeerd", "reden_niet_informeren"}
    for optie in ja:
        assert [kader.actie_soort[a] for a in optie.acties] == [
            ActieSoort.OVERIG,
            ActieSoort.MELDEN,
        ]
    assert any(c.id == "vooraf_informeren" for c in kader.model.catalogi)


def _bronnen(kader: Afwegingskader) -> list[Bron]:
    m = kader.model
    bronnen = [n.bron for n in m.normen] + [r.bron for r in m.signaalregels]
    bronnen += [
        t.bron
        for t in (
            m.termen.acute_onveiligheid,
            m.termen.structurele_onveiligheid,
            m.termen.disclosure,
        )
        if t and t.bron
    ]
    for c in m.catalogi:
        bronnen += [b for b in [c.bron, *(i.bron for i in c.items)] if b]
    bronnen += [a.bron for a in m.acties if a.bron]
    bronnen += [afw.bron for r in m.routes for afw in r.afwegingen if afw.bron]
    return bronnen


def test_paginas_alleen_waar_de_tekst_ze_toont(voorbeeld: Afwegingskader) -> None:
    assert {b.pagina for b in _bronnen(voorbeeld)} - {None} <= {16, 17, 31}


def test_geciteerde_secties_bestaan(voorbeeld: Afwegingskader, basisdocument: str) -> None:
    """Every citation names a hoofdstuk and headings that occur in the Basisdocument."""
    tekst = re.sub(r"\s+", " ", basisdocument)
    for bron in _bronnen(voorbeeld):
        assert bron.hoofdstuk is not None and bron.sectie
        for kop in bron.sectie.split(", "):
            assert kop in tekst, f"sectiekop niet gevonden: {kop}"
