"""The pages: scoping by organisation, Dutch form errors, stap 5 over HTTP, safety basics."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from meldwijzer.accounts.models import Rol
from meldwijzer.accounts.testing import huidige_code, meld_aan
from meldwijzer.accounts.tests.bouwers import WACHTWOORD
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import Antwoord, Besluit, Casus, Signaal

pytestmark = pytest.mark.django_db

CASUS_URLS = [
    "casus",
    "tijdlijn",
    "betrokkenen",
    "signalen",
    "consultatie",
    "gesprek",
    "weging",
    "besluit",
    "melding",
    "hulp_buiten_meldcode",
    "heropenen",
    "concept_intrekken",
]


def test_health():
    antwoord = Client().get("/health")
    assert antwoord.status_code == 200
    assert antwoord.json() == {"status": "ok", "database": "ok", "schrijven": "ok", "cache": "ok"}


def test_health_zonder_database():
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("weg")):
        antwoord = Client().get("/health")
    assert antwoord.status_code == 503


def test_inloggen_en_doorsturen(beroepskracht):
    client = Client()
    assert client.get("/").url.startswith(reverse("web:inloggen"))
    fout = client.post(reverse("web:inloggen"), {"username": "bea", "password": "fout"})
    assert "Inloggen is niet gelukt" in fout.content.decode()
    code = huidige_code(beroepskracht.user)  # the user has set up the app
    goed = client.post(reverse("web:inloggen"), {"username": "bea", "password": WACHTWOORD})
    assert goed.url == reverse("web:inloggen_code")  # the second factor comes next
    assert client.post(reverse("web:inloggen_code"), {"code": code}).status_code == 302
    assert client.get("/").url == reverse("web:casussen")


def test_uitloggen_kan_alleen_met_post(beroepskracht, client_van):
    client = client_van(beroepskracht)
    assert client.get(reverse("web:uitloggen")).status_code == 405
    assert client.post(reverse("web:uitloggen")).status_code == 302
    assert client.get(reverse("web:casussen")).status_code == 302


@pytest.mark.parametrize("naam", CASUS_URLS)
@pytest.mark.parametrize("methode", ["get", "post"])
def test_andere_organisatie_krijgt_404(buitenstaander, casus, client_van, naam, methode):
    client = client_van(buitenstaander)
    antwoord = getattr(client, methode)(
        reverse(f"web:{naam}", args=[casus.uuid]), {"titel": "x", "tekst": "x"}
    )
    assert antwoord.status_code in (404, 405)  # 405: GET on a POST-only address
    assert casus.kenmerk.encode() not in antwoord.content


def test_andere_organisatie_ziet_de_casus_niet_in_de_lijst(buitenstaander, casus, client_van):
    antwoord = client_van(buitenstaander).get(reverse("web:casussen"))
    assert casus.kenmerk not in antwoord.content.decode()


def test_collega_krijgt_404_maar_aandachtsfunctionaris_niet(
    collega, aandachtsfunctionaris, casus, client_van
):
    url = reverse("web:casus", args=[casus.uuid])
    assert client_van(collega).get(url).status_code == 404
    assert client_van(aandachtsfunctionaris).get(url).status_code == 200
    lijst = client_van(aandachtsfunctionaris).get(reverse("web:casussen")).content.decode()
    assert casus.kenmerk in lijst


@pytest.mark.parametrize("rol", [Rol.BEHEERDER, Rol.PRIVACY_OFFICER])
def test_beheer_en_privacy_officer_zien_geen_casussen(
    maak_lid, organisatie, casus, client_van, rol
):
    client = client_van(maak_lid(rol, organisatie))
    assert client.get(reverse("web:casussen")).status_code == 403
    antwoord = client.get(reverse("web:casus", args=[casus.uuid]))
    assert antwoord.status_code == 404  # a casus one may not see: never revealed
    assert casus.titel not in antwoord.content.decode()
    assert client.get("/").status_code == 200  # a start page without casus content


def test_lijst_filter_en_paginering(beroepskracht, client_van, settings):
    settings.MELDWIJZER_PAGINA_GROOTTE = 2
    for i in range(3):
        services.open_casus(actor=beroepskracht, titel=f"Casus {i}")
    client = client_van(beroepskracht)
    eerste = client.get(reverse("web:casussen")).content.decode()
    assert "Pagina 1 van 2" in eerste and "Casus 2" in eerste and "Casus 0" not in eerste
    tweede = client.get(reverse("web:casussen") + "?pagina=2").content.decode()
    assert "Casus 0" in tweede
    leeg = client.get(reverse("web:casussen") + "?stap=4").content.decode()
    assert "Geen casussen in deze stap" in leeg


def test_nieuwe_casus_via_formulier(beroepskracht, client_van):
    client = client_van(beroepskracht)
    fout = client.post(reverse("web:casus_nieuw"), {"titel": ""})
    assert fout.status_code == 200
    assert "Geef de casus een korte omschrijving." in fout.content.decode()
    assert 'href="#id_titel"' in fout.content.decode()
    goed = client.post(reverse("web:casus_nieuw"), {"titel": "Zorgen"})
    casus = Casus.objects.get()
    assert goed.url == reverse("web:casus", args=[casus.uuid])


def test_slechte_invoer_geeft_nederlandse_fouten_en_slaat_niets_op(
    beroepskracht, casus, client_van
):
    client = client_van(beroepskracht)
    antwoord = client.post(
        reverse("web:signalen", args=[casus.uuid]),
        {
            "datum": "31-02-2025",
            "bron": "derde",
            "aard": "feit",
            "tekst": "x",
            "aangevinkt": ["acuut.wapen", "onzin"],
        },
    )
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Vul een geldige datum in" in tekst
    assert "Controleer wat u invulde" in tekst
    assert not Signaal.objects.exists()
    antwoord = client.post(
        reverse("web:signalen", args=[casus.uuid]),
        {
            "datum": "2025-02-03",
            "bron": "derde",
            "aard": "feit",
            "tekst": "x",
        },
    )
    assert "Vul in wie dit vertelde" in antwoord.content.decode()
    assert not Signaal.objects.exists()


def test_tekst_wordt_ontsnapt(beroepskracht, client_van):
    casus = services.open_casus(actor=beroepskracht, titel="<script>alert(1)</script>")
    inhoud = client_van(beroepskracht).get(reverse("web:casus", args=[casus.uuid])).content
    assert b"<script>alert(1)</script>" not in inhoud
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in inhoud


def test_csrf_is_verplicht(beroepskracht):
    client = meld_aan(Client(enforce_csrf_checks=True), beroepskracht.user)
    assert client.post(reverse("web:casus_nieuw"), {"titel": "x"}).status_code == 403
    assert not Casus.objects.exists()


def test_stap5_zegt_wat_ontbreekt(beroepskracht, casus, client_van):
    tekst = client_van(beroepskracht).get(reverse("web:besluit", args=[casus.uuid])).content
    tekst = tekst.decode()
    assert "Stap 5 kan nog niet beginnen" in tekst
    assert "Er is nog geen consultatie vastgelegd" in tekst
    assert 'name="antwoord"' not in tekst


def test_stap5_via_de_pagina(beroepskracht, client_van):
    casus = services.open_casus(actor=beroepskracht, titel="Casus")
    services.leg_signaal_vast(
        actor=beroepskracht,
        casus=casus,
        datum=casus.aangemaakt_op.date(),
        bron="eigen",
        aard="feit",
        tekst="Wapen gezien.",
        aangevinkt=["acuut.wapen"],
    )
    services.leg_consultatie_vast(
        actor=beroepskracht,
        casus=casus,
        met_wie="collega",
        datum=casus.aangemaakt_op.date(),
        advies="x",
    )
    services.leg_gesprek_vast(
        actor=beroepskracht,
        casus=casus,
        gevoerd=False,
        reden_geen_gesprek="veiligheid_kind",
        toelichting="x",
    )
    services.leg_weging_vast(
        actor=beroepskracht, casus=casus, datum=casus.aangemaakt_op.date(), aard_en_ernst="x"
    )
    client = client_van(beroepskracht)
    url = reverse("web:besluit", args=[casus.uuid])
    assert client.post(url, {"afweging": "1", "antwoord": "ja"}).status_code == 302
    pagina = client.get(url).content.decode()
    assert "Wapengebruik" in pagina and "Let op bij ‘Nee’" in pagina
    # 2 = nee with an acute example ticked: the warning shows and a toelichting is required.
    fout = client.post(url, {"afweging": "2", "antwoord": "nee"}).content.decode()
    assert "Licht toe waarom u zo antwoordt" in fout
    assert Antwoord.objects.count() == 1
    # A stale form (afweging 1 again) is refused with a clear message.
    oud = client.post(url, {"afweging": "1", "antwoord": "nee", "toelichting": "x"})
    assert "niet aan de beurt" in oud.content.decode()
    # The browser cannot decide the outcome: only answers are read.
    client.post(url, {"afweging": "2", "antwoord": "ja", "acties": "afsluiten"})
    besluit = Besluit.objects.get()
    assert besluit.uitkomst["acties"] == ["melden"]
    pagina = client.get(url).content.decode()
    assert "De beslissing over hulp nog samen met Veilig Thuis" in pagina
    assert "Met wie bij Veilig Thuis" in pagina
    assert "In ALLE gevallen" in pagina or "ALLE gevallen" in pagina
    assert "<svg" in pagina
    assert selectors.stap5_stand(casus).melding_open


def test_engels(beroepskracht, client_van):
    client = client_van(beroepskracht)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    tekst = client.get(reverse("web:casus_nieuw")).content.decode()
    assert '<html lang="en">' in tekst
    assert "New case" in tekst
