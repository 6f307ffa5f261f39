"""The sociale kaart over HTTP: the beheerder keeps it (Dutch messages on bad contact details,
nothing stored), staff read it, and it is offered inside the steps — picking a consultee at
stap 2, the Veilig Thuis office at a melding, the deskundige with eergerelateerd geweld."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from meldwijzer.accounts.models import Membership, Rol
from meldwijzer.dossier import services as dossier_services
from meldwijzer.dossier.tests.bouwers import GISTEREN
from meldwijzer.socialekaart import services
from meldwijzer.socialekaart.models import Contact

pytestmark = pytest.mark.django_db

FORMULIER = {
    "soort": "deskundige",
    "naam": "Expertisecentrum eergerelateerd geweld",
    "waarvoor": "Overleg vóór een gesprek bij eergerelateerd geweld",
    "telefoon": "030 111 22 33",
    "email": "",
    "url": "",
    "anoniem_raadplegen": "ja",
    "deskundig_bij": ["eergerelateerd"],
    "opmerking": "",
}


@pytest.fixture
def beheerder(organisatie, maak_lid):
    return maak_lid(Rol.BEHEERDER, organisatie)


def tekst(antwoord) -> str:
    return html.unescape(antwoord.content.decode())


def test_beheerder_voegt_toe_met_nederlandse_foutmeldingen(beheerder, client_van):
    client = client_van(beheerder)
    fout = client.post(
        reverse("web:sociale_kaart_nieuw"),
        {**FORMULIER, "telefoon": "bel maar", "email": "eer@", "url": "ftp://x.example"},
    )
    assert fout.status_code == 200
    pagina = tekst(fout)
    assert "Vul een telefoonnummer in met alleen cijfers" in pagina
    assert "Vul een geldig e-mailadres in" in pagina
    assert "Vul een geldig webadres in" in pagina
    assert 'value="Expertisecentrum eergerelateerd geweld"' in pagina  # input kept
    assert not Contact.objects.exists()
    goed = client.post(reverse("web:sociale_kaart_nieuw"), FORMULIER)
    assert goed.status_code == 302
    kaart = tekst(client.get(reverse("web:sociale_kaart")))
    assert "Expertisecentrum eergerelateerd geweld" in kaart
    assert "Anoniem raadplegen kan" in kaart


def test_beroepskracht_leest_maar_wijzigt_niet(beheerder, beroepskracht, client_van):
    contact = services.voeg_contact_toe(
        actor=beheerder, **{**FORMULIER, "anoniem_raadplegen": True}
    )
    client = client_van(beroepskracht)
    pagina = tekst(client.get(reverse("web:sociale_kaart")))
    assert "Expertisecentrum eergerelateerd geweld" in pagina
    assert "Contact toevoegen" not in pagina
    assert client.get(reverse("web:sociale_kaart_nieuw")).status_code == 403
    weg = client.post(reverse("web:sociale_kaart_verwijderen", args=[contact.pk]))
    assert weg.status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_consultee_kiezen_bij_stap_2(
    beheerder, beroepskracht, casus, aandachtsfunctionaris, client_van
):
    contact = services.voeg_contact_toe(
        actor=beheerder, **{**FORMULIER, "anoniem_raadplegen": True}
    )
    client = client_van(beroepskracht)
    adres = reverse("web:consultatie", args=[casus.uuid])
    pagina = tekst(client.get(adres))
    assert "Wie kunt u raadplegen? De sociale kaart" in pagina
    assert f"?raadpleeg=contact-{contact.pk}" in pagina
    assert f"?raadpleeg=af-{aandachtsfunctionaris.pk}" in pagina
    gekozen = tekst(client.get(adres, {"raadpleeg": f"contact-{contact.pk}"}))
    assert "Gekozen uit de sociale kaart: Expertisecentrum eergerelateerd geweld" in gekozen
    assert re.search(r'<input[^>]*value="deskundige"[^>]*checked', gekozen)
    assert 'value="Expertisecentrum eergerelateerd geweld"' in gekozen
    af = tekst(client.get(adres, {"raadpleeg": f"af-{aandachtsfunctionaris.pk}"}))
    assert f'value="{aandachtsfunctionaris.user.weergavenaam}"' in af


def test_kiezen_uit_een_andere_organisatie_vult_niets_in(
    casus, andere_organisatie, maak_lid, client_van
):
    from meldwijzer.accounts.models import Membership

    vreemd = services.voeg_contact_toe(
        actor=maak_lid(Rol.BEHEERDER, andere_organisatie),
        **{**FORMULIER, "naam": "Geheim contact van B", "anoniem_raadplegen": True},
    )
    vreemde_af = maak_lid(Rol.AANDACHTSFUNCTIONARIS, andere_organisatie)
    eigenaar = Membership.objects.get(user=casus.eigenaar, organisatie=casus.organisatie)
    client = client_van(eigenaar)
    adres = reverse("web:consultatie", args=[casus.uuid])
    for keuze in (
        f"contact-{vreemd.pk}",
        f"af-{vreemde_af.pk}",
        "contact-99999999999999999999",
        "af-x",
        "iets",
    ):
        pagina = tekst(client.get(adres, {"raadpleeg": keuze}))
        assert "Gekozen uit de sociale kaart" not in pagina, keuze
        assert "Geheim contact van B" not in pagina
        assert vreemde_af.user.weergavenaam not in pagina


def test_melding_noemt_veilig_thuis_en_de_deskundige(beheerder, casus, client_van):
    services.voeg_contact_toe(
        actor=beheerder,
        soort="veilig_thuis",
        naam="Veilig Thuis Regio Midden",
        waarvoor="Advies en melden",
        telefoon="0800-2000",
        anoniem_raadplegen=True,
    )
    services.voeg_contact_toe(actor=beheerder, **{**FORMULIER, "anoniem_raadplegen": True})
    eigenaar = Membership.objects.get(user=casus.eigenaar, organisatie=casus.organisatie)
    client = client_van(eigenaar)
    melding = tekst(client.get(reverse("web:melding", args=[casus.uuid])))
    assert "Veilig Thuis in uw regio" in melding
    assert "Veilig Thuis Regio Midden" in melding
    # Without eergerelateerd geweld recorded, no deskundige is pressed on the professional.
    gesprek = reverse("web:gesprek", args=[casus.uuid])
    assert "Expertisecentrum eergerelateerd geweld" not in tekst(client.get(gesprek))
    dossier_services.leg_signaal_vast(
        actor=eigenaar,
        casus=casus,
        datum=GISTEREN,
        bron="verteld",
        bron_wie="de leerling",
        aard="feit",
        tekst="Zij vertelt dat haar broers haar volgen.",
        vormen=["eergerelateerd"],
    )
    pagina = tekst(client.get(gesprek))
    assert "Op de sociale kaart van uw organisatie staan hiervoor:" in pagina
    assert "Expertisecentrum eergerelateerd geweld" in pagina
    assert "Expertisecentrum eergerelateerd geweld" in tekst(
        client.get(reverse("web:melding", args=[casus.uuid]))
    )
