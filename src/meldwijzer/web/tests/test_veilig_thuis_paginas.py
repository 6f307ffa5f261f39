"""The pages offer the Veilig Thuis contact named before in the casus, and closing after a
melding asks the missing feedback and agreement on the closing page itself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from meldwijzer.dossier import services
from meldwijzer.dossier.models import (
    Afsluiting,
    AfspraakVeiligThuis,
    Casus,
    TerugkoppelingVeiligThuis,
)
from meldwijzer.dossier.tests.bouwers import GISTEREN, VT, beantwoord, leg_hulpplan_vast

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()
CONTACT = VT["vt_contact"]


def url(naam, casus, *extra):
    return reverse(f"web:{naam}", args=[casus.uuid, *extra])


def vers(casus):
    return Casus.objects.get(pk=casus.pk).versie


def meld(actor, casus):
    return services.leg_melding_vast(
        actor=actor,
        casus=casus,
        datum=GISTEREN,
        wijze="telefoon",
        vt_organisatie="Veilig Thuis Utrecht",
        vt_contact="mevrouw De Vries",
        vt_kenmerk="VT-2026-0042",
        vooraf_geinformeerd=True,
        hoe_geinformeerd="Moeder vooraf gebeld.",
    )


def waarde(pagina, tekst):
    return f'value="{tekst}"' in pagina


def test_afweging_samen_met_veilig_thuis_biedt_het_contact_aan(
    beroepskracht, casus_stap5, client_van
):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja", "3": "ja"})
    pagina = client_van(beroepskracht).get(url("besluit", casus_stap5)).content.decode()
    assert 'name="vt_contact"' in pagina and waarde(pagina, CONTACT)


def test_evaluatie_biedt_het_contact_aan(beroepskracht, casus_stap5, client_van):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja", "3": "ja", "4": "ja"})
    leg_hulpplan_vast(beroepskracht, casus_stap5)
    pagina = client_van(beroepskracht).get(url("evaluatie", casus_stap5)).content.decode()
    assert waarde(pagina, CONTACT)


def test_melding_en_opnieuw_melden_bieden_contact_organisatie_en_kenmerk_aan(
    beroepskracht, casus_stap5, client_van
):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja", "3": "nee"})
    client = client_van(beroepskracht)
    pagina = client.get(url("melding", casus_stap5)).content.decode()
    assert waarde(pagina, CONTACT)  # from the answer together with Veilig Thuis
    m = meld(beroepskracht, casus_stap5)
    pagina = client.get(url("melding", casus_stap5)).content.decode()  # a next melding
    for tekst in ("mevrouw De Vries", "Veilig Thuis Utrecht", "VT-2026-0042"):
        assert waarde(pagina, tekst), tekst
    pagina = client.get(url("melding_afspraak", casus_stap5, m.pk)).content.decode()
    assert waarde(pagina, "mevrouw De Vries")


@pytest.fixture
def gemeld(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja", "3": "nee"})
    return meld(beroepskracht, casus_stap5)


def afsluitdata(casus, **extra):
    return {
        "afspraak-TOTAL_FORMS": "3",
        "afspraak-INITIAL_FORMS": "0",
        "afspraak-MIN_NUM_FORMS": "1",
        "afspraak-MAX_NUM_FORMS": "3",
        "afspraak-0-wat": "Signalen bij Sam",
        "afspraak-0-wie": "Mentor",
        "afspraak-0-tot_wanneer": (VANDAAG + dt.timedelta(days=90)).isoformat(),
        "datum": VANDAAG.isoformat(),
        "conclusie": "Veilig Thuis volgt de veiligheid.",
        "casusregie_door": "Veilig Thuis",
        "vt_contact": "mevrouw De Vries",
        "vt_datum": VANDAAG.isoformat(),
        "terugkoppeling-datum": VANDAAG.isoformat(),
        "terugkoppeling-uitkomst": "voorwaarden",
        "afspraak_vt-datum": VANDAAG.isoformat(),
        "afspraak_vt-vt_contact": "mevrouw De Vries",
        "afspraak_vt-wie_doet_wat": "Veilig Thuis spreekt vader.",
        "afspraak_vt-resultaten": "Geen nieuw geweld.",
        "afspraak_vt-termijn_aantal": "6",
        "afspraak_vt-termijn_eenheid": "weken",
        "versie": vers(casus),
        **extra,
    }


def test_afsluiten_na_melding_vraagt_wat_ontbreekt_op_een_pagina(
    beroepskracht, casus_stap5, gemeld, client_van
):
    client = client_van(beroepskracht)
    pagina = client.get(url("afsluiten", casus_stap5)).content.decode()
    assert "Afsluiten kan nog niet" not in pagina
    assert 'name="terugkoppeling-uitkomst"' in pagina
    assert 'name="afspraak_vt-wie_doet_wat"' in pagina
    assert waarde(pagina, "mevrouw De Vries")  # the contact of the melding, offered again

    leeg = {"afspraak_vt-resultaten": "", "conclusie": ""}
    fout = client.post(url("afsluiten", casus_stap5), afsluitdata(casus_stap5, **leeg))
    pagina = fout.content.decode()
    assert "Afspraak met Veilig Thuis — Welke resultaten" in pagina
    assert "Conclusie" in pagina
    # The service's own check (toelichting at ‘Anders’) lands at the feedback's field.
    anders = {"terugkoppeling-uitkomst": "anders"}
    fout = client.post(url("afsluiten", casus_stap5), afsluitdata(casus_stap5, **anders))
    assert (
        "Terugkoppeling — Toelichting: Beschrijf wat Veilig Thuis besloot." in fout.content.decode()
    )
    assert not TerugkoppelingVeiligThuis.objects.exists()
    assert not AfspraakVeiligThuis.objects.exists() and not Afsluiting.objects.exists()

    antwoord = client.post(url("afsluiten", casus_stap5), afsluitdata(casus_stap5))
    assert antwoord.status_code == 302
    assert gemeld.terugkoppelingen.get().uitkomst == "voorwaarden"
    assert gemeld.afspraken.get().resultaten == "Geen nieuw geweld."
    assert Afsluiting.objects.get().vt_contact == "mevrouw De Vries"


def test_afsluiten_met_terugkoppeling_die_de_dienst_weigert(
    beroepskracht, casus_stap5, gemeld, client_van
):
    """The form accepts the date; the service refuses feedback before the melding: its error
    lands on the page at the feedback's own field."""
    eerder = (GISTEREN - dt.timedelta(days=3)).isoformat()
    fout = client_van(beroepskracht).post(
        url("afsluiten", casus_stap5), afsluitdata(casus_stap5, **{"terugkoppeling-datum": eerder})
    )
    pagina = fout.content.decode()
    assert fout.status_code == 200
    assert "De terugkoppeling kan niet vóór de melding" in pagina
    assert 'id="id_terugkoppeling-datum_fout"' in pagina
    assert not Afsluiting.objects.exists() and not TerugkoppelingVeiligThuis.objects.exists()
