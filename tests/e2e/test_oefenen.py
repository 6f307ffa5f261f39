"""Walk: practice mode. The aandachtsfunctionaris writes an oefencasus (refused first, with the
reason), a colleague practises it and reads the feedback per answer and the two routes, five
more colleagues (made by the builders) complete it, and the aandachtsfunctionaris sees the
totals — never a name. Every page says OEFENING and passes axe-core, in Dutch and in English."""

from __future__ import annotations

import subprocess
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect


def _logins() -> dict[str, dict[str, str]]:
    uit = StringIO()
    call_command("demo", "--zonder-qr", stdout=uit)
    regels = uit.getvalue().splitlines()
    logins = {}
    for rol in ("aandachtsfunctionaris", "beroepskracht"):
        i = next(i for i, r in enumerate(regels) if f"gebruikersnaam: {rol}" in r)
        logins[rol] = {
            "gebruikersnaam": rol,
            "wachtwoord": regels[i].split("wachtwoord:")[1].strip(),
            "geheim": regels[i + 1].split("TOTP-geheim:")[1].strip(),
        }
    return logins


@pytest.fixture
def logins(transactional_db: None) -> dict[str, dict[str, str]]:
    return _logins()


def inloggen(w: Any, login: dict[str, str], kop: str) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # Logging in again within the same 30 seconds would reuse the code just used, which the
    # second step rightly refuses; in this walk time does not pass, so forget the last one.
    TOTPDevice.objects.filter(user__username=login["gebruikersnaam"]).update(last_t=-1)
    w.ga_naar("/")
    w.page.get_by_label("Gebruikersnaam").fill(login["gebruikersnaam"])
    w.page.get_by_label("Wachtwoord").fill(login["wachtwoord"])
    w.page.get_by_role("button", name="Inloggen").click()
    w.tweede_stap(login)
    expect(w.page.get_by_role("heading", name=kop)).to_be_visible()


def uitloggen(w: Any) -> None:
    w.page.get_by_role("button", name="Uitloggen").click()
    expect(w.page.get_by_role("heading", name="Inloggen")).to_be_visible()


def naar_oefenen(w: Any) -> None:
    w.page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Oefenen").click()
    expect(w.page.get_by_role("heading", name="Oefenen met het afwegingskader")).to_be_visible()
    expect(w.page.locator(".oefenband")).to_contain_text("OEFENING")


