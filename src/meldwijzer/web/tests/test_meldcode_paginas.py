"""The meldcode pages over HTTP: the beheerder's concept cannot be adopted and the page names
the missing section; staff read only the adopted version (HTML, PDF, ODF) and see when it is
outdated and why."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from meldwijzer.accounts import beheer as accounts_beheer
from meldwijzer.accounts.models import Rol
from meldwijzer.meldcode import services
from meldwijzer.meldcode.models import MeldcodeVersie
from meldwijzer.meldcode.secties import SECTIE_SLEUTELS

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(organisatie, maak_lid):
    return maak_lid(Rol.BEHEERDER, organisatie)


def tekst(antwoord) -> str:
    return html.unescape(antwoord.content.decode())


def test_concept_vaststellen_noemt_de_ontbrekende_sectie(beheerder, client_van):
    client = client_van(beheerder)
    client.post(reverse("web:meldcode_beheer"), {"taakverdeling": "Zo.", "instrumenten": "Geen."})
    client.post(reverse("web:meldcode_nieuwe_versie"))
    pagina = tekst(client.get(reverse("web:meldcode_beheer")))
    assert "Versie 1 — concept" in pagina
    assert "Kan niet worden vastgesteld: nog in te vullen is Hoe de organisatie" in pagina
    # A forged POST for the concept is refused with the same message, and stores nothing.
    antwoord = client.post(
        reverse("web:meldcode_vaststellen", args=[1]),
        {"v1-vastgesteld_op": timezone.localdate().isoformat()},
    )
    assert antwoord.status_code == 400
    assert "de sectie 'Hoe de organisatie medewerkers ondersteunt' is nog niet ingevuld" in tekst(
        antwoord
    )
    assert MeldcodeVersie.objects.get().vastgesteld_op is None


def test_vaststellen_met_foute_datum(beheerder, client_van):
    client = client_van(beheerder)
    client.post(reverse("web:meldcode_beheer"), dict.fromkeys(SECTIE_SLEUTELS, "Tekst."))
    client.post(reverse("web:meldcode_nieuwe_versie"))
    adres = reverse("web:meldcode_vaststellen", args=[1])
    fout = client.post(adres, {"v1-vastgesteld_op": "31-02-2026"})
    assert fout.status_code == 400
    assert "Vul een geldige datum in" in tekst(fout)
    goed = client.post(adres, {"v1-vastgesteld_op": timezone.localdate().isoformat()})
    assert goed.status_code == 302
    assert MeldcodeVersie.objects.get().vastgesteld_op == timezone.localdate()


def test_medewerker_leest_alleen_de_vastgestelde_versie(
    beheerder, beroepskracht, aandachtsfunctionaris, client_van
):
    services.sla_eigen_teksten_op(actor=beheerder, teksten=dict.fromkeys(SECTIE_SLEUTELS, "T."))
    een = services.maak_versie(actor=beheerder)
    services.stel_vast(actor=beheerder, versie_id=een.pk, vastgesteld_op=timezone.localdate())
    services.maak_versie(actor=beheerder)  # version 2, not adopted
    client = client_van(beroepskracht)
    pagina = tekst(client.get(reverse("web:meldcode")))
    assert "Versie 1, vastgesteld op" in pagina
    assert "verouderd" not in pagina
    lezen = tekst(client.get(reverse("web:meldcode_versie", args=[1])))
    assert "Stap 5:" in lezen and "Sociale kaart" in lezen
    assert aandachtsfunctionaris.user.weergavenaam in lezen
    pdf = client.get(reverse("web:meldcode_versie_pdf", args=[1]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    odt = client.get(reverse("web:meldcode_versie_odt", args=[1]))
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert client.get(reverse("web:meldcode_versie", args=[2])).status_code == 404
    assert client.get(reverse("web:meldcode_beheer")).status_code == 403
    # A role-holder leaves: the adopted version is outdated, and the page says why.
    accounts_beheer.wijzig_rol(
        actor=beheerder, membership=aandachtsfunctionaris, rol=Rol.BEROEPSKRACHT
    )
    pagina = tekst(client.get(reverse("web:meldcode")))
    assert "Deze meldcode is verouderd" in pagina
    assert f"{aandachtsfunctionaris.user.weergavenaam} is geen aandachtsfunctionaris meer." in (
        pagina
    )


def test_zonder_vastgestelde_meldcode(beroepskracht, client_van):
    pagina = tekst(client_van(beroepskracht).get(reverse("web:meldcode")))
    assert "nog geen meldcode vastgesteld" in pagina
