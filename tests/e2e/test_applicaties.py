"""Browser walk of an API application (docs/adr/0010): the beheerder asks for it, the
aandachtsfunctionaris approves it on Mijn account with a fresh code and alone sees the token, a
call with the token appears in the privacy officer's log under the application's name."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from typing import Any

from playwright.sync_api import expect
from tests.e2e.test_beveiliging import _inloggen_als


def test_applicatie_aanvragen_goedkeuren_en_terugzien_in_het_logboek(
    wandeling: Any, demo: dict[str, str]
) -> None:
    from meldwijzer.accounts.models import User
    from meldwijzer.accounts.tweestaps import code_voor, geheim, totp_apparaat

    w = wandeling
    page = w.page
    _inloggen_als(w, "beheerder", "demo-beheerder")
    page.get_by_role("link", name="Applicaties", exact=True).click()
    page.get_by_label("Naam van de applicatie").fill("ECD De Linde")
    page.get_by_label("Casussen lezen").check()
    af = User.objects.get(username="aandachtsfunctionaris")
    lid = af.memberships.get()
    page.get_by_label("Handelt namens").select_option(value=str(lid.pk))
    page.get_by_role("button", name="Aanvragen").click()
    expect(page.get_by_text("wacht op goedkeuring door")).to_be_visible()
    assert not re.search(r"mw_[0-9a-f]{12}_", page.content())
    w.bekijk("beheer aangevraagd")
    page.get_by_role("button", name="Uitloggen", exact=True).click()

    _inloggen_als(w, "aandachtsfunctionaris", "demo-aandachtsfunctionaris")
    page.get_by_role("link", name="Mijn account").click()
    page.get_by_role("link", name="Applicaties die namens u werken").click()
    expect(page.get_by_role("heading", name="ECD De Linde")).to_be_visible()
    w.bekijk("mijn applicaties wacht")
    # The code of the next time step: the one of this time step was used to log in.
    code = code_voor(geheim(totp_apparaat(af)), moment=time.time() + 30)
    page.get_by_label("Code uit uw authenticator-app").fill(code)
    page.get_by_role("button", name="Goedkeuren en token tonen").click()
    token = page.locator("code").inner_text()
    assert re.fullmatch(r"mw_[0-9a-f]{12}_[\w-]+", token)
    w.bekijk("token getoond")
    w.bezocht.remove("/account/applicaties/goedkeuren/")  # a POST answer: not walked again

    verzoek = urllib.request.Request(
        w.basis + "/api/casussen", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(verzoek) as antwoord:
        assert "items" in json.loads(antwoord.read())
    page.get_by_role("button", name="Uitloggen", exact=True).click()

    _inloggen_als(w, "privacyofficer", "demo-privacyofficer")
    page.get_by_role("link", name="Logboek", exact=True).click()
    expect(page.get_by_text("via applicatie ECD De Linde").first).to_be_visible()
    w.bekijk("logboek met applicatie")
    w.opnieuw_in_het_engels()
