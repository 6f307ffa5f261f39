"""The inzage export (AVG art. 15) shows what was recorded about a person and what was corrected
(docs/adr/0019): corrected and withdrawn records with their status, each change with its reason
and the values before and after; a field the export never carries (``inzage=False``) stays out
of the history too, and whoever corrected is left out with the reporter's identity."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from meldwijzer.rapportage.tests import historie as h
from meldwijzer.web.tests.test_inzage import pdf_tekst

pytestmark = pytest.mark.django_db

# The hulpplan's ja/nee question, marked inzage=False in dossier.invoer.HULPPLAN.
NIET_IN_INZAGE = "meerdere_beroepskrachten"


@pytest.fixture
def geschiedenis(beroepskracht):
    return h.casus_met_geschiedenis(beroepskracht)


def _export(client, casus, **opties):
    return client.get(
        reverse("web:inzage_bestand", args=[casus.uuid]), {"doel": "inzage", **opties}
    )


def _per_tekst(rijen, sleutel="tekst"):
    return {r[sleutel]: r for r in rijen}


def test_json_toont_correcties_en_intrekkingen(geschiedenis, beroepskracht, client_van):
    g = geschiedenis
    tekst = _export(client_van(beroepskracht), g.casus, formaat="json").content.decode()
    data = json.loads(tekst)
    signalen = _per_tekst(data["signalen"])
    a, b = signalen[h.TEKST_A], signalen[h.TEKST_B]
    assert a["gecorrigeerd_op"] and a["ingetrokken_op"] is None
    # The tick added at afweging 2, then the correction of the text.
    aangevuld, gecorrigeerd = a["correcties"]
    assert aangevuld["reden"] == "Signaal aangevinkt bij een afweging"
    ((veld, nieuw),) = [(w["veld"], w["nieuw"]) for w in aangevuld["wijzigingen"]]
    assert veld == "aangevinkt" and "Herhaling van geweld" in nieuw
    assert gecorrigeerd["handeling"] == "Gecorrigeerd"
    assert gecorrigeerd["reden"] == "Onjuist vastgelegd"
    assert gecorrigeerd["toelichting"] == h.TOELICHTING_A
    assert gecorrigeerd["door"] == beroepskracht.user.weergavenaam
    assert gecorrigeerd["wijzigingen"] == [
        {"veld": "tekst", "vraag": "beschrijving", "oud": h.TEKST_A_OUD, "nieuw": h.TEKST_A}
    ]
    # The withdrawn signaal stays in the export, marked, with its reason.
    assert b["ingetrokken_op"] and b["verteld_door"] == "moeder"
    (intrekking,) = b["correcties"]
    assert intrekking["handeling"] == "Ingetrokken"
    assert intrekking["reden"] == "In de verkeerde casus vastgelegd"
    assert intrekking["toelichting"] == h.TOELICHTING_B
    # Other kinds: the consultatie corrected, the zienswijze withdrawn.
    (consultatie,) = [c for c in data["consultaties"] if "correcties" in c]
    assert consultatie["advies"] == h.ADVIES
    assert consultatie["correcties"][0]["wijzigingen"][0]["oud"] == h.ADVIES_OUD
    (zienswijze,) = data["zienswijzen"]
    assert zienswijze["tekst"] == h.ZIENSWIJZE and zienswijze["ingetrokken_op"]


def test_een_veld_buiten_de_inzage_blijft_ook_uit_de_geschiedenis(
    geschiedenis, beroepskracht, client_van, tmp_path
):
    g = geschiedenis
    client = client_van(beroepskracht)
    tekst = _export(client, g.casus, formaat="json").content.decode()
    (plan,) = json.loads(tekst)["hulpplannen"]
    (correctie,) = plan["correcties"]
    assert {w["veld"]: (w["oud"], w["nieuw"]) for w in correctie["wijzigingen"]} == {
        "doelen": ("Veilig thuis voor Sam; ouders leren omgaan met ruzie zonder geweld.", h.DOELEN),
        "casusregie": ("Wijkteam, de heer Bakker", None),
    }
    assert NIET_IN_INZAGE not in tekst and "meerdere beroepskrachten" not in tekst.lower()
    pdf = " ".join(pdf_tekst(_export(client, g.casus, formaat="pdf").content, tmp_path).split())
    assert "meerdere beroepskrachten" not in pdf.lower()
    for verwacht in (
        "Ingetrokken",
        h.TEKST_B,
        h.TOELICHTING_B,
        "SIGNAAL-A-OUD",
        "Onjuist vastgelegd",
        "ADVIES-OUD",
        h.ZIENSWIJZE,
        h.TOELICHTING_PLAN,
        "Wijkteam, de heer Bakker",
    ):
        assert verwacht in pdf, verwacht


def test_wie_corrigeerde_blijft_weg_met_de_melder(geschiedenis, beroepskracht, client_van):
    g = geschiedenis
    tekst = _export(
        client_van(beroepskracht), g.casus, formaat="json", zonder_melder="on"
    ).content.decode()
    assert beroepskracht.user.weergavenaam not in tekst
    signalen = _per_tekst(json.loads(tekst)["signalen"])
    assert {c["door"] for c in signalen[h.TEKST_A]["correcties"]} == {"[weggelaten]"}
    assert signalen[h.TEKST_B]["verteld_door"] == "[weggelaten]"
