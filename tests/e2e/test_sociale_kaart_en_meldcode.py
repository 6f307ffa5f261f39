"""Browser walk of the sociale kaart and the meldcode document: the beheerder adds a contact to
the sociale kaart (first with a phone number that is no number), makes a concept meldcode (the
page names the sections still to write), writes them and adopts the next version; a
beroepskracht then picks a consultee from the kaart at stap 2 and reads the adopted meldcode.

Every page is checked with axe and kept as a screenshot (test-artifacts/e2e/)."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect


@pytest.fixture
def logins(transactional_db: None) -> dict[str, dict[str, str]]:
    """The demo accounts as `make run` makes them (with the demo sociale kaart)."""
    uit = StringIO()
    call_command("demo", "--zonder-qr", "--zonder-casussen", stdout=uit)
    regels = uit.getvalue().splitlines()
    gevonden: dict[str, dict[str, str]] = {}
    for i, regel in enumerate(regels):
        if "gebruikersnaam:" in regel:
            naam = regel.split("gebruikersnaam:")[1].split()[0]
            gevonden[naam] = {
                "gebruikersnaam": naam,
                "wachtwoord": regel.split("wachtwoord:")[1].strip(),
                "geheim": regels[i + 1].split("TOTP-geheim:")[1].strip(),
            }
    return gevonden


def inloggen(w: Any, login: dict[str, str]) -> None:
    w.ga_naar("/")
    w.page.get_by_label("Gebruikersnaam").fill(login["gebruikersnaam"])
    w.page.get_by_label("Wachtwoord").fill(login["wachtwoord"])
    w.page.get_by_role("button", name="Inloggen").click()
    w.tweede_stap(login)
    expect(w.page.get_by_role("button", name="Uitloggen", exact=True)).to_be_visible()


def uitloggen(w: Any) -> None:
    w.page.get_by_role("button", name="Uitloggen", exact=True).click()
    expect(w.page.get_by_role("heading", name="Inloggen")).to_be_visible()


def menu(w: Any, naam: str) -> None:
    w.page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name=naam, exact=True
    ).click()


def test_beheerder_vult_kaart_en_stelt_meldcode_vast_beroepskracht_gebruikt_ze(
    wandeling: Any, logins: dict[str, dict[str, str]]
) -> None:
    w = wandeling
    page = w.page

    # --- the beheerder: the sociale kaart ---------------------------------------------------
    inloggen(w, logins["beheerder"])
    menu(w, "Sociale kaart")
    expect(page.get_by_role("heading", name="Sociale kaart", level=1)).to_be_visible()
    # The demo organisation comes with a filled kaart.
    expect(page.get_by_role("heading", name="Veilig Thuis (demo-regio)")).to_be_visible()
    w.bekijk("beheerder sociale kaart")
    page.get_by_role("link", name="Contact toevoegen").click()
    page.get_by_label("Deskundige of specialist").check()
    page.get_by_label("Naam", exact=True).fill("Schoolmaatschappelijk werk De Linde")
    page.get_by_label("Waarvoor raadpleegt u deze partij?").fill(
        "Meedenken over gesprekken met ouders en over hulp in het gezin"
    )
    page.get_by_label("Telefoonnummer").fill("bel de school")
    page.get_by_label("E-mailadres").fill("smw@school")
    page.get_by_label("Ja").check()
    page.get_by_role("button", name="Contact toevoegen").click()
    samenvatting = page.locator(".foutsamenvatting")
    expect(samenvatting).to_contain_text("Vul een telefoonnummer in met alleen cijfers")
    expect(samenvatting).to_contain_text("Vul een geldig e-mailadres in")
    w.bekijk("contact met foute gegevens")
    page.get_by_label("Telefoonnummer").fill("030 234 56 78")
    page.get_by_label("E-mailadres").fill("smw@delinde-demo.example")
    page.get_by_role("button", name="Contact toevoegen").click()
    expect(page.locator(".notificatie--success")).to_contain_text("toegevoegd")
    expect(page.get_by_role("heading", name="Schoolmaatschappelijk werk De Linde")).to_be_visible()
    w.bekijk("contact toegevoegd")

    # --- the beheerder: a concept first, then the adopted meldcode --------------------------
    menu(w, "Meldcode")
    expect(page.get_by_role("heading", name="Meldcode opstellen en vaststellen")).to_be_visible()
    page.get_by_role("button", name="Nieuwe versie maken").click()
    expect(page.locator(".notificatie--waarschuwing")).to_contain_text("concept")
    versie1 = page.locator("article", has=page.get_by_role("heading", name="Versie 1 — concept"))
    expect(versie1).to_contain_text("Kan niet worden vastgesteld: nog in te vullen is")
    expect(versie1).to_contain_text("Hoe de organisatie medewerkers ondersteunt")
    expect(versie1.get_by_role("button", name="Vaststellen")).to_have_count(0)
    w.bekijk("meldcode concept")
    page.get_by_label("Wie in onze organisatie welke stap zet").fill(
        "De leerkracht signaleert en legt vast; de intern begeleider is aandachtsfunctionaris."
    )
    page.get_by_label("Hoe de organisatie medewerkers ondersteunt").fill(
        "Elk jaar een training meldcode; intervisie elke maand."
    )
    page.get_by_label("Instrumenten voor risicotaxatie en veiligheidstaxatie").fill(
        "De signalenlijst van het afwegingskader; bij twijfel advies van Veilig Thuis."
    )
    page.get_by_role("button", name="Eigen teksten opslaan").click()
    expect(page.locator(".notificatie--success")).to_contain_text("opgeslagen")
    page.get_by_role("button", name="Nieuwe versie maken").click()
    versie2 = page.locator("article", has=page.get_by_role("heading", name="Versie 2"))
    versie2.get_by_label("Vastgesteld op").fill(dt.date.today().isoformat())
    versie2.get_by_role("button", name="Vaststellen").click()
    expect(page.locator(".notificatie--success")).to_contain_text("Versie 2 is vastgesteld")
    expect(page.get_by_text("De geldende versie is bij")).to_be_visible()
    w.bekijk("meldcode vastgesteld")
    uitloggen(w)

    # --- the beroepskracht: a consultee from the kaart at stap 2 ---------------------------
    inloggen(w, logins["beroepskracht"])
    page.get_by_role("link", name="Nieuwe casus").first.click()
    page.get_by_label("Korte omschrijving").fill("Zorgen over een leerling in groep 6")
    page.get_by_role("button", name="Casus openen").click()
    page.get_by_role("navigation", name="Voortgang in de vijf stappen van de meldcode").get_by_role(
        "link", name="Stap 2"
    ).click()
    kaart = page.locator("section", has=page.get_by_role("heading", name="Wie kunt u raadplegen?"))
    expect(kaart).to_contain_text("Schoolmaatschappelijk werk De Linde")
    w.bekijk("stap 2 met de sociale kaart")
    kaart.get_by_role(
        "link", name="Kiezen voor deze consultatie — Schoolmaatschappelijk werk De Linde"
    ).click()
    expect(page.get_by_text("Gekozen uit de sociale kaart")).to_be_visible()
    expect(page.get_by_label("Andere deskundige")).to_be_checked()
    expect(page.get_by_label("Naam of functie")).to_have_value(
        "Schoolmaatschappelijk werk De Linde"
    )
    w.bekijk("consultee gekozen")
    page.get_by_label("Wat werd geadviseerd").fill("Eerst met moeder praten, samen met de IB'er.")
    page.get_by_role("button", name="Consultatie vastleggen").click()
    expect(page.locator(".notificatie--success")).to_contain_text("vastgelegd")
    expect(page.locator("article.notitie").first).to_contain_text(
        "Schoolmaatschappelijk werk De Linde"
    )
    w.bekijk("consultatie vastgelegd")

    # --- the beroepskracht reads the adopted meldcode from the menu --------------------------
    menu(w, "Meldcode")
    expect(page.get_by_text("Versie 2, vastgesteld op")).to_be_visible()
    w.bekijk("meldcode voor medewerkers")
    page.get_by_role("link", name="Meldcode lezen").click()
    expect(page.get_by_role("heading", name="Sociale kaart")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Stap 5: Beslissen"))).to_be_visible()
    expect(page.get_by_text("Elk jaar een training meldcode")).to_be_visible()
    w.bekijk("meldcode lezen", ook_in_het_engels=False)  # the adopted document is Dutch
    w.opnieuw_in_het_engels()
