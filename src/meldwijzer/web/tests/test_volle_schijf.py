"""A full disk (or a database gone read-only) in the open: a read that cannot be logged is not
shown — a plain page or the API's JSON error, never a 500 and never the data (docs/security.md
§ 6). The disk error is injected where the access record is written."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from meldwijzer.accounts.testing import meld_aan
from meldwijzer.api.tests.helpers import Api, token_voor

pytestmark = pytest.mark.django_db

VOL = OperationalError("database or disk is full")


def test_een_inzage_die_niet_gelogd_kan_worden_toont_niets(beroepskracht, casus):
    client = meld_aan(Client(), beroepskracht.user)
    with mock.patch("meldwijzer.web.toegang.log_toegang", side_effect=VOL):
        antwoord = client.get(f"/casussen/{casus.uuid}/")
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 503
    assert "kunnen nu niet worden geopend" in tekst
    assert casus.titel not in tekst and casus.kenmerk not in tekst
    # When space returns, the page opens again.
    assert client.get(f"/casussen/{casus.uuid}/").status_code == 200


def test_de_api_zegt_het_in_json(beroepskracht, casus):
    api = Api(token_voor(beroepskracht))
    with mock.patch("meldwijzer.web.toegang.log_toegang", side_effect=VOL):
        antwoord = api.get(f"/api/casussen/{casus.uuid}")
    assert antwoord.status_code == 503
    assert antwoord["Content-Type"].startswith("application/json")
    detail = antwoord.json()["detail"]
    assert "vastleggen" in detail and casus.titel not in antwoord.content.decode()


def test_health_meldt_beperkt_als_de_database_niet_kan_schrijven(db):
    from meldwijzer.web.views import algemeen

    algemeen._laatste_schrijfproef.clear()
    with mock.patch("meldwijzer.web.views.algemeen.schrijfproef", side_effect=VOL):
        antwoord = Client().get("/health")
    assert antwoord.status_code == 503
    assert antwoord.json() == {"status": "beperkt", "database": "ok", "schrijven": "mislukt"}
    # When space returns, the next check is ok again (the failure is not remembered).
    antwoord = Client().get("/health")
    assert antwoord.status_code == 200 and antwoord.json()["schrijven"] == "ok"


def test_health_schrijft_echt(db):
    from meldwijzer.audit.models import Schrijfproef
    from meldwijzer.web.views import algemeen

    algemeen._laatste_schrijfproef.clear()
    assert Client().get("/health").status_code == 200
    assert Schrijfproef.objects.count() == 1
