"""Browser walk of the reporting pages: the aandachtsfunctionaris opens the dashboard over a
generated data set (charts and their tables, filters), the annual figures and the organisation's
termijnen; the beroepskracht prints the melding sheet and the dossier. Every page passes axe-core,
in Dutch and in English; the PDFs are real PDFs."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect


def _demo_login(rol_regel: str) -> dict[str, str]:
    uit = StringIO()
    call_command("demo", "--zonder-qr", stdout=uit)
    regels = uit.getvalue().splitlines()
    i = next(i for i, r in enumerate(regels) if f"gebruikersnaam: {rol_regel}" in r)
    return {
        "gebruikersnaam": rol_regel,
        "wachtwoord": regels[i].split("wachtwoord:")[1].strip(),
        "geheim": regels[i + 1].split("TOTP-geheim:")[1].strip(),
    }


@pytest.fixture
def demo_met_casussen(transactional_db: None) -> dict[str, Any]:
    """The demo organisation with twenty generated casussen of its beroepskracht, spread over
    the last seven months: every chart has something to draw, some termijnen are overdue."""
    from meldwijzer.accounts.models import Membership
    from meldwijzer.rapportage.tests.gegevens import genereer

    af = _demo_login("aandachtsfunctionaris")
    bk = _demo_login("beroepskracht")
    lid = Membership.objects.select_related("user", "organisatie").get(
        user__username="beroepskracht"
    )
    verlopen = genereer([lid], 20, begin=dt.date.today() - dt.timedelta(days=210))
    return {"af": af, "bk": bk, "verlopen": verlopen, "bk_id": str(lid.user_id)}


def inloggen(w: Any, login: dict[str, str], kop: str) -> None:
    w.ga_naar("/")
    w.page.get_by_label("Gebruikersnaam").fill(login["gebruikersnaam"])
    w.page.get_by_label("Wachtwoord").fill(login["wachtwoord"])
    w.page.get_by_role("button", name="Inloggen").click()
    w.tweede_stap(login)
    expect(w.page.get_by_role("heading", name=kop)).to_be_visible()


def test_dashboard_jaarcijfers_en_termijnen(wandeling: Any, demo_met_casussen: dict) -> None:
    w = wandeling
    page = w.page
    inloggen(w, demo_met_casussen["af"], "Casussen van de organisatie")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Dashboard meldcode")).to_be_visible()
    # Each chart is an image with a name, and its figures are in a table beside it.
    for naam in ("Casussen per stap", "Besluiten naar uitkomst", "Meldingen bij Veilig Thuis"):
        expect(page.get_by_role("img", name=naam).first).to_be_visible()
    expect(page.get_by_role("table").first).to_be_visible()
    assert page.locator("svg.grafiek").count() == 5
    assert page.locator("svg.grafiek title").count() == 5
    expect(page.locator(".kerncijfer--alarm")).to_be_visible()  # overdue termijnen
    expect(page.get_by_role("table", name="Verlopen termijnen, de oudste eerst")).to_be_visible()
    w.bekijk("dashboard")

    page.get_by_label("Beroepskracht").select_option(label="Bea Roepskracht")
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_label("Beroepskracht")).to_have_value(demo_met_casussen["bk_id"])
    w.bekijk("dashboard gefilterd")

    page.get_by_label("Van", exact=True).fill("2099-01-01")
    page.get_by_role("button", name="Toon").click()
    expect(page.locator(".foutsamenvatting")).to_be_visible()
    w.bekijk("dashboard foute periode")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Jaarcijfers").click()
    jaar = str(dt.date.today().year)
    page.get_by_label("Jaar", exact=True).select_option(jaar)
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("heading", name=f"Jaarcijfers meldcode {jaar}")).to_be_visible()
    w.bekijk("jaarcijfers")
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als CSV").click()
    assert download.value.suggested_filename == f"meldcode-jaarcijfers-{jaar}.csv"

    page.goto(w.basis + "/termijnen/?alle=1")
    expect(page.get_by_role("heading", name="Termijnen van de organisatie")).to_be_visible()
    w.bekijk("termijnen van de organisatie")
    w.opnieuw_in_het_engels()


def test_melding_voorbereiden_en_dossier_afdrukken(wandeling: Any, demo_met_casussen: dict):
    w = wandeling
    page = w.page
    inloggen(w, demo_met_casussen["bk"], "Mijn casussen")
    samen = next(v for v in demo_met_casussen["verlopen"] if v.scenario == "samen")
    w.ga_naar(f"/casussen/{samen.casus.uuid}/")
    expect(page.get_by_role("heading", name="Termijnen")).to_be_visible()
    expect(
        page.get_by_text("De beslissing over hulp nog samen met Veilig Thuis").first
    ).to_be_visible()
    w.bekijk("casus met termijnen")

    page.get_by_role("link", name="Melding voorbereiden").click()
    expect(
        page.get_by_role("heading", name="Melding voorbereiden bij Veilig Thuis")
    ).to_be_visible()
    w.bekijk("melding voorbereiden")
    pdf = page.request.get(w.basis + f"/casussen/{samen.casus.uuid}/melding-voorbereiden.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    page.get_by_role("link", name="Terug naar de casus").click()
    page.get_by_role("link", name="Het hele dossier").click()
    expect(page.get_by_role("heading", name="Dossier meldcode")).to_be_visible()
    w.bekijk("dossier")
    pdf = page.request.get(w.basis + f"/casussen/{samen.casus.uuid}/dossier.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    # In English too. The documents have no language choice of their own (they are for print):
    # switch on the casus page, look at both, and switch back there.
    page.get_by_role("link", name="Terug naar de casus").click()
    w.taal("en")
    for pad in ("melding-voorbereiden", "dossier"):
        w.ga_naar(f"/casussen/{samen.casus.uuid}/{pad}/")
        assert page.locator("html").get_attribute("lang") == "en"
        w.bekijk(f"en {pad}")
    expect(page.get_by_role("heading", name="Reporting code case file")).to_be_visible()
    w.ga_naar(f"/casussen/{samen.casus.uuid}/")
    w.taal("nl")
