"""The casus dossier and the melding sheet, as PDF and as printable page: the PDF's text,
extracted with pdftotext, holds every section in order with feit and mening apart, and nothing
the reader may not see; who may not see the casus gets a 404; each print and download is one
record in the access log."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.urls import reverse

from meldwijzer.accounts.models import Rol
from meldwijzer.audit.models import Toegang
from meldwijzer.dossier import services
from meldwijzer.dossier.models import CasusDeling
from meldwijzer.dossier.tests.bouwers import VOORWAARDEN
from meldwijzer.rapportage.tests.gegevens import (
    afspraak,
    evaluatie,
    hulpplan,
    klok,
    melding,
    stappen_1_tot_4,
)

pytestmark = pytest.mark.django_db

DAG = dt.date(2025, 3, 3)
ADRESSEN = ("dossier_afdruk", "dossier_pdf", "melding_voorbereiden", "melding_voorbereiden_pdf")


def pdftekst(inhoud: bytes, tmp_path) -> str:
    assert inhoud.startswith(b"%PDF"), inhoud[:40]
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext ontbreekt: installeer poppler-utils (make pdf-deps)"
    pad = tmp_path / "document.pdf"
    pad.write_bytes(inhoud)
    uit = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(pad), "-"], capture_output=True, check=True
    )
    return " ".join(uit.stdout.decode().split())  # one line: words wrap anywhere in a PDF


def in_volgorde(tekst: str, *delen: str) -> None:
    """Each part occurs, after the one before."""
    vanaf = 0
    for deel in delen:
        plek = tekst.find(deel, vanaf)
        assert plek >= 0, f"'{deel}' ontbreekt (na positie {vanaf})"
        vanaf = plek + len(deel)


@pytest.fixture
def rijke_casus(beroepskracht):
    """A casus with something in every section: 1 ja, 2 ja (with Veilig Thuis), melding with an
    agreement, 3 ja, 4 ja, a hulpplan and an evaluation."""
    with klok(DAG) as t:
        casus = services.open_casus(actor=beroepskracht, titel="Sam, groep 5")
        kind = services.voeg_betrokkene_toe(
            actor=beroepskracht,
            casus=casus,
            rol="kind",
            relatie="leerling",
            leeftijd=8,
            naam="Sam Jansen",
        )
        stappen_1_tot_4(beroepskracht, casus, DAG)
        services.leg_signaal_vast(
            actor=beroepskracht,
            casus=casus,
            datum=DAG,
            bron="eigen",
            aard="mening",
            tekst="MENINGTEKST Ik vermoed dat de sfeer thuis gespannen is.",
        )
        services.leg_signaal_vast(
            actor=beroepskracht,
            casus=casus,
            datum=DAG,
            bron="verteld",
            bron_wie="Sam",
            aard="feit",
            tekst="FEITTEKST Sam vertelde dat papa mama sloeg.",
        )
        services.leg_weging_vast(
            actor=beroepskracht,
            casus=casus,
            datum=DAG,
            aard_en_ernst="Partnergeweld.",
            beschermende_factoren="NETWERKTEKST Oma woont om de hoek.",
        )
        services.leg_zienswijze_vast(
            actor=beroepskracht,
            casus=casus,
            betrokkene=kind,
            datum=DAG,
            hoe="mondeling",
            tekst="ZIENSWIJZETEKST Ik wil bij mama blijven.",
        )
        for afweging, keuze in (("1", "ja"), ("2", "ja")):
            services.beantwoord_afweging(
                actor=beroepskracht,
                casus=casus,
                afweging=afweging,
                antwoord=keuze,
                toelichting=f"TOELICHTING{afweging}",
                **({"vt_contact": "mevrouw De Vries", "vt_datum": DAG} if afweging == "3" else {}),
            )
        m = melding(beroepskracht, casus, DAG)
        afspraak(beroepskracht, casus, m, DAG)
        for afweging in ("3", "4"):
            services.beantwoord_afweging(
                actor=beroepskracht,
                casus=casus,
                afweging=afweging,
                antwoord="ja",
                toelichting=f"TOELICHTING{afweging}",
                voorwaarden=VOORWAARDEN if afweging == "3" else None,
                vt_contact="mevrouw De Vries",
                vt_datum=DAG,
            )
        later = DAG + dt.timedelta(days=30)
        hulpplan(beroepskracht, casus, DAG, [later])
        t.move_to(dt.datetime(2025, 4, 2, 10, tzinfo=dt.UTC))
        evaluatie(
            beroepskracht, casus, later, "doorgaan", volgende_datum=later + dt.timedelta(days=30)
        )
    return casus


@pytest.fixture
def geheimen(organisatie, maak_lid, collega, buitenstaander):
    """Text in casussen the owner may not see: a colleague's (same organisation, not shared) and
    another organisation's."""
    with klok(DAG):
        van_collega = services.open_casus(actor=collega, titel="GEHEIM-COLLEGA-TITEL")
        stappen_1_tot_4(collega, van_collega, DAG)
        services.leg_signaal_vast(
            actor=collega,
            casus=van_collega,
            datum=DAG,
            bron="eigen",
            aard="feit",
            tekst="GEHEIM-COLLEGA-SIGNAAL",
        )
        bk_b = maak_lid(Rol.BEROEPSKRACHT, buitenstaander.organisatie, "bk_b")
        elders = services.open_casus(actor=bk_b, titel="GEHEIM-ANDERE-ORG")
        stappen_1_tot_4(bk_b, elders, DAG)
    return ["GEHEIM-COLLEGA", "GEHEIM-ANDERE-ORG", "192.0.2.", collega.user.username]


