"""Browser walk of the per-address login limit (docs/security.md § 2): after spraying from one
address the login form says so in Dutch, checks no password and locks no account."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect


def test_sproeien_remt_het_formulier_met_een_heldere_zin(
    wandeling: Any, demo: dict[str, str], settings: Any
) -> None:
    from meldwijzer.accounts.models import Inloggebeurtenis

    settings.MELDWIJZER_INLOGADRES_LIMIET = 3
    w = wandeling
    page = w.page
    for naam in ("jan", "piet", "klaas"):
        w.ga_naar("/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(naam)
        page.get_by_label("Wachtwoord").fill("Zomer2026!")
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_text("Inloggen is niet gelukt")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill("beroepskracht")
    page.get_by_label("Wachtwoord").fill("demo-beroepskracht")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Inloggen is even niet mogelijk")).to_be_visible()
    expect(page.get_by_text("vanaf dit netwerkadres")).to_be_visible()
    w.bekijk("inloggen geremd per adres")
    assert Inloggebeurtenis.objects.filter(
        soort=Inloggebeurtenis.Soort.ADRES_GEREMD, gebruikersnaam="beroepskracht"
    ).exists()
    assert not Inloggebeurtenis.objects.filter(
        soort=Inloggebeurtenis.Soort.GEBLOKKEERD, gebruikersnaam="beroepskracht"
    ).exists()
