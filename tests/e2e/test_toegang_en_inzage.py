"""Browser walks of the access and inzage pages: a betrokkene with a birth date found again through
the blind index, the inzage export (PDF download), the retention period of the beheerder, and the
privacy officer's filtered log with its CSV export — each page checked by axe, then in English."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from .test_beveiliging import _inloggen_als
from .test_wandelingen import nieuwe_casus


def test_zoeken_en_inzage(wandeling: Any, demo: dict[str, str]) -> None:
    w = wandeling
    page = w.page
    w.inloggen(demo)
    nieuwe_casus(w, "Zorgen om Noor")
    page.get_by_role("link", name="Betrokkenen").first.click()
    page.get_by_label("Kind / jeugdige").check()
    page.get_by_label("Relatie").fill("leerling groep 3")
    page.get_by_label("Naam").fill("Noor Bakker")
    page.get_by_label("Geboortedatum").fill("2019-05-01")
    page.get_by_role("button", name="Betrokkene toevoegen").click()
    expect(page.get_by_text("De betrokkene is toegevoegd.")).to_be_visible()
    w.bekijk("betrokkene met geboortedatum")

    page.get_by_role("link", name="Mijn casussen").click()
    page.get_by_text("Bestaat er al een casus over deze persoon?").click()
    page.get_by_label("Naam van de betrokkene").fill("bakker, noor")
    page.get_by_label("Geboortedatum").fill("2019-05-01")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="Gevonden")).to_be_visible()
    w.bekijk("casus gevonden")
    w.bezocht.remove("/casussen/zoeken/")  # a POST result: not a page to open again
    page.get_by_role("link", name=re.compile(r"^\d{4}-")).first.click()

    page.get_by_role("link", name="Inzage", exact=True).click()
    expect(page.get_by_role("heading", name="Inzage en overdracht")).to_be_visible()
    w.bekijk("inzage")
    page.get_by_label("PDF (om te lezen of te printen)").check()
    page.get_by_label("Verzoek om inzage (AVG, artikel 15)").check()
    page.get_by_label("Laat weg wie de zorgen meldde of vastlegde").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export maken").click()
    assert download.value.suggested_filename.startswith("inzage-")
    assert download.value.suggested_filename.endswith(".pdf")
    w.opnieuw_in_het_engels()


def test_bewaartermijn_en_logboek(wandeling: Any, demo: dict[str, str]) -> None:
    w = wandeling
    page = w.page
    _inloggen_als(w, "beheerder", "demo-beheerder")
    page.get_by_role("link", name="Bewaartermijn", exact=True).click()
    expect(page.get_by_role("heading", name="Bewaartermijn")).to_be_visible()
    page.get_by_label("Bewaartermijn in jaren na afsluiten").fill("15")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De bewaartermijn is opgeslagen.")).to_be_visible()
    w.bekijk("bewaartermijn")
    page.get_by_role("button", name="Uitloggen", exact=True).click()

    _inloggen_als(w, "privacyofficer", "demo-privacyofficer")
    page.get_by_role("link", name="Logboek", exact=True).click()
    page.get_by_role("link", name="Wijzigingen", exact=True).click()
    from meldwijzer.accounts.models import User

    beheerder = User.objects.get(username="beheerder")
    page.get_by_label("Gebruiker").select_option(value=str(beheerder.pk))
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("cell", name="organisatie.bewaartermijn")).to_be_visible()
    w.bekijk("logboek gefilterd")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteren als CSV (met deze filters)").click()
    assert download.value.suggested_filename.startswith("logboek-wijzigingen-")
    w.opnieuw_in_het_engels()