def test_dossier_pdf_heeft_elke_sectie(rijke_casus, geheimen, beroepskracht, client_van, tmp_path):
    client = client_van(beroepskracht)
    antwoord = client.get(
        reverse("web:dossier_pdf", args=[rijke_casus.uuid]), REMOTE_ADDR="192.0.2.7"
    )
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"] == "application/pdf"
    assert f"dossier-{rijke_casus.kenmerk}.pdf" in antwoord["Content-Disposition"]
    tekst = pdftekst(antwoord.content, tmp_path)
    in_volgorde(
        tekst,
        "Dossier meldcode",
        rijke_casus.kenmerk,
        "Basis-afwegingskader",  # the framework version, in the header
        "Betrokkenen",
        "Sam Jansen",
        "leerling",
        "Signalen (stap 1)",
        "Feiten",
        "FEITTEKST Sam vertelde",
        "Meningen en interpretaties",
        "MENINGTEKST Ik vermoed",
        "Zienswijzen van betrokkenen",
        "ZIENSWIJZETEKST",
        "Consultaties (stap 2)",
        "Bespreek het met moeder.",
        "Gesprekken (stap 3)",
        "Gesprek op",
        "Wegingen (stap 4)",
        "NETWERKTEKST",
        "Besluiten (stap 5)",
        "Besluit 1",
        "TOELICHTING1",
        "TOELICHTING2",
        "Professionele norm",  # the norm under afweging 2
        "Besluit 2",
        "TOELICHTING3",
        "Voorwaarden voor effectieve hulp",
        "Samen met Veilig Thuis (mevrouw De Vries) op 3 maart 2025",
        "Besluit 3",
        "TOELICHTING4",
        "Stroomschema en gevolgde route",
        "Afweging 1",
        "gekozen: Ja",
        "Meldingen bij Veilig Thuis",
        "mevrouw De Vries",
        "Veilig Thuis spreekt vader",
        "Hulpplan en evaluaties",
        "Veilig thuis voor Sam.",
        "Evaluatie van",
        "Afsluiting",
        "Termijnen",
        "Evaluatie van het hulpplan",
        "Tijdlijn",
        "Casus geopend",
    )
    # Feit and mening kept apart: the opinion is not among the facts, nor the fact among them.
    feiten = tekst[tekst.find("Feiten") : tekst.find("Meningen en interpretaties")]
    assert "FEITTEKST" in feiten and "MENINGTEKST" not in feiten
    assert "pagina 1 van" in tekst  # the running footer (margin boxes)
    for geheim in geheimen:
        assert geheim not in tekst


