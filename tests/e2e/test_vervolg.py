"""Walks after the besluit: melding + hulpplan + evaluatie (nee → opnieuw melden) +
afsluiting with agreements; a spoedmelding completed afterwards; a disclosure casus.

Every page of each walk is checked with axe and kept as a screenshot, in Dutch and then again in
English (Wandeling.opnieuw_in_het_engels).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from playwright.sync_api import expect
from tests.e2e.navigatie import gelukt, stap, tab

VANDAAG = dt.date.today()


def iso(dagen: int) -> str:
    return (VANDAAG + dt.timedelta(days=dagen)).isoformat()


def nieuwe_casus(w: Any, titel: str) -> None:
    w.page.get_by_role("link", name="Nieuwe casus").first.click()
    w.page.get_by_label("Korte omschrijving").fill(titel)
    w.page.get_by_role("button", name="Casus openen").click()
    expect(w.page.get_by_role("heading", name="Overzicht van de casus")).to_be_visible()


def signaal(w: Any, tekst: str, *, vinkjes: tuple[str, ...] = (), vormen: tuple[str, ...] = ()):
    page = w.page
    stap(w, "Stap 1")
    page.get_by_label("Eigen waarneming").check()
    page.get_by_label("Feit", exact=True).check()
    page.get_by_label("Beschrijving").fill(tekst)
    for vorm in vormen:
        page.get_by_label(vorm, exact=True).check()
    for vinkje in vinkjes:
        page.get_by_label(vinkje).check()
    page.get_by_role("button", name="Signaal vastleggen").click()


def stappen_2_tot_4(w: Any) -> None:
    page = w.page
    stap(w, "Stap 2")
    page.get_by_role("radio", name="Aandachtsfunctionaris", exact=True).check()
    page.get_by_label("Wat werd geadviseerd?").fill("Melden bij Veilig Thuis; niet eerst vader.")
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


def afweging(w: Any, antwoord: str, **extra: str) -> None:
    page = w.page
    stap(w, "Stap 5")
    page.get_by_label(antwoord, exact=True).first.check()
    for label, waarde in extra.items():
        page.get_by_label(label.replace("_", " ")).fill(waarde)
    page.get_by_role("button", name="Antwoord vastleggen").click()


def melding_vastleggen(w: Any, wie: str) -> None:
    page = w.page
    page.get_by_label("Telefonisch").check()
    page.get_by_label("Contactpersoon bij Veilig Thuis").fill(wie)
    page.get_by_role(
        "group", name="Hebt u de betrokkenen vooraf verteld dat u meldt?"
    ).get_by_label("Ja", exact=True).check()
    page.get_by_label("Zo ja: hoe en wanneer?").fill("Moeder vooraf gebeld.")


def afspraak_en_terugkoppeling(w: Any, naam: str) -> None:
    page = w.page
    page.get_by_role("link", name="Afspraak vastleggen").last.click()
    page.get_by_label("Wie doet wat?").fill("Veilig Thuis spreekt vader; school volgt Sam.")
    page.get_by_label("Welke resultaten ten aanzien van de veiligheid?").fill(
        "Geen geweld meer thuis; vader start behandeling."
    )
    page.get_by_label("Binnen welke termijn?").fill("6")
    page.get_by_label("weken").check()
    w.bekijk(f"{naam} afspraak met Veilig Thuis")
    page.get_by_role("button", name="Afspraak vastleggen").click()
    gelukt(w, "De afspraak met Veilig Thuis is vastgelegd.")
    page.get_by_role("link", name="Terugkoppeling vastleggen").last.click()
    page.get_by_label("Veilig Thuis stelt voorwaarden en volgt de veiligheid").check()
    w.bekijk(f"{naam} terugkoppeling")
    page.get_by_role("button", name="Terugkoppeling vastleggen").click()
    gelukt(w, "De terugkoppeling van Veilig Thuis is vastgelegd.")


def test_wandeling_melding_hulpplan_evaluatie_afsluiting(
    wandeling: Any, demo: dict[str, str]
) -> None:
    w = wandeling
    page = w.page
    w.inloggen(demo)
    nieuwe_casus(w, "Ruzies thuis bij Sam")

    signaal(w, "Sam vertelde dat papa mama sloeg met een riem.", vinkjes=("Wapengebruik",))
    gelukt(w, "Het signaal is vastgelegd.")
    stappen_2_tot_4(w)

    afweging(w, "Ja")
    afweging(w, "Ja")
    gelukt(w, "Besluit 1 is vastgelegd.")
    w.bekijk("besluit melden")

    # Melding, with Veilig Thuis's agreements and feedback.
    page.get_by_role("link", name="Melding vastleggen").first.click()
    melding_vastleggen(w, "mevrouw De Vries")
    page.get_by_role("button", name="Melding vastleggen").click()
    gelukt(w, "De melding is vastgelegd.")
    w.bekijk("melding")
    afspraak_en_terugkoppeling(w, "melding 1")
    w.bekijk("melding met afspraken")

    # Afweging 3 with the four voorwaarden, together with Veilig Thuis.
    stap(w, "Stap 5")
    page.get_by_label("Ja", exact=True).first.check()
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text("voorwaarde 1")
    w.bekijk("afweging 3 voorwaarden ontbreken")
    page.get_by_label("Ja", exact=True).first.check()
    for n in range(1, 5):
        status = "Niet voldaan" if n == 2 else "Voldaan"
        page.get_by_role("group", name=f"Voorwaarde {n}", exact=True).get_by_label(
            status, exact=True
        ).check()
        page.get_by_label(f"Toelichting bij voorwaarde {n}").fill(f"Uitleg bij voorwaarde {n}.")
    page.get_by_label("Met wie bij Veilig Thuis").fill("mevrouw De Vries")
    page.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text("hoofdstuk 5, Voorwaarden")
    w.bekijk("afweging 3 waarschuwing voorwaarde niet voldaan")
    page.get_by_label("Ja", exact=True).first.check()
    page.get_by_label("Toelichting", exact=True).fill("Traumahulp regelt de huisarts.")
    page.get_by_role("button", name="Antwoord vastleggen").click()
    gelukt(w, "Besluit 2 is vastgelegd.")
    afweging(w, "Ja", Met_wie_bij_Veilig_Thuis="mevrouw De Vries")
    gelukt(w, "Besluit 3 is vastgelegd.")
    expect(page.get_by_text("Deze afweging beantwoordt u bij een evaluatie")).to_be_visible()
    w.bekijk("stap 5 naar hulpplan")

    # Hulpplan: first an evaluation date before the plan, refused in Dutch.
    tab(w, "Hulpplan")
    page.get_by_label("Doelen").fill("Veilig thuis voor Sam.")
    page.get_by_label("Resultaten", exact=True).fill("Geen geweld; ouders in training.")
    page.get_by_label("Wie doet wat?").fill("Wijkteam traint ouders; school volgt Sam.")
    page.get_by_label("Hoe wordt de veiligheid gevolgd?").fill("Wekelijks contact, zes maanden.")
    page.get_by_role("group", name="Zijn er meerdere beroepskrachten betrokken?").get_by_label(
        "Ja", exact=True
    ).check()
    page.get_by_label("Wie heeft de casusregie of is casemanager?").fill("Wijkteam, dhr. Bakker")
    page.get_by_label("Eerste evaluatie").fill(iso(-3))
    page.get_by_role("button", name="Hulpplan vastleggen").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text("ligt niet na de datum van het plan")
    expect(page.get_by_label("Doelen")).to_have_value("Veilig thuis voor Sam.")  # input kept
    w.bekijk("hulpplan evaluatiedatum voor het plan")
    page.get_by_label("Datum van het plan").fill(iso(-3))
    page.get_by_label("Eerste evaluatie").fill(iso(-1))
    page.get_by_label("Tweede evaluatie").fill(iso(30))
    page.get_by_role("button", name="Hulpplan vastleggen").click()
    gelukt(w, "Het hulpplan is vastgelegd.")
    w.bekijk("hulpplan")

    # Evaluatie: doorgaan, then nee (→ opnieuw melden).
    page.get_by_role("link", name="Evalueer de hulp (afweging 5)").first.click()
    page.get_by_label("Wat is er bereikt?").fill("Training gestart; één incident gemeld.")
    page.get_by_label("Doorgaan").check()
    page.get_by_label("Toelichting").fill("Termijn loopt nog.")
    page.get_by_role("button", name="Evaluatie vastleggen").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text("volgende evaluatie")
    w.bekijk("evaluatie doorgaan zonder datum")
    page.get_by_label("Volgende evaluatie", exact=True).fill(iso(14))
    page.get_by_role("button", name="Evaluatie vastleggen").click()
    gelukt(w, "de hulp gaat door")
    w.bekijk("evaluatie doorgaan")
    page.get_by_label("Wat is er bereikt?").fill("Het geweld herhaalt zich.")
    page.get_by_label("De problematiek ernstiger of groter blijkt dan verwacht").check()
    page.locator("input[name=resultaat][value=nee]").check()
    page.get_by_label("Toelichting").fill("Opnieuw geweld; hulp stagneert.")
    page.get_by_label("Met wie bij Veilig Thuis").fill("mevrouw De Vries")
    page.get_by_role("button", name="Evaluatie vastleggen").click()
    gelukt(w, "Meld (opnieuw) bij Veilig Thuis")
    expect(page.get_by_role("heading", name="Opnieuw melden")).to_be_visible()
    w.bekijk("opnieuw melden")
    melding_vastleggen(w, "de heer Jansen")
    page.get_by_role("button", name="Melding vastleggen").click()
    gelukt(w, "De melding is vastgelegd.")
    afspraak_en_terugkoppeling(w, "melding 2")

    # Afsluiting with follow-up agreements, agreed with Veilig Thuis.
    tab(w, "Afsluiten")
    w.bekijk("afsluiten leeg")
    page.get_by_role("button", name="Traject afsluiten").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text("Beschrijf wat er wordt gevolgd.")
    w.bekijk("afsluiten met fouten")
    page.get_by_label("Conclusie").fill("Veilig Thuis voert regie; wij volgen Sam op school.")
    eerste = page.get_by_role("group", name="Afspraak 1")
    eerste.get_by_label("Wat wordt gevolgd?").fill("Signalen van geweld bij Sam")
    eerste.get_by_label("Door wie?").fill("Mentor van Sam")
    eerste.get_by_label("Met welke partners?").fill("Veilig Thuis, wijkteam")
    eerste.get_by_label("Tot wanneer?").fill(iso(180))
    page.get_by_label("Wie zet de casusregie en de monitoring op veiligheid voort?").fill(
        "Veilig Thuis, de heer Jansen"
    )
    page.get_by_label("Afgestemd met (Veilig Thuis)").fill("de heer Jansen")
    page.get_by_role("button", name="Traject afsluiten").click()
    gelukt(w, "Het traject is afgesloten met de afspraken.")
    expect(page.locator(".casuskop")).to_contain_text("Afgesloten")
    expect(page.get_by_text("Signalen van geweld bij Sam")).to_be_visible()
    w.bekijk("afgesloten met afspraken")
    tab(w, "Tijdlijn")
    expect(page.get_by_text("Traject afgesloten")).to_be_visible()
    w.bekijk("tijdlijn")

    w.opnieuw_in_het_engels()


def test_wandeling_spoedmelding_daarna_aangevuld(wandeling: Any, demo: dict[str, str]) -> None:
    w = wandeling
    page = w.page
    w.inloggen(demo)
    nieuwe_casus(w, "Acuut: moeder belt vanuit huis")

    tab(w, "Melding")
    expect(page.get_by_role("heading", name="Spoedmelding vastleggen")).to_be_visible()
    w.bekijk("spoedmelding leeg")
    page.get_by_label("Welk acuut gevaar?").fill("Vader staat dreigend voor de deur.")
    page.get_by_label("Telefonisch").check()
    page.get_by_label("Contactpersoon bij Veilig Thuis").fill("mevrouw De Vries")
    page.get_by_role(
        "group", name="Hebt u de betrokkenen vooraf verteld dat u meldt?"
    ).get_by_label("Nee", exact=True).check()
    page.get_by_label("De veiligheid van het kind of de cliënt").check()
    page.get_by_label("Toelichting").fill("Vader mag niet weten dat er gemeld is.")
    page.get_by_role("button", name="Spoedmelding vastleggen").click()
    gelukt(w, "De spoedmelding is vastgelegd.")
    expect(page.locator(".openpunten")).to_contain_text(
        "leg de stappen van de meldcode alsnog vast"
    )
    expect(page.locator(".label--spoed")).to_be_visible()
    w.bekijk("spoedmelding vastgelegd")
    tab(w, "Overzicht")
    expect(page.locator(".openpunten")).to_contain_text("Er is nog geen signaal vastgelegd")
    w.bekijk("overzicht na spoedmelding")

    signaal(w, "Moeder belde om 21.10 uur huilend; op de achtergrond geschreeuw.")
    gelukt(w, "Het signaal is vastgelegd.")
    stappen_2_tot_4(w)
    afweging(w, "Ja")
    afweging(w, "Ja")
    gelukt(w, "Besluit 1 is vastgelegd.")
    tab(w, "Overzicht")
    expect(page.locator(".openpunten")).not_to_contain_text("alsnog vast")
    expect(page.locator(".openpunten")).not_to_contain_text("Melden bij Veilig Thuis is nodig")
    w.bekijk("overzicht spoedmelding aangevuld")

    w.opnieuw_in_het_engels()


def test_wandeling_disclosure_waarschuwt(wandeling: Any, demo: dict[str, str]) -> None:
    w = wandeling
    page = w.page
    w.inloggen(demo)
    nieuwe_casus(w, "Leerling vertelt over thuis")

    # A fact with speculative wording gets a suggestion; here it is a literal quote: confirmed.
    signaal(
        w,
        "Aisha zei: ‘Mijn broer lijkt me te volgen en zegt dat ik thuis moet blijven.’",
        vinkjes=("Slachtoffers die uit zichzelf",),
        vormen=("Eergerelateerd geweld",),
    )
    expect(page.locator("#feit-of-mening")).to_contain_text("speculatieve")
    expect(page.locator(".foutsamenvatting")).to_have_count(0)
    expect(page.get_by_label("Beschrijving")).to_have_value(
        "Aisha zei: ‘Mijn broer lijkt me te volgen en zegt dat ik thuis moet blijven.’"
    )
    w.bekijk("feit met speculatieve woorden")
    page.get_by_label("Ik heb de formulering gecontroleerd: dit is een feit.").check()
    page.get_by_role("button", name="Signaal vastleggen").click()
    gelukt(w, "Het signaal is vastgelegd.")

    stap(w, "Stap 3")
    waarschuwing = page.locator(".waarschuwing--groot")
    expect(waarschuwing).to_contain_text("eerst praten kan het slachtoffer in gevaar brengen")
    expect(waarschuwing).to_contain_text("disclosure, eergerelateerd geweld")
    expect(waarschuwing).to_contain_text("hoofdstuk 4, C. Disclosure")
    w.bekijk("stap 3 waarschuwing")
    page.get_by_label("De veiligheid van het kind of de cliënt").check()
    page.get_by_label("Toelichting").fill("Eerst afstemmen met Veilig Thuis en een specialist.")
    page.get_by_role("button", name="Reden vastleggen").click()
    gelukt(w, "De reden dat er geen gesprek was, is vastgelegd.")

    tab(w, "Melding")
    expect(page.locator(".waarschuwing--groot")).to_contain_text("Overleg daarom eerst")
    w.bekijk("melding waarschuwing bij open melden")

    tab(w, "Zienswijzen")
    w.bekijk("zienswijzen zonder betrokkenen")

    # Kindcheck: an adult with a Kindcheck condition who cares for children → add them.
    tab(w, "Betrokkenen")
    page.get_by_label("Ouder / verzorger").check()
    page.get_by_label("Leeftijd").fill("45")
    page.get_by_label("Relatie").fill("vader van Aisha")
    page.get_by_role("button", name="Betrokkene toevoegen").click()
    gelukt(w, "De betrokkene is toegevoegd.")
    page.get_by_role("link", name="Kindcheck invullen").first.click()
    page.get_by_label("intoxicaties met alcohol of drugs").check()
    page.get_by_role("button", name="Kindcheck vastleggen").click()
    expect(page.locator(".foutsamenvatting")).to_contain_text("voor kinderen zorgt")
    w.bekijk("kindcheck zonder antwoord")
    page.get_by_role("group", name="Zorgt deze volwassene voor kinderen?").get_by_label(
        "Ja", exact=True
    ).check()
    page.get_by_role("button", name="Kindcheck vastleggen").click()
    gelukt(w, "Voeg de kinderen toe als betrokkenen.")
    expect(page.get_by_text("deze volwassene zorgt voor kinderen")).to_be_visible()
    w.bekijk("kindcheck vraagt om de kinderen")
    page.get_by_role("link", name="Kind toevoegen").first.click()
    expect(page.get_by_label("Kind / jeugdige")).to_be_checked()
    page.get_by_label("Leeftijd").fill("15")
    page.get_by_label("Relatie").fill("Aisha, dochter van vader")
    page.get_by_role("button", name="Betrokkene toevoegen").click()
    gelukt(w, "De betrokkene is toegevoegd.")
    expect(page.get_by_text("deze volwassene zorgt voor kinderen")).to_have_count(0)
    w.bekijk("betrokkenen met kindcheck")

    # Hoor en wederhoor: the father's own view, marked as such beside the notes.
    tab(w, "Zienswijzen")
    page.get_by_label("Ouder / verzorger, vader van Aisha").check()
    page.get_by_label("Mondeling, in een gesprek").check()
    page.get_by_label("Zienswijze", exact=True).fill("Ik houd mijn dochter alleen in de gaten.")
    page.get_by_role("button", name="Zienswijze vastleggen").click()
    gelukt(w, "De zienswijze is vastgelegd.")
    w.bekijk("zienswijze vastgelegd")
    stap(w, "Stap 1")
    expect(page.locator(".notitie--zienswijze")).to_contain_text("alleen in de gaten")
    w.bekijk("signalen met zienswijze")

    w.opnieuw_in_het_engels()
