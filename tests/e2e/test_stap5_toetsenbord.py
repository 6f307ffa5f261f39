"""Walk: stap 5 with the keyboard, and a stap 5 page that fits on two screens. Focus goes to the
error summary after a refused answer and to the confirmation after a stored one; the skip link
leads to the afweging, so its first answer is one Tab away; the catalogue lists at stap 5 are
closed, with the number of ticked items in their summary, and the page stays within two screen
heights at 1280×800 (docs/handleiding-casus.md, 'Stap 5')."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect
from tests.e2e.navigatie import gelukt, stap, volg
from tests.e2e.test_afsluiten_na_melding import stappen_1_tot_4

HOOGTE = 800


def test_stap5_met_het_toetsenbord(wandeling: Any, demo: dict[str, str]) -> None:
    w = wandeling
    page = w.page
    page.set_viewport_size({"width": 1280, "height": HOOGTE})
    w.inloggen(demo)
    page.get_by_role("link", name="Nieuwe casus").first.click()
    page.get_by_label("Korte omschrijving").fill("Zorgen over Mila")
    page.get_by_role("button", name="Casus openen").click()
    stappen_1_tot_4(w)

    stap(w, "Stap 5")
    # A refused answer (none chosen): focus on the error summary, which names the question.
    page.get_by_role("button", name="Antwoord vastleggen").click()
    samenvatting = page.locator(".foutsamenvatting")
    expect(samenvatting).to_be_visible()
    expect(samenvatting).to_be_focused()
    expect(samenvatting).to_contain_text("Kies een antwoord op afweging 1: Heb ik op basis van")
    w.bekijk("stap 5 geweigerd antwoord")

    # The skip link leads to the afweging: one Tab further is its first answer.
    page.goto(page.url.split("#")[0])
    page.keyboard.press("Tab")
    expect(page.locator(".skiplink")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator("input[name=antwoord]").first).to_be_focused()
    page.keyboard.press("ArrowDown")  # radio groups move with the arrow keys
    page.locator("input[name=antwoord]:checked").wait_for()

    # Answer afweging 1 with ja: focus on the confirmation.
    page.get_by_label("Ja", exact=True).first.check()
    page.get_by_role("button", name="Antwoord vastleggen").click()
    gelukt(w, "Uw antwoord is vastgelegd.")
    expect(page.locator(".notificaties")).to_be_focused()

    # Afweging 2 carries the long catalogues: closed, each with its count, the page two screens.
    stap(w, "Stap 5")
    lijsten = page.locator("details.vinklijst-uitklap")
    assert lijsten.count() > 0
    for i in range(lijsten.count()):
        assert lijsten.nth(i).get_attribute("open") is None
    w.bekijk("stap 5 afweging 2 lijsten dicht")
    hoogte = page.evaluate("document.documentElement.scrollHeight")
    assert hoogte <= 2 * HOOGTE, f"stap 5 is {hoogte} px hoog"
    # The summary counts what is ticked; opening the list shows its items.
    page.locator("details.signalen-uitklap > summary").click()
    lijsten.first.locator("summary").click()
    expect(lijsten.first.locator("summary")).to_contain_text(
        "(1 aangevinkt)"
    )  # Wapengebruik, stap 1
    w.bekijk("stap 5 afweging 2 lijst open")

    # At 390 px wide: no sideways scrolling, and the eleven casus tabs are one menu.
    page.set_viewport_size({"width": 390, "height": 844})
    breder = page.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > 391)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 8)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, breder
    expect(page.locator("nav.tabs--breed")).to_be_hidden()
    menu = page.locator("details.tabs--smal")
    menu.locator("summary").click()
    expect(menu.get_by_role("link", name="Tijdlijn")).to_be_visible()
    w.bekijk("stap 5 op 390 px met het menu open")

    # The casus list at 390 px: each casus a card that shows every column, nothing sideways.
    volg(w, page.get_by_role("link", name="Mijn casussen").first)
    rij = page.locator("table.tabel--kaarten tbody tr").first
    kolommen = page.locator("table.tabel--kaarten thead th").all_inner_texts()
    assert kolommen and rij.locator("td").count() == len(kolommen)
    for cel, kolom in zip(rij.locator("td").all(), kolommen, strict=True):
        expect(cel).to_be_visible()
        vak = cel.bounding_box()
        assert vak and vak["x"] >= 0 and vak["x"] + vak["width"] <= 390, (kolom, vak)
        assert cel.get_attribute("data-kolom") == kolom
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    w.bekijk("mijn casussen op 390 px")
