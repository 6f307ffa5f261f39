"""Walk: a record that holds up. A signal is recorded, an item ticked at afweging 2 rests on it,
the signal is corrected and another withdrawn, and the besluit shows that its basis changed;
deciding again starts stap 5 afresh. Every page is checked with axe and kept as a screenshot
(docs/adr/0019)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect
from tests.e2e.navigatie import gelukt, stap
from tests.e2e.test_afsluiten_na_melding import stappen_1_tot_4


def test_wandeling_bron_correctie_en_intrekking(wandeling: Any, demo: dict[str, str]) -> None:
    w = wandeling
    page = w.page
    w.inloggen(demo)
    page.get_by_role("link", name="Nieuwe casus").first.click()
    page.get_by_label("Korte omschrijving").fill("Blauwe plekken bij Noor")
    page.get_by_role("button", name="Casus openen").click()

    # Stap 5 cannot begin without a recorded signal: 'Wat staat er open?' says so.
    stap(w, "Stap 5")
    expect(page.get_by_text("Er is nog geen signaal vastgelegd (stap 1).")).to_be_visible()
    w.bekijk("stap 5 zonder signaal")
    stappen_1_tot_4(w)

    # Afweging 1 ja; at afweging 2 an item is ticked: it must rest on a recorded signal.
    stap(w, "Stap 5")
    page.get_by_label("Ja", exact=True).first.check()
    page.get_by_role("button", name="Antwoord vastleggen").click()
    gelukt(w, "Uw antwoord is vastgelegd.")
    stap(w, "Stap 5")
    page.locator("details.signalen-uitklap > summary").click()
    page.locator("summary", has_text="Voorbeelden van acuut onveilige situaties").click()
    page.get_by_label("Poging tot verwurging").check()
    page.get_by_label("Ja", exact=True).first.check()
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text(
        "Kies op welk vastgelegd signaal het rust"
    )
    w.bekijk("afweging 2 vraagt de bron van het vinkje")
    page.get_by_role("group", name="Op welke vastgelegde signalen rust").get_by_label(
        "papa mama sloeg"
    ).check()
    page.get_by_role("button", name="Antwoord vastleggen").click()
    gelukt(w, "is vastgelegd.")

    # The tick now sits on that signal: stap 1 shows it.
    stap(w, "Stap 1")
    expect(page.locator(".notitie").first).to_contain_text("Poging tot verwurging")
    # A second signal, recorded by mistake, then withdrawn.
    page.get_by_label("Mening of interpretatie").check()
    page.get_by_label("Informatie van een derde").check()
    page.get_by_label("Verteld door / welke derde").fill("Buurvrouw")
    page.get_by_label("Beschrijving").fill("Buurvrouw denkt dat het een ander gezin is.")
    page.get_by_role("button", name="Signaal vastleggen").click()
    gelukt(w, "Het signaal is vastgelegd.")
    page.get_by_role("link", name="Intrekken").last.click()
    w.bekijk("signaal intrekken")
    page.get_by_label("In de verkeerde casus vastgelegd").check()
    page.get_by_label("Toelichting").fill("Hoort bij een ander gezin.")
    page.get_by_role("button", name="Intrekken").click()
    gelukt(w, "Ingetrokken")
    expect(page.get_by_text("Buurvrouw denkt")).to_have_count(0)

    # Correct the first signal: the date was wrong. The besluit's basis changed.
    page.get_by_role("link", name="Corrigeren").first.click()
    page.get_by_label("Beschrijving").fill(
        "Sam vertelde dat papa mama sloeg met een riem, gisteren."
    )
    page.get_by_label("Onvolledig vastgelegd").check()
    page.get_by_label("Toelichting", exact=True).fill("Wanneer het gebeurde ontbrak.")
    w.bekijk("signaal corrigeren")
    page.get_by_role("button", name="Correctie vastleggen").click()
    gelukt(w, "De correctie is vastgelegd")
    expect(page.locator(".label--gecorrigeerd").first).to_be_visible()
    w.bekijk("signaal gecorrigeerd")

    stap(w, "Stap 5")
    expect(page.get_by_role("heading", name="De basis van besluit 1 is veranderd")).to_be_visible()
    w.bekijk("besluit met gewijzigde basis")
    page.get_by_label("Waarom beslist u opnieuw?").fill("Het signaal is aangevuld.")
    page.get_by_role("button", name="Opnieuw beslissen").click()
    gelukt(w, "Beantwoord de afwegingen opnieuw")
    expect(page.get_by_role("heading", name="Afweging 1")).to_be_visible()

    # The timeline keeps every version.
    page.get_by_role("navigation", name="Onderdelen van de casus").get_by_role(
        "link", name="Tijdlijn", exact=True
    ).click()
    expect(page.get_by_text("Signaal gecorrigeerd")).to_be_visible()
    expect(page.get_by_text("Signaal ingetrokken")).to_be_visible()
    w.bekijk("tijdlijn met correctie en intrekking")
