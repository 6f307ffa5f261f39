"""Practising: answers in path order on the learner's own path, feedback per answer that says
whether it matches, cites the norm and explains in the framework's words, and the route taken
beside the expected route."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meldwijzer.catalogus.tests.kadervarianten import als_yaml, zelfde_afweging_id_in_twee_routes
from meldwijzer.kader import laad_tekst
from meldwijzer.oefenen import services, terugkoppeling
from meldwijzer.oefenen.tests.bouwers import VERWACHT, maak_oefencasus, oefen

pytestmark = pytest.mark.django_db


@pytest.fixture
def oefencasus(aandachtsfunctionaris):
    return maak_oefencasus(aandachtsfunctionaris)


def _feedback(oefencasus, poging):
    return terugkoppeling.per_antwoord(
        oefencasus.kader(),
        oefencasus.route,
        oefencasus.verwachte_antwoorden,
        oefencasus.verwachte_signalen,
        poging.antwoorden,
        poging.signalen,
        poging.toelichtingen,
    )


def test_alles_goed(beroepskracht, oefencasus):
    poging = oefen(beroepskracht, oefencasus, VERWACHT, ["acuut.wapen"])
    assert poging.afgerond
    fb = _feedback(oefencasus, poging)
    assert [a.klopt for a in fb.antwoorden] == [True] * 5
    # Afweging 2 = ja rests on N2, cited with its source; its signals were recognised.
    a2 = fb.antwoorden[1]
    assert a2.norm_verwacht is not None and a2.norm_verwacht["id"] == "N2"
    assert a2.norm_verwacht["bron"].startswith("H3")
    assert [s.id for s in a2.signalen.goed] == ["acuut.wapen"] and a2.signalen.klopt
    route = terugkoppeling.vergelijk_route(
        oefencasus.kader(),
        "standaard",
        VERWACHT,
        ["acuut.wapen"],
        poging.antwoorden,
        poging.signalen,
    )
    assert route.zelfde_route and route.zelfde_acties


def test_afwijkend_antwoord_krijgt_de_waarschuwing_en_de_norm(beroepskracht, oefencasus):
    # The learner misses the knife and answers 2 = nee: the framework's own warning about the
    # acute example in the vignette explains why, and N2 is cited as the expected answer's norm.
    poging = oefen(beroepskracht, oefencasus, {"1": "ja", "2": "nee", "3": "nee"})
    assert poging.afgerond
    fb = _feedback(oefencasus, poging)
    a1, a2, a3 = fb.antwoorden
    assert a1.klopt and not a2.klopt
    assert a2.verwacht.id == "ja" and a2.gekozen.id == "nee"
    assert a2.norm_verwacht["id"] == "N2"
    assert [w.regel for w in a2.waarschuwingen] == ["acuut_bij_2_nee"]
    assert "mes" in a2.waarschuwingen[0].tekst or "wapen" in a2.waarschuwingen[0].tekst.lower()
    assert [s.id for s in a2.signalen.gemist] == ["acuut.wapen"]
    # Afweging 3 lies on the expected route too; its answer nee carries N3 for the learner.
    assert a3.verwacht.id == "ja" and a3.norm_gekozen["id"] == "N3"
    route = terugkoppeling.vergelijk_route(
        oefencasus.kader(),
        "standaard",
        VERWACHT,
        ["acuut.wapen"],
        poging.antwoorden,
        poging.signalen,
    )
    assert not route.zelfde_route
    kader = oefencasus.kader()
    assert route.genomen.acties == [kader.actie_label["melden"]]
    assert [n["id"] for n in route.genomen.normen] == ["N3"]
    assert route.verwacht.beslissing.afgerond


def test_afweging_buiten_de_verwachte_route(aandachtsfunctionaris, beroepskracht):
    o = maak_oefencasus(aandachtsfunctionaris, antwoorden={"1": "nee"}, signalen=[])
    poging = oefen(beroepskracht, o, {"1": "ja", "2": "nee", "3": "nee"})
    fb = _feedback(o, poging)
    assert not fb.antwoorden[0].klopt
    assert fb.antwoorden[1].verwacht is None and not fb.antwoorden[1].klopt


def test_alleen_de_volgende_afweging(beroepskracht, oefencasus):
    poging = services.begin_poging(actor=beroepskracht, oefencasus=oefencasus)
    with pytest.raises(ValidationError, match="niet aan de beurt"):
        services.beantwoord_oefening(
            actor=beroepskracht, poging=poging, afweging="2", antwoord="ja"
        )
    with pytest.raises(ValidationError):
        services.beantwoord_oefening(
            actor=beroepskracht, poging=poging, afweging="1", antwoord="misschien"
        )
    poging.refresh_from_db()
    assert poging.antwoorden == {}


def test_signalen_alleen_uit_de_lijsten_van_deze_afweging(beroepskracht, oefencasus):
    poging = services.begin_poging(actor=beroepskracht, oefencasus=oefencasus)
    # At afweging 1 the acute list is not shown: a ticked id from it is not taken.
    poging = services.beantwoord_oefening(
        actor=beroepskracht,
        poging=poging,
        afweging="1",
        antwoord="ja",
        signalen=["acuut.wapen", "verzonnen"],
    )
    assert poging.signalen == []
    poging = services.beantwoord_oefening(
        actor=beroepskracht,
        poging=poging,
        afweging="2",
        antwoord="ja",
        signalen=["acuut.wapen", "verzonnen"],
        toelichting="Het mes.",
    )
    assert poging.signalen == ["acuut.wapen"]
    assert poging.toelichtingen == {"2": "Het mes."}


def test_afgeronde_oefening_verandert_niet(beroepskracht, oefencasus):
    poging = oefen(beroepskracht, oefencasus, {"1": "nee"})
    assert poging.afgerond
    with pytest.raises(ValidationError, match="al afgerond"):
        services.beantwoord_oefening(
            actor=beroepskracht, poging=poging, afweging="2", antwoord="ja"
        )


def test_alleen_de_deelnemer_beantwoordt(beroepskracht, collega, aandachtsfunctionaris, oefencasus):
    poging = services.begin_poging(actor=beroepskracht, oefencasus=oefencasus)
    for ander in (collega, aandachtsfunctionaris):
        with pytest.raises(PermissionDenied):
            services.beantwoord_oefening(actor=ander, poging=poging, afweging="1", antwoord="ja")


def test_ingetrokken_oefencasus(beroepskracht, aandachtsfunctionaris, oefencasus):
    services.trek_oefencasus_in(actor=aandachtsfunctionaris, oefencasus=oefencasus)
    with pytest.raises(ValidationError, match="ingetrokken"):
        services.begin_poging(actor=beroepskracht, oefencasus=oefencasus)
    with pytest.raises(PermissionDenied):
        services.trek_oefencasus_in(actor=beroepskracht, oefencasus=oefencasus)


def test_andere_organisatie_kan_niet_oefenen(buitenstaander, oefencasus):
    with pytest.raises(PermissionDenied):
        services.begin_poging(actor=buitenstaander, oefencasus=oefencasus)


def test_terugkoppeling_noemt_een_waarschuwing_alleen_bij_het_antwoord_waarover_zij_gaat():
    """Two routes with an afweging "2" (catalogus.tests.kadervarianten): the acute route's
    warning belongs to its own answer, not to afweging 2 of the route handed over to."""
    kader = laad_tekst(als_yaml(zelfde_afweging_id_in_twee_routes()), "f2.yaml")
    antwoorden = {"2": "nee", "thuissituatie/1": "ja", "thuissituatie/2": "nee"}
    fb = terugkoppeling.per_antwoord(
        kader, "acuut", antwoorden, ["opvang.letsel"], antwoorden, ["opvang.letsel"]
    )
    assert [len(a.waarschuwingen) for a in fb.antwoorden] == [1, 0, 0]
