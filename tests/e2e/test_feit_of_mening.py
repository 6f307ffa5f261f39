"""Feit or mening while typing (ADR 0024): the block appears as a note marked *feit* gets
speculative wording, finds the same words as the server, goes away for a *mening*, and its one
button records the note as mening. Enter in a field never does that by accident."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from meldwijzer.dossier.formulering import speculatieve_woorden

# Texts to hold the script's matching against the server's (dossier/formulering.py).
TEKSTEN = [
    "Moeder lijkt moe.",
    "Het LIJKT erop dat vader drinkt; misschien.",
    "Vader zei: ‘Ik denk dat het goed gaat’, denk ik.",
    "De vermoedelijke pleger is de oom, vermoedelijk.",
    "Geen enkel woord om over te twijfelen.",
    "Ze dacht-ik niet, maar kennelijke angst en vermoedens.",
    "Waarschijnlijkheid is geen woord op de lijst, naar alle waarschijnlijkheid wel.",
]


def _verwacht(tekst: str) -> str:
    return ", ".join(f"‘{t.gevonden}’" for t in speculatieve_woorden(tekst))


def test_feit_of_mening_tijdens_het_typen(wandeling: Any, demo: dict[str, str]) -> None:
    w = wandeling
    page = w.page
    w.inloggen(demo)
    page.get_by_role("link", name="Nieuwe casus").first.click()
    page.get_by_label("Korte omschrijving").fill("Feit of mening")
    page.get_by_role("button", name="Casus openen").click()
    page.get_by_role("navigation", name="Voortgang in de vijf stappen van de meldcode").get_by_role(
        "link", name="Stap 1"
    ).click()
    blok = page.locator("#feit-of-mening")
    expect(blok).to_be_hidden()
    page.get_by_label("Eigen waarneming").check()
    page.get_by_label("Feit", exact=True).check()
    beschrijving = page.get_by_label("Beschrijving")

    for tekst in TEKSTEN:
        beschrijving.fill(tekst)
        verwacht = _verwacht(tekst)
        if verwacht:
            expect(blok).to_be_visible()
            expect(blok.locator("[data-woorden]")).to_have_text(verwacht)
        else:
            expect(blok).to_be_hidden()

    beschrijving.fill("")
    beschrijving.press_sequentially("Vader lijkt")
    expect(blok).to_be_visible()
    expect(blok).to_contain_text("‘lijkt’")
    w.bekijk("feit met speculatieve woorden tijdens het typen")

    page.get_by_label("Mening of interpretatie").check()
    expect(blok).to_be_hidden()
    page.get_by_label("Feit", exact=True).check()
    expect(blok).to_be_visible()

    # Enter in a text field submits with the form's default button: refused as feit, asked once.
    page.get_by_label("Datum").press("Enter")
    expect(blok).to_be_visible()
    expect(blok).to_be_focused()
    expect(page.locator(".foutsamenvatting")).to_have_count(0)
    expect(page.get_by_text("Nog geen signalen vastgelegd.")).to_be_visible()
    w.bekijk("feit geweigerd na enter")

    page.get_by_role("button", name="Vastleggen als mening").click()
    expect(page.locator(".notificatie--success")).to_contain_text("Het signaal is vastgelegd.")
    notitie = page.locator("article.notitie").first
    expect(notitie).to_contain_text("Mening of interpretatie")
    expect(notitie).to_contain_text("Vader lijkt")
    w.bekijk("vastgelegd als mening")
    w.opnieuw_in_het_engels()
