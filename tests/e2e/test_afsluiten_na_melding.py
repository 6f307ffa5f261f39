"""Walk: closing after a melding on one page. The Veilig Thuis contact typed once at the
afweging is offered again at the melding and the closing; the closing page asks the feedback
and the agreement of Veilig Thuis still missing, refuses them together in Dutch, and then saves
them with the closing in one go.

Every page is checked with axe and kept as a screenshot, in Dutch and again in English.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import expect
from tests.e2e.navigatie import gelukt, stap, tab

VANDAAG = dt.date.today()


def iso(dagen: int) -> str:
    return (VANDAAG + dt.timedelta(days=dagen)).isoformat()


def stappen_1_tot_4(w: Any) -> None:
    page = w.page
    stap(w, "Stap 1")
    page.get_by_label("Eigen waarneming").check()
    page.get_by_label("Feit", exact=True).check()
    page.get_by_label("Beschrijving").fill("Sam vertelde dat papa mama sloeg met een riem.")
    page.get_by_label("Wapengebruik").check()
    page.get_by_role("button", name="Signaal vastleggen").click()
    gelukt(w, "Het signaal is vastgelegd.")
    stap(w, "Stap 2")
    page.get_by_role("radio", name="Aandachtsfunctionaris", exact=True).check()
    page.get_by_label("Wat werd geadviseerd?").fill("Melden bij Veilig Thuis.")
    page.get_by_role("button", name="Consultatie vastleggen").click()
    gelukt(w, "De consultatie is vastgelegd.")
    stap(w, "Stap 3")
    page.get_by_label("Met wie").fill("moeder")
    page.get_by_label("Reactie van de betrokkene(n)").fill("Moeder bevestigt de ruzies.")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    gelukt(w, "Het gesprek is vastgelegd.")
    stap(w, "Stap 4")
    page.get_by_label("Aard en ernst").fill("Partnergeweld met een wapen: acuut onveilig.")
    page.get_by_role("button", name="Weging vastleggen").click()
    gelukt(w, "De weging is vastgelegd.")


def test_wandeling_afsluiten_na_melding_op_een_pagina(wandeling: Any, demo: dict[str, str]) -> None:
    w = wandeling
    page = w.page
    w.inloggen(demo)
    page.get_by_role("link", name="Nieuwe casus").first.click()
    page.get_by_label("Korte omschrijving").fill("Ruzies thuis bij Sam")
    page.get_by_role("button", name="Casus openen").click()
    stappen_1_tot_4(w)

    # Afweging 1 and 2 ja; afweging 3 nee, together with Veilig Thuis: the contact typed once.
    for _ in range(2):
        stap(w, "Stap 5")
        page.get_by_label("Ja", exact=True).first.check()
        page.get_by_role("button", name="Antwoord vastleggen").click()
    stap(w, "Stap 5")
    page.get_by_label("Nee", exact=True).first.check()
    for n in range(1, 5):
        groep = page.get_by_role("group", name=f"Voorwaarde {n}", exact=True)
        if groep.count():
            groep.get_by_label("Niet voldaan", exact=True).check()
            page.get_by_label(f"Toelichting bij voorwaarde {n}").fill(f"Uitleg {n}.")
    page.get_by_label("Met wie bij Veilig Thuis").fill("mevrouw De Vries")
    page.get_by_role("button", name="Antwoord vastleggen").click()
    gelukt(w, "is vastgelegd.")

    # The melding offers the contact again.
    page.get_by_role("link", name="Melding vastleggen").first.click()
    expect(page.get_by_label("Contactpersoon bij Veilig Thuis")).to_have_value("mevrouw De Vries")
    w.bekijk("melding met het contact al ingevuld")
    page.get_by_label("Telefonisch").check()
    page.get_by_role(
        "group", name="Hebt u de betrokkenen vooraf verteld dat u meldt?"
    ).get_by_label("Ja", exact=True).check()
    page.get_by_label("Zo ja: hoe en wanneer?").fill("Moeder vooraf gebeld.")
    page.get_by_role("button", name="Melding vastleggen").click()
    gelukt(w, "De melding is vastgelegd.")

    # Closing asks the missing feedback and agreement itself, on one page.
    tab(w, "Afsluiten")
    expect(page.get_by_text("Afsluiten kan nog niet")).to_have_count(0)
    terugkoppeling = page.get_by_role("group", name="Terugkoppeling van Veilig Thuis")
    afspraak = page.get_by_role("group", name="Afspraak met Veilig Thuis")
    expect(afspraak.get_by_label("Met wie bij Veilig Thuis")).to_have_value("mevrouw De Vries")
    expect(page.get_by_label("Afgestemd met (Veilig Thuis)")).to_have_value("mevrouw De Vries")
    w.bekijk("afsluiten vraagt terugkoppeling en afspraak")
    page.get_by_label("Conclusie").fill("Veilig Thuis voert regie; wij volgen Sam op school.")
    eerste = page.get_by_role("group", name="Afspraak 1", exact=True)
    eerste.get_by_label("Wat wordt gevolgd?").fill("Signalen van geweld bij Sam")
    eerste.get_by_label("Door wie?").fill("Mentor van Sam")
    eerste.get_by_label("Tot wanneer?").fill(iso(180))
    page.get_by_label("Wie zet de casusregie en de monitoring op veiligheid voort?").fill(
        "Veilig Thuis, mevrouw De Vries"
    )
    terugkoppeling.get_by_label("Anders (licht toe)").check()
    page.get_by_role("button", name="Traject afsluiten").click()
    fouten = page.locator(".foutsamenvatting")
    expect(fouten).to_contain_text("Beschrijf wie wat doet")
    w.bekijk("afsluiten met fouten in de afspraak")
    expect(page.get_by_label("Conclusie")).to_have_value(
        "Veilig Thuis voert regie; wij volgen Sam op school."
    )  # input kept
    afspraak.get_by_label("Wie doet wat?").fill("Veilig Thuis spreekt vader; school volgt Sam.")
    afspraak.get_by_label("Welke resultaten ten aanzien van de veiligheid?").fill(
        "Geen geweld meer thuis."
    )
    afspraak.get_by_label("Binnen welke termijn?").fill("6")
    afspraak.get_by_label("weken").check()
    page.get_by_role("button", name="Traject afsluiten").click()
    expect(fouten).to_contain_text("Beschrijf wat Veilig Thuis besloot.")  # the service's check
    w.bekijk("afsluiten met fout in de terugkoppeling")
    terugkoppeling.get_by_label("Toelichting").fill("Veilig Thuis doet eerst een veiligheidscheck.")
    page.get_by_role("button", name="Traject afsluiten").click()
    gelukt(w, "Het traject is afgesloten met de afspraken.")
    expect(page.locator(".casuskop")).to_contain_text("Afgesloten")
    w.bekijk("afgesloten")

    w.opnieuw_in_het_engels()