def test_oefenen_met_terugkoppeling_en_totalen(wandeling: Any, logins: dict) -> None:
    from meldwijzer.accounts.models import Membership
    from meldwijzer.oefenen.models import Oefencasus
    from meldwijzer.oefenen.tests.bouwers import maak_deelnemers, oefen

    w = wandeling
    page = w.page

    # 1. The aandachtsfunctionaris writes a vignette.
    inloggen(w, logins["aandachtsfunctionaris"], "Casussen van de organisatie")
    naar_oefenen(w)
    w.bekijk("oefenen overzicht leeg")
    page.get_by_role("link", name="Oefencasus schrijven").click()
    expect(page.get_by_role("heading", name="Oefencasus schrijven", level=1)).to_be_visible()
    w.bekijk("oefencasus schrijven")
    page.get_by_label("Titel").fill("Een mes in de keuken")
    page.get_by_label("Vignet: de situatie die collega's lezen").fill(
        "Sem (groep 7) vertelt in de klas dat zijn vader gisteravond met een mes dreigde toen "
        "zijn moeder wilde vertrekken. Hij wil vandaag niet naar huis."
    )
    page.locator("#id_verwacht_1").select_option("ja")
    page.locator("#id_verwacht_2").select_option("ja")
    page.get_by_role("button", name="Oefencasus opslaan").click()
    # The path stops at afweging 3: refused, the reason in the error summary.
    samenvatting = page.locator(".foutsamenvatting")
    expect(samenvatting).to_be_visible()
    expect(samenvatting).to_contain_text("afweging 3")
    w.bekijk("oefencasus geweigerd met reden")
    for afweging in ("3", "4", "5"):
        page.locator(f"#id_verwacht_{afweging}").select_option("ja")
    lijst = page.locator(
        "details.vinklijst-uitklap", has=page.locator("input[value='acuut.wapen']")
    )
    lijst.locator("summary").click()
    page.locator("input[value='acuut.wapen']").check()
    page.get_by_role("button", name="Oefencasus opslaan").click()
    expect(page.get_by_role("heading", name="Een mes in de keuken")).to_be_visible()
    expect(page.get_by_text("Wat het kader verwacht (alleen voor u)")).to_be_visible()
    w.bekijk("oefencasus opgeslagen")
    w.opnieuw_in_het_engels()
    uitloggen(w)
    w.bezocht.clear()  # each part is walked again in English by whoever walked it

    # 2. A colleague practises: feedback after each answer, the routes at the end.
    inloggen(w, logins["beroepskracht"], "Mijn casussen")
    naar_oefenen(w)
    page.get_by_role("link", name="Een mes in de keuken").click()
    expect(page.get_by_text("Wat het kader verwacht")).to_have_count(0)
    w.bekijk("oefencasus voor een collega")
    page.get_by_role("button", name="Begin met oefenen").click()
    expect(page.get_by_role("heading", name="Afweging 1")).to_be_visible()
    w.bekijk("oefening afweging 1")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Antwoord geven").click()
    terug = page.locator("article.terugkoppeling").first
    expect(terug).to_contain_text("Uw antwoord ‘Ja’ past bij wat het afwegingskader hier verwacht")
    w.bekijk("terugkoppeling afweging 1 en afweging 2")
    # Afweging 2: nee, without ticking the knife — the framework's own words say why not.
    page.get_by_label("Nee", exact=True).check()
    page.get_by_label("Toelichting").fill("Ik twijfel of het echt zo ging.")
    page.get_by_role("button", name="Antwoord geven").click()
    terug = page.locator("article.terugkoppeling").first
    expect(terug).to_contain_text("U koos ‘Nee’; het afwegingskader verwacht hier ‘Ja’.")
    expect(terug.locator("blockquote.norm")).to_contain_text("hoofdstuk 3")
    expect(terug).to_contain_text("Niet aangevinkt, maar wel in de situatie")
    expect(terug.locator(".waarschuwing")).to_be_visible()
    w.bekijk("terugkoppeling afweging 2 anders dan verwacht")
    page.get_by_label("Nee", exact=True).check()
    page.get_by_role("button", name="Antwoord geven").click()
    expect(page.get_by_role("heading", name="Uw route naast de verwachte route")).to_be_visible()
    expect(page.locator("figure.stroomschema")).to_have_count(2)
    expect(page.get_by_text("1 van de 3 antwoorden past")).to_be_visible()
    w.bekijk("oefening afgerond met twee routes")
    # Printed (the browser's print, as a PDF): the OEFENING band is on paper too.
    pdf = w.map / "oefening-afgedrukt.pdf"
    page.pdf(path=str(pdf))
    afdruk = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "OEFENING" in afdruk and "geen echte casus" in afdruk
    paginas = [p for p in afdruk.split("\f") if p.strip()]  # pdftotext ends a page with \f
    assert len(paginas) > 1 and all("OEFENING" in p for p in paginas)
    assert "Uw route naast de verwachte route" in afdruk
    w.opnieuw_in_het_engels()
    uitloggen(w)
    w.bezocht.clear()

    # 3. Five more colleagues complete it (builders), two of them differently.
    oefencasus = Oefencasus.objects.get()
    organisatie = Membership.objects.get(user__username="beroepskracht").organisatie
    for i, lid in enumerate(maak_deelnemers(organisatie, 5, "collega")):
        if i < 3:
            antwoorden = {"1": "ja", "2": "ja", "3": "ja", "4": "ja", "5": "ja"}
            oefen(lid, oefencasus, antwoorden, ["acuut.wapen"])
        else:
            oefen(lid, oefencasus, {"1": "ja", "2": "nee", "3": "nee"})

    # 4. The aandachtsfunctionaris sees the totals, and no name.
    inloggen(w, logins["aandachtsfunctionaris"], "Casussen van de organisatie")
    naar_oefenen(w)
    page.get_by_role("link", name="Een mes in de keuken").click()
    page.get_by_role("link", name="Totalen bekijken").click()
    expect(page.get_by_text("6 collega's rondden de oefening af.")).to_be_visible()
    tabel = page.get_by_role("table", name="6 collega's kwamen bij deze afweging").nth(1)
    expect(tabel.get_by_role("row", name="Nee")).to_contain_text("3")
    expect(
        page.get_by_text("Minder dan 5 collega's kwamen bij deze afweging").first
    ).to_be_visible()
    assert "Bea" not in page.content() and "collega1" not in page.content()
    w.bekijk("totalen per oefencasus")
    w.opnieuw_in_het_engels()
