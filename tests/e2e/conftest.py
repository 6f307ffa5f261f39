"""Browser walks: Playwright driving Debian's Chromium against pytest-django's live_server.

Playwright's sync API runs an event loop in this thread, so Django must be told that database
access from here is fine (MACHINE-NOTES). Every page of a walk gets axe-core injected and must
have no serious or critical violations; a screenshot of each step goes to test-artifacts/e2e/.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from tests.e2e.navigatie import ARTEFACTEN

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "web-tools" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("MELDWIJZER_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "locale": "nl-NL",
        "timezone_id": "Europe/Amsterdam",
        "viewport": {"width": 1280, "height": 900},
    }


class Wandeling:
    """One walk through the app: checks every page with axe and keeps a screenshot of it."""

    def __init__(self, page: Any, basis: str, naam: str) -> None:
        self.page = page
        self.basis = basis.rstrip("/")
        self.map = ARTEFACTEN / naam
        self.map.mkdir(parents=True, exist_ok=True)
        for oud in self.map.glob("*.png"):
            oud.unlink()
        self.teller = 0
        self.axe = AXE.read_text(encoding="utf-8")
        self.bezocht: list[str] = []  # every page looked at, to walk again in English
        self.cspfouten: list[str] = []
        page.on("console", self._console)

    def _console(self, bericht: Any) -> None:
        if "Content Security Policy" in bericht.text:
            self.cspfouten.append(bericht.text)

    def ga_naar(self, pad: str) -> None:
        self.page.goto(self.basis + pad)

    def _foto(self, bestand: Path) -> None:
        """The screenshot is a record for people, not a check: Chromium now and then refuses a
        full-page capture ("Unable to capture screenshot", seen once in CI on a long page), so
        try again, then settle for the visible part rather than fail the walk."""
        for poging in range(2):
            try:
                self.page.screenshot(path=str(bestand), full_page=True)
                return
            except PlaywrightError:
                if poging:
                    self.page.screenshot(path=str(bestand))

    def bekijk(self, stap: str, *, ook_in_het_engels: bool = True) -> None:
        """Screenshot, then: no script needed, and no serious or critical axe violations. A page
        whose content is Dutch by nature (the organisation's adopted meldcode, written in Dutch)
        is left out of the English round."""
        self.teller += 1
        bestand = self.map / f"{self.teller:02d}-{re.sub(r'[^a-z0-9]+', '-', stap.lower())}.png"
        self._foto(bestand)
        pad = self.page.url.removeprefix(self.basis).split("#")[0]
        if ook_in_het_engels and pad not in self.bezocht:
            self.bezocht.append(pad)
        assert self.page.locator("html").get_attribute("lang") in {"nl", "en"}
        # Every essential action works without JavaScript: no inline script; a page may load a
        # script file of ours that adds to it (ADR 0024), from /static/ only.
        for script in self.page.locator("script").all():
            bron = script.get_attribute("src") or ""
            assert bron.startswith("/static/"), f"{stap}: <script> not from /static/: {bron!r}"
            assert not script.inner_text().strip(), f"{stap}: inline script"
        assert not self.cspfouten, f"{stap}: Content-Security-Policy violations: {self.cspfouten}"
        # evaluate() runs in the page without a <script> element, so a later CSP cannot block it.
        self.page.evaluate(self.axe)
        resultaat = self.page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        ernstig = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + ", ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in resultaat["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert not ernstig, f"axe op '{stap}' ({self.page.url}):\n" + "\n".join(ernstig)

    def inloggen(self, demo: dict[str, str]) -> None:
        """The one login of the walks: username and password, then the second step."""
        from playwright.sync_api import expect

        self.ga_naar("/")
        expect(self.page.get_by_role("heading", name="Inloggen")).to_be_visible()
        self.bekijk("inloggen")
        self.page.get_by_label("Gebruikersnaam").fill(demo["gebruikersnaam"])
        self.page.get_by_label("Wachtwoord").fill(demo["wachtwoord"])
        self.page.get_by_role("button", name="Inloggen").click()
        self.tweede_stap(demo)
        expect(self.page.get_by_role("heading", name="Mijn casussen")).to_be_visible()
        self.bekijk("mijn casussen")

    def taal(self, code: str) -> None:
        """Switch the interface language with the form in the footer (no script needed); from
        a page without that footer (a printable document) by way of the start page."""
        if self.page.locator("#taal").count() == 0:
            self.ga_naar("/")
        self.page.locator("#taal").select_option(code)
        self.page.locator("form.taalkeuze button[type=submit]").click()
        self.page.wait_for_load_state()
        assert self.page.locator("html").get_attribute("lang") == code

    def opnieuw_in_het_engels(self) -> None:
        """Every page this walk looked at, again in English: translated, and axe-clean."""
        paden = [p for p in self.bezocht if "inloggen" not in p]
        self.taal("en")
        for pad in paden:
            self.ga_naar(pad)
            assert self.page.locator("html").get_attribute("lang") == "en", pad
            # The name without the casus's uuid, so the screenshots of each run line up.
            naam = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "casus", pad.split("?")[0])
            self.bekijk("en " + naam.strip("/").replace("/", " "))
        self.taal("nl")

    def tweede_stap(self, demo: dict[str, str]) -> None:
        """Login step two: the code an authenticator app shows now, computed from the TOTP
        secret that `make run` (the demo command) printed. Two factors are never switched off."""
        from meldwijzer.accounts.tweestaps import code_voor

        self.page.get_by_role("heading", name="Tweede stap: code uit de app").wait_for()
        self.bekijk("inloggen tweede stap")
        self.page.get_by_label("Code").fill(code_voor(demo["geheim"]))
        self.page.get_by_role("button", name="Bevestigen").click()


@pytest.fixture
def demo(transactional_db: None) -> dict[str, str]:
    """The demo organisation, as `make run` creates it; returns the beroepskracht's login:
    username, password and TOTP secret, read from what the command prints."""
    from io import StringIO

    uit = StringIO()
    call_command("demo", "--zonder-qr", stdout=uit)
    regels = uit.getvalue().splitlines()
    i = next(i for i, r in enumerate(regels) if "gebruikersnaam: beroepskracht" in r)
    wachtwoord = regels[i].split("wachtwoord:")[1].strip()
    geheim = regels[i + 1].split("TOTP-geheim:")[1].strip()
    return {"gebruikersnaam": "beroepskracht", "wachtwoord": wachtwoord, "geheim": geheim}


@pytest.fixture
def wandeling(request: pytest.FixtureRequest, page: Any, live_server: Any) -> Iterator[Wandeling]:
    if not AXE.exists():
        pytest.fail(f"axe-core ontbreekt ({AXE}); draai 'make axe' (npm ci in web-tools/).")
    naam = re.sub(r"\[.*\]$", "", request.node.name).removeprefix("test_")
    yield Wandeling(page, live_server.url, naam)


def pytest_configure(config: pytest.Config) -> None:
    # pytest-base-url (pulled in by pytest-playwright) defines a fixture pytest now warns about.
    config.addinivalue_line(
        "filterwarnings", "ignore:Session-scoped fixtures defined as instance methods"
    )
