"""Browser walk of the shipped childcare example (voorbeeld-kinderopvang), as `make run` loads
it: the kaderbeheerder opens the concept version, sees the flowchart of its three routes, and
walks a trial decision from sexually transgressive behaviour between children through the
handover to the home-situation route, and one where a child's own disclosure decides by itself.
Every page is checked by axe, in Dutch and in English."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect
from tests.e2e.test_kaderbeheer import inloggen, logins, uitloggen

__all__ = ["logins"]  # the fixture, shared with the framework walk


def test_kinderopvang_overdracht_en_een_kind_dat_vertelt(
    wandeling: Any, logins: dict[str, dict[str, str]]
) -> None:
    w = wandeling
    page = w.page
    inloggen(w, logins["kaderbeheerder"], "Afwegingskaders")
    sectie = page.locator("section.sectie").filter(
        has=page.get_by_role("heading", name="afwegingskader voor de kinderopvang")
    )
    sectie.get_by_role("link", name="Versie 0.1 bekijken").click()
    expect(page.locator("figure.stroomschema svg").first).to_be_visible()
    w.bekijk("kinderopvang kaderversie")

    # Route 3: serious behaviour between children that points to the home situation.
    proef = page.locator("#proef")
    page.get_by_label("Seksueel grensoverschrijdend gedrag tussen kinderen").check()
    page.get_by_role("button", name="Volgende").click()
    expect(proef.locator("legend", has_text="Afweging k1 · GEDRAG")).to_be_visible()
    proef.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Volgende").click()
    proef.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Volgende").click()
    proef.get_by_label("Ja — op iets wat het kind thuis meemaakt").check()
    page.get_by_role("button", name="Volgende").click()
    expect(
        proef.get_by_text(
            "het pad gaat verder in de route ‘Zorgen over de thuissituatie van een kind’"
        )
    ).to_be_visible()
    expect(proef.locator("legend", has_text="Afweging 1 · VERMOEDEN")).to_be_visible()
    w.bekijk("kinderopvang proef na overdracht")

    # The home situation with the child's disclosure ticked: melden before afweging 2.
    page.get_by_role("link", name="Opnieuw beginnen").click()
    page.get_by_label("Zorgen over de thuissituatie van een kind", exact=True).check()
    page.get_by_role("button", name="Volgende").click()
    proef.get_by_label("Ja", exact=True).check()
    page.locator("#proef summary").first.click()
    page.get_by_label(
        "Een kind vertelt uit zichzelf dat het thuis wordt geslagen", exact=False
    ).check()
    page.get_by_role("button", name="Volgende").click()
    expect(proef.get_by_text("beslist zelf")).to_be_visible()
    expect(proef.get_by_text("Binnen 5 werkdagen").first).to_be_visible()
    w.bekijk("kinderopvang proef beslissend signaal")
    w.opnieuw_in_het_engels()
    uitloggen(w)
