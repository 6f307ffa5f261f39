"""Browser walk of framework management: the kaderbeheerder uploads a framework (first a broken
file, with every error by line), previews it with a trial decision, checks conformance and
differences, and publishes it; the organisation's beheerder then chooses it, and a new casus follows
it. Every page is checked by axe, in Dutch and in English."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from meldwijzer.kader import meegeleverde_kaders


@pytest.fixture
def logins(transactional_db: None) -> dict[str, dict[str, str]]:
    """Every demo account's login, read from what `manage.py demo` prints; the shipped
    frameworks loaded, as `make run` does."""
    call_command("laadkaders", stdout=StringIO())
    uit = StringIO()
    call_command("demo", "--zonder-qr", stdout=uit)
    regels = uit.getvalue().splitlines()
    gevonden: dict[str, dict[str, str]] = {}
    for i, regel in enumerate(regels):
        if "gebruikersnaam:" not in regel:
            continue
        naam = regel.split("gebruikersnaam:")[1].split()[0]
        gevonden[naam] = {
            "gebruikersnaam": naam,
            "wachtwoord": regel.split("wachtwoord:")[1].strip(),
            "geheim": regels[i + 1].split("TOTP-geheim:")[1].strip(),
        }
    return gevonden


def inloggen(w: Any, login: dict[str, str], kop: str) -> None:
    w.ga_naar("/")
    w.page.get_by_label("Gebruikersnaam").fill(login["gebruikersnaam"])
    w.page.get_by_label("Wachtwoord").fill(login["wachtwoord"])
    w.page.get_by_role("button", name="Inloggen").click()
    w.tweede_stap(login)
    expect(w.page.get_by_role("heading", name=kop, exact=True)).to_be_visible()


def uitloggen(w: Any) -> None:
    w.page.get_by_role("button", name="Uitloggen", exact=True).click()
    expect(w.page.get_by_role("heading", name="Inloggen")).to_be_visible()
    w.bezocht.clear()  # the English round covers one user's pages at a time


def test_kader_uploaden_bekijken_vaststellen_en_kiezen(
    wandeling: Any, logins: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    w = wandeling
    page = w.page
    basis = meegeleverde_kaders()["voorbeeld-onderwijs"].read_text(encoding="utf-8")
    eigen = basis.replace("id: voorbeeld-onderwijs", "id: po-onderwijs", 1).replace(
        'versie: "0.1"', 'versie: "1.0"', 1
    )
    goed = tmp_path / "po-onderwijs.yaml"
    goed.write_text(eigen, encoding="utf-8")
    kapot = tmp_path / "kapot.yaml"
    kapot.write_text(
        eigen.replace("beroepsgroep:", "beroepsgroepp:", 1).replace(
            "rol: onveiligheid", "rol: ernst"
        ),
        encoding="utf-8",
    )

    # The kaderbeheerder: the list of frameworks is the start page.
    inloggen(w, logins["kaderbeheerder"], "Afwegingskaders")
    w.bekijk("kaderbeheerder afwegingskaders")
    page.get_by_role("link", name="Kader importeren").first.click()
    expect(page.get_by_role("heading", name="Kader importeren")).to_be_visible()
    w.bekijk("kader importeren")
    page.get_by_label("Kaderbestand (YAML)").set_input_files(str(kapot))
    page.get_by_role("button", name="Controleren en importeren").click()
    expect(page.get_by_text("er is niets opgeslagen")).to_be_visible()
    expect(page.get_by_text("kapot.yaml:21: Onbekend veld 'beroepsgroepp'")).to_be_visible()
    expect(page.get_by_text("'ernst' is hier niet toegestaan").first).to_be_visible()
    w.bekijk("kader importeren met fouten")
    page.get_by_label("Kaderbestand (YAML)").set_input_files(str(goed))
    page.get_by_role("button", name="Controleren en importeren").click()
    expect(page.get_by_text("is geïmporteerd als concept")).to_be_visible()
    expect(page.get_by_text("Concept — nog niet vastgesteld.")).to_be_visible()
    expect(page.locator("figure.stroomschema svg")).to_be_visible()
    w.bekijk("concept bekijken")

    # A trial decision: the thuissituatie route, 1 = ja, 2 = twijfel (this profession melds).
    page.get_by_label("Zorgen over de thuissituatie van een leerling").check()
    page.get_by_role("button", name="Volgende").click()
    page.locator("#proef").get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Volgende").click()
    page.locator("#proef").get_by_label("Twijfel").check()
    page.get_by_role("button", name="Volgende").click()
    uitkomst = page.locator("#proef")
    expect(uitkomst.get_by_text("Melden bij Veilig Thuis").first).to_be_visible()
    expect(uitkomst.locator("blockquote.norm").first).to_be_visible()
    w.bekijk("proefbeslissing")

    page.get_by_role("link", name="Conformiteitstoets").click()
    expect(page.get_by_text("het wettelijk minimum is gehaald")).to_be_visible()
    w.bekijk("conformiteitstoets")
    page.go_back()
    page.get_by_role("link", name="Verschil met de vorige versie of met basis").click()
    expect(page.get_by_role("heading", name="Verschil tussen kaderversies")).to_be_visible()
    expect(page.locator("ins").first).to_be_visible()
    w.bekijk("verschil met basis")
    page.go_back()

    # Publish from today.
    expect(page.get_by_label("Geldig vanaf")).to_have_value(dt.date.today().isoformat())
    page.get_by_role("button", name="Versie vaststellen").click()
    expect(page.get_by_text("Versie 1.0 van po-onderwijs is vastgesteld.")).to_be_visible()
    expect(page.get_by_role("button", name="Versie vaststellen")).to_have_count(0)
    w.bekijk("vastgesteld")
    w.opnieuw_in_het_engels()
    uitloggen(w)

    # The organisation's beheerder chooses it for new casussen.
    inloggen(w, logins["beheerder"], "Welkom bij Meldwijzer")
    page.get_by_role("link", name="Afwegingskader", exact=True).click()
    expect(page.get_by_role("heading", name="Afwegingskader van de organisatie")).to_be_visible()
    w.bekijk("kader kiezen")
    page.get_by_label("po-onderwijs", exact=False).check()
    page.get_by_role("button", name="Kader kiezen").click()
    expect(page.get_by_text("Nieuwe casussen volgen vanaf nu kader po-onderwijs.")).to_be_visible()
    w.bekijk("kader gekozen")
    w.opnieuw_in_het_engels()
    uitloggen(w)

    # A new casus follows it: the route is asked, and the casus shows its version.
    inloggen(w, logins["beroepskracht"], "Mijn casussen")
    page.get_by_role("link", name="Nieuwe casus").first.click()
    page.get_by_label("Korte omschrijving").fill("Zorgen over leerling groep 7")
    page.get_by_label("Zorgen over de thuissituatie van een leerling").check()
    page.get_by_role("button", name="Casus openen").click()
    expect(page.get_by_text("Kader po-onderwijs, versie 1.0")).to_be_visible()
    w.bekijk("casus onder het nieuwe kader")
    page.get_by_role("link", name="Afwegingskader", exact=True).click()
    expect(page.get_by_role("heading", name="Afwegingskader van deze casus")).to_be_visible()
    w.bekijk("casus kaderversie")
    w.opnieuw_in_het_engels()
