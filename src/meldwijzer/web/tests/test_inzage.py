"""Inzage and transfer: the casus as PDF and JSON for whoever may see it, with the reporter's
identity and notes about third parties left out on request; every export access-logged."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from django.urls import reverse

from meldwijzer.accounts.models import Rol
from meldwijzer.audit.models import Toegang
from meldwijzer.dossier import services
from meldwijzer.dossier.tests.bouwers import GISTEREN, maak_klaar_voor_stap5

pytestmark = pytest.mark.django_db

INFORMANT = "Buurvrouw Petra Kok"
MOEDER = "Marieke Jansen"
KIND = "Sam Jansen"


@pytest.fixture
def dossier(beroepskracht):
    casus = services.open_casus(actor=beroepskracht, titel="Zorgen om Sam")
    kind = services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol="kind", relatie="leerling", leeftijd=8, naam=KIND
    )
    moeder = services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol="ouder", relatie="moeder", leeftijd=34, naam=MOEDER
    )
    maak_klaar_voor_stap5(beroepskracht, casus)
    services.leg_signaal_vast(
        actor=beroepskracht,
        casus=casus,
        datum=GISTEREN,
        bron="derde",
        bron_wie=INFORMANT,
        aard="feit",
        tekst="Sam kwam zonder jas naar school.",
    )
    services.leg_zienswijze_vast(
        actor=beroepskracht,
        casus=casus,
        betrokkene=moeder,
        datum=GISTEREN,
        hoe="mondeling",
        tekst="Moeder zegt dat de jas kapot was.",
    )
    casus.refresh_from_db()
    return casus, kind, moeder


def _haal(client, casus, **opties):
    return client.get(
        reverse("web:inzage_bestand", args=[casus.uuid]), {"doel": "inzage", **opties}
    )


def pdf_tekst(inhoud: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "pdftotext ontbreekt: draai `make pdf-deps` (poppler-utils)"
    pad = tmp_path / "inzage.pdf"
    pad.write_bytes(inhoud)
    return subprocess.run(
        ["pdftotext", "-layout", str(pad), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_json_export_volledig(dossier, beroepskracht, client_van):
    casus, _kind, _moeder = dossier
    antwoord = _haal(client_van(beroepskracht), casus, formaat="json")
    assert antwoord.status_code == 200
    assert antwoord["Content-Disposition"] == f'attachment; filename="inzage-{casus.kenmerk}.json"'
    data = json.loads(antwoord.content)
    assert data["formaat"] == "meldwijzer-inzage/1" and data["casus"]["kenmerk"] == casus.kenmerk
    assert {b["naam"] for b in data["betrokkenen"]} == {KIND, MOEDER}
    assert any(s["verteld_door"] == INFORMANT for s in data["signalen"])
    assert data["zienswijzen"][0]["tekst"] == "Moeder zegt dat de jas kapot was."
    assert data["consultaties"] and data["gesprekken"] and data["wegingen"]
    rij = Toegang.objects.get(actie="exporteren")
    assert rij.casus_id == casus.pk and rij.onderdeel == "casus.inzage"
    assert rij.details == {
        "formaat": "json",
        "doel": "inzage",
        "zonder_melder": False,
        "zonder_derden": False,
        "voor_betrokkenen": [],
    }


def test_weglaten_van_melder_en_derden(dossier, beroepskracht, client_van):
    casus, kind, _moeder = dossier
    antwoord = _haal(
        client_van(beroepskracht),
        casus,
        formaat="json",
        zonder_melder="on",
        zonder_derden="on",
        voor=str(kind.pk),
    )
    tekst = antwoord.content.decode()
    data = json.loads(tekst)
    assert KIND in tekst and "Sam kwam zonder jas" in tekst
    for weg in (INFORMANT, MOEDER, "Moeder zegt", beroepskracht.user.weergavenaam):
        assert weg not in tekst, weg
    assert data["weggelaten"] == {
        "melder": True,
        "derden": True,
        "betrokkenen_in_verzoek": [kind.pk],
    }
    assert data["casus"]["beroepskracht"] == "[weggelaten]"
    assert Toegang.objects.get(actie="exporteren").details["voor_betrokkenen"] == [kind.pk]


def test_pdf_export_en_weglaten(dossier, beroepskracht, client_van, tmp_path):
    casus, kind, _moeder = dossier
    client = client_van(beroepskracht)
    antwoord = _haal(client, casus, formaat="pdf")
    assert antwoord["Content-Type"] == "application/pdf"
    assert antwoord.content.startswith(b"%PDF")
    tekst = pdf_tekst(antwoord.content, tmp_path)
    for verwacht in (casus.kenmerk, KIND, MOEDER, INFORMANT, "Sam kwam zonder jas", "Zienswijzen"):
        assert verwacht in tekst, verwacht
    antwoord = _haal(
        client, casus, formaat="pdf", zonder_melder="on", zonder_derden="on", voor=str(kind.pk)
    )
    tekst = pdf_tekst(antwoord.content, tmp_path)
    assert KIND in tekst and "weggelaten" in tekst
    for weg in (INFORMANT, MOEDER, "Moeder zegt", beroepskracht.user.weergavenaam):
        assert weg not in tekst, weg
    assert Toegang.objects.filter(actie="exporteren", casus_id=casus.pk).count() == 2


def test_alleen_wie_de_casus_ziet_exporteert(dossier, beroepskracht, collega, maak_lid, client_van):
    casus, _kind, _moeder = dossier
    po = maak_lid(Rol.PRIVACY_OFFICER, casus.organisatie)
    for lid in (collega, po):
        assert _haal(client_van(lid), casus, formaat="json").status_code == 404
    geweigerd = Toegang.objects.filter(uitkomst="geweigerd", casus_id=casus.pk)
    assert geweigerd.count() == 2
    services.deel_casus(actor=beroepskracht, casus=casus, met=collega.user_id, recht="lezen")
    assert _haal(client_van(collega), casus, formaat="json").status_code == 200


def test_formulier_en_fouten(dossier, beroepskracht, client_van):
    casus, _kind, _moeder = dossier
    client = client_van(beroepskracht)
    pagina = client.get(reverse("web:inzage", args=[casus.uuid]))
    assert pagina.status_code == 200 and "Lees de export na" in pagina.content.decode()
    assert Toegang.objects.filter(onderdeel="casus.inzage", actie="inzien").count() == 1
    # Leaving out third parties asks whom the request is about.
    fout = _haal(client, casus, formaat="json", zonder_derden="on")
    assert fout.status_code == 200 and "Kies over wie het verzoek gaat" in fout.content.decode()
    assert not Toegang.objects.filter(actie="exporteren").exists()
    # Without a format: back to the form, nothing logged.
    voor = Toegang.objects.count()
    assert client.get(reverse("web:inzage_bestand", args=[casus.uuid])).status_code == 302
    assert Toegang.objects.count() == voor
