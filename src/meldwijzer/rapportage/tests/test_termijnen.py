"""Every deadline of a casus is one Termijn, derived from the dossier after each write: opened,
moved, handed over and closed with what the professional records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import translation

from meldwijzer.dossier import datums, services
from meldwijzer.dossier.werkdagen import plus_werkdagen
from meldwijzer.rapportage import projectie
from meldwijzer.rapportage.models import Telwijze, Termijn
from meldwijzer.rapportage.tests.gegevens import (
    afspraak,
    antwoord,
    evaluatie,
    hulpplan,
    klok,
    melding,
    sluit_af,
    spoedmelding,
    stappen_1_tot_4,
    terugkoppeling,
)

pytestmark = pytest.mark.django_db

# A Monday, so the working-day counts below are easy to follow; Easter Monday is 21 April.
MAANDAG = dt.date(2025, 4, 14)


def open_termijnen(casus):
    return list(Termijn.objects.filter(casus=casus, open=True).order_by("uiterlijk"))


def soorten(casus):
    return [t.soort for t in open_termijnen(casus)]


def test_spoedmelding_vraagt_de_stappen_binnen_vijf_werkdagen(beroepskracht):
    with klok(MAANDAG) as t:
        casus = services.open_casus(actor=beroepskracht, titel="Acuut")
        spoedmelding(beroepskracht, casus, MAANDAG)
        [termijn] = open_termijnen(casus)
        assert termijn.soort == "spoedmelding"
        assert termijn.telwijze == Telwijze.WERKDAGEN and termijn.aantal == 5
        # ma 14 april + 5 werkdagen, over Goede vrijdag/Tweede paasdag heen als vrije dagen
        assert termijn.uiterlijk == plus_werkdagen(MAANDAG, 5)
        assert termijn.uiterlijk >= dt.date(2025, 4, 22)
        assert termijn.verantwoordelijke == beroepskracht.user
        assert termijn.organisatie_id == casus.organisatie_id
        t.move_to(dt.datetime(2025, 4, 16, 10, tzinfo=dt.UTC))
        stappen_1_tot_4(beroepskracht, casus, dt.date(2025, 4, 16))
        assert soorten(casus) == ["spoedmelding"]  # the besluit is still missing
        assert open_termijnen(casus)[0].fase == "4"  # follows the casus, for the dashboard
        antwoord(beroepskracht, casus, "1", "ja", dt.date(2025, 4, 16))
        antwoord(beroepskracht, casus, "2", "nee", dt.date(2025, 4, 16))
        assert soorten(casus) == []
        termijn.refresh_from_db()
        assert not termijn.open and termijn.gesloten_op is not None


def test_beslissing_2_samen_met_veilig_thuis_tot_afweging_3(beroepskracht, casus):
    with klok(MAANDAG):
        stappen_1_tot_4(beroepskracht, casus, MAANDAG)
        antwoord(beroepskracht, casus, "1", "ja", MAANDAG)
        assert soorten(casus) == []
        antwoord(beroepskracht, casus, "2", "ja", MAANDAG)
        [termijn] = open_termijnen(casus)
        assert termijn.soort == "beslissing_2"
        assert termijn.uiterlijk == plus_werkdagen(MAANDAG, 10)
        assert termijn.startdatum == MAANDAG
        melding(beroepskracht, casus, MAANDAG)
        assert soorten(casus) == ["beslissing_2"]
        antwoord(beroepskracht, casus, "3", "ja", MAANDAG)
        assert "beslissing_2" not in soorten(casus)


@override_settings(MELDWIJZER_TERMIJNEN={"beslissing_2": (3, "weken")})
def test_de_lengte_is_een_instelling(beroepskracht, casus):
    with klok(MAANDAG):
        stappen_1_tot_4(beroepskracht, casus, MAANDAG)
        antwoord(beroepskracht, casus, "1", "ja", MAANDAG)
        antwoord(beroepskracht, casus, "2", "ja", MAANDAG)
    [termijn] = open_termijnen(casus)
    # 3 weken na 14 april 2025 is 5 mei, Bevrijdingsdag (een lustrumjaar): de dag erna.
    assert termijn.uiterlijk == dt.date(2025, 5, 6)
    assert termijn.telwijze == Telwijze.KALENDERDAGEN
    verschoven = termijn.verschuiving()
    assert verschoven is not None and verschoven.van == MAANDAG + dt.timedelta(weeks=3)
    assert verschoven.feestdag == "Bevrijdingsdag"


def test_termijn_met_veilig_thuis_in_weken_en_een_nieuwe_afspraak(beroepskracht, casus):
    with klok(MAANDAG) as t:
        stappen_1_tot_4(beroepskracht, casus, MAANDAG)
        for afweging, keuze in (("1", "ja"), ("2", "nee"), ("3", "nee")):
            antwoord(beroepskracht, casus, afweging, keuze, MAANDAG)
        m = melding(beroepskracht, casus, MAANDAG)
        eerste = afspraak(beroepskracht, casus, m, MAANDAG)
        [termijn] = open_termijnen(casus)
        assert termijn.soort == "veilig_thuis"
        assert termijn.uiterlijk == MAANDAG + dt.timedelta(weeks=6) == eerste.uiterlijk
        assert (termijn.aantal, termijn.eenheid) == (6, "weken")
        later = dt.date(2025, 5, 1)
        t.move_to(dt.datetime(2025, 5, 1, 10, tzinfo=dt.UTC))
        tweede = afspraak(
            beroepskracht, casus, m, later, termijn_aantal=2, termijn_eenheid="maanden"
        )
        [nu] = open_termijnen(casus)
        assert nu.sleutel == f"vt:{tweede.pk}" and nu.uiterlijk == dt.date(2025, 7, 1)
        termijn.refresh_from_db()
        assert not termijn.open
        terugkoppeling(beroepskracht, casus, m, later)
        sluit_af(beroepskracht, casus, later, later + dt.timedelta(days=60))
    # Closed: only the follow-up agreement of the closing remains, until its date.
    assert soorten(casus) == ["afsluitafspraak"]


def test_evaluatie_van_het_hulpplan(beroepskracht, casus):
    with klok(MAANDAG) as t:
        stappen_1_tot_4(beroepskracht, casus, MAANDAG)
        for afweging in ("1", "2", "3", "4"):
            antwoord(beroepskracht, casus, afweging, "nee" if afweging == "2" else "ja", MAANDAG)
        assert soorten(casus) == []  # the plan comes first
        eerste, tweede = dt.date(2025, 5, 12), dt.date(2025, 6, 16)
        plan = hulpplan(beroepskracht, casus, MAANDAG, [tweede, eerste])
        [termijn] = open_termijnen(casus)
        assert termijn.soort == "evaluatie" and termijn.uiterlijk == eerste
        assert termijn.telwijze == Telwijze.DATUM
        assert termijn.sleutel == f"evaluatie:{plan.pk}:{eerste.isoformat()}"
        # Overdue once the date has passed without an evaluation.
        t.move_to(dt.datetime(2025, 5, 14, 10, tzinfo=dt.UTC))
        assert termijn.verlopen()
        evaluatie(beroepskracht, casus, dt.date(2025, 5, 14), "doorgaan", volgende_datum=tweede)
        [volgende] = open_termijnen(casus)
        assert volgende.uiterlijk == tweede
        t.move_to(dt.datetime(2025, 6, 16, 10, tzinfo=dt.UTC))
        evaluatie(beroepskracht, casus, tweede, "ja")
    assert open_termijnen(casus) == []
    assert Termijn.objects.filter(casus=casus).count() == 2


def test_overdragen_verplaatst_de_verantwoordelijkheid(beroepskracht, collega, casus):
    with klok(MAANDAG):
        spoedmelding(beroepskracht, casus, MAANDAG)
        services.wissel_eigenaar(
            actor=beroepskracht, casus=casus, nieuwe_eigenaar=collega.user_id, reden="verlof"
        )
    [termijn] = open_termijnen(casus)
    assert termijn.verantwoordelijke == collega.user


def test_opnieuw_afleiden_verandert_niets(beroepskracht, casus):
    """The projection is idempotent: deriving again from the same dossier writes nothing new."""
    with klok(MAANDAG):
        spoedmelding(beroepskracht, casus, MAANDAG)
        voor = list(Termijn.objects.values())
        projectie.bijwerken(casus)
        projectie.bijwerken(casus)
    assert list(Termijn.objects.values()) == voor


def test_afspraken_bij_afsluiting_worden_termijnen_tot_de_casus_heropent(beroepskracht, casus):
    """The follow-up agreements of a closing (what, by whom, until when; H3, Afweging 5) are
    followed on the casus and the dashboard, each until its "tot wanneer" — a date the
    professional enters: kept as entered, with a warning when it is a day off."""
    with klok(MAANDAG) as t:
        stappen_1_tot_4(beroepskracht, casus, MAANDAG)
        antwoord(beroepskracht, casus, "1", "ja", MAANDAG)
        antwoord(beroepskracht, casus, "2", "nee", MAANDAG)
        antwoord(beroepskracht, casus, "3", "nee", MAANDAG)
        m = melding(beroepskracht, casus, MAANDAG)
        afspraak(beroepskracht, casus, m, MAANDAG)
        terugkoppeling(beroepskracht, casus, m, MAANDAG)
        dicht = dt.date(2025, 4, 16)
        t.move_to(dt.datetime(2025, 4, 16, 10, tzinfo=dt.UTC))
        zondag = dt.date(2025, 7, 6)
        afsluiting = sluit_af(beroepskracht, casus, dicht, zondag)
        [termijn] = open_termijnen(casus)
        assert termijn.soort == "afsluitafspraak" and termijn.telwijze == Telwijze.DATUM
        assert (termijn.startdatum, termijn.uiterlijk) == (dicht, zondag)
        assert termijn.fase == "afgesloten" and termijn.verschuiving() is None
        with translation.override("nl"):
            [waarschuwing] = datums.datumwaarschuwingen(afsluiting)
        assert "zondag 6 juli 2025" in waarschuwing and "afspraak 1" in waarschuwing
        services.heropen_casus(actor=beroepskracht, casus=casus, reden="Nieuwe signalen.")
    assert open_termijnen(casus) == []
    termijn.refresh_from_db()
    assert not termijn.open and termijn.gesloten_op is not None


def test_termijnen_uit_het_afwegingskader(beroepskracht, maak_lid):
    """A framework in kaderformaat 2 sets termijnen on an action and an answer: each becomes a
    Termijn with the framework's words, counted from the day of the answer that set it."""
    from pathlib import Path

    from meldwijzer.accounts.models import Organisatie, Rol
    from meldwijzer.catalogus import beheer
    from meldwijzer.catalogus.tests.bouwers import importeer

    kb = maak_lid(Rol.KADERBEHEERDER, Organisatie.objects.create(naam="Opvangvereniging"), "karin")
    tekst = (
        Path(__file__).resolve().parents[4] / "tests" / "kader" / "kaders" / "formaat2.yaml"
    ).read_text(encoding="utf-8")
    with klok(MAANDAG) as t:
        versie = importeer(kb, tekst, "formaat2.yaml")
        beheer.stel_kader_vast(actor=kb, versie=versie, geldig_vanaf=MAANDAG)
        versie.refresh_from_db()
        casus = services.open_casus(
            actor=beroepskracht, titel="Opvang", kader_versie=versie, route="thuissituatie"
        )
        stappen_1_tot_4(beroepskracht, casus, MAANDAG)
        antwoord(beroepskracht, casus, "1", "ja", MAANDAG)
        t.move_to(dt.datetime(2025, 4, 15, 10, tzinfo=dt.UTC))
        antwoord(beroepskracht, casus, "2", "ja", dt.date(2025, 4, 15))
        uit_kader = [t for t in open_termijnen(casus) if t.soort == "kader"]
        assert [(t.naam, t.startdatum, t.aantal, t.telwijze) for t in uit_kader] == [
            (
                "Veilig Thuis beslist of het de melding onderzoekt",
                dt.date(2025, 4, 15),
                5,
                Telwijze.WERKDAGEN,
            )
        ]
        assert uit_kader[0].uiterlijk == plus_werkdagen(dt.date(2025, 4, 15), 5)
        # The next answers keep it, and add the termijn of answer 4 = ja, from its own day.
        t.move_to(dt.datetime(2025, 4, 16, 10, tzinfo=dt.UTC))
        antwoord(beroepskracht, casus, "3", "ja", dt.date(2025, 4, 16))
        antwoord(beroepskracht, casus, "4", "ja", dt.date(2025, 4, 16))
        namen = [(t.naam, t.startdatum, t.telwijze) for t in open_termijnen(casus)]
        assert ("Veilig Thuis beslist of het de melding onderzoekt", dt.date(2025, 4, 15),
                Telwijze.WERKDAGEN) in namen  # fmt: skip
        assert ("Eerste evaluatie van de hulp met de ouders", dt.date(2025, 4, 16),
                Telwijze.KALENDERDAGEN) in namen  # fmt: skip


