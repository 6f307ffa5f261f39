"""Every PDF a person reads is tagged for a screen reader (PDF/UA-1): the dossier, the melding
sheet for Veilig Thuis and the inzage export, each with its language and its title, in Dutch and
in English. ``pdfinfo`` (poppler-utils, ``make pdf-deps``) reads them as a PDF reader would."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib

import pytest
from django.urls import reverse
from django.utils import translation

from meldwijzer.dossier.tests.bouwers import beantwoord, maak_klaar_voor_stap5, open_casus

pytestmark = pytest.mark.django_db


def pdfinfo(inhoud: bytes, tmp_path) -> dict[str, str]:
    assert inhoud.startswith(b"%PDF"), inhoud[:40]
    programma = shutil.which("pdfinfo")
    assert programma, "pdfinfo ontbreekt: installeer poppler-utils (make pdf-deps)"
    pad = tmp_path / "document.pdf"
    pad.write_bytes(inhoud)
    uit = subprocess.run([programma, str(pad)], capture_output=True, check=True, text=True)
    regels = (r.partition(":") for r in uit.stdout.splitlines())
    return {sleutel.strip(): waarde.strip() for sleutel, _, waarde in regels}


def catalogus_taal(inhoud: bytes) -> list[str]:
    """The /Lang entries of the PDF, also those inside compressed object streams."""
    delen = [inhoud]
    for stroom in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", inhoud, re.S):
        try:
            delen.append(zlib.decompress(stroom.group(1)))
        except zlib.error:
            continue  # a font or a picture, not an object stream
    return [t.decode() for t in re.findall(rb"/Lang \(([^)]*)\)", b"\n".join(delen))]


@pytest.fixture
def casus_met_besluit(beroepskracht):
    casus = open_casus(beroepskracht, "Zorgen om Sam")
    maak_klaar_voor_stap5(beroepskracht, casus)
    beantwoord(beroepskracht, casus, {"1": "ja", "2": "ja"})
    return casus


def _pdfs(client, casus):
    """(title word, PDF bytes) of the three documents."""
    dossier = client.get(reverse("web:dossier_pdf", args=[casus.uuid]))
    melding = client.get(reverse("web:melding_voorbereiden_pdf", args=[casus.uuid]))
    inzage = client.get(
        reverse("web:inzage_bestand", args=[casus.uuid]), {"doel": "inzage", "formaat": "pdf"}
    )
    for antwoord in (dossier, melding, inzage):
        assert antwoord.status_code == 200
        assert antwoord["Content-Type"] == "application/pdf"
    return dossier.content, melding.content, inzage.content


@pytest.mark.parametrize(
    ("taal", "titels"),
    [
        ("nl", ("Dossier", "Melding voorbereiden", "Inzage")),
        ("en", ("Case file", "Prepare a report", "Access")),
    ],
)
def test_elke_pdf_is_getagd_met_taal_en_titel(
    taal, titels, casus_met_besluit, beroepskracht, client_van, tmp_path
):
    client = client_van(beroepskracht)
    client.cookies["django_language"] = taal
    with translation.override(taal):
        pdfs = _pdfs(client, casus_met_besluit)
    for titel, inhoud in zip(titels, pdfs, strict=True):
        info = pdfinfo(inhoud, tmp_path)
        assert info["Tagged"] == "yes", titel
        assert info["Title"].startswith(titel), (titel, info["Title"])
        assert casus_met_besluit.kenmerk in info["Title"]
        assert catalogus_taal(inhoud) == [taal], titel
