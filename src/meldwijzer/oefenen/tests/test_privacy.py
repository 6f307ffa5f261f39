"""Privacy of learners: my attempts are mine; the aandachtsfunctionaris sees totals per
vignette only, never per person and never below a group of five; another organisation sees
nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from meldwijzer.oefenen import selectors
from meldwijzer.oefenen.tests.bouwers import VERWACHT, maak_deelnemers, maak_oefencasus, oefen

pytestmark = pytest.mark.django_db

ANDERS = {"1": "ja", "2": "nee", "3": "nee"}


@pytest.fixture
def oefencasus(aandachtsfunctionaris):
    return maak_oefencasus(aandachtsfunctionaris)


def test_totalen_verborgen_onder_vijf(organisatie, aandachtsfunctionaris, oefencasus):
    leden = maak_deelnemers(organisatie, 4)
    for lid in leden:
        oefen(lid, oefencasus, VERWACHT, ["acuut.wapen"])
    # One learner practising four times still counts once.
    for _ in range(3):
        oefen(leden[0], oefencasus, ANDERS)
    totalen = selectors.totalen(aandachtsfunctionaris, oefencasus)
    assert not totalen.zichtbaar
    assert totalen.deelnemers is None and totalen.afwegingen == []


def test_totalen_vanaf_vijf_zonder_personen(organisatie, aandachtsfunctionaris, oefencasus):
    leden = maak_deelnemers(organisatie, 6)
    for lid in leden[:4]:
        oefen(lid, oefencasus, VERWACHT, ["acuut.wapen"])
    for lid in leden[4:]:
        oefen(lid, oefencasus, ANDERS)
    # A started attempt that is not finished does not count.
    oefen(maak_deelnemers(organisatie, 1, "half")[0], oefencasus, {"1": "ja"})
    totalen = selectors.totalen(aandachtsfunctionaris, oefencasus)
    assert totalen.deelnemers == 6
    # The expected route runs through the hidden afwegingen 4 and 5: how many followed it would
    # tell how those four answered there, so it is not given.
    assert totalen.verwachte_route is None
    per_afweging = {r.afweging.id: r for r in totalen.afwegingen}
    assert {k.label: k.aantal for k in per_afweging["1"].keuzes} == {"Ja": 6, "Nee": 0}
    assert {k.label: k.aantal for k in per_afweging["2"].keuzes} == {"Ja": 4, "Nee": 2}
    assert [k.label for k in per_afweging["2"].keuzes if k.verwacht] == ["Ja"]
    # Afwegingen 4 and 5 were reached by only four learners: hidden, not "4 chose ja".
    assert per_afweging["4"].verborgen and per_afweging["5"].verborgen
    assert [(s.aantal) for s in totalen.signalen] == [4]


def test_totalenpagina_noemt_niemand(organisatie, aandachtsfunctionaris, oefencasus, client_van):
    leden = maak_deelnemers(organisatie, 5, "persoon")
    for lid in leden:
        oefen(lid, oefencasus, VERWACHT, ["acuut.wapen"])
    tekst = (
        client_van(aandachtsfunctionaris)
        .get(reverse("web:oefencasus_totalen", args=[oefencasus.uuid]))
        .content.decode()
    )
    assert "5 collega" in tekst
    for lid in leden:
        assert lid.user.username not in tekst
        assert lid.user.get_full_name() not in tekst


def test_onder_vijf_ook_geen_aantal_op_de_pagina(
    organisatie, aandachtsfunctionaris, oefencasus, client_van
):
    for lid in maak_deelnemers(organisatie, 3):
        oefen(lid, oefencasus, VERWACHT)
    tekst = (
        client_van(aandachtsfunctionaris)
        .get(reverse("web:oefencasus_totalen", args=[oefencasus.uuid]))
        .content.decode()
    )
    assert "Nog geen totalen" in tekst
    assert "3 collega" not in tekst


def test_een_ander_ziet_mijn_oefening_niet(
    beroepskracht, collega, aandachtsfunctionaris, buitenstaander, oefencasus, client_van
):
    poging = oefen(beroepskracht, oefencasus, ANDERS)
    pad = reverse("web:oefening", args=[poging.uuid])
    assert client_van(beroepskracht).get(pad).status_code == 200
    # The colleague, the aandachtsfunctionaris and another organisation: 404, as if it did not
    # exist — there is no per-person view for anyone.
    for ander in (collega, aandachtsfunctionaris, buitenstaander):
        assert client_van(ander).get(pad).status_code == 404
        assert client_van(ander).post(pad, {"afweging": "1", "antwoord": "ja"}).status_code == 404
        with pytest.raises(Http404):
            selectors.poging_voor(ander, poging.uuid)
        assert not selectors.mijn_pogingen(ander).filter(pk=poging.pk).exists()
    # Not in the colleague's list of own attempts either.
    overzicht = client_van(collega).get(reverse("web:oefenen")).content.decode()
    assert "Mijn oefeningen" in overzicht
    assert reverse("web:oefening", args=[poging.uuid]) not in overzicht


def test_andere_organisatie_ziet_niets(buitenstaander, oefencasus, client_van, maak_lid):
    from meldwijzer.accounts.models import Rol

    client = client_van(buitenstaander)
    for naam in ("web:oefencasus", "web:oefencasus_totalen"):
        assert client.get(reverse(naam, args=[oefencasus.uuid])).status_code == 404
    assert client.post(reverse("web:oefenen_beginnen", args=[oefencasus.uuid])).status_code == 404
    assert oefencasus.titel not in client.get(reverse("web:oefenen")).content.decode()
    with pytest.raises(Http404):
        selectors.totalen(buitenstaander, oefencasus)
    assert not selectors.oefencasussen(buitenstaander).exists()
    bk_b = maak_lid(Rol.BEROEPSKRACHT, buitenstaander.organisatie, "bk-b")
    assert not selectors.oefencasussen(bk_b).exists()


def test_alleen_de_aandachtsfunctionaris_ziet_totalen(beroepskracht, oefencasus, client_van):
    with pytest.raises(PermissionDenied):
        selectors.totalen(beroepskracht, oefencasus)
    pad = reverse("web:oefencasus_totalen", args=[oefencasus.uuid])
    assert client_van(beroepskracht).get(pad).status_code == 403


def test_de_leerling_ziet_de_verwachte_antwoorden_niet_vooraf(
    beroepskracht, oefencasus, client_van
):
    tekst = (
        client_van(beroepskracht)
        .get(reverse("web:oefencasus", args=[oefencasus.uuid]))
        .content.decode()
    )
    assert "Wat het kader verwacht" not in tekst
    assert "Begin met oefenen" in tekst