def test_een_beslissend_signaal_zet_zijn_termijn(beroepskracht, maak_lid):
    """A ticked signal that decides (a child tells: melden now) adds melden to the path, so its
    termijn is tracked from the first answer of stap 5, as the stap-5 page shows it; the
    termijnen once walked the answers without the ticked signals."""
    from pathlib import Path

    from meldwijzer.accounts.models import Organisatie, Rol
    from meldwijzer.catalogus import beheer
    from meldwijzer.catalogus.tests.bouwers import importeer

    kb = maak_lid(Rol.KADERBEHEERDER, Organisatie.objects.create(naam="Opvangvereniging"), "karin")
    tekst = (
        Path(__file__).resolve().parents[4] / "tests" / "kader" / "kaders" / "formaat2.yaml"
    ).read_text(encoding="utf-8")
    with klok(MAANDAG):
        versie = importeer(kb, tekst, "formaat2.yaml")
        beheer.stel_kader_vast(actor=kb, versie=versie, geldig_vanaf=MAANDAG)
        versie.refresh_from_db()
        casus = services.open_casus(
            actor=beroepskracht, titel="Opvang", kader_versie=versie, route="thuissituatie"
        )
        stappen_1_tot_4(beroepskracht, casus, MAANDAG)
        services.leg_signaal_vast(
            actor=beroepskracht,
            casus=casus,
            datum=MAANDAG,
            bron="verteld",
            bron_wie="Het kind",
            aard="feit",
            tekst="Het kind vertelde over geweld thuis.",
            aangevinkt=["opvang.vertelt"],
        )
        antwoord(beroepskracht, casus, "1", "ja", MAANDAG)
        namen = [t.naam for t in open_termijnen(casus) if t.soort == "kader"]
    assert namen == ["Veilig Thuis beslist of het de melding onderzoekt"]
