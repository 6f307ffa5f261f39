"""Browser walks of the security pages: first login with two-factor setup, the account page,
user management and the log — each page checked by axe, with the CSP on."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect


def test_eerste_login_stelt_tweestaps_in(wandeling: Any, demo: dict[str, str]) -> None:
    from meldwijzer.accounts.models import Membership, Organisatie, Rol, User
    from meldwijzer.accounts.tweestaps import code_voor

    w = wandeling
    page = w.page
    user = User.objects.create_user("nieuwe", password="een lange wachtzin voor de school")
    Membership.objects.create(
        user=user, organisatie=Organisatie.objects.get(is_demo=True), rol=Rol.BEROEPSKRACHT
    )
    w.ga_naar("/")
    page.get_by_label("Gebruikersnaam").fill("nieuwe")
    page.get_by_label("Wachtwoord").fill("een lange wachtzin voor de school")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    expect(page.locator("svg.qr")).to_be_visible()
    w.bekijk("tweestaps instellen")
    geheim = page.locator("code.geheim").inner_text()
    page.get_by_label("Code uit de app").fill(code_voor(geheim))
    page.get_by_role("button", name="Instellen en inloggen").click()
    expect(page.get_by_role("heading", name="Uw herstelcodes")).to_be_visible()
    assert page.locator("ol.herstelcodes li").count() == 10
    w.bekijk("herstelcodes")
    page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    expect(page.get_by_role("heading", name="Mijn casussen")).to_be_visible()
    page.get_by_role("link", name="Mijn account").click()
    expect(page.get_by_role("heading", name="Mijn account")).to_be_visible()
    w.bekijk("mijn account")
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()


def _inloggen_als(w: Any, naam: str, wachtwoord: str) -> None:
    from meldwijzer.accounts.models import User
    from meldwijzer.accounts.tweestaps import code_voor, geheim, totp_apparaat

    w.ga_naar("/")
    w.page.get_by_label("Gebruikersnaam").fill(naam)
    w.page.get_by_label("Wachtwoord").fill(wachtwoord)
    w.page.get_by_role("button", name="Inloggen").click()
    sleutel = geheim(totp_apparaat(User.objects.get(username=naam)))
    w.page.get_by_label("Code").fill(code_voor(sleutel))
    w.page.get_by_role("button", name="Bevestigen").click()


def test_beheerder_en_privacy_officer(wandeling: Any, demo: dict[str, str]) -> None:
    w = wandeling
    page = w.page
    _inloggen_als(w, "beheerder", "demo-beheerder")
    page.get_by_role("link", name="Gebruikers", exact=True).click()
    expect(page.get_by_role("heading", name="Gebruikers", exact=True)).to_be_visible()
    w.bekijk("gebruikers")
    page.get_by_role("link", name="beroepskracht", exact=True).click()
    expect(page.get_by_role("heading", name="beroepskracht")).to_be_visible()
    w.bekijk("gebruiker")
    page.get_by_role("button", name="Uitloggen", exact=True).click()
    _inloggen_als(w, "privacyofficer", "demo-privacyofficer")
    page.get_by_role("link", name="Logboek", exact=True).click()
    expect(page.get_by_role("heading", name="Logboek")).to_be_visible()
    w.bekijk("logboek toegang")
    page.get_by_role("link", name="Inloggen", exact=True).click()
    expect(page.get_by_role("cell", name=re.compile("ingelogd")).first).to_be_visible()
    w.bekijk("logboek inloggen")
