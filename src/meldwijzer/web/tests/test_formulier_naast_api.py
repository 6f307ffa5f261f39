"""A person with a form beside systems that keep writing to the same casus (docs/adr/0013).

A fault test saw a person win 1 of 210 saves against six API writers: every save was refused
because the casus version had moved on while the form was open. A form now conflicts only with a
change to the part it works on; a besluit, which builds on the whole dossier, is refused once
with what changed, and goes through on the second save unless its own part changed again.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meldwijzer.accounts.models import Rol
from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import Betrokkene, Casus, Hulpplan, Kindcheck, Signaal
from meldwijzer.dossier.tests.bouwers import EERGISTEREN, GISTEREN, beantwoord, leg_hulpplan_vast

pytestmark = pytest.mark.django_db

SCHRIJVERS = 6


def url(naam, casus, *extra):
    return reverse(f"web:{naam}", args=[casus.uuid, *extra])


def verborgen(pagina: str) -> dict[str, str]:
    """The hidden fields the page's forms carry (the casus version and what goes with it)."""
    velden = {}
    for veld in re.findall(r"<input [^>]*type=\"hidden\"[^>]*>", pagina):
        naam = re.search(r'name="([^"]+)"', veld)
        waarde = re.search(r'value="([^"]*)"', veld)
        if naam and naam.group(1) not in ("csrfmiddlewaretoken", "next"):
            velden[naam.group(1)] = waarde.group(1) if waarde else ""
    return velden


@pytest.fixture
def api_schrijvers(maak_lid, beroepskracht, casus):
    """Six applications, each for a colleague with whom the casus is shared to record."""
    schrijvers = []
    for _ in range(SCHRIJVERS):
        lid = maak_lid(Rol.BEROEPSKRACHT, organisatie=beroepskracht.organisatie)
        services.deel_casus(actor=beroepskracht, casus=casus, met=lid.user_id, recht="schrijven")
        schrijvers.append(Api(token_voor(lid)))
    return schrijvers


def laat_schrijven(api_schrijvers, casus: Casus, rondes: int = 1) -> None:
    """Each writer reads the casus and records a signaal with the version it read: a loop."""
    for _ in range(rondes):
        for i, api in enumerate(api_schrijvers):
            pad = f"/api/casussen/{casus.uuid}"
            gelezen = api.get(pad)["ETag"].strip('"')
            r = api.post(
                f"{pad}/signalen",
                {
                    "datum": GISTEREN.isoformat(),
                    "bron": "eigen",
                    "aard": "feit",
                    "tekst": f"Melding uit het ECD ({i}).",
                },
                versie=gelezen,
            )
            assert r.status_code == 201, r.content


# --- adding never loses to a loop -------------------------------------------------------


def test_een_nieuw_signaal_via_het_formulier_landt_telkens(
    beroepskracht, casus, client_van, api_schrijvers
):
    client = client_van(beroepskracht)
    gelukt = 0
    for poging in range(10):
        pagina = client.get(url("signalen", casus)).content.decode()
        laat_schrijven(api_schrijvers, casus)  # six saves while the person types
        antwoord = client.post(
            url("signalen", casus),
            {
                "datum": GISTEREN.isoformat(),
                "bron": "eigen",
                "aard": "feit",
                "tekst": f"Eigen waarneming {poging}.",
                **verborgen(pagina),
            },
        )
        gelukt += antwoord.status_code == 302
    assert gelukt == 10
    assert sum(s.tekst.startswith("Eigen waarneming") for s in Signaal.objects.all()) == 10
    assert Signaal.objects.count() == 10 + 10 * SCHRIJVERS


def test_een_betrokkene_naast_signalen_van_het_ecd(
    beroepskracht, casus, client_van, api_schrijvers
):
    client = client_van(beroepskracht)
    pagina = client.get(url("betrokkenen", casus)).content.decode()
    laat_schrijven(api_schrijvers, casus, rondes=2)
    antwoord = client.post(
        url("betrokkenen", casus),
        {"rol": "kind", "relatie": "leerling", "leeftijd": "8", **verborgen(pagina)},
    )
    assert antwoord.status_code == 302
    assert Betrokkene.objects.get().relatie == "leerling"


# --- a besluit: refused once with what changed, then saved ------------------------------


def test_besluit_eerst_het_overzicht_dan_opgeslagen_ook_als_het_ecd_doorschrijft(
    beroepskracht, casus_stap5, client_van, api_schrijvers
):
    client = client_van(beroepskracht)
    pagina = client.get(url("besluit", casus_stap5)).content.decode()
    laat_schrijven(api_schrijvers, casus_stap5)
    invoer = {"afweging": "1", "antwoord": "ja", "toelichting": "Blauwe plekken, twee keer."}
    eerst = client.post(url("besluit", casus_stap5), {**invoer, **verborgen(pagina)})
    tekst = eerst.content.decode()
    assert eerst.status_code == 200
    assert not selectors.huidige_antwoorden(casus_stap5)  # nothing stored
    assert "Blauwe plekken, twee keer." in tekst  # the input is kept
    # What changed, who and when: six signalen, each by another professional.
    assert "Wat er veranderde sinds u dit formulier opende" in tekst
    assert tekst.count("Signaal vastgelegd (stap 1)") >= SCHRIJVERS
    # The ECD keeps writing while the person reads; the second save still goes through.
    laat_schrijven(api_schrijvers, casus_stap5, rondes=2)
    tweede = client.post(url("besluit", casus_stap5), {**invoer, **verborgen(tekst)})
    assert tweede.status_code == 302
    antwoord = selectors.huidige_antwoorden(casus_stap5)[0]
    assert (antwoord.afweging, antwoord.antwoord) == ("1", "ja")


