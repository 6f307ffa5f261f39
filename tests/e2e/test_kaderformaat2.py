"""Browser walk of kaderformaat 2 in the trial decision: the kaderbeheerder uploads a framework
with an acute route that hands the casus over to the standard route and a signal that decides by
itself (tests/kader/kaders/formaat2.yaml), and walks a trial decision through the handover and
with the deciding signal ticked. Every page is checked by axe, in Dutch and in English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from tests.e2e.test_kaderbeheer import inloggen, logins, uitloggen

__all__ = ["logins"]  # the fixture, shared with the framework walk

FORMAAT2 = Path(__file__).parents[1] / "kader" / "kaders" / "formaat2.yaml"


def test_proefbeslissing_door_een_overdracht_en_een_beslissend_signaal(
    wandeling: Any, logins: dict[str, dict[str, str]]
) -> None:
    w = wandeling
    page = w.page
    inloggen(w, logins["kaderbeheerder"], "Afwegingskaders")
    page.get_by_role("link", name="Kader importeren").first.click()
    page.get_by_label("Kaderbestand (YAML)").set_input_files(str(FORMAAT2))
    page.get_by_role("button", name="Controleren en importeren").click()
    expect(page.get_by_text("is geïmporteerd als concept")).to_be_visible()
    w.bekijk("formaat 2 geimporteerd")

    # The acute route: a1 = ja melds and hands over to thuissituatie, at afweging 3.
    proef = page.locator("#proef")
    page.get_by_label("Acute onveiligheid in de opvang").check()
    page.get_by_role("button", name="Volgende").click()
    expect(proef.locator("legend", has_text="Afweging a1 · ACUUT")).to_be_visible()
    proef.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Volgende").click()
    expect(
        proef.get_by_text("het pad gaat verder in de route ‘Zorgen over de thuissituatie’")
    ).to_be_visible()
    expect(proef.locator("legend", has_text="Afweging 3 · HULP")).to_be_visible()
    expect(proef.get_by_text("Binnen 5 werkdagen: Veilig Thuis beslist")).to_be_visible()
    w.bekijk("proef na overdracht")
    proef.get_by_label("Nee", exact=True).check()
    page.get_by_role("button", name="Volgende").click()
    expect(proef.get_by_text("Zorgen over de thuissituatie — Afweging 3 · HULP")).to_be_visible()
    expect(proef.get_by_role("heading", name="Uitkomst", exact=True)).to_be_visible()
    w.bekijk("proef uitkomst over twee routes")

    # The standard route with the child's disclosure ticked: melden before afweging 2.
    page.get_by_role("link", name="Opnieuw beginnen").click()
    page.get_by_label("Zorgen over de thuissituatie", exact=True).check()
    page.get_by_role("button", name="Volgende").click()
    proef.get_by_label("Ja", exact=True).check()
    page.locator("#proef summary").click()
    page.get_by_label("Het kind vertelt uit zichzelf over geweld thuis.").check()
    page.get_by_role("button", name="Volgende").click()
    expect(proef.get_by_text("beslist zelf")).to_be_visible()
    expect(proef.get_by_text("Melden bij Veilig Thuis").first).to_be_visible()
    w.bekijk("proef beslissend signaal")
    w.opnieuw_in_het_engels()
    uitloggen(w)
