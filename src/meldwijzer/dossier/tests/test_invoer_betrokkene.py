"""The betrokkene declared once (dossier.invoer.BETROKKENE, docs/adr/0017): the form, the API's
schemas, the service's checks, the audit snapshot and the inzage export derive from it. The
rules between its fields and the blind index stay in the service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meldwijzer.api.betrokkenen import BetrokkeneIn, BetrokkeneUit
from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services
from meldwijzer.dossier.invoer import BETROKKENE, DECLARATIES
from meldwijzer.dossier.inzage import InzageOpties, inzage
from meldwijzer.dossier.models import Betrokkene
from meldwijzer.web.forms import BetrokkeneForm

pytestmark = pytest.mark.django_db

GEBOREN = dt.date(2015, 3, 1)


def voeg_toe(actor, casus, **extra):
    velden = {"rol": "kind", "relatie": "leerling", "leeftijd": 9, **extra}
    return services.voeg_betrokkene_toe(actor=actor, casus=casus, **velden)


def fout(actor, casus, **extra) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as e:
        voeg_toe(actor, casus, **extra)
    return e.value.message_dict


def test_de_declaratie_staat_in_de_lijst():
    assert DECLARATIES[Betrokkene] is BETROKKENE
    assert BETROKKENE.namen() == [
        "rol",
        "leeftijd",
        "geboortejaar",
        "relatie",
        "naam",
        "geboortedatum",
    ]
    assert BETROKKENE.soort(BETROKKENE.velden[1]) == "getal"
    assert BETROKKENE.soort(BETROKKENE.velden[5]) == "datum"  # encrypted, still a date


def test_het_formulier_volgt_de_declaratie():
    velden = BetrokkeneForm.base_fields
    assert list(velden) == BETROKKENE.namen()
    for naam in ("relatie", "naam"):  # one limit, on the model
        assert velden[naam].max_length == Betrokkene._meta.get_field(naam).max_length == 200
    assert (velden["leeftijd"].min_value, velden["leeftijd"].max_value) == (0, 120)
    assert (velden["geboortejaar"].min_value, velden["geboortejaar"].max_value) == (1900, 2100)
    assert [n for n, v in velden.items() if v.required] == ["rol", "relatie"]
    assert velden["leeftijd"].voorwaardelijk and velden["geboortejaar"].voorwaardelijk
    assert velden["geboortedatum"].initial is None  # not today, as for a date that happened
    form = BetrokkeneForm({"leeftijd": "negen", "geboortejaar": "1800"})
    assert not form.is_valid()
    assert form.errors["rol"] == ["Kies de rol van de betrokkene."]
    assert form.errors["relatie"] == ["Beschrijf de relatie."]
    assert form.errors["leeftijd"] == ["Vul een leeftijd in hele jaren in."]
    assert "1900" in form.errors["geboortejaar"][0]


def test_de_api_schemas_volgen_de_declaratie():
    invoer = BetrokkeneIn.model_json_schema()
    velden = invoer["properties"]
    assert list(velden) == BETROKKENE.namen()
    assert sorted(invoer["required"]) == ["relatie", "rol"]
    assert velden["relatie"]["maxLength"] == velden["naam"]["maxLength"] == 200
    leeftijd = velden["leeftijd"]["anyOf"][0]
    assert (leeftijd["minimum"], leeftijd["maximum"]) == (0, 120)
    assert set(velden["rol"]["enum"]) == {"kind", "ouder", "partner", "oudere", "volwassene"}
    # Beside the declared fields: id, ronde, when recorded, and its status (docs/adr/0019).
    assert set(BETROKKENE.namen()) | {
        "id",
        "ronde",
        "vastgelegd_op",
        "gecorrigeerd_op",
        "ingetrokken_op",
    } == set(BetrokkeneUit.model_fields)


def test_de_dienst_controleert_volgens_de_declaratie(beroepskracht, casus):
    te_lang = fout(beroepskracht, casus, relatie="x" * 201)["relatie"][0]
    assert "houd hem korter dan 200 tekens" in te_lang
    assert fout(beroepskracht, casus, relatie="  ")["relatie"] == ["Beschrijf de relatie."]
    assert fout(beroepskracht, casus, rol="")["rol"] == ["Kies de rol van de betrokkene."]
    assert fout(beroepskracht, casus, rol="buurman")["rol"] == ["Kies een van de mogelijkheden."]
    assert fout(beroepskracht, casus, leeftijd=121)["leeftijd"] == [
        "Vul een leeftijd tussen 0 en 120 in."
    ]
    assert fout(beroepskracht, casus, leeftijd=None, geboortejaar=1899)["geboortejaar"] == [
        "Vul een geboortejaar tussen 1900 en nu in."
    ]
    with pytest.raises(TypeError, match="Betrokkene kent deze velden niet"):
        voeg_toe(beroepskracht, casus, bsn="123456782")
    assert not Betrokkene.objects.exists()


def test_de_regels_tussen_velden_blijven_in_de_dienst(beroepskracht, casus):
    volgend_jaar = dt.date.today().year + 1
    assert fout(beroepskracht, casus, leeftijd=None)["leeftijd"] == [
        "Vul een leeftijd of een geboortejaar in."
    ]
    assert fout(beroepskracht, casus, leeftijd=None, geboortejaar=volgend_jaar)["geboortejaar"] == [
        "Vul een geboortejaar tussen 1900 en nu in."
    ]
    assert fout(beroepskracht, casus, geboortedatum=dt.date(1899, 12, 31))["geboortedatum"] == [
        "Vul een geboortedatum tussen 1900 en vandaag in."
    ]
    b = voeg_toe(beroepskracht, casus, leeftijd=None, naam=" Sam ", geboortedatum=GEBOREN)
    assert (b.geboortejaar, b.naam) == (2015, "Sam")  # the birth date's year
    assert b.zoekindex  # name and birth date: findable in the organisation
    assert not voeg_toe(beroepskracht, casus, naam="Sam").zoekindex


def test_de_audittrail_bewaart_de_gedeclareerde_velden(beroepskracht, casus):
    voeg_toe(beroepskracht, casus, naam="Sam", geboortedatum=GEBOREN)
    nieuw = Gebeurtenis.objects.get(soort="betrokkene.toegevoegd").nieuw
    assert set(nieuw) == set(BETROKKENE.namen())
    assert nieuw["relatie"] == "leerling" and nieuw["geboortejaar"] == 2015


def test_via_de_api(beroepskracht, casus):
    api = Api(token_voor(beroepskracht))
    pad = f"/api/casussen/{casus.uuid}"
    r = api.post(
        f"{pad}/betrokkenen",
        {"rol": "ouder", "relatie": "moeder", "leeftijd": 38, "naam": "An"},
        versie=api.get(pad)["ETag"].strip('"'),
    )
    assert r.status_code == 201, r.content
    assert r.json()["relatie"] == "moeder" and r.json()["geboortedatum"] is None
    for te_veel in ({"relatie": "x" * 201}, {"leeftijd": 121}, {"rol": "buurman"}):
        r = api.post(
            f"{pad}/betrokkenen",
            {"rol": "ouder", "relatie": "moeder", "leeftijd": 38, **te_veel},
            versie=api.get(pad)["ETag"].strip('"'),
        )
        assert r.status_code == 422, te_veel


def test_op_de_pagina_en_in_de_inzage(beroepskracht, casus, client_van):
    b = voeg_toe(beroepskracht, casus, naam="Sam", geboortedatum=GEBOREN)
    pagina = client_van(beroepskracht).get(reverse("web:betrokkenen", args=[casus.uuid]))
    assert "Sam" in pagina.content.decode()
    (export,) = inzage(casus, InzageOpties())["betrokkenen"]
    assert export == {
        "id": b.pk,
        "rol": "Kind / jeugdige",
        "leeftijd": 9,
        "geboortejaar": 2015,
        "relatie": "leerling",
        "naam": "Sam",
        "geboortedatum": "2015-03-01",
        "vastgelegd_op": export["vastgelegd_op"],
        "vastgelegd_door": export["vastgelegd_door"],
        "ronde": 1,
    }
