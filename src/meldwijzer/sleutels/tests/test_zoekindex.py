"""The keyed blind index: the same person found in the own organisation only, no name stored or
logged readably."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from meldwijzer.accounts.models import Rol
from meldwijzer.audit.models import Toegang
from meldwijzer.dossier import lijsten, services
from meldwijzer.dossier.models import Betrokkene
from meldwijzer.sleutels.zoekindex import normaliseer_naam, zoekwaarde

pytestmark = pytest.mark.django_db

GEBOREN = dt.date(2017, 3, 14)


def test_normaliseren_negeert_hoofdletters_accenten_en_volgorde():
    assert normaliseer_naam("Jan de Vries") == normaliseer_naam("vries, jan DE")
    assert normaliseer_naam("Zoë Öztürk") == normaliseer_naam("zoe ozturk")
    assert normaliseer_naam("  ") == ""


def test_zoekwaarde_per_organisatie_en_alleen_met_naam_en_datum():
    a = zoekwaarde(1, "Sam de Vries", GEBOREN)
    assert a == zoekwaarde(1, "de vries sam", GEBOREN)
    assert a != zoekwaarde(2, "Sam de Vries", GEBOREN)  # unlinkable across organisations
    assert a != zoekwaarde(1, "Sam de Vries", GEBOREN + dt.timedelta(days=1))
    assert zoekwaarde(1, "Sam de Vries", None) == "" and zoekwaarde(1, "", GEBOREN) == ""
    assert len(a) == 64 and "sam" not in a


def _kind(lid, casus, naam="Sam de Vries", geboren=GEBOREN):
    return services.voeg_betrokkene_toe(
        actor=lid, casus=casus, rol="kind", relatie="leerling", naam=naam, geboortedatum=geboren
    )


def test_een_collega_vindt_de_casus_van_hetzelfde_kind(
    beroepskracht, collega, aandachtsfunctionaris, buitenstaander, casus
):
    betrokkene = _kind(beroepskracht, casus)
    assert betrokkene.geboortejaar == 2017 and betrokkene.zoekindex
    with connection.cursor() as cursor:
        cursor.execute("SELECT naam, geboortedatum FROM dossier_betrokkene")
        naam, datum = cursor.fetchone()
    assert "Sam" not in naam and "2017" not in datum

    eigen = lijsten.casussen_met_betrokkene(beroepskracht, "DE VRIES, Sam", GEBOREN)
    assert eigen.zichtbaar == [casus] and eigen.niet_zichtbaar == 0
    # A colleague does not see the casus, but learns there is one: ask the AF.
    ander = lijsten.casussen_met_betrokkene(collega, "Sam de Vries", GEBOREN)
    assert ander.zichtbaar == [] and ander.niet_zichtbaar == 1
    af = lijsten.casussen_met_betrokkene(aandachtsfunctionaris, "Sam de Vries", GEBOREN)
    assert af.zichtbaar == [casus]
    # Another organisation finds nothing: the index value differs there.
    vreemd = lijsten.casussen_met_betrokkene(buitenstaander, "Sam de Vries", GEBOREN)
    assert vreemd.zichtbaar == [] and vreemd.niet_zichtbaar == 0
    assert not lijsten.casussen_met_betrokkene(beroepskracht, "Sam de Vries", None).zichtbaar


def test_zoeken_op_de_pagina_logt_zonder_naam(beroepskracht, casus, client_van, maak_lid):
    _kind(beroepskracht, casus)
    client = client_van(beroepskracht)
    antwoord = client.post(
        reverse("web:casus_zoeken"), {"naam": "Sam de Vries", "geboortedatum": "2017-03-14"}
    )
    assert antwoord.status_code == 200 and casus.kenmerk in antwoord.content.decode()
    rij = Toegang.objects.get(onderdeel="casussen.zoeken")
    assert rij.actie == "zoeken" and rij.details["gevonden"] == [casus.pk]
    assert "Sam" not in str(rij.details)
    assert client.get(reverse("web:casus_zoeken")).status_code == 405  # never in a URL
    po = maak_lid(Rol.PRIVACY_OFFICER, casus.organisatie)
    assert client_van(po).post(reverse("web:casus_zoeken"), {}).status_code == 403


def test_betrokkene_toevoegen_met_geboortedatum_op_de_pagina(beroepskracht, casus, client_van):
    client = client_van(beroepskracht)
    antwoord = client.post(
        reverse("web:betrokkenen", args=[casus.uuid]),
        {
            "rol": "kind",
            "relatie": "leerling",
            "naam": "Noor Bakker",
            "geboortedatum": "2016-05-01",
            "versie": casus.versie,
        },
    )
    assert antwoord.status_code == 302
    betrokkene = Betrokkene.objects.get()
    assert betrokkene.geboortedatum == dt.date(2016, 5, 1) and betrokkene.geboortejaar == 2016
    assert lijsten.casussen_met_betrokkene(beroepskracht, "Noor Bakker", dt.date(2016, 5, 1))
