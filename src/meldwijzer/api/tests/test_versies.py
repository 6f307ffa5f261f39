"""Two clients never overwrite each other: every write names the casus version it read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meldwijzer.accounts.models import Rol
from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.dossier.models import Betrokkene

pytestmark = pytest.mark.django_db

BETROKKENE = {"rol": "kind", "relatie": "leerling", "leeftijd": 9}


@pytest.fixture
def casus_en_clients(maak_lid):
    lid = maak_lid(Rol.BEROEPSKRACHT)
    af = maak_lid(Rol.AANDACHTSFUNCTIONARIS, organisatie=lid.organisatie)
    een, twee = Api(token_voor(lid, naam="ECD")), Api(token_voor(af, naam="Plan"))
    r = een.post("/api/casussen", {"titel": "Zorgen"})
    return r.json(), een, twee


def test_tweede_schrijver_met_oude_versie_krijgt_412(casus_en_clients):
    casus, een, twee = casus_en_clients
    pad = f"/api/casussen/{casus['id']}/betrokkenen"
    gelezen = twee.get(f"/api/casussen/{casus['id']}")["ETag"]
    assert gelezen == '"1"'
    assert een.post(pad, BETROKKENE, versie=1).status_code == 201
    r = twee.post(pad, {**BETROKKENE, "relatie": "zusje"}, versie=1)
    assert r.status_code == 412
    assert r["ETag"] == '"2"' and "gewijzigd" in r.json()["detail"]
    assert Betrokkene.objects.count() == 1  # nothing of the second write was stored
    assert twee.post(pad, {**BETROKKENE, "relatie": "zusje"}, versie=2).status_code == 201


def test_zonder_if_match_428_en_onzin_412(casus_en_clients):
    casus, een, _twee = casus_en_clients
    pad = f"/api/casussen/{casus['id']}/signalen"
    gisteren = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    data = {"datum": gisteren, "bron": "eigen", "aard": "feit", "tekst": "Kwam te laat."}
    r = een.post(pad, data)
    assert r.status_code == 428 and "If-Match" in r.json()["detail"]
    r = een.client.post(
        pad,
        data,
        content_type="application/json",
        headers={"Authorization": f"Bearer {een.token}", "If-Match": "abc"},
    )
    assert r.status_code == 412


def test_stap5_met_oude_versie_412_en_niets_beslist(casus_en_clients):
    casus, een, _twee = casus_en_clients
    r = een.post(
        f"/api/casussen/{casus['id']}/afwegingen",
        {"antwoorden": [{"afweging": "1", "antwoord": "nee", "toelichting": "x"}]},
        versie=7,
    )
    assert r.status_code == 412


def test_fouten_zijn_nederlands_en_noemen_het_veld(casus_en_clients):
    casus, een, _twee = casus_en_clients
    pad = f"/api/casussen/{casus['id']}/betrokkenen"
    r = een.post(pad, {"rol": "kind", "relatie": "leerling"}, versie=1)
    assert r.status_code == 422
    assert r.json()["velden"] == {"leeftijd": ["Vul een leeftijd of een geboortejaar in."]}
    r = een.post(pad, {"rol": "buurman"}, versie=1)
    assert r.status_code == 422
    assert set(r.json()["velden"]) == {"rol", "relatie"}
    assert "invoer klopt niet" in r.json()["detail"]
