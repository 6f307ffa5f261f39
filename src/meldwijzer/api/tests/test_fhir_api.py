"""The FHIR and BDS JGZ exports through the API (docs/fhir-jgz.md): what an EHR fetches validates
as FHIR
R4, decides the same as the stored besluit, is refused outside the token's reach and lands in the
access log as an export."""

from __future__ import annotations

import json

import pytest
from google.fhir.r4 import json_format
from google.fhir.r4.proto.core.resources import questionnaire_pb2, questionnaire_response_pb2

from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.audit.models import Toegang
from meldwijzer.catalogus.models import KaderStatus
from meldwijzer.dossier.models import Besluit
from meldwijzer.kader import beslis
from meldwijzer.kader.fhir import antwoorden_uit_response, questionnaire
from meldwijzer.web.tests.wereld import Wereld, bouw_wereld

pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld() -> Wereld:
    return bouw_wereld()


def test_kader_als_questionnaire(wereld: Wereld):
    versie = wereld.casus_a.kader_versie
    assert versie.status == KaderStatus.VASTGESTELD
    r = Api(token_voor(wereld.leden["eigenaar"])).get(f"/api/kaders/{versie.pk}/fhir-questionnaire")
    assert r.status_code == 200, r.content
    q = r.json()
    json_format.json_fhir_string_to_proto(
        json.dumps(q), questionnaire_pb2.Questionnaire, validate=True
    )
    assert q == questionnaire(versie.kader())
    assert q["version"] == versie.versie


def test_besluit_als_questionnaire_response_en_bds(wereld: Wereld):
    casus = wereld.casus_a
    besluit = Besluit.objects.get(casus=casus, volgnummer=1)
    client = Api(token_voor(wereld.leden["eigenaar"]))
    voor = Toegang.objects.count()

    r = client.get(f"/api/casussen/{casus.uuid}/besluiten/1/fhir-questionnaireresponse")
    assert r.status_code == 200, r.content
    qr = r.json()
    json_format.json_fhir_string_to_proto(
        json.dumps(qr), questionnaire_response_pb2.QuestionnaireResponse, validate=True
    )
    kader = besluit.kader_versie.kader()
    invoer = antwoorden_uit_response(kader, qr)
    uitkomst = beslis(kader, invoer["antwoorden"], invoer["signalen"], invoer["route"])
    assert uitkomst.als_dict() == besluit.uitkomst

    r = client.get(f"/api/casussen/{casus.uuid}/besluiten/1/bds-jgz")
    assert r.status_code == 200, r.content
    bds = r.json()
    assert bds["rubriek"]["code"] == "R013"
    assert {e["element"] for e in bds["elementen"]} >= {"1570", "1572"}

    rijen = list(Toegang.objects.order_by("pk")[voor:])
    assert [(t.actie, t.casus_id, t.details["formaat"]) for t in rijen] == [
        ("exporteren", casus.pk, "fhir-questionnaireresponse"),
        ("exporteren", casus.pk, "bds-jgz"),
    ]


def test_niet_voor_een_andere_organisatie_of_een_onbekend_besluit(wereld: Wereld):
    casus = wereld.casus_a
    vreemd = Api(token_voor(wereld.leden["bk_b"]))
    for soort in ("fhir-questionnaireresponse", "bds-jgz"):
        r = vreemd.get(f"/api/casussen/{casus.uuid}/besluiten/1/{soort}")
        assert r.status_code == 404
        assert r.json()["detail"].startswith("Niet gevonden")
    eigen = Api(token_voor(wereld.leden["eigenaar"]))
    r = eigen.get(f"/api/casussen/{casus.uuid}/besluiten/99/fhir-questionnaireresponse")
    assert r.status_code == 404
    zonder_recht = Api(token_voor(wereld.leden["eigenaar"], scopes=("kader:lezen",)))
    r = zonder_recht.get(f"/api/casussen/{casus.uuid}/besluiten/1/bds-jgz")
    assert r.status_code == 403
