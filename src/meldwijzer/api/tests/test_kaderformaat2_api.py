"""A casus under a framework in kaderformaat 2 through the API: the next afweging names the key
to answer it under (``route/afweging`` after a handover), the outcome names the route the
casus is in now, the handovers and the deciding signals; the FHIR export of such a besluit
validates and decides the same again, and the BDS export takes the route handed over to."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from google.fhir.r4 import json_format
from google.fhir.r4.proto.core.resources import questionnaire_response_pb2

from meldwijzer.accounts.models import Membership, Organisatie, Rol
from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.catalogus.models import KaderVersie
from meldwijzer.catalogus.tests.bouwers import vastgesteld_kader
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Antwoord, Besluit, Casus
from meldwijzer.dossier.tests.bouwers import GISTEREN, maak_klaar_voor_stap5
from meldwijzer.kader import beslis
from meldwijzer.kader.fhir import antwoorden_uit_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def formaat2(maak_lid: Callable[..., Membership]) -> KaderVersie:
    kb = maak_lid(Rol.KADERBEHEERDER, Organisatie.objects.create(naam="Opvangvereniging"), "karin")
    return vastgesteld_kader(kb)


def _casus(lid: Membership, versie: KaderVersie, route: str, signalen=()) -> Casus:
    casus = services.open_casus(actor=lid, titel="Opvang", kader_versie=versie, route=route)
    return maak_klaar_voor_stap5(lid, casus, signalen=signalen)


def test_api_volgt_de_overdracht(beroepskracht, formaat2):
    casus = _casus(beroepskracht, formaat2, "acuut")
    api = Api(token_voor(beroepskracht))
    pad = f"/api/casussen/{casus.uuid}"
    r = api.get(f"{pad}/stap5")
    assert r.status_code == 200, r.content
    volgende = r.json()["volgende"]
    assert (volgende["id"], volgende["sleutel"], volgende["route"], volgende["kort"]) == (
        "a1",
        "a1",
        "acuut",
        "ACUUT",
    )
    r = api.post(
        f"{pad}/afwegingen",
        {"antwoorden": [{"afweging": "a1", "antwoord": "ja"}]},
        versie=int(r["ETag"].strip('"')),
    )
    assert r.status_code == 200, r.content
    stand = r.json()
    volgende = stand["volgende"]
    assert (volgende["id"], volgende["sleutel"], volgende["route"], volgende["kort"]) == (
        "3",
        "thuissituatie/3",
        "thuissituatie",
        "HULP",
    )
    assert stand["uitkomst"]["route"] == "acuut"
    assert stand["uitkomst"]["route_nu"] == "thuissituatie"
    assert stand["uitkomst"]["overdrachten"] == [
        {
            "van_route": "acuut",
            "actie": "naar_standaard",
            "naar_route": "thuissituatie",
            "naar_afweging": "3",
        }
    ]
    r = api.post(
        f"{pad}/afwegingen",
        {
            "antwoorden": [
                {
                    "afweging": "thuissituatie/3",
                    "antwoord": "ja",
                    "vt_contact": "Veilig Thuis, de heer Jansen",
                    "vt_datum": GISTEREN.isoformat(),
                },
                {
                    "afweging": "thuissituatie/4",
                    "antwoord": "nee",
                    "vt_contact": "Veilig Thuis, de heer Jansen",
                    "vt_datum": GISTEREN.isoformat(),
                },
            ]
        },
        versie=int(r["ETag"].strip('"')),
    )
    assert r.status_code == 200, r.content
    stand = r.json()
    assert stand["antwoorden"] == {"a1": "ja", "thuissituatie/3": "ja", "thuissituatie/4": "nee"}
    assert stand["volgende"] is None
    assert [s.get("route") for s in stand["besluit"]["uitkomst"]["pad"]] == [
        "acuut",
        "thuissituatie",
        "thuissituatie",
    ]
    assert stand["besluit"]["antwoorden"] == stand["antwoorden"]
    assert Antwoord.objects.filter(casus=casus, afweging="thuissituatie/4").count() == 1


def test_api_weigert_een_afweging_die_niet_aan_de_beurt_is(beroepskracht, formaat2):
    casus = _casus(beroepskracht, formaat2, "acuut")
    api = Api(token_voor(beroepskracht))
    r = api.post(
        f"/api/casussen/{casus.uuid}/afwegingen",
        {"antwoorden": [{"afweging": "thuissituatie/3", "antwoord": "ja"}]},
        versie=casus.versie,
    )
    assert r.status_code == 422, r.content
    assert "beantwoord afweging a1" in r.content.decode()
    assert not Antwoord.objects.filter(casus=casus).exists()


def test_api_noemt_het_beslissende_signaal(beroepskracht, formaat2):
    casus = _casus(beroepskracht, formaat2, "thuissituatie", signalen=["opvang.vertelt"])
    api = Api(token_voor(beroepskracht))
    r = api.get(f"/api/casussen/{casus.uuid}/stap5")
    uitkomst = r.json()["uitkomst"]
    # Before any answer the signal decides: melden, on norm M1.
    assert uitkomst["beslissende_signalen"] == ["opvang.vertelt"]
    assert uitkomst["acties"] == ["melden"]
    assert [n["id"] for n in uitkomst["normen"]] == ["M1"]


def test_fhir_en_bds_van_een_besluit_na_een_overdracht(beroepskracht, formaat2):
    casus = _casus(beroepskracht, formaat2, "acuut")
    services.beantwoord_afweging(actor=beroepskracht, casus=casus, afweging="a1", antwoord="nee")
    casus.refresh_from_db()
    for sleutel, antwoord in (("thuissituatie/1", "ja"), ("thuissituatie/2", "nee")):
        services.beantwoord_afweging(
            actor=beroepskracht, casus=casus, afweging=sleutel, antwoord=antwoord
        )
        casus.refresh_from_db()
    besluit = Besluit.objects.filter(casus=casus).order_by("volgnummer").last()
    assert besluit.antwoorden_dict == {
        "a1": "nee",
        "thuissituatie/1": "ja",
        "thuissituatie/2": "nee",
    }
    api = Api(token_voor(beroepskracht))
    r = api.get(
        f"/api/casussen/{casus.uuid}/besluiten/{besluit.volgnummer}/fhir-questionnaireresponse"
    )
    assert r.status_code == 200, r.content
    qr = r.json()
    json_format.json_fhir_string_to_proto(
        json.dumps(qr), questionnaire_response_pb2.QuestionnaireResponse, validate=True
    )
    kader = besluit.kader_versie.kader()
    invoer = antwoorden_uit_response(kader, qr)
    assert invoer["antwoorden"] == besluit.antwoorden_dict
    assert beslis(kader, invoer["antwoorden"], invoer["signalen"], invoer["route"]).als_dict() == (
        besluit.uitkomst
    )
    r = api.get(f"/api/casussen/{casus.uuid}/besluiten/{besluit.volgnummer}/bds-jgz")
    assert r.status_code == 200, r.content
    onveiligheid = [e for e in r.json()["elementen"] if e["bron"].get("afweging")]
    # a1 = nee in the acute route, then afweging 2 of the route handed over to: that one counts.
    assert {"afweging": "thuissituatie/2", "antwoord": "nee", "betekenis": "nee"} in [
        e["bron"] for e in onveiligheid
    ]
    assert "a1" not in [e["bron"]["afweging"] for e in onveiligheid]