def test_melding_voorbereiden_zoals_veilig_thuis_vraagt(
    rijke_casus, geheimen, beroepskracht, client_van, tmp_path
):
    client = client_van(beroepskracht)
    antwoord = client.get(reverse("web:melding_voorbereiden_pdf", args=[rijke_casus.uuid]))
    assert antwoord.status_code == 200
    tekst = pdftekst(antwoord.content, tmp_path)
    in_volgorde(
        tekst,
        "Melding voorbereiden bij Veilig Thuis",
        "1. Melder",
        beroepskracht.user.weergavenaam,
        "Basisschool De Linde",
        "2. Betrokkenen",
        "Sam Jansen",
        "3. De zorgen",
        "Veiligheid nu",
        "TOELICHTING2",
        "Feiten: wat u zag of hoorde",
        "FEITTEKST",
        "Meningen en interpretaties",
        "MENINGTEKST",
        "4. Stappen die al zijn gezet",
        "Consultatie",
        "Gesprek met de betrokkenen",
        "5. Zijn de betrokkenen geïnformeerd",
        "Moeder vooraf gebeld.",
        "6. Steunnetwerk en beschermende factoren",
        "NETWERKTEKST",
        "7. Overige informatie",
        "ZIENSWIJZETEKST",
    )
    for geheim in geheimen:
        assert geheim not in tekst


def test_afdrukpagina_is_html_en_wordt_gelogd(rijke_casus, beroepskracht, client_van):
    client = client_van(beroepskracht)
    voor = Toegang.objects.count()
    antwoord = client.get(reverse("web:dossier_afdruk", args=[rijke_casus.uuid]))
    assert antwoord.status_code == 200
    assert b"FEITTEKST" in antwoord.content and b"<script" not in antwoord.content
    record = Toegang.objects.order_by("pk").last()
    assert Toegang.objects.count() == voor + 1
    assert (record.actie, record.onderdeel) == ("printen", "casus.dossier")
    assert record.casus_id == rijke_casus.pk
    client.get(reverse("web:melding_voorbereiden_pdf", args=[rijke_casus.uuid]))
    record = Toegang.objects.order_by("pk").last()
    assert Toegang.objects.count() == voor + 2
    assert (record.actie, record.onderdeel) == ("exporteren", "casus.melding_voorbereiden")


@pytest.mark.parametrize("adres", ADRESSEN)
def test_wie_de_casus_niet_ziet_krijgt_404(
    adres, rijke_casus, collega, buitenstaander, maak_lid, organisatie, client_van
):
    beheerder = maak_lid(Rol.BEHEERDER, organisatie, "beheer")
    for wie in (collega, buitenstaander, beheerder):
        antwoord = client_van(wie).get(reverse(f"web:{adres}", args=[rijke_casus.uuid]))
        assert antwoord.status_code == 404, (adres, wie)
        assert b"FEITTEKST" not in antwoord.content


def test_een_meelezer_en_de_aandachtsfunctionaris_mogen_afdrukken(
    rijke_casus, beroepskracht, collega, aandachtsfunctionaris, client_van
):
    CasusDeling.objects.create(
        casus=rijke_casus, met=collega.user, recht="lezen", gedeeld_door=beroepskracht.user
    )
    for wie in (collega, aandachtsfunctionaris):
        antwoord = client_van(wie).get(reverse("web:dossier_afdruk", args=[rijke_casus.uuid]))
        assert antwoord.status_code == 200


def test_alleen_get(rijke_casus, beroepskracht, client_van):
    antwoord = client_van(beroepskracht).post(reverse("web:dossier_pdf", args=[rijke_casus.uuid]))
    assert antwoord.status_code == 405
