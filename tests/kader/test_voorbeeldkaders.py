"""The two shipped example frameworks: labelled as examples, and exercising what a profession's
own framework may do (docs/kader-formaat.md, 'Drie kaders om van te leren')."""

from __future__ import annotations

import pytest

from meldwijzer.kader import Afwegingskader, laad_kader, meegeleverde_kaders
from meldwijzer.kader.model import ActieSoort, Betekenis, Rol, Status

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
