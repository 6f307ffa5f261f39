"""The pages after the besluit over HTTP: what follows the besluit, care, working together, stale
forms and bad input (Dutch messages, input kept, nothing stored)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from meldwijzer.audit.models import Gebeurtenis, Toegang
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import (
    Afsluiting,
    AfspraakVeiligThuis,
    Casus,
    CasusDeling,
    Evaluatie,
    Hulpplan,
    Kindcheck,
    Melding,
    Signaal,
    Zienswijze,
)
from meldwijzer.dossier.tests.bouwers import EERGISTEREN, GISTEREN, beantwoord, leg_hulpplan_vast

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()
PAGINAS = ["zienswijzen", "hulpplan", "evaluatie", "afsluiten", "samenwerken", "melding"]


def url(naam, casus, *extra):
    return reverse(f"web:{naam}", args=[casus.uuid, *extra])


def vers(casus):
    return Casus.objects.get(pk=casus.pk).versie


def melding(actor, casus):
    return services.leg_melding_vast(
        actor=actor,
        casus=casus,
        datum=GISTEREN,
        wijze="telefoon",
        vt_contact="mevrouw De Vries",
        vooraf_geinformeerd=True,
        hoe_geinformeerd="Moeder vooraf gebeld.",
    )


@pytest.fixture
def casus_hulp(beroepskracht, casus_stap5):
    """Help under way: 1 ja, 2 nee, 3 ja, 4 ja."""
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    return casus_stap5


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("naam", PAGINAS)
def test_paginas_alleen_voor_wie_de_casus_ziet(
    naam, beroepskracht, collega, buitenstaander, casus, client_van
):
    assert client_van(beroepskracht).get(url(naam, casus)).status_code == 200
    for lid in (collega, buitenstaander):
        for methode in ("get", "post"):
            antwoord = getattr(client_van(lid), methode)(url(naam, casus), {"versie": "1"})
            assert antwoord.status_code == 404, (lid, methode)
            assert casus.kenmerk.encode() not in antwoord.content


def test_lezen_van_een_pagina_komt_in_het_toegangslog(beroepskracht, casus, client_van):
    client = client_van(beroepskracht)
    for naam in PAGINAS:
        client.get(url(naam, casus))
    onderdelen = set(Toegang.objects.filter(casus=casus).values_list("onderdeel", flat=True))
    assert {f"casus.{n}" for n in PAGINAS} <= onderdelen


def test_meelezen_toont_geen_formulieren_en_weigert_schrijven(
    beroepskracht, collega, casus, client_van
):
    services.deel_casus(actor=beroepskracht, casus=casus, met=collega.user_id, recht="lezen")
    client = client_van(collega)
    pagina = client.get(url("signalen", casus)).content.decode()
    assert "om mee te lezen" in pagina and 'name="tekst"' not in pagina
    antwoord = client.post(
        url("signalen", casus),
        {"datum": GISTEREN, "bron": "eigen", "aard": "feit", "tekst": "x", "versie": vers(casus)},
    )
    assert antwoord.status_code == 403
    assert not Signaal.objects.exists()


# --- no lost work -------------------------------------------------------------------------


def test_een_nieuw_signaal_landt_naast_een_wijziging_van_een_ander(
    beroepskracht, aandachtsfunctionaris, casus, client_van
):
    """A signaal adds a record and overwrites nothing: a consultatie recorded by a colleague
    while the form was open does not refuse it (docs/adr/0013). A form that builds on the whole
    dossier is still refused first, with the input kept (the stap 5 test below, and
    test_formulier_naast_api)."""
    geopend = vers(casus)
    services.leg_consultatie_vast(
        actor=aandachtsfunctionaris, casus=casus, met_wie="collega", datum=GISTEREN, advies="x"
    )
    client = client_van(beroepskracht)
    data = {
        "datum": GISTEREN.isoformat(),
        "bron": "eigen",
        "aard": "feit",
        "tekst": "Blauwe plek op de linkerarm, 3 cm.",
        "versie": geopend,
    }
    assert client.post(url("signalen", casus), data).status_code == 302
    assert Signaal.objects.count() == 1


def test_verouderd_antwoord_in_stap_5(
    beroepskracht, aandachtsfunctionaris, casus_stap5, client_van
):
    geopend = vers(casus_stap5)
    services.leg_consultatie_vast(
        actor=aandachtsfunctionaris,
        casus=casus_stap5,
        met_wie="collega",
        datum=GISTEREN,
        advies="x",
    )
    antwoord = client_van(beroepskracht).post(
        url("besluit", casus_stap5), {"afweging": "1", "antwoord": "ja", "versie": geopend}
    )
    assert "gewijzigd nadat u dit formulier opende" in antwoord.content.decode()
    assert not selectors.huidige_antwoorden(casus_stap5)


# --- melding: agreements, feedback, spoedmelding ----------------------------------------


def test_spoedmelding_via_de_pagina(beroepskracht, casus, client_van):
    client = client_van(beroepskracht)
    pagina = client.get(url("melding", casus)).content.decode()
    assert "Spoedmelding vastleggen" in pagina
    data = {
        "datum": VANDAAG.isoformat(),
        "wijze": "telefoon",
        "vt_contact": "mevrouw De Vries",
        "vooraf_geinformeerd": "nee",
        "reden_niet_geinformeerd": "veiligheid_kind",
        "toelichting_niet_geinformeerd": "Vader mag het niet weten.",
        "versie": vers(casus),
    }
    fout = client.post(url("melding", casus), data).content.decode()
    assert "Beschrijf het acute gevaar" in fout
    assert not Melding.objects.exists()
    goed = client.post(url("melding", casus), {**data, "spoed_reden": "Dreiging met een mes."})
    assert goed.status_code == 302
    assert Melding.objects.get().spoed
    overzicht = client.get(url("casus", casus)).content.decode()
    assert "leg de stappen van de meldcode alsnog vast" in overzicht


def test_afspraak_en_terugkoppeling_via_de_pagina(beroepskracht, casus_stap5, client_van):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja"})
    m = melding(beroepskracht, casus_stap5)
    client = client_van(beroepskracht)
    data = {
        "datum": GISTEREN.isoformat(),
        "vt_contact": "mevrouw De Vries",
        "wie_doet_wat": "Veilig Thuis spreekt vader.",
        "resultaten": "Geen nieuw geweld.",
        "termijn_aantal": "abc",
        "termijn_eenheid": "weken",
        "versie": vers(casus_stap5),
    }
    fout = client.post(url("melding_afspraak", casus_stap5, m.pk), data).content.decode()
    assert "Vul de termijn in als een heel getal" in fout
    assert not AfspraakVeiligThuis.objects.exists()
    goed = client.post(url("melding_afspraak", casus_stap5, m.pk), {**data, "termijn_aantal": 6})
    assert goed.status_code == 302
    terug = client.post(
        url("melding_terugkoppeling", casus_stap5, m.pk),
        {"datum": GISTEREN.isoformat(), "uitkomst": "onderzoek", "versie": vers(casus_stap5)},
    )
    assert terug.status_code == 302
    pagina = client.get(url("melding", casus_stap5)).content.decode()
    assert "Onderzoek door Veilig Thuis" in pagina and "6 weken" in pagina


def test_melding_van_een_andere_casus_geeft_404(beroepskracht, casus_stap5, client_van):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja"})
    m = melding(beroepskracht, casus_stap5)
    andere = services.open_casus(actor=beroepskracht, titel="Andere")
    client = client_van(beroepskracht)
    assert client.get(url("melding_afspraak", andere, m.pk)).status_code == 404
    assert client.get(url("melding_terugkoppeling", andere, m.pk)).status_code == 404


# --- hulpplan, evaluatie, afsluiting --------------------------------------------------


def plan_data(casus, **extra):
    return {
        "datum": EERGISTEREN.isoformat(),
        "doelen": "Veilig thuis.",
        "resultaten": "Geen geweld.",
        "wie_doet_wat": "Wijkteam traint; school volgt.",
        "monitoring": "Wekelijks, zes maanden.",
        "meerdere_beroepskrachten": "ja",
        "casusregie": "Wijkteam",
        "evaluatiedatum_1": GISTEREN.isoformat(),
        "versie": vers(casus),
        **extra,
    }


@pytest.mark.parametrize(
    ("extra", "melding_tekst"),
    [
        ({"evaluatiedatum_1": EERGISTEREN.isoformat()}, "ligt niet na de datum van het plan"),
        ({"datum": (VANDAAG + dt.timedelta(days=1)).isoformat()}, "in de toekomst"),
        ({"doelen": "x" * 10_001}, "houd hem korter dan 10000 tekens"),
        ({"casusregie": ""}, "casusregie"),
        ({"evaluatiedatum_1": "31-02-2025"}, "Vul een geldige datum in"),
    ],
)
def test_hulpplan_slechte_invoer(beroepskracht, casus_hulp, client_van, extra, melding_tekst):
    antwoord = client_van(beroepskracht).post(
        url("hulpplan", casus_hulp), plan_data(casus_hulp, **extra)
    )
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Controleer wat u invulde" in tekst and melding_tekst in tekst
    assert not Hulpplan.objects.exists()


def test_hulpplan_en_voorwaarden_op_de_pagina(beroepskracht, casus_hulp, client_van):
    client = client_van(beroepskracht)
    assert client.post(url("hulpplan", casus_hulp), plan_data(casus_hulp)).status_code == 302
    pagina = client.get(url("hulpplan", casus_hulp)).content.decode()
    assert "Toets aan de voorwaarden" in pagina
    assert "Huidig plan (versie 1" in pagina
    assert Hulpplan.objects.get().casusregie == "Wijkteam"


def test_afweging_3_vraagt_de_voorwaarden_op_de_pagina(beroepskracht, casus_stap5, client_van):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee"})
    client = client_van(beroepskracht)
    pagina = client.get(url("besluit", casus_stap5)).content.decode()
    assert "De voorwaarden voor effectieve hulp" in pagina
    assert 'name="voorwaarde_0_status"' in pagina
    data = {"afweging": "3", "antwoord": "ja", "versie": vers(casus_stap5)}
    for i in range(4):
        data[f"voorwaarde_{i}_status"] = "niet_voldaan" if i == 1 else "voldaan"
        data[f"voorwaarde_{i}_toelichting"] = f"Uitleg {i + 1}."
    fout = client.post(url("besluit", casus_stap5), data).content.decode()
    assert "hoofdstuk 5, Voorwaarden ten aanzien van hulpverlening" in fout
    assert len(selectors.huidige_antwoorden(casus_stap5)) == 2
    data["toelichting"] = "Traumahulp via de huisarts."
    assert client.post(url("besluit", casus_stap5), data).status_code == 302
    antwoord = selectors.huidige_antwoorden(casus_stap5)[-1]
    assert antwoord.voorwaarden["voorwaarde.2"]["status"] == "niet_voldaan"


def test_afweging_5_verwijst_naar_de_evaluatie(beroepskracht, casus_hulp, client_van):
    pagina = client_van(beroepskracht).get(url("besluit", casus_hulp)).content.decode()
    assert "beantwoordt u bij een evaluatie van het hulpplan" in pagina
    assert 'name="antwoord"' not in pagina


@pytest.mark.parametrize(("resultaat", "naar"), [("nee", "melding"), ("ja", "afsluiten")])
def test_evaluatie_ja_nee_via_de_pagina(beroepskracht, casus_hulp, client_van, resultaat, naar):
    leg_hulpplan_vast(beroepskracht, casus_hulp)
    data = {
        "datum": GISTEREN.isoformat(),
        "bevindingen": "Besproken met ouders.",
        "resultaat": resultaat,
        "toelichting": "Zo is het.",
        "versie": vers(casus_hulp),
    }
    antwoord = client_van(beroepskracht).post(url("evaluatie", casus_hulp), data)
    assert antwoord.status_code == 302 and antwoord.url == url(naar, casus_hulp)
    assert Evaluatie.objects.get().antwoord.antwoord == resultaat


def test_afsluiten_via_de_pagina(beroepskracht, casus_hulp, client_van):
    beantwoord(beroepskracht, casus_hulp, {"5": "ja"})
    client = client_van(beroepskracht)
    pagina = client.get(url("afsluiten", casus_hulp)).content.decode()
    assert "Afspraak 1" in pagina and "Hulp afsluiten: de hulp had resultaat" in pagina
    data = {
        "afspraak-TOTAL_FORMS": "3",
        "afspraak-INITIAL_FORMS": "0",
        "afspraak-MIN_NUM_FORMS": "1",
        "afspraak-MAX_NUM_FORMS": "3",
        "datum": VANDAAG.isoformat(),
        "conclusie": "Veiligheid hersteld.",
        "casusregie_door": "Wijkteam",
        "versie": vers(casus_hulp),
    }
    fout = client.post(url("afsluiten", casus_hulp), data).content.decode()
    assert "Afspraak 1 — Wat wordt gevolgd?: Beschrijf wat er wordt gevolgd." in fout
    assert not Afsluiting.objects.exists()
    data |= {
        "afspraak-0-wat": "Signalen bij Sam",
        "afspraak-0-wie": "Mentor",
        "afspraak-0-tot_wanneer": (VANDAAG + dt.timedelta(days=90)).isoformat(),
        "afspraak-1-wie": "Alleen een naam",  # a half-filled extra agreement is refused
    }
    fout = client.post(url("afsluiten", casus_hulp), data).content.decode()
    assert "Afspraak 2 — Wat wordt gevolgd?" in fout
    assert not Afsluiting.objects.exists()
    data["afspraak-1-wie"] = ""
    assert client.post(url("afsluiten", casus_hulp), data).status_code == 302
    assert Afsluiting.objects.get().afspraken.get().wie == "Mentor"
    overzicht = client.get(url("casus", casus_hulp)).content.decode()
    assert "Trajecten in deze casus" in overzicht and "Signalen bij Sam" in overzicht


# --- care for those involved ----------------------------------------------------------


def test_feit_met_speculatieve_woorden_via_de_pagina(beroepskracht, casus, client_van):
    client = client_van(beroepskracht)
    data = {
        "datum": GISTEREN.isoformat(),
        "bron": "eigen",
        "aard": "feit",
        "tekst": "Vader is waarschijnlijk dronken.",
        "versie": vers(casus),
    }
    fout = client.post(url("signalen", casus), data).content.decode()
    assert "speculatieve woorden" in fout and "‘waarschijnlijk’" in fout
    assert 'name="feit_bevestigd"' in fout
    assert not Signaal.objects.exists()
    assert client.post(url("signalen", casus), {**data, "aard": "mening"}).status_code == 302


def test_waarschuwing_bij_disclosure_op_stap_3_en_melding(beroepskracht, casus, client_van):
    client = client_van(beroepskracht)
    assert (
        "eerst praten kan het slachtoffer" not in client.get(url("gesprek", casus)).content.decode()
    )
    services.leg_signaal_vast(
        actor=beroepskracht,
        casus=casus,
        datum=GISTEREN,
        bron="verteld",
        bron_wie="Aisha",
        aard="feit",
        tekst="Aisha vertelde dat haar broer haar slaat.",
        aangevinkt=["disclosure.uiting"],
    )
    for naam in ("gesprek", "melding"):
        tekst = client.get(url(naam, casus)).content.decode()
        assert "eerst praten kan het slachtoffer in gevaar brengen" in tekst, naam
        assert "hoofdstuk 4, C. Disclosure" in tekst


def test_kindcheck_en_zienswijze_via_de_pagina(beroepskracht, casus, client_van):
    vader = services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol="ouder", relatie="vader", leeftijd=40
    )
    client = client_van(beroepskracht)
    assert "Kindcheck invullen" in client.get(url("betrokkenen", casus)).content.decode()
    antwoord = client.post(
        url("kindcheck", casus, vader.pk),
        {
            "condities": ["kindcheck.intoxicatie"],
            "zorgt_voor_kinderen": "ja",
            "versie": vers(casus),
        },
    )
    assert antwoord.status_code == 302
    assert Kindcheck.objects.get().zorgt_voor_kinderen == "ja"
    pagina = client.get(url("betrokkenen", casus)).content.decode()
    assert "Voeg de kinderen toe als betrokkenen" in pagina
    assert "?rol=kind" in pagina
    antwoord = client.post(
        url("zienswijzen", casus),
        {
            "betrokkene": vader.pk,
            "datum": GISTEREN.isoformat(),
            "hoe": "mondeling",
            "tekst": "Ik drink niet meer.",
            "versie": vers(casus),
        },
    )
    assert antwoord.status_code == 302
    assert Zienswijze.objects.get().betrokkene == vader
    assert "Ik drink niet meer." in client.get(url("signalen", casus)).content.decode()


# --- working together ---------------------------------------------------------------


def test_delen_intrekken_en_overdragen_via_de_pagina(
    beroepskracht, collega, aandachtsfunctionaris, casus, client_van
):
    client = client_van(beroepskracht)
    pagina = client.get(url("samenwerken", casus)).content.decode()
    assert collega.user.weergavenaam in pagina
    antwoord = client.post(
        url("samenwerken", casus),
        {
            "soort": "delen",
            "delen-met": collega.user_id,
            "delen-recht": "schrijven",
            "versie": vers(casus),
        },
    )
    assert antwoord.status_code == 302
    deling = CasusDeling.objects.get()
    assert client_van(collega).get(url("casus", casus)).status_code == 200
    assert (
        client.post(url("deling_intrekken", casus, deling.pk), {"versie": vers(casus)}).status_code
        == 302
    )
    assert client_van(collega).get(url("casus", casus)).status_code == 404
    antwoord = client.post(
        url("samenwerken", casus),
        {
            "soort": "eigenaar",
            "eigenaar-nieuwe_eigenaar": collega.user_id,
            "eigenaar-reden": "Verlof.",
            "versie": vers(casus),
        },
    )
    assert antwoord.status_code == 302 and antwoord.url == reverse("web:casussen")
    assert Casus.objects.get(pk=casus.pk).eigenaar == collega.user
    tijdlijn = client_van(aandachtsfunctionaris).get(url("tijdlijn", casus)).content.decode()
    assert "Casus gedeeld met een collega" in tijdlijn and "Delen ingetrokken" in tijdlijn
    assert "Casus overgedragen" in tijdlijn and "Verlof." in tijdlijn
    assert Gebeurtenis.objects.filter(casus=casus, soort="casus.overgedragen").exists()


def test_een_collega_met_schrijfrecht_deelt_niet_verder(beroepskracht, collega, casus, client_van):
    services.deel_casus(actor=beroepskracht, casus=casus, met=collega.user_id, recht="schrijven")
    pagina = client_van(collega).get(url("samenwerken", casus)).content.decode()
    assert "Alleen de eigenaar van de casus en de aandachtsfunctionaris" in pagina
    assert 'name="delen-met"' not in pagina


# --- English -----------------------------------------------------------------------------


def test_nieuwe_paginas_in_het_engels(beroepskracht, casus_hulp, client_van):
    client = client_van(beroepskracht)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    verwacht = {
        "hulpplan": "Help plan",
        "evaluatie": "Evaluation of the help (consideration 5)",
        "afsluiten": "Close the process",
        "samenwerken": "Share with a colleague",
        "zienswijzen": "Own views of people involved",
        "melding": "Record an urgent report",
    }
    for naam, tekst in verwacht.items():
        pagina = client.get(url(naam, casus_hulp)).content.decode()
        assert '<html lang="en">' in pagina and tekst in pagina, naam
