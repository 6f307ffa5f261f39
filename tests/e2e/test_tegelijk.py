"""A person answering stap 5 while the ECD and a colleague keep writing to the same casus
(docs/adr/0013): refused once with what changed, the input kept, then saved on the second try
although the ECD wrote again in between. Screenshots in test-artifacts/e2e/tegelijk_met_het_ecd/.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import expect

from .navigatie import gelukt, stap
from .test_vervolg import nieuwe_casus, signaal, stappen_2_tot_4

GISTEREN = (dt.date.today() - dt.timedelta(days=1)).isoformat()


def _het_ecd_schrijft(casus: Any, keer: int) -> None:
    """The ECD of the aandachtsfunctionaris records signalen over the API, as a loop would."""
    from meldwijzer.accounts.models import Membership, Rol
    from meldwijzer.api.tests.helpers import Api, token_voor

    af = Membership.objects.get(organisatie=casus.organisatie, rol=Rol.AANDACHTSFUNCTIONARIS)
    api = Api(token_voor(af, naam="ECD"))
    pad = f"/api/casussen/{casus.uuid}"
    for i in range(keer):
        r = api.post(
            f"{pad}/signalen",
            {"datum": GISTEREN, "bron": "eigen", "aard": "feit", "tekst": f"Uit het ECD ({i})."},
            versie=api.get(pad)["ETag"].strip('"'),
        )
        assert r.status_code == 201, r.content


def test_tegelijk_met_het_ecd(wandeling: Any, demo: dict[str, str]) -> None:
    from meldwijzer.accounts.models import Membership, Rol
    from meldwijzer.dossier.models import Casus
    from meldwijzer.dossier.services import leg_consultatie_vast

    w = wandeling
    page = w.page
    w.inloggen(demo)
    nieuwe_casus(w, "Zorgen om Noor")
    signaal(w, "Noor had een blauw oog en wilde niet zeggen hoe.")
    gelukt(w, "Het signaal is vastgelegd.")
    stappen_2_tot_4(w)
    casus = Casus.objects.order_by("-pk").first()

    stap(w, "Stap 5")
    page.get_by_label("Ja", exact=True).first.check()
    page.get_by_label("Toelichting").fill("Blauw oog zonder uitleg; moeder bevestigt de ruzies.")
    # While the person reads and types: the ECD and a colleague write to the same casus.
    _het_ecd_schrijft(casus, 4)
    af = Membership.objects.get(organisatie=casus.organisatie, rol=Rol.AANDACHTSFUNCTIONARIS)
    leg_consultatie_vast(
        actor=af,
        casus=casus,
        met_wie="collega",
        datum=dt.date.fromisoformat(GISTEREN),
        advies="Bel Veilig Thuis.",
    )
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.locator("#gewijzigd")).to_contain_text(
        "Wat er veranderde sinds u dit formulier opende"
    )
    expect(page.locator("#gewijzigd")).to_contain_text("Signaal vastgelegd (stap 1) (4 keer)")
    expect(page.locator("#gewijzigd")).to_contain_text("Consultatie vastgelegd (stap 2)")
    expect(page.get_by_label("Toelichting")).to_have_value(
        "Blauw oog zonder uitleg; moeder bevestigt de ruzies."
    )
    w.bekijk("stap 5 wat er veranderde")

    # The ECD writes again while the person reads; the second save still goes through.
    _het_ecd_schrijft(casus, 2)
    page.get_by_role("button", name="Antwoord vastleggen").click()
    gelukt(w, "Uw antwoord is vastgelegd.")
    w.bekijk("stap 5 opgeslagen")
