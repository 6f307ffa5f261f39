"""After the besluit: melding with Veilig Thuis (incl. spoedmelding), hulpplan with the four
voorwaarden, evaluatie of afweging 5, afsluiting, heropening."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import selectors, services, vervolg
from meldwijzer.dossier.models import (
    AfsluitAfspraak,
    Afsluiting,
    AfsluitSoort,
    AfspraakVeiligThuis,
    Antwoord,
    Besluit,
    Evaluatie,
    Fase,
    Hulpplan,
    Melding,
    TerugkoppelingVeiligThuis,
)
from meldwijzer.dossier.tests.bouwers import (
    EERGISTEREN,
    GISTEREN,
    VOORWAARDEN,
    VT,
    beantwoord,
    leg_hulpplan_vast,
    maak_klaar_voor_stap5,
)
from meldwijzer.dossier.werkdagen import volgende_werkdag

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()
MORGEN = VANDAAG + dt.timedelta(days=1)
OVER_EEN_MAAND = VANDAAG + dt.timedelta(days=30)


def melding(actor, casus, **extra):
    velden = {
        "datum": GISTEREN,
        "wijze": "telefoon",
        "vt_contact": "mevrouw De Vries",
        "vooraf_geinformeerd": True,
        "hoe_geinformeerd": "Moeder vooraf gebeld.",
        **extra,
    }
    return services.leg_melding_vast(actor=actor, casus=casus, **velden)


def afspraak(actor, casus, m, **extra):
    velden = {
        "datum": GISTEREN,
        "vt_contact": "mevrouw De Vries",
        "wie_doet_wat": "Veilig Thuis spreekt vader; school volgt Sam.",
        "resultaten": "Geen nieuw geweld; vader in behandeling.",
        "termijn_aantal": 6,
        "termijn_eenheid": "weken",
        **extra,
    }
    return services.leg_afspraak_veilig_thuis_vast(actor=actor, casus=casus, melding=m, **velden)


def terugkoppeling(actor, casus, m, **extra):
    velden = {"datum": GISTEREN, "uitkomst": "voorwaarden", **extra}
    return services.leg_terugkoppeling_vast(actor=actor, casus=casus, melding=m, **velden)


def afspraken_bij_afsluiten():
    return [
        {
            "wat": "Of er opnieuw signalen van geweld zijn",
            "wie": "Mentor van Sam",
            "partners": "Wijkteam",
            "tot_wanneer": OVER_EEN_MAAND,
        }
    ]


def sluit_af(actor, casus, **extra):
    velden = {
        "datum": VANDAAG,
        "conclusie": "De veiligheid is hersteld.",
        "casusregie_door": "Wijkteam, de heer Bakker",
        "afspraken": afspraken_bij_afsluiten(),
        **extra,
    }
    return services.sluit_traject_af(actor=actor, casus=casus, **velden)


# --- melding, complete ----------------------------------------------------------------------


def test_afspraken_en_terugkoppeling_bij_een_melding(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja"})
    m = melding(beroepskracht, casus_stap5)
    a = afspraak(beroepskracht, casus_stap5, m)
    # Six weeks on, moved to the next working day when that is a weekend or holiday.
    assert a.uiterlijk == volgende_werkdag(GISTEREN + dt.timedelta(weeks=6))
    t = terugkoppeling(beroepskracht, casus_stap5, m)
    assert list(m.afspraken.all()) == [a] and list(m.terugkoppelingen.all()) == [t]
    soorten = set(Gebeurtenis.objects.filter(casus=casus_stap5).values_list("soort", flat=True))
    assert {"afspraak_vt.vastgelegd", "terugkoppeling_vt.vastgelegd"} <= soorten
    stand = vervolg.vervolg(casus_stap5)
    assert stand.meldingen[0].compleet


@pytest.mark.parametrize(
    ("veld", "waarde", "tekst"),
    [
        ("termijn_aantal", 0, "termijn"),
        ("termijn_aantal", 400, "termijn"),
        ("termijn_eenheid", "jaren", "Kies"),
        ("resultaten", "  ", "resultaten"),
        ("datum", MORGEN, "toekomst"),
        ("vt_contact", "x" * 201, "korter"),
    ],
)
def test_afspraak_met_slechte_invoer_slaat_niets_op(
    beroepskracht, casus_stap5, veld, waarde, tekst
):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja"})
    m = melding(beroepskracht, casus_stap5)
    voor = Gebeurtenis.objects.count()
    with pytest.raises(ValidationError) as fout:
        afspraak(beroepskracht, casus_stap5, m, **{veld: waarde})
    assert tekst in " ".join(fout.value.message_dict[veld])
    assert not AfspraakVeiligThuis.objects.exists()
    assert Gebeurtenis.objects.count() == voor


def test_termijn_in_maanden_loopt_tot_dezelfde_dag():
    a = AfspraakVeiligThuis(datum=dt.date(2025, 1, 31), termijn_aantal=1, termijn_eenheid="maanden")
    assert a.uiterlijk == dt.date(2025, 2, 28)
    a = AfspraakVeiligThuis(
        datum=dt.date(2025, 11, 14), termijn_aantal=3, termijn_eenheid="maanden"
    )
    assert a.uiterlijk == dt.date(2026, 2, 16)  # Saturday the 14th: the Monday after


def test_terugkoppeling_anders_vraagt_toelichting_en_niet_voor_de_melding(
    beroepskracht, casus_stap5
):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja"})
    m = melding(beroepskracht, casus_stap5)
    with pytest.raises(ValidationError) as fout:
        terugkoppeling(beroepskracht, casus_stap5, m, uitkomst="anders")
    assert "toelichting" in fout.value.message_dict
    with pytest.raises(ValidationError) as fout:
        terugkoppeling(beroepskracht, casus_stap5, m, datum=EERGISTEREN)
    assert "vóór de melding" in fout.value.message_dict["datum"][0]
    assert not TerugkoppelingVeiligThuis.objects.exists()


def test_melding_van_een_andere_casus_wordt_geweigerd(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja"})
    m = melding(beroepskracht, casus_stap5)
    andere = services.open_casus(actor=beroepskracht, titel="Andere casus")
    with pytest.raises(ValidationError, match="hoort niet bij"):
        afspraak(beroepskracht, andere, m)


def test_spoedmelding_op_elk_moment_en_daarna_de_ontbrekende_stappen(beroepskracht, casus):
    with pytest.raises(ValidationError) as fout:
        melding(beroepskracht, casus, spoed=True)
    assert "spoed_reden" in fout.value.message_dict
    spoed = melding(
        beroepskracht,
        casus,
        spoed=True,
        spoed_reden="Moeder belde: vader staat met een mes voor de deur.",
        vooraf_geinformeerd=False,
        reden_niet_geinformeerd="veiligheid_kind",
        toelichting_niet_geinformeerd="Vader mag dit niet weten.",
        hoe_geinformeerd="",
    )
    assert spoed.spoed and spoed.besluit is None
    assert casus.fase == Fase.SIGNALEREN
    assert Gebeurtenis.objects.filter(soort="spoedmelding.vastgelegd").count() == 1
    stand = vervolg.vervolg(casus)
    assert stand.spoedmelding == spoed
    assert [o.stap for o in stand.spoed_ontbrekend] == [1, 2, 3, 4, 5]
    # The steps are recorded afterwards; stap 5 then finds the melding already made.
    maak_klaar_voor_stap5(beroepskracht, casus, signalen=["acuut.wapen"])
    beantwoord(beroepskracht, casus, {"1": "ja", "2": "ja"})
    stand = vervolg.vervolg(casus)
    assert stand.spoed_ontbrekend == []
    assert stand.stand.meldingen_nodig == 1 and not stand.stand.melding_open


def test_gewone_melding_vraagt_een_besluit_met_melden(beroepskracht, casus):
    with pytest.raises(ValidationError, match="geen melding nodig"):
        melding(beroepskracht, casus)
    assert not Melding.objects.exists()


# --- hulpplan and the four voorwaarden ------------------------------------------------------


def test_afweging_3_vraagt_de_vier_voorwaarden(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee"})
    with pytest.raises(ValidationError) as fout:
        services.beantwoord_afweging(
            actor=beroepskracht, casus=casus_stap5, afweging="3", antwoord="ja"
        )
    velden = set(fout.value.message_dict)
    assert {f"voorwaarde_{i}_status" for i in range(4)} <= velden
    assert {f"voorwaarde_{i}_toelichting" for i in range(4)} <= velden
    assert Antwoord.objects.filter(afweging="3").count() == 0


def test_voorwaarde_1_kan_niet_nvt_zijn(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee"})
    toets = {**VOORWAARDEN, "voorwaarde.1": {"status": "nvt", "toelichting": "Kort contact."}}
    with pytest.raises(ValidationError) as fout:
        services.beantwoord_afweging(
            actor=beroepskracht, casus=casus_stap5, afweging="3", antwoord="ja", voorwaarden=toets
        )
    assert "iedere beroepskracht" in fout.value.message_dict["voorwaarde_0_status"][0]


def test_ja_met_een_voorwaarde_niet_voldaan_waarschuwt_met_hoofdstuk_5(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee"})
    toets = {
        **VOORWAARDEN,
        "voorwaarde.2": {"status": "niet_voldaan", "toelichting": "Geen traumahulp."},
    }
    with pytest.raises(ValidationError) as fout:
        services.beantwoord_afweging(
            actor=beroepskracht, casus=casus_stap5, afweging="3", antwoord="ja", voorwaarden=toets
        )
    tekst = fout.value.message_dict["toelichting"][0]
    assert "voorwaarde 2" in tekst
    assert "hoofdstuk 5, Voorwaarden ten aanzien van hulpverlening" in tekst
    resultaat = services.beantwoord_afweging(
        actor=beroepskracht,
        casus=casus_stap5,
        afweging="3",
        antwoord="ja",
        voorwaarden=toets,
        toelichting="Traumahulp wordt via de huisarts geregeld.",
    )
    assert resultaat.antwoord.voorwaarden["voorwaarde.2"]["status"] == "niet_voldaan"
    assert resultaat.besluit.antwoorden[-1]["voorwaarden"] == resultaat.antwoord.voorwaarden
    # 'nee' needs no explanation of a voorwaarde not met: it leads to melden.


def test_hulpplan_pas_na_afweging_3_ja_en_versies(beroepskracht, casus_stap5):
    with pytest.raises(ValidationError, match="hulp die u zelf biedt of organiseert"):
        leg_hulpplan_vast(beroepskracht, casus_stap5)
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    assert vervolg.vervolg(casus_stap5).hulpplan_nodig
    eerste = leg_hulpplan_vast(beroepskracht, casus_stap5)
    tweede = leg_hulpplan_vast(beroepskracht, casus_stap5, doelen="Aangescherpte doelen.")
    assert (eerste.volgnummer, tweede.volgnummer) == (1, 2)
    assert tweede.vervangt == eerste
    assert selectors.huidig_hulpplan(casus_stap5) == tweede
    assert not vervolg.vervolg(casus_stap5).hulpplan_nodig


@pytest.mark.parametrize(
    ("extra", "veld", "tekst"),
    [
        ({"evaluatiedata": [EERGISTEREN]}, "evaluatiedatum_1", "niet na de datum van het plan"),
        ({"evaluatiedata": []}, "evaluatiedatum_1", "ten minste één"),
        ({"datum": MORGEN}, "datum", "toekomst"),
        ({"casusregie": ""}, "casusregie", "casusregie"),
        ({"meerdere_beroepskrachten": None}, "meerdere_beroepskrachten", "meerdere"),
        ({"doelen": "x" * 10_001}, "doelen", "korter dan"),
        ({"monitoring": ""}, "monitoring", "gevolgd"),
    ],
)
def test_hulpplan_met_slechte_invoer_slaat_niets_op(beroepskracht, casus_stap5, extra, veld, tekst):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    voor = Gebeurtenis.objects.count()
    with pytest.raises(ValidationError) as fout:
        leg_hulpplan_vast(beroepskracht, casus_stap5, **extra)
    assert tekst in " ".join(fout.value.message_dict[veld])
    assert not Hulpplan.objects.exists()
    assert Gebeurtenis.objects.count() == voor


# --- evaluatie: afweging 5 ------------------------------------------------------------------


def evalueer(actor, casus, **extra):
    velden = {
        "datum": GISTEREN,
        "bevindingen": "Geen nieuw geweld gemeld; training loopt.",
        "resultaat": "doorgaan",
        "toelichting": "Termijn loopt nog.",
        "volgende_datum": OVER_EEN_MAAND,
        **extra,
    }
    return services.leg_evaluatie_vast(actor=actor, casus=casus, **velden)


def test_afweging_5_alleen_via_de_evaluatie(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    with pytest.raises(ValidationError, match="evaluatie van het hulpplan"):
        services.beantwoord_afweging(
            actor=beroepskracht, casus=casus_stap5, afweging="5", antwoord="ja"
        )
    with pytest.raises(ValidationError, match="eerst het hulpplan"):
        evalueer(beroepskracht, casus_stap5)


def test_evaluatie_doorgaan_ja_nee(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    plan = leg_hulpplan_vast(beroepskracht, casus_stap5)
    besluiten = Besluit.objects.count()
    e = evalueer(beroepskracht, casus_stap5)
    assert e.resultaat == "doorgaan" and e.antwoord is None and e.hulpplan == plan
    assert Besluit.objects.count() == besluiten  # doorgaan stores no besluit
    assert vervolg.vervolg(casus_stap5).volgende_evaluatie == OVER_EEN_MAAND
    e = evalueer(
        beroepskracht,
        casus_stap5,
        datum=VANDAAG,
        resultaat="nee",
        criteria=["criterium5.ernstiger"],
        toelichting="Geweld herhaalt zich.",
    )
    assert e.antwoord.afweging == "5" and e.antwoord.antwoord == "nee"
    besluit = selectors.huidig_besluit(casus_stap5)
    assert besluit.volgnummer == besluiten + 1 and besluit.vervangt.volgnummer == besluiten
    assert besluit.uitkomst["opnieuw_melden"] is True
    assert selectors.stap5_stand(casus_stap5).melding_open  # nee offers (opnieuw) melden


@pytest.mark.parametrize(
    ("extra", "veld", "tekst"),
    [
        ({"datum": MORGEN}, "datum", "toekomst"),
        ({"datum": EERGISTEREN - dt.timedelta(days=1)}, "datum", "vóór het hulpplan"),
        ({"volgende_datum": None}, "volgende_datum", "volgende evaluatie"),
        ({"volgende_datum": GISTEREN}, "volgende_datum", "na deze evaluatie"),
        ({"toelichting": " "}, "toelichting", "Licht"),
        (
            {"resultaat": "ja", "criteria": ["criterium5.ernstiger"]},
            "resultaat",
            "hoofdstuk 3, Afweging 5",
        ),
        ({"criteria": ["bestaat.niet"]}, "criteria", "lijst"),
        ({"resultaat": "misschien"}, "resultaat", "Kies"),
    ],
)
def test_evaluatie_met_slechte_invoer_slaat_niets_op(
    beroepskracht, casus_stap5, extra, veld, tekst
):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    leg_hulpplan_vast(beroepskracht, casus_stap5)
    besluiten, antwoorden = Besluit.objects.count(), Antwoord.objects.count()
    with pytest.raises(ValidationError) as fout:
        evalueer(beroepskracht, casus_stap5, **extra)
    assert tekst in " ".join(fout.value.message_dict[veld])
    assert not Evaluatie.objects.exists()
    assert (Besluit.objects.count(), Antwoord.objects.count()) == (besluiten, antwoorden)


def test_evaluatie_na_2_ja_samen_met_veilig_thuis(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja", "3": "ja", "4": "ja"})
    leg_hulpplan_vast(beroepskracht, casus_stap5)
    with pytest.raises(ValidationError) as fout:
        evalueer(beroepskracht, casus_stap5, resultaat="ja")
    assert "vt_contact" in fout.value.message_dict
    assert not Evaluatie.objects.exists()
    e = evalueer(beroepskracht, casus_stap5, resultaat="ja", **VT)
    assert e.antwoord.samen_met_veilig_thuis and e.antwoord.vt_contact == VT["vt_contact"]


# --- afsluiting -----------------------------------------------------------------------------


def test_hulp_afsluiten_met_afspraken(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    with pytest.raises(ValidationError, match="afweging 5 staat nog open"):
        sluit_af(beroepskracht, casus_stap5)
    beantwoord(beroepskracht, casus_stap5, {"5": "ja"})
    assert vervolg.vervolg(casus_stap5).afsluiten.soort == AfsluitSoort.HULP_AFSLUITEN
    with pytest.raises(ValidationError) as fout:
        sluit_af(beroepskracht, casus_stap5, afspraken=[{}, {}])
    assert "ten minste één afspraak" in fout.value.message_dict["afspraak-0-wat"][0]
    afsluiting = sluit_af(beroepskracht, casus_stap5)
    assert afsluiting.soort == AfsluitSoort.HULP_AFSLUITEN
    assert afsluiting.afspraken.get().wie == "Mentor van Sam"
    casus_stap5.refresh_from_db()
    assert casus_stap5.is_afgesloten and casus_stap5.conclusie == "De veiligheid is hersteld."
    assert Gebeurtenis.objects.filter(soort="casus.afgesloten").count() == 1


@pytest.mark.parametrize(
    ("afspraak_extra", "veld", "tekst"),
    [
        ({"wie": ""}, "afspraak-0-wie", "wie"),
        ({"tot_wanneer": None}, "afspraak-0-tot_wanneer", "tot wanneer"),
        ({"tot_wanneer": VANDAAG}, "afspraak-0-tot_wanneer", "na de datum van afsluiten"),
        ({"wat": "x" * 10_001}, "afspraak-0-wat", "korter"),
    ],
)
def test_afsluiten_met_slechte_afspraak_slaat_niets_op(
    beroepskracht, casus_stap5, afspraak_extra, veld, tekst
):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja", "5": "ja"})
    afspraken = [{**afspraken_bij_afsluiten()[0], **afspraak_extra}]
    with pytest.raises(ValidationError) as fout:
        sluit_af(beroepskracht, casus_stap5, afspraken=afspraken)
    assert tekst in " ".join(fout.value.message_dict[veld])
    assert not Afsluiting.objects.exists() and not AfsluitAfspraak.objects.exists()
    casus_stap5.refresh_from_db()
    assert casus_stap5.fase == Fase.BESLISSEN


def test_afsluiten_na_melding_pas_met_afspraken_en_terugkoppeling(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja", "3": "nee"})
    with pytest.raises(ValidationError, match="Meld eerst"):
        sluit_af(beroepskracht, casus_stap5, **VT)
    m = melding(beroepskracht, casus_stap5)
    with pytest.raises(ValidationError) as fout:
        sluit_af(beroepskracht, casus_stap5, **VT)
    assert "afspraken met Veilig Thuis" in fout.value.messages[0]
    assert "terugkoppeling" in fout.value.messages[0]
    afspraak(beroepskracht, casus_stap5, m)
    terugkoppeling(beroepskracht, casus_stap5, m)
    with pytest.raises(ValidationError) as fout:
        sluit_af(beroepskracht, casus_stap5)  # after 2 = ja: agreed with Veilig Thuis
    assert "vt_contact" in fout.value.message_dict
    afsluiting = sluit_af(beroepskracht, casus_stap5, **VT)
    assert afsluiting.soort == AfsluitSoort.NA_MELDING and afsluiting.vt_contact


def test_heropenen_na_afsluiten_houdt_het_eerdere_traject(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja", "5": "ja"})
    eerste = sluit_af(beroepskracht, casus_stap5)
    services.heropen_casus(actor=beroepskracht, casus=casus_stap5, reden="Nieuwe signalen.")
    assert casus_stap5.ronde == 2 and casus_stap5.fase == Fase.SIGNALEREN
    assert list(selectors.afsluitingen(casus_stap5)) == [eerste]
    assert eerste.ronde == 1
    # The new traject starts from stap 1: nothing of ronde 1 counts for stap 5.
    assert [o.stap for o in selectors.ontbrekend_voor_stap5(casus_stap5)] == [1, 2, 3, 4]
    assert selectors.huidig_hulpplan(casus_stap5) is None
