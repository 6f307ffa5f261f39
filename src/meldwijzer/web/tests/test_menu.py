"""The menu bars built in Python (meldwijzer.web.menu): per role the items base.html drew with
template tags before, the page shown now, and addresses under a sub-path installation."""

from __future__ import annotations

import re

import pytest
from django.urls import clear_script_prefix, set_script_prefix

from meldwijzer.accounts.models import Rol
from meldwijzer.accounts.tests import bouwers as leden
from meldwijzer.web.menu import hoofdmenu

pytestmark = pytest.mark.django_db

VERWACHT = {
    Rol.BEROEPSKRACHT: [
        "Mijn casussen", "Nieuwe casus", "Sociale kaart", "Meldcode", "Termijnen", "Oefenen",
    ],
    Rol.AANDACHTSFUNCTIONARIS: [
        "Casussen van de organisatie", "Nieuwe casus", "Sociale kaart", "Meldcode", "Termijnen",
        "Dashboard", "Jaarcijfers", "Oefenen", "Afwegingskaders",
    ],
    Rol.PRIVACY_OFFICER: ["Logboek"],
}  # fmt: skip


@pytest.mark.parametrize("rol", list(VERWACHT))
def test_elke_rol_ziet_zijn_menu(organisatie, client_van, rol):
    lid = leden.maak_lid(rol, organisatie)
    html = client_van(lid).get("/over/", secure=True).content.decode()
    balken = re.findall(r'<nav class="navbalk".*?</nav>', html, re.S)
    labels = [m for balk in balken for m in re.findall(r">([^<>]+)</a>", balk)]
    assert labels == VERWACHT[rol]
    assert 'aria-current="page"' not in "".join(balken)  # /over/ is in no menu


def test_de_pagina_van_nu_is_gemarkeerd(organisatie, client_van):
    lid = leden.maak_lid(Rol.BEROEPSKRACHT, organisatie)
    html = client_van(lid).get("/casussen/", secure=True).content.decode()
    assert re.search(r'<a href="/casussen/" aria-current="page">Mijn casussen</a>', html)
    assert html.count('aria-current="page"') == 1


def test_adressen_onder_een_subpad():
    rechten = dict.fromkeys(
        ["ziet_casusinhoud", "ziet_alle_casussen", "mag_dashboard_zien", "mag_jaarcijfers_zien",
         "mag_oefenen"], False,
    )  # fmt: skip
    rechten["ziet_casusinhoud"] = True
    assert hoofdmenu(rechten, None)[0].adres == "/casussen/"
    set_script_prefix("/meldwijzer/")
    try:
        assert hoofdmenu(rechten, None)[0].adres == "/meldwijzer/casussen/"
    finally:
        clear_script_prefix()
    assert hoofdmenu(rechten, "casussen")[0].huidig


def test_casustabs_met_het_huidige_onderdeel_en_onder_een_subpad():
    from uuid import UUID

    from meldwijzer.web.menu import casustabs

    casus = UUID("12345678-1234-5678-1234-567812345678")
    tabs = casustabs(casus, "tijdlijn")
    assert [t.label for t in tabs if t.huidig] == ["Tijdlijn"]
    assert tabs[0].adres == f"/casussen/{casus}/"
    assert all(str(casus) in t.adres for t in tabs)
    set_script_prefix("/meldwijzer/")
    try:
        assert casustabs(casus, "")[1].adres == f"/meldwijzer/casussen/{casus}/betrokkenen/"
    finally:
        clear_script_prefix()
