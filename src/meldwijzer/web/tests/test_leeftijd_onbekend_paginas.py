"""Pages and documents say "onbekend" for an adult whose age was not entered, and print no age
or year that was not entered: not on the pages, the VT sheet, the dossier or the inzage PDF."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from meldwijzer.dossier import services
from meldwijzer.dossier.invoer import BETROKKENE
from meldwijzer.dossier.models import Casus

pytestmark = pytest.mark.django_db

VADER = "vader van Sam"


@pytest.fixture
def met_vader(beroepskracht, casus) -> Casus:
    services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol="kind", relatie="leerling", leeftijd=9
    )
    services.voeg_betrokkene_toe(actor=beroepskracht, casus=casus, rol="ouder", relatie=VADER)
    return casus


def rij_van(html: str, tekst: str) -> str:
    """The table row (or list item) that names ``tekst``."""
    for rij in re.findall(r"<(?:tr|li)\b.*?</(?:tr|li)>", html, flags=re.S):
        if tekst in rij:
            return rij
    raise AssertionError(f"geen rij met {tekst!r}")


def zonder_getallen(rij: str) -> bool:
    """No number in the row's text: no age and no year (tags and their attributes left out)."""
    return not re.search(r"\d", re.sub(r"<[^>]*>", " ", rij))


def test_de_hint_zegt_dat_een_volwassene_leeg_mag_blijven():
    uitleg = str(BETROKKENE.veld("leeftijd").uitleg)
    assert "Bij een kind" in uitleg and "volwassene" in uitleg


def test_betrokkenen_en_overzicht_zeggen_onbekend(beroepskracht, met_vader, client_van):
    client = client_van(beroepskracht)
    pagina = client.get(reverse("web:betrokkenen", args=[met_vader.uuid])).content.decode()
    rij = rij_van(pagina, VADER)
    assert "onbekend" in rij and zonder_getallen(rij)
    assert "Kindcheck invullen" in rij  # unknown age: still asked as an adult
    overzicht = client.get(reverse("web:casus", args=[met_vader.uuid])).content.decode()
    rij = rij_van(overzicht, VADER)
    assert "leeftijd onbekend" in rij and zonder_getallen(rij)


@pytest.mark.parametrize("adres", ["melding_voorbereiden", "dossier_afdruk"])
def test_vt_blad_en_dossier_zeggen_onbekend(beroepskracht, met_vader, client_van, adres):
    antwoord = client_van(beroepskracht).get(reverse(f"web:{adres}", args=[met_vader.uuid]))
    assert antwoord.status_code == 200
    rij = rij_van(antwoord.content.decode(), VADER)
    assert "onbekend" in rij and zonder_getallen(rij)


def test_inzage_pdf_zegt_onbekend(beroepskracht, met_vader, client_van, tmp_path):
    assert shutil.which("pdftotext"), "pdftotext ontbreekt: draai `make pdf-deps` (poppler-utils)"
    antwoord = client_van(beroepskracht).get(
        reverse("web:inzage_bestand", args=[met_vader.uuid]), {"doel": "inzage", "formaat": "pdf"}
    )
    assert antwoord["Content-Type"] == "application/pdf"
    pad = tmp_path / "inzage.pdf"
    pad.write_bytes(antwoord.content)
    tekst = subprocess.run(
        ["pdftotext", "-layout", str(pad), "-"], capture_output=True, text=True, check=True
    ).stdout
    na_vader = tekst[tekst.index(VADER) :]
    assert re.search(r"Leeftijd\s+onbekend", na_vader), na_vader[:300]