def test_besluit_botst_opnieuw_als_iemand_intussen_zelf_antwoordde(
    beroepskracht, aandachtsfunctionaris, casus_stap5, client_van, api_schrijvers
):
    client = client_van(beroepskracht)
    pagina = client.get(url("besluit", casus_stap5)).content.decode()
    laat_schrijven(api_schrijvers, casus_stap5)
    invoer = {"afweging": "1", "antwoord": "ja", "toelichting": "Vermoeden."}
    tekst = client.post(url("besluit", casus_stap5), {**invoer, **verborgen(pagina)})
    tekst = tekst.content.decode()
    # Before the second save the aandachtsfunctionaris answers afweging 1 herself.
    beantwoord(aandachtsfunctionaris, casus_stap5, {"1": "ja"})
    tweede = client.post(url("besluit", casus_stap5), {**invoer, **verborgen(tekst)})
    assert tweede.status_code == 200
    assert "Afweging beantwoord (stap 5)" in tweede.content.decode()
    assert [a.beantwoord_door_id for a in selectors.huidige_antwoorden(casus_stap5)] == [
        aandachtsfunctionaris.user_id
    ]


# --- a real conflict on the same record is still caught ----------------------------------


def plan(casus, **extra):
    return {
        "datum": EERGISTEREN.isoformat(),
        "doelen": "Veilig thuis.",
        "resultaten": "Geen geweld.",
        "wie_doet_wat": "Wijkteam traint; school volgt.",
        "monitoring": "Wekelijks, zes maanden.",
        "meerdere_beroepskrachten": "ja",
        "casusregie": "Wijkteam",
        "evaluatiedatum_1": GISTEREN.isoformat(),
        **extra,
    }


@pytest.fixture
def casus_hulp(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    leg_hulpplan_vast(beroepskracht, casus_stap5)
    return casus_stap5


def test_hulpplan_dat_intussen_via_de_api_werd_bijgewerkt(
    beroepskracht, aandachtsfunctionaris, casus_hulp, client_van, api_schrijvers
):
    client = client_van(beroepskracht)
    pagina = client.get(url("hulpplan", casus_hulp)).content.decode()
    # The aandachtsfunctionaris's planning system writes a new version of the same plan.
    af = Api(token_voor(aandachtsfunctionaris, naam="Planning"))
    pad = f"/api/casussen/{casus_hulp.uuid}"
    nieuw = {
        "datum": EERGISTEREN.isoformat(),
        "doelen": "Veilig thuis; vader in behandeling.",
        "resultaten": "Geen geweld.",
        "wie_doet_wat": "Wijkteam en GGZ.",
        "monitoring": "Wekelijks.",
        "meerdere_beroepskrachten": True,
        "casusregie": "Wijkteam",
        "evaluatiedata": [(timezone.localdate() + dt.timedelta(days=30)).isoformat()],
    }
    r = af.post(f"{pad}/hulpplannen", nieuw, versie=af.get(pad)["ETag"].strip('"'))
    assert r.status_code == 201, r.content
    laat_schrijven(api_schrijvers, casus_hulp)
    invoer = plan(casus_hulp, doelen="Sam veilig op school en thuis.")
    eerst = client.post(url("hulpplan", casus_hulp), {**invoer, **verborgen(pagina)})
    tekst = eerst.content.decode()
    assert eerst.status_code == 200
    assert Hulpplan.objects.count() == 2  # nothing of the person's version was stored
    assert "Sam veilig op school en thuis." in tekst
    assert "Hulpplan vastgelegd" in tekst and aandachtsfunctionaris.user.weergavenaam in tekst
    # Having seen the other version, the person saves theirs as the next one.
    laat_schrijven(api_schrijvers, casus_hulp)
    tweede = client.post(url("hulpplan", casus_hulp), {**invoer, **verborgen(tekst)})
    assert tweede.status_code == 302
    assert selectors.huidig_hulpplan(casus_hulp).doelen == "Sam veilig op school en thuis."


def test_kindcheck_van_dezelfde_betrokkene_botst_een_andere_niet(
    beroepskracht, aandachtsfunctionaris, casus, client_van
):
    moeder, vader = (
        services.voeg_betrokkene_toe(
            actor=beroepskracht, casus=casus, rol="volwassene", relatie=r, leeftijd=40
        )
        for r in ("moeder", "vader")
    )
    client = client_van(beroepskracht)
    pagina = client.get(url("kindcheck", casus, moeder.pk)).content.decode()
    services.leg_kindcheck_vast(
        actor=aandachtsfunctionaris, casus=casus, betrokkene=vader, condities=[]
    )
    invoer = {"toelichting": "Geen omstandigheden.", **verborgen(pagina)}
    assert client.post(url("kindcheck", casus, moeder.pk), invoer).status_code == 302
    pagina = client.get(url("kindcheck", casus, moeder.pk)).content.decode()
    services.leg_kindcheck_vast(
        actor=aandachtsfunctionaris,
        casus=casus,
        betrokkene=moeder,
        condities=[],
        toelichting="Door de AF.",
    )
    invoer = {"toelichting": "Tweede blik.", **verborgen(pagina)}
    botsing = client.post(url("kindcheck", casus, moeder.pk), invoer)
    assert botsing.status_code == 200
    assert "Tweede blik." in botsing.content.decode()
    assert "Kindcheck vastgelegd" in botsing.content.decode()
    assert "Tweede blik." not in [k.toelichting for k in Kindcheck.objects.all()]
