"""A full disk (or a database gone read-only) in the open: a read that cannot be logged is not
shown — a plain page or the API's JSON error, never a 500 and never the data (docs/security.md
§ 6). The disk error is injected where the access record is written."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from meldwijzer.accounts.testing import meld_aan
from meldwijzer.api.tests.helpers import Api, token_voor

pytestmark = pytest.mark.django_db

VOL = OperationalError("database or disk is full")


def test_een_inzage_die_niet_gelogd_kan_worden_toont_niets(beroepskracht, casus):
    client = meld_aan(Client(), beroepskracht.user)
    with mock.patch("meldwijzer.audit.toegang.log_toegang", side_effect=VOL):
        antwoord = client.get(f"/casussen/{casus.uuid}/")
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 503
    assert "kunnen nu niet worden geopend" in tekst
    assert casus.titel not in tekst and casus.kenmerk not in tekst
    # When space returns, the page opens again.
    assert client.get(f"/casussen/{casus.uuid}/").status_code == 200


def test_de_api_zegt_het_in_json(beroepskracht, casus):
    api = Api(token_voor(beroepskracht))
    with mock.patch("meldwijzer.audit.toegang.log_toegang", side_effect=VOL):
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


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="max_page_count is van SQLite")
@pytest.mark.django_db(transaction=True)  # SQLITE_FULL may roll back a surrounding transaction
def test_een_echt_volle_database_en_daarna_weer_ruimte(beroepskracht, casus):
    """No injection: SQLite's page limit makes the database really full (SQLITE_FULL, the error
    of a full disk). Reads are refused in the open, the API answers JSON, /health says
    "beperkt", a form write gives the Dutch error page with nothing half-stored; when space
    returns, everything works again."""

    from meldwijzer.dossier.models import Signaal
    from meldwijzer.web.views import algemeen

    client = meld_aan(Client(), beroepskracht.user)
    api = Api(token_voor(beroepskracht))
    adres = f"/casussen/{casus.uuid}/"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA max_page_count")
        ruim = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_count")
        cursor.execute(f"PRAGMA max_page_count = {cursor.fetchone()[0]}")
        # Fill every free page, so the next access records soon need a page there is not.
        try:
            for i in range(100_000):
                cursor.execute(
                    "INSERT INTO audit_schrijfproef (knoop, tijdstip) VALUES (%s, %s)",
                    [f"vulling-{i}", "2026-12-05 00:00:00"],
                )
        except OperationalError:
            pass
    try:
        antwoorden = [client.get(adres).status_code for _ in range(150)]
        assert 503 in antwoorden and 500 not in antwoorden, sorted(set(antwoorden))
        vol = client.get(adres)
        assert vol.status_code == 503 and casus.titel not in vol.content.decode()
        api_antwoord = api.get(f"/api/casussen/{casus.uuid}")
        assert api_antwoord.status_code == 503
        assert api_antwoord["Content-Type"].startswith("application/json")
        algemeen._laatste_schrijfproef.clear()
        assert Client().get("/health").json()["status"] == "beperkt"
        voor = Signaal.objects.count()
        schrijven = client.post(
            f"/casussen/{casus.uuid}/signalen/",
            {"datum": "2026-12-01", "bron": "eigen", "aard": "feit", "tekst": "x" * 5000},
        )
        assert schrijven.status_code == 503, schrijven.status_code
        assert "Uw invoer is niet opgeslagen" in schrijven.content.decode()
        assert Signaal.objects.count() == voor
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA max_page_count = {ruim}")
    assert client.get(adres).status_code == 200
    assert api.get(f"/api/casussen/{casus.uuid}").status_code == 200
    algemeen._laatste_schrijfproef.clear()
    assert Client().get("/health").json()["status"] == "ok"
