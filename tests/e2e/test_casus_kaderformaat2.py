"""Walk: a casus under a framework in kaderformaat 2, from signalen to besluit. One casus goes
through a route handover (the acute route hands it over to the standard route, where stap 5
goes on), another has a ticked signal that decides by itself (a child tells: melden now).
Every page is checked by axe and kept as a screenshot, in Dutch and again in English.

The framework file is a parameter of the walk (``KADERS``): what the walk answers is derived
from the file itself — the shortest path to an answer that hands over, and a catalogue item
with a ``gevolg`` — so another framework in format 2 walks the same way.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.e2e.navigatie import gelukt, stap
from tests.e2e.test_kaderbeheer import inloggen, logins, uitloggen

__all__ = ["logins"]


def _meegeleverd(kader_id: str) -> Path:
    from meldwijzer.kader import meegeleverde_kaders

    return meegeleverde_kaders()[kader_id]


# The example with every format-2 key, and the shipped childcare example with its three routes
# (the route between children hands over to the home situation; a child's own story decides).
KADERS = [
    Path(__file__).parents[1] / "kader" / "kaders" / "formaat2.yaml",
    _meegeleverd("voorbeeld-kinderopvang"),
]


@dataclass
class Overdrachtpad:
    """The answers (question, option label) up to and including the one that hands over."""

    route: str  # title of the route the casus starts in
    antwoorden: list[tuple[str, str]]
    naar: str  # title of the route handed over to
    daarna: str  # the question the casus goes on with


@dataclass
class Beslissend:
    route: str  # title of a route the signal decides in
    signaal: str  # the item's text (its label at stap 1)
    acties: list[str]


def _afweging(kader: Any, route: str, sleutel: str) -> Any:
    from meldwijzer.dossier import stap5

    return stap5.afweging_model(kader, route, sleutel)


def overdrachtpad(kader: Any) -> Overdrachtpad:
    """The shortest path (breadth first, the engine deciding, answers meaning ja first) to an
    answer that hands over, not through an afweging answered at an evaluation."""
    from meldwijzer.dossier import stap5
    from meldwijzer.kader import beslis
    from meldwijzer.kader.model import Rol

    for route in kader.model.routes:
        rij: deque[dict[str, str]] = deque([{}])
        while rij:
            gegeven = rij.popleft()
            b = beslis(kader, gegeven, (), route=route.id)
            if b.overdrachten:
                antwoorden = []
                for s in b.pad:
                    a = stap5.stap_afweging(kader, b, s)
                    antwoorden.append((a.vraag, stap5.optie_model(a, s.antwoord).label))
                volgende = stap5.volgende_afweging(kader, b)
                return Overdrachtpad(
                    route.titel,
                    antwoorden,
                    stap5.route_model(kader, b.route_nu).titel,
                    volgende.vraag if volgende is not None else "",
                )
            sleutel = b.volgende_sleutel
            if sleutel is None:
                continue
            afweging = _afweging(kader, route.id, sleutel)
            if afweging.rol is Rol.RESULTAAT:
                continue
            for optie in stap5.ja_eerst(afweging.opties):  # a handover that melds, if any
                rij.append({**gegeven, sleutel: optie.id})
    raise AssertionError("Dit kader heeft geen antwoord dat de casus overdraagt.")


def beslissend(kader: Any) -> Beslissend:
    for catalogus in kader.model.catalogi:
        for item in catalogus.items:
            if catalogus.aanvinkbaar and item.gevolg is not None:
                route_id = catalogus.routes[0] if catalogus.routes else kader.model.routes[0].id
                titel = next(r.titel for r in kader.model.routes if r.id == route_id)
                acties = [kader.actie_label[a] for a in item.gevolg.acties]
                return Beslissend(titel, item.tekst, acties)
    raise AssertionError("Dit kader heeft geen signaal dat zelf beslist.")


@pytest.fixture
def kader_van_de_organisatie(
    request: pytest.FixtureRequest, logins: dict[str, Any], tmp_path: Path
) -> Any:
    """The framework file imported by a beroepsorganisatie, set from today and chosen by the
    demo organisation's beheerder: new casussen start under it. A shipped example is imported
    under an id of its own, as a beroepsorganisatie adopts an example (a shipped id is not
    importable)."""
    from meldwijzer.accounts.models import Membership, Organisatie, Rol, User
    from meldwijzer.catalogus import beheer
    from meldwijzer.catalogus.tests.bouwers import vastgesteld_kader
    from meldwijzer.catalogus.vertalingen import upload_vertaling
    from meldwijzer.kader import meegeleverde_kaders
    from meldwijzer.kader.vertaling import meegeleverde_vertalingen

    bestand: Path = request.param
    vertaling: tuple[str, str] | None = None
    if bestand in meegeleverde_kaders().values():
        eigen = tmp_path / f"eigen-{bestand.name}"
        tekst = bestand.read_text(encoding="utf-8")
        eigen.write_text(tekst.replace(f"id: {bestand.stem}", f"id: eigen-{bestand.stem}", 1))
        # Its English translation, published with it by the same beroepsorganisatie.
        engels = meegeleverde_vertalingen(bestand.stem).get("en")
        if engels is not None:
            tekst = engels.read_text(encoding="utf-8").replace(
                f"vertaling_van: {bestand.stem}", f"vertaling_van: eigen-{bestand.stem}", 1
            )
            vertaling = (tekst, f"eigen-{bestand.stem}.en.yaml")
        bestand = eigen
    organisatie = Membership.objects.get(user__username="beroepskracht").organisatie
    kb = Membership.objects.create(
        user=User.objects.create_user("kb-opvang"),
        organisatie=Organisatie.objects.create(naam="Beroepsvereniging opvang"),
        rol=Rol.KADERBEHEERDER,
    )
    versie = vastgesteld_kader(kb, bestand)
    if vertaling is not None:
        uitslag = upload_vertaling(
            actor=kb, kader_id=versie.kader_id, tekst=vertaling[0], bestandsnaam=vertaling[1]
        )
        assert not uitslag.fouten, uitslag.fouten
    beheerder = Membership.objects.filter(organisatie=organisatie, rol=Rol.BEHEERDER).first()
    assert beheerder is not None
    beheer.kies_kader(actor=beheerder, kader_id=versie.kader_id)
    return versie.kader()


def nieuwe_casus(w: Any, titel: str, route: str, signaal: str | None = None) -> None:
    """Open a casus in this route and record stappen 1-4 (at stap 1 ticking ``signaal``)."""
    page = w.page
    page.get_by_role("link", name="Nieuwe casus").first.click()
    page.get_by_label("Korte omschrijving").fill(titel)
    page.get_by_label(route, exact=True).check()
    w.bekijk("nieuwe casus met route")
    page.get_by_role("button", name="Casus openen").click()
    stap(w, "Stap 1")
    page.get_by_label("Eigen waarneming").check()
    page.get_by_label("Feit", exact=True).check()
    page.get_by_label("Beschrijving").fill("Noor kwam met een blauwe plek op haar wang.")
    if signaal:
        page.get_by_label(signaal, exact=True).check()
    page.get_by_role("button", name="Signaal vastleggen").click()
    gelukt(w, "Het signaal is vastgelegd.")
    stap(w, "Stap 2")
    page.get_by_role("radio", name="Aandachtsfunctionaris", exact=True).check()
    page.get_by_label("Wat werd geadviseerd?").fill("Bespreek het met de ouders.")
    page.get_by_role("button", name="Consultatie vastleggen").click()
    gelukt(w, "De consultatie is vastgelegd.")
    stap(w, "Stap 3")
    page.get_by_label("Met wie").fill("moeder")
    page.get_by_label("Reactie van de betrokkene(n)").fill("Moeder schrok.")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    gelukt(w, "Het gesprek is vastgelegd.")
    stap(w, "Stap 4")
    page.get_by_label("Aard en ernst").fill("Onverklaard letsel bij een peuter.")
    page.get_by_role("button", name="Weging vastleggen").click()
    gelukt(w, "De weging is vastgelegd.")
    stap(w, "Stap 5")


def beantwoord(w: Any, vraag: str, label: str) -> None:
    """Answer the afweging on the page (its question checked), with Veilig Thuis and a
    toelichting where the form asks for them."""
    page = w.page
    afweging = page.locator("#afweging")
    expect(afweging.locator("legend.afweging__vraag")).to_contain_text(vraag)
    afweging.get_by_label(label, exact=True).check()
    afweging.get_by_label("Toelichting", exact=True).fill("Besproken met de aandachtsfunctionaris.")
    if afweging.get_by_label("Met wie bij Veilig Thuis").count():
        afweging.get_by_label("Met wie bij Veilig Thuis").fill("Veilig Thuis, de heer Jansen")
        afweging.get_by_label("Wanneer besproken met Veilig Thuis").fill(
            page.evaluate("new Date(Date.now() - 864e5).toISOString().slice(0, 10)")
        )
    afweging.get_by_role("button", name="Antwoord vastleggen").click()
    expect(page.locator(".notificatie--success")).to_be_visible()


@pytest.mark.parametrize("kader_van_de_organisatie", KADERS, indirect=True, ids=lambda p: p.stem)
def test_casus_door_een_overdracht_en_met_een_beslissend_signaal(
    wandeling: Any, logins: dict[str, Any], kader_van_de_organisatie: Any
) -> None:
    w = wandeling
    page = w.page
    kader = kader_van_de_organisatie
    pad = overdrachtpad(kader)
    signaal = beslissend(kader)
    inloggen(w, logins["beroepskracht"], "Mijn casussen")

    # A casus through the handover: the answers up to it, then stap 5 goes on in the new route.
    nieuwe_casus(w, "Letsel bij Noor", pad.route)
    w.bekijk("stap 5 begin")
    for vraag, label in pad.antwoorden:
        beantwoord(w, vraag, label)
    routestand = page.locator("#afweging .routestand")
    expect(routestand).to_contain_text(f"Verder in route ‘{pad.naar}’")
    expect(page.locator("#afweging legend.afweging__vraag")).to_contain_text(pad.daarna)
    w.bekijk("stap 5 verder in de route na de overdracht")
    page.locator("details.uitklap > summary", has_text="De route als tekst").click()
    expect(page.locator(".route__verder")).to_contain_text(pad.naar)
    w.bekijk("stap 5 de route als tekst over twee routes")
    beantwoord(w, pad.daarna, page.locator("#afweging .keuze--optie label").first.inner_text())
    expect(page.locator("#besluiten-titel")).to_be_visible()
    page.locator("section[aria-labelledby=besluiten-titel] tbody a").first.click()
    expect(page.locator(".routestand")).to_contain_text(f"Verder in route ‘{pad.naar}’")
    w.bekijk("besluit na de overdracht")

    # A casus with the deciding signal ticked at stap 1: stap 5 says what it decides at once.
    page.goto(w.basis + "/")
    nieuwe_casus(w, "Noor vertelt", signaal.route, signaal.signaal)
    beslist = page.locator("section.beslissend")
    expect(beslist).to_contain_text(signaal.signaal)
    for actie in signaal.acties:
        expect(beslist).to_contain_text(actie)
    expect(beslist.locator("blockquote.norm")).to_be_visible()
    w.bekijk("stap 5 een signaal beslist")

    stap5 = page.url
    w.opnieuw_in_het_engels()
    if vertaald_vraag := engelse_vraag(kader, signaal.route, "en"):
        # The framework's own English translation, published with it: stap 5 asks in English,
        # with the Dutch original one click away.
        w.taal("en")
        page.goto(stap5)
        afweging = page.locator("#afweging")
        expect(afweging.locator("legend.afweging__vraag")).to_contain_text(vertaald_vraag)
        origineel = afweging.locator("fieldset.keuzegroep--afweging > details.origineel")
        origineel.locator("summary").click()
        expect(origineel.locator("[lang=nl]")).to_be_visible()
        w.bekijk("stap 5 in de vertaling van het kader")
        w.taal("nl")
    uitloggen(w)


def engelse_vraag(kader: Any, route_titel: str, taal: str) -> str:
    """The translated question of the first afweging of this route, when the framework has a
    published translation into ``taal``; else empty."""
    from meldwijzer.kader.vertaling import vertaling_voor

    vertaling = vertaling_voor(kader, taal)
    if vertaling is None:
        return ""
    route = next(r for r in kader.model.routes if r.titel == route_titel)
    return vertaling.tekst("routes", route.id, "afwegingen", route.afwegingen[0].id, "vraag") or ""
