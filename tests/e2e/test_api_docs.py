"""The API's documentation page (/api/docs) works under the strict Content-Security-Policy:
Swagger UI from our own static files, no inline script, no CDN, no CSP violation."""

from __future__ import annotations

from typing import Any

import pytest
from tests.e2e.navigatie import ARTEFACTEN

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_docs_laadt_zonder_csp_schending(page: Any, live_server: Any):
    meldingen: list[str] = []
    page.on("console", lambda m: meldingen.append(m.text))
    extern: list[str] = []
    page.on(
        "request",
        lambda r: extern.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    antwoord = page.goto(f"{live_server.url}/api/docs")
    assert antwoord is not None and antwoord.status == 200
    csp = antwoord.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    # Swagger UI rendered the operations from /api/openapi.json.
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() >= 25
    assert "Meldwijzer API" in page.content()
    # A record for people: the page as a reader of the API sees it.
    (ARTEFACTEN / "api_docs").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTEN / "api_docs" / "api-docs.png"))
    schendingen = [m for m in meldingen if "Content Security Policy" in m]
    assert not schendingen, schendingen
    assert not [u for u in extern if not u.startswith("data:")], extern
