"""Two walks a beroepskracht makes: to a melding, and to afweging 1 = nee."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect
from tests.e2e.navigatie import stap


def inloggen(w: Any, demo: dict[str, str]) -> None:
    w.inloggen(demo)


def nieuwe_casus(w: Any, titel: str) -> None:
    w.page.get_by_role("link", name="Nieuwe casus").first.click()
    w.bekijk("nieuwe casus")
    w.page.get_by_role("button", name="Casus openen").click()
    expect(w.page.get_by_text("Geef de casus een korte omschrijving.").first).to_be_visible()
    w.bekijk("nieuwe casus met fout")
    w.page.get_by_label("Korte omschrijving").fill(titel)
    w.page.get_by_role("button", name="Casus openen").click()
    expect(w.page.get_by_role("heading", name="Overzicht van de casus")).to_be_visible()
    w.bekijk("casusoverzicht")


def consultatie_en_weging(w: Any, met_wie: str) -> None:
    stap(w, "Stap 2")
    w.page.get_by_role("radio", name=met_wie).check()
    w.page.get_by_label("Wat werd geadviseerd?").fill(
        "Zorgen serieus nemen; signalen en gesprek vastleggen."
    )
    w.page.get_by_role("button", name="Consultatie vastleggen").click()
    expect(w.page.get_by_text("De consultatie is vastgelegd.")).to_be_visible()
    w.bekijk("stap 2 consultatie")


def test_wandeling_naar_melding(wandeling: Any, demo: dict[str, str]) -> None:
    w = wandeling
    page = w.page
    inloggen(w, demo)
    nieuwe_casus(w, "Zorgen over leerling groep 5")

    page.get_by_role("link", name="Betrokkenen").first.click()
    page.get_by_label("Kind / jeugdige").check()
    page.get_by_label("Leeftijd").fill("8")
    page.get_by_label("Relatie").fill("leerling groep 5")
    page.get_by_role("button", name="Betrokkene toevoegen").click()
    expect(page.get_by_text("De betrokkene is toegevoegd.")).to_be_visible()
    w.bekijk("betrokkenen")

    stap(w, "Stap 1")
    w.bekijk("stap 1 leeg")
    page.get_by_label("Eigen waarneming").check()
    page.get_by_label("Feit", exact=True).check()
    page.get_by_label("Beschrijving").fill(
        "Sam vertelde in de kring dat papa een mes pakte toen mama huilde."
    )
    page.get_by_label("Wapengebruik").check()
    page.get_by_role("button", name="Signaal vastleggen").click()
    expect(page.get_by_text("Het signaal is vastgelegd.")).to_be_visible()
    w.bekijk("stap 1 signaal")

    consultatie_en_weging(w, "Aandachtsfunctionaris")

    stap(w, "Stap 3")
    page.get_by_label("Met wie").fill("moeder")
    page.get_by_label("Reactie van de betrokkene(n)").fill("Moeder schrok en herkende de zorgen.")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_text("Het gesprek is vastgelegd.")).to_be_visible()
    w.bekijk("stap 3 gesprek")

    stap(w, "Stap 4")
    page.get_by_label("Aard en ernst").fill("Vermoeden van partnergeweld met wapen; acuut.")
    page.get_by_role("textbox", name="Risicofactoren").fill("Eerder geweld.")
    page.get_by_role("button", name="Weging vastleggen").click()
    expect(page.get_by_text("De weging is vastgelegd.")).to_be_visible()
    w.bekijk("stap 4 weging")

    stap(w, "Stap 5")
    w.bekijk("stap 5 afweging 1")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.get_by_text("Uw antwoord is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("Let op bij ‘Nee’")).to_be_visible()
    w.bekijk("stap 5 afweging 2")
    page.get_by_label("Nee", exact=True).check()
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.get_by_text("Licht toe waarom u zo antwoordt").first).to_be_visible()
    w.bekijk("stap 5 waarschuwing vraagt toelichting")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.get_by_text("Besluit 1 is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("De beslissing over hulp nog samen met Veilig Thuis")).to_be_visible()
    expect(page.locator(".acties")).to_contain_text("Melden bij Veilig Thuis")
    expect(page.locator(".norm").first).to_contain_text("ALLE gevallen")
    expect(page.locator("figure.stroomschema svg")).to_be_visible()
    w.bekijk("stap 5 besluit melden")

    page.get_by_role("link", name="Melding vastleggen").first.click()
    page.get_by_label("Telefonisch").check()
    page.get_by_label("Contactpersoon bij Veilig Thuis").fill("mevrouw De Vries")
    page.get_by_label("Kenmerk bij Veilig Thuis").fill("VT-2025-0042")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("Zo ja: hoe en wanneer?").fill("Moeder vooraf gebeld en verteld.")
    page.get_by_role("button", name="Melding vastleggen").click()
    expect(page.get_by_text("De melding is vastgelegd.")).to_be_visible()
    w.bekijk("melding")

    page.get_by_role("link", name="Tijdlijn").click()
    expect(page.get_by_text("Melding bij Veilig Thuis vastgelegd")).to_be_visible()
    w.bekijk("tijdlijn")

    stap(w, "Stap 5")
    page.get_by_role("link", name="Besluit 1", exact=True).click()
    expect(page.get_by_text("is gelijk")).to_be_visible()
    w.bekijk("besluit 1")


def test_wandeling_afweging_1_nee(wandeling: Any, demo: dict[str, str]) -> None:
    w = wandeling
    page = w.page
    inloggen(w, demo)
    nieuwe_casus(w, "Vragen over opvoeding")

    stap(w, "Stap 1")
    page.get_by_label("Verteld door een betrokkene").check()
    page.get_by_label("Verteld door / welke derde").fill("vader")
    page.get_by_label("Mening of interpretatie").check()
    page.get_by_label("Beschrijving").fill("Vader vindt dat zijn zoon slecht luistert.")
    page.get_by_role("button", name="Signaal vastleggen").click()
    expect(page.get_by_text("Het signaal is vastgelegd.")).to_be_visible()

    consultatie_en_weging(w, "Veilig Thuis (advies, anoniem: zonder persoonsgegevens)")

    stap(w, "Stap 3")
    page.get_by_label("De eigen veiligheid").check()
    page.get_by_label("Toelichting").fill("Vader was eerder dreigend tegen medewerkers.")
    page.get_by_role("button", name="Reden vastleggen").click()
    expect(page.get_by_text("De reden dat er geen gesprek was, is vastgelegd.")).to_be_visible()
    w.bekijk("stap 3 reden geen gesprek")

    stap(w, "Stap 4")
    page.get_by_label("Aard en ernst").fill("Opvoedvragen; geen aanwijzing voor onveiligheid.")
    page.get_by_role("button", name="Weging vastleggen").click()
    expect(page.get_by_text("De weging is vastgelegd.")).to_be_visible()

    stap(w, "Stap 5")
    page.get_by_label("Nee", exact=True).check()
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.get_by_text("Schrijf de conclusie op").first).to_be_visible()
    w.bekijk("stap 5 conclusie ontbreekt")
    page.get_by_label("Nee", exact=True).check()
    page.get_by_label("Toelichting").fill(
        "Geen vermoeden van huiselijk geweld of kindermishandeling; wel opvoedvragen."
    )
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.get_by_text("Besluit 1 is vastgelegd.")).to_be_visible()
    expect(page.locator(".casuskop")).to_contain_text("Afgesloten")
    expect(page.locator(".acties")).to_contain_text("Afsluiten en vastleggen in dossier")
    w.bekijk("stap 5 afgesloten")

    page.get_by_role("link", name="Hulp buiten de meldcode noteren").first.click()
    page.get_by_label("Welke hulp, voor welk probleem?").fill(
        "Verwijzing naar opvoedondersteuning van het wijkteam."
    )
    page.get_by_role("button", name="Hulp noteren").click()
    expect(page.get_by_text("De hulp buiten de meldcode is genoteerd.")).to_be_visible()
    w.bekijk("hulp buiten de meldcode")

    page.get_by_role("link", name="Overzicht").click()
    expect(page.get_by_text("De meldcode is afgesloten op")).to_be_visible()
    w.bekijk("overzicht afgesloten")
