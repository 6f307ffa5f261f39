"""Walk: stap 5 in English shows the framework's unofficial translation (vertalingen/basis.en.yaml)
with the Dutch original one click away, answers from the English page, and the Dutch page stays
Dutch (docs/kader-formaat.md, 'Vertalingen'). Every page is checked by axe."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect
from tests.e2e.navigatie import gelukt, stap
from tests.e2e.test_afsluiten_na_melding import stappen_1_tot_4


def test_stap5_in_het_engels_met_het_nederlandse_origineel(
    wandeling: Any, demo: dict[str, str]
) -> None:
    w = wandeling
    page = w.page
    w.inloggen(demo)
    page.get_by_role("link", name="Nieuwe casus").first.click()
    page.get_by_label("Korte omschrijving").fill("Zorgen over Mila")
    page.get_by_role("button", name="Casus openen").click()
    stappen_1_tot_4(w)
    stap(w, "Stap 5")
    page.get_by_label("Ja", exact=True).first.check()
    page.get_by_role("button", name="Antwoord vastleggen").click()
    gelukt(w, "Uw antwoord is vastgelegd.")
    stap5 = page.url.split("#")[0]
    afweging = page.locator("#afweging")
    expect(afweging.locator("legend.afweging__vraag")).to_contain_text(
        "Schat ik op basis van de stappen 1"
    )
    expect(page.locator("details.origineel")).to_have_count(0)
    w.bekijk("stap 5 nederlands")

    w.taal("en")
    page.goto(stap5)
    expect(afweging.locator("legend.afweging__vraag")).to_contain_text(
        "do I judge that there is acute unsafety and/or structural unsafety?"
    )
    expect(afweging.get_by_label("Yes", exact=True)).to_be_visible()
    origineel = afweging.locator("fieldset.keuzegroep--afweging > details.origineel")
    expect(origineel.locator("[lang=nl]")).not_to_be_visible()
    origineel.locator("summary").click()
    expect(origineel.locator("[lang=nl]")).to_contain_text("Schat ik op basis van de stappen 1")
    expect(origineel.locator("[lang=nl]")).to_contain_text("Melden bij Veilig Thuis")
    w.bekijk("stap 5 english with the dutch original")

    # A list beside the afweging: English, with its Dutch original inside.
    page.locator("details.signalen-uitklap > summary").click()
    lijst = page.locator("details.vinklijst-uitklap").first
    lijst.locator("summary").first.click()
    expect(lijst).to_contain_text("Use of a weapon")
    lijst.locator("details.origineel summary").click()
    expect(lijst.locator("details.origineel [lang=nl]")).to_contain_text("Wapengebruik")
    w.bekijk("stap 5 english list with the dutch original")

    # Answering from the English page: the outcome's norm in English, the Dutch one beside it.
    afweging.get_by_label("Yes", exact=True).check()
    page.locator("#afweging form button[type=submit].knop").last.click()
    expect(page.locator(".uitkomst blockquote.norm").first).to_contain_text(
        "Reporting suspicions of domestic violence and/or child abuse is a professional norm"
    )
    norm = page.locator(".uitkomst blockquote.norm details.origineel").first
    norm.locator("summary").click()
    expect(norm.locator("[lang=nl]")).to_contain_text("Het melden van vermoedens")
    w.bekijk("stap 5 english outcome with the dutch norm")

    # Stap 1's lists too: English labels, the Dutch original inside each list.
    page.goto(stap5.replace("/besluit/", "/signalen/"))
    lijst = page.locator("details.vinklijst-uitklap").first
    expect(lijst).to_have_attribute("open", "")  # stap 1 shows its lists open
    expect(lijst).to_contain_text("Use of a weapon")
    lijst.locator("details.origineel summary").click()
    expect(lijst.locator("details.origineel [lang=nl]")).to_contain_text("Wapengebruik")
    w.bekijk("stap 1 english lists with the dutch original")

    w.taal("nl")
    page.goto(stap5)
    expect(page.locator(".uitkomst blockquote.norm").first).to_contain_text(
        "Het melden van vermoedens van huiselijk geweld"
    )
    expect(page.locator("details.origineel")).to_have_count(0)
    w.bekijk("stap 5 nederlands na het besluit")
