"""The shipped example frameworks: labelled as examples, and exercising what a profession's own
framework may do (docs/kader-formaat.md, 'Kaders om van te leren')."""

from __future__ import annotations

import pytest

from meldwijzer.kader import Afwegingskader, beslis, laad_kader, meegeleverde_kaders
from meldwijzer.kader.model import ActieSoort, Betekenis, Rol, Status, ontleningen

VOORBEELDEN = [
    "voorbeeld-onderwijs",
    "voorbeeld-huisarts",
    "voorbeeld-kinderopvang",
    "voorbeeld-jgz",
]


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
    assert all(b in basis.items for i in ontleend for b in ontleningen(i.ontleend_aan))
    assert all(i.id not in basis.items for i in ontleend)  # their own ids
    normen = {b for n in voorbeeld.model.normen for b in ontleningen(n.ontleend_aan)}
    assert normen == {"N2", "N3", "N4", "N5"}


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


def test_kinderopvang_drie_routes_waarvan_twee_buiten_de_meldcode() -> None:
    kader = laad_kader("voorbeeld-kinderopvang")
    routes = {r.id: r for r in kader.model.routes}
    assert list(routes) == ["thuissituatie", "medewerker", "kinderen"]
    assert routes["thuissituatie"].buiten_meldcode is None
    medewerker = routes["medewerker"].buiten_meldcode
    assert medewerker is not None and "vertrouwensinspecteur" in medewerker.reden
    assert routes["kinderen"].buiten_meldcode is not None
    # Every afweging carries a short label (format 2).
    assert all(a.kort for r in kader.model.routes for a in r.afwegingen)


def test_kinderopvang_een_kind_dat_vertelt_beslist_zelf() -> None:
    """A child's own disclosure means melden now, before any answer, resting on the norm of
    afweging 2 and citing the Geschillencommissie ruling that says so."""
    kader = laad_kader("voorbeeld-kinderopvang")
    item = next(
        i for c in kader.model.catalogi for i in c.items if i.id == "ko.disclosure.kind_vertelt"
    )
    assert item.gevolg is not None and item.gevolg.acties == ["melden"]
    assert item.gevolg.norm == "KO2"
    assert item.bron is not None and "1041162/1180224" in item.bron.document
    uitkomst = beslis(kader, {}, ["ko.disclosure.kind_vertelt"], route="thuissituatie")
    assert uitkomst.acties == ("melden",) and uitkomst.normen == ("KO2",)
    assert uitkomst.beslissende_signalen == ("ko.disclosure.kind_vertelt",)
    # Outside the home-situation route the signal decides nothing until the casus gets there.
    kinderen = beslis(kader, {"k1": "ja"}, ["ko.disclosure.kind_vertelt"], route="kinderen")
    assert "melden" not in kinderen.acties and not kinderen.beslissende_signalen


def test_kinderopvang_overdracht_van_de_kinderen_naar_de_andere_routes() -> None:
    kader = laad_kader("voorbeeld-kinderopvang")
    thuis = beslis(kader, {"k1": "ja", "k2": "ja", "k3": "ja_thuis"}, route="kinderen")
    assert thuis.route_nu == "thuissituatie" and thuis.volgende_afweging == "1"
    medewerker = beslis(kader, {"k1": "ja", "k2": "nee", "k3": "ja_medewerker"}, route="kinderen")
    assert medewerker.route_nu == "medewerker" and medewerker.volgende_afweging == "m1"


def test_kinderopvang_termijnen_als_gegevens() -> None:
    kader = laad_kader("voorbeeld-kinderopvang")
    acties = {a.id: a for a in kader.model.acties}
    [vt] = acties["melden"].termijnen
    assert (vt.aantal, vt.dagen.value) == (5, "werkdagen") and vt.bron is not None
    [overleg] = acties["vertrouwensinspecteur_overleggen"].termijnen
    assert (overleg.aantal, overleg.dagen.value) == (1, "werkdagen")
    # Counting 'direct' as one working day is the example's own choice, and says so.
    assert "eigen keuze" in (acties["vertrouwensinspecteur_overleggen"].uitleg or "")


def test_kinderopvang_gastouder_voegt_een_actie_toe_onder_voorwaarde() -> None:
    kader = laad_kader("voorbeeld-kinderopvang")
    met = beslis(kader, {"1": "ja_gastouder", "2": "ja_structureel"}, route="thuissituatie")
    zonder = beslis(kader, {"1": "ja", "2": "ja_structureel"}, route="thuissituatie")
    assert met.acties == ("melden", "gastouderbureau_betrekken")
    assert zonder.acties == ("melden",)


def test_jgz_hulpverlenend_zelf_bieden_of_organiseren() -> None:
    """At afweging 3 the JGZ offers help itself or organises it; afweging 4 adds the action that
    goes with that earlier answer."""
    kader = laad_kader("voorbeeld-jgz")
    drie = {o.id for o in kader.model.routes[0].afwegingen[2].opties}
    assert drie == {"nee", "ja_zelf", "ja_organiseren"}
    zelf = beslis(kader, {"1": "ja", "2": "nee", "3": "ja_zelf", "4": "ja"})
    elders = beslis(kader, {"1": "ja", "2": "nee", "3": "ja_organiseren", "4": "ja"})
    assert zelf.acties == ("hulp_jgz", "extra_contactmomenten")
    assert elders.acties == ("hulp_jgz", "warme_overdracht")
    assert kader.actie_soort["hulp_jgz"] is ActieSoort.HULP
    assert [t.aantal for t in zelf.termijnen] == [56]


def test_jgz_abusive_head_trauma_is_een_eigen_acuut_voorbeeld() -> None:
    kader = laad_kader("voorbeeld-jgz")
    aht = next(i for c in kader.model.catalogi for i in c.items if i.id == "jgz.acuut.aht")
    assert aht.ontleend_aan is None  # the profession's own item, not a basis one
    assert aht.bron is not None and aht.bron.document.startswith("JGZ-richtlijn")
