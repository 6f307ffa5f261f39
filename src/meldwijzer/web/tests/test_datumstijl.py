"""One date style everywhere (meldwijzer.conf.formats): "3 maart 2025" and "3 maart 2025,
10:00" on the pages, in the PDFs (read back with pdftotext), on the dashboard and in the logs,
"3 March 2025, 10:00" in English; never "03-03-2025", "3-3-2025 10:00" or "3 mrt 2025". Moments
are shown in local time, also just after midnight, and two meldingen of one day are told apart."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from meldwijzer import datumtekst
from meldwijzer.accounts.models import Rol
from meldwijzer.dossier import services
from meldwijzer.rapportage.tests.gegevens import spoedmelding, stappen_1_tot_4

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
DAG = dt.date(2025, 3, 3)
# Other styles the app used to show: day-month-year in digits, short or English month names.
ANDERE_STIJL = re.compile(
    r"\b\d{1,2}-\d{1,2}-\d{4}\b|\b\d{1,2} (jan|feb|mrt|apr|jun|jul|aug|sep|okt|nov|dec|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.? \d{4}\b"
)

# ISO 8601, as in the JSON export and the API: not for people.
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def pdftekst(inhoud: bytes, tmp_path) -> str:
    assert inhoud.startswith(b"%PDF"), inhoud[:40]
    programma = shutil.which("pdftotext")
    assert programma, "pdftotext ontbreekt: installeer poppler-utils (make pdf-deps)"
    pad = tmp_path / "document.pdf"
    pad.write_bytes(inhoud)
    uit = subprocess.run([programma, "-enc", "UTF-8", str(pad), "-"], capture_output=True)
    return " ".join(uit.stdout.decode().split())


def om(dag: dt.date, uur: int, minuut: int = 0) -> dt.datetime:
    return dt.datetime.combine(dag, dt.time(uur, minuut), AMSTERDAM)


@pytest.fixture
def twee_spoedmeldingen(beroepskracht):
    """A spoedmelding at 10:00 on 3 March and one just after midnight, 00:06 on 4 March local
    time (23:06 UTC on 3 March), each of its own day; and a third on 4 March at 09:30."""
    with time_machine.travel(om(DAG, 10), tick=False) as klok:
        casus = services.open_casus(actor=beroepskracht, titel="Sam, groep 5")
        stappen_1_tot_4(beroepskracht, casus, DAG)
        spoedmelding(beroepskracht, casus, DAG)
        klok.move_to(om(DAG + dt.timedelta(days=1), 0, 6))
        spoedmelding(beroepskracht, casus, DAG + dt.timedelta(days=1))
        klok.move_to(om(DAG + dt.timedelta(days=1), 9, 30))
        spoedmelding(beroepskracht, casus, DAG + dt.timedelta(days=1))
    casus.refresh_from_db()
    return casus


def test_datumtekst_in_beide_talen_en_in_lokale_tijd():
    na_middernacht = dt.datetime(2026, 12, 5, 23, 6, tzinfo=dt.UTC)  # 00:06 on 6 December
    with translation.override("nl"):
        assert datumtekst.datum(dt.date(2026, 12, 5)) == "5 december 2026"
        assert datumtekst.tijdstip(na_middernacht) == "6 december 2026, 00:06"
        assert datumtekst.datum(na_middernacht) == "6 december 2026"
        assert datumtekst.tijdstip(na_middernacht, seconden=True) == "6 december 2026, 00:06:00"
        assert (
            datumtekst.datum_van_vastlegging(dt.date(2026, 12, 5), na_middernacht)
            == "5 december 2026 (vastgelegd op 6 december 2026, 00:06)"
        )
    with translation.override("en"):
        assert datumtekst.datum(dt.date(2026, 12, 5)) == "5 December 2026"
        assert datumtekst.tijdstip(na_middernacht) == "6 December 2026, 00:06"
        assert datumtekst.datum_van_vastlegging(dt.date(2026, 12, 6), na_middernacht) == (
            "6 December 2026, 00:06"
        )


def test_pagina_s_tonen_een_datumstijl_en_meldingen_van_een_dag_apart(
    twee_spoedmeldingen, beroepskracht, client_van
):
    client = client_van(beroepskracht)
    casus = twee_spoedmeldingen
    for naam in ("casus", "melding", "tijdlijn", "signalen", "dossier_afdruk"):
        html = client.get(reverse(f"web:{naam}", args=[casus.uuid])).content.decode()
        assert not ANDERE_STIJL.search(html), (naam, ANDERE_STIJL.search(html))
    melding = client.get(reverse("web:melding", args=[casus.uuid])).content.decode()
    for moment in ("3 maart 2025, 10:00", "4 maart 2025, 00:06", "4 maart 2025, 09:30"):
        assert f"Melding van {moment}" in melding, moment
    tijdlijn = client.get(reverse("web:tijdlijn", args=[casus.uuid])).content.decode()
    assert "4 maart 2025, 00:06" in tijdlijn and "3 maart 2025, 23:06" not in tijdlijn
    client.cookies["django_language"] = "en"
    engels = client.get(reverse("web:melding", args=[casus.uuid])).content.decode()
    assert "3 March 2025, 10:00" in engels and "4 March 2025, 00:06" in engels
    assert not ANDERE_STIJL.search(engels)


def test_pdf_s_tonen_een_datumstijl(twee_spoedmeldingen, beroepskracht, client_van, tmp_path):
    client = client_van(beroepskracht)
    casus = twee_spoedmeldingen
    dossier = pdftekst(client.get(reverse("web:dossier_pdf", args=[casus.uuid])).content, tmp_path)
    assert "Spoedmelding op 3 maart 2025, 10:00" in dossier
    assert "Spoedmelding op 4 maart 2025, 00:06" in dossier
    assert "Spoedmelding op 4 maart 2025, 09:30" in dossier
    assert "Signalen" in dossier and "3 maart 2025" in dossier
    melding = pdftekst(
        client.get(reverse("web:melding_voorbereiden_pdf", args=[casus.uuid])).content, tmp_path
    )
    assert "4 maart 2025, 00:06: Vader dreigde met een mes." in melding
    inzage = pdftekst(
        client.get(
            reverse("web:inzage_bestand", args=[casus.uuid]), {"doel": "inzage", "formaat": "pdf"}
        ).content,
        tmp_path,
    )
    assert "3 maart 2025 — spoedmelding" in inzage
    # Meldingen of one day apart: each with the moment it was recorded.
    assert "Vastgelegd 4 maart 2025, 00:06" in inzage
    assert "Vastgelegd 4 maart 2025, 09:30" in inzage
    for naam, tekst in (("dossier", dossier), ("melding", melding), ("inzage", inzage)):
        assert not ANDERE_STIJL.search(tekst), (naam, ANDERE_STIJL.search(tekst))
        assert not ISO.search(tekst), (naam, ISO.search(tekst))  # ISO is for machines


def test_dashboard_en_logboek_in_dezelfde_stijl(
    twee_spoedmeldingen, aandachtsfunctionaris, maak_lid, organisatie, client_van
):
    dashboard = client_van(aandachtsfunctionaris).get(reverse("web:dashboard"))
    html = dashboard.content.decode()
    assert dashboard.status_code == 200
    assert not ANDERE_STIJL.search(html), ANDERE_STIJL.search(html)
    assert re.search(r"termijnen tot en met \d{1,2} [a-z]+ \d{4}", html)
    privacy = maak_lid(Rol.PRIVACY_OFFICER, organisatie, "priya")
    logboek = client_van(privacy).get(reverse("web:logboek")).content.decode()
    assert re.search(r"\d{1,2} [a-z]+ \d{4}, \d\d:\d\d:\d\d", logboek)
    assert not ANDERE_STIJL.search(logboek), ANDERE_STIJL.search(logboek)
