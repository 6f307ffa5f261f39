"""Moving about a casus in the browser walks: one definition of each move, shared by every walk.

A click on a link only starts loading the next page; what a walk reads right after it without
`expect` (a count, the column names, an attribute) would read the page it came from. Every move
here therefore waits until the next page has loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

# Where the walks keep their screenshots, a record for people (one folder per walk).
ARTEFACTEN = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"


def volg(w: Any, link: Any) -> None:
    """Click a link and return when the page it leads to has loaded."""
    with w.page.expect_navigation():
        link.click()


def stap(w: Any, naam: str) -> None:
    """Open one of the five steps from the casus header."""
    volg(
        w,
        w.page.get_by_role(
            "navigation", name="Voortgang in de vijf stappen van de meldcode"
        ).get_by_role("link", name=naam),
    )


def tab(w: Any, naam: str) -> None:
    """Open one of the casus tabs (Overzicht, Tijdlijn, …)."""
    volg(
        w,
        w.page.get_by_role("navigation", name="Onderdelen van de casus").get_by_role(
            "link", name=naam, exact=True
        ),
    )


def gelukt(w: Any, tekst: str) -> None:
    """The page confirms what was just done."""
    expect(w.page.locator(".notificatie--success")).to_contain_text(tekst)
