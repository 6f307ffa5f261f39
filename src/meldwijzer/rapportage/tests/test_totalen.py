"""The running totals of the milestones (docs/adr/0028): whatever the dossier services write,
correct, withdraw, hand over or erase, the stored totals equal a count from scratch; the
dashboard reads them with partial months cut right; `meldwijzer rapportage totalen` finds and
repairs a difference; two writers at once on PostgreSQL lose no count."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meldwijzer.accounts.models import Rol
from meldwijzer.cli import main
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus, Fase, Melding
from meldwijzer.dossier.services import bewaren
from meldwijzer.rapportage import totalen
from meldwijzer.rapportage.dashboard import Filter, tellingen
from meldwijzer.rapportage.models import Mijlpaal, MijlpaalSoort, Totaal
from meldwijzer.rapportage.tests.gegevens import antwoord, klok, stappen_1_tot_4

pytestmark = pytest.mark.django_db

BEGIN = dt.date(2025, 1, 6)
MELDING = {
    "wijze": "telefoon",
    "vt_contact": "mevrouw De Vries",
    "vooraf_geinformeerd": True,
    "hoe_geinformeerd": "Moeder vooraf gebeld.",
    "spoed": True,
    "spoed_reden": "Vader dreigde met een mes.",
}

CORRECTIE = {k: v for k, v in MELDING.items() if k != "spoed"}  # spoed is not corrected


def _dag(week: int) -> dt.date:
    return BEGIN + dt.timedelta(weeks=week)


def _klopt(*organisaties: int) -> None:
    for organisatie_id in organisaties:
        assert totalen.verschillen(organisatie_id) == []
        # the step of each casus as the dossier has it
        per_fase = Casus.objects.filter(organisatie_id=organisatie_id).values_list("fase")
        assert totalen.per_stap(organisatie_id) == dict(per_fase.annotate(n=Count("pk")).order_by())


# --- any sequence of writes ------------------------------------------------------------------

WEEK = st.integers(min_value=0, max_value=14)  # about three months: totals in several months
WIE = st.integers(min_value=0, max_value=5)  # which casus of the example (by position)
STAPPEN = st.lists(
    st.one_of(
        st.tuples(st.just("open"), WEEK, WIE),
        st.tuples(st.just("melding"), WEEK, WIE),
        st.tuples(st.just("corrigeer"), WEEK, WIE),
        st.tuples(st.just("intrekken"), WEEK, WIE),
        st.tuples(st.just("overdragen"), WEEK, WIE),
        st.tuples(st.just("afsluiten"), WEEK, WIE),
        st.tuples(st.just("wissen"), WEEK, WIE),
    ),
    min_size=1,
    max_size=8,
)


@pytest.fixture
def twee(organisatie, maak_lid):
    return [maak_lid(Rol.BEROEPSKRACHT, organisatie, f"bk{i}") for i in range(2)]


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(stappen=STAPPEN)
def test_elke_reeks_schrijfacties_laat_totalen_gelijk_aan_natellen(
    twee, organisatie, buitenstaander, stappen
):
    """Open, melding, correction of its date, withdrawal, handover, a besluit that closes, and
    erasure by retention — in any order, over months: after each, the totals of both
    organisations equal a recount."""
    casussen: list[Casus] = []
    leden = {lid.user_id: lid for lid in twee}
    with klok(BEGIN):
        casussen.append(services.open_casus(actor=twee[0], titel="Eerste"))
    for actie, week, i in stappen:
        dag = _dag(week)
        casus = Casus.objects.filter(pk=casussen[i % len(casussen)].pk).first()
        with klok(dag):
            if actie == "open":
                casussen.append(services.open_casus(actor=twee[week % 2], titel="Zorg"))
            elif casus is None:
                continue  # erased earlier in this sequence
            elif actie == "melding" and casus.fase != Fase.AFGESLOTEN:
                lid = leden[casus.eigenaar_id]
                services.leg_melding_vast(actor=lid, casus=casus, datum=dag, **MELDING)
            elif actie in ("corrigeer", "intrekken"):
                m = Melding.objects.filter(casus=casus, ingetrokken_op__isnull=True).last()
                if m is None:
                    continue
                lid = leden[casus.eigenaar_id]
                if actie == "intrekken":
                    services.trek_in(
                        actor=lid,
                        casus=casus,
                        soort="melding",
                        item_id=m.pk,
                        reden="onjuist",
                        toelichting="Verkeerde casus.",
                    )
                elif m.datum != dag:
                    services.corrigeer(
                        actor=lid,
                        casus=casus,
                        soort="melding",
                        item_id=m.pk,
                        reden="onjuist",
                        toelichting="Datum verkeerd overgenomen.",
                        waarden={**CORRECTIE, "datum": dag},
                    )
            elif actie == "overdragen":
                ander = next(u for u in leden if u != casus.eigenaar_id)
                services.wissel_eigenaar(
                    actor=leden[casus.eigenaar_id],
                    casus=casus,
                    nieuwe_eigenaar=ander,
                    reden="Verlof.",
                )
            elif actie == "afsluiten" and casus.fase == Fase.SIGNALEREN:
                lid = leden[casus.eigenaar_id]
                stappen_1_tot_4(lid, casus, dag)
                antwoord(lid, Casus.objects.get(pk=casus.pk), "1", "nee", dag)
            elif actie == "wissen" and casus.fase == Fase.AFGESLOTEN:
                casus.refresh_from_db()
                assert casus.afgesloten_op is not None
                bewaren.verwijder_casus(
                    bewaren.Verlopen(
                        casus.pk, casus.kenmerk, organisatie.pk, casus.afgesloten_op, 1
                    )
                )
        _klopt(organisatie.pk, buitenstaander.organisatie.pk)
    # the sequence left something to count
    assert Totaal.objects.filter(organisatie=organisatie, aantal__gt=0).exists()


# --- reading: whole and cut months --------------------------------------------------------------


@pytest.fixture
def verspreid(beroepskracht, collega):
    """Meldingen on the 3rd, 15th and 28th of three months, by two beroepskrachten."""
    for maand in (1, 2, 3):
        for dag, lid in ((3, beroepskracht), (15, collega), (28, beroepskracht)):
            datum = dt.date(2025, maand, dag)
            with klok(datum):
                casus = services.open_casus(actor=lid, titel="Zorg")
                services.leg_melding_vast(actor=lid, casus=casus, datum=datum, **MELDING)


@pytest.mark.parametrize(
    ("van", "tot"),
    [
        (dt.date(2025, 1, 1), dt.date(2025, 3, 31)),  # whole months: the totals alone
        (dt.date(2025, 1, 4), dt.date(2025, 3, 27)),  # cut at both ends
        (dt.date(2025, 2, 15), dt.date(2025, 2, 15)),  # one day
        (dt.date(2025, 2, 16), dt.date(2025, 2, 27)),  # inside a month, nothing in it
        (dt.date(2025, 1, 28), dt.date(2025, 3, 3)),  # the days inside the cut months counted
        (dt.date(2025, 1, 10), dt.date(2025, 2, 20)),  # one end each way
    ],
)
def test_een_periode_telt_wat_erin_valt(verspreid, organisatie, collega, van, tot):
    for wie in (None, collega.user_id):
        qs = Mijlpaal.objects.filter(
            organisatie=organisatie, soort=MijlpaalSoort.MELDING, datum__gte=van, datum__lte=tot
        )
        if wie:
            qs = qs.filter(eigenaar_id=wie)
        cellen = totalen.tellingen(organisatie.pk, van, tot, [MijlpaalSoort.MELDING], wie)
        assert sum(cellen.values()) == qs.count()
        d = tellingen(Filter(organisatie.pk, van, tot, eigenaar_id=wie), tot)
        assert d.meldingen_totaal == qs.count()
        assert (
            d.geopend
            == Mijlpaal.objects.filter(
                organisatie=organisatie, soort=MijlpaalSoort.GEOPEND, datum__gte=van, datum__lte=tot
            )
            .filter(**({"eigenaar_id": wie} if wie else {}))
            .count()
        )


def test_een_afgesneden_maand_leest_de_kleinste_kant():
    """A month the period cuts: its total less the days outside, or the days inside counted
    directly — whichever has fewer days to read; days after today cost nothing."""
    plan = totalen._plan
    vandaag = dt.date(2025, 12, 6)
    # the dashboard's default: from the first of a month to today — the rest of this month is
    # in the future, so the month's total is used (less an empty slice)
    uit_totaal, erbij, eraf = plan(dt.date(2025, 1, 1), vandaag, vandaag)
    assert len(uit_totaal) == 12 and erbij == []
    assert eraf == [(dt.date(2025, 12, 7), dt.date(2025, 12, 31))]
    # four days at the end of January, three at the start of March: counted directly
    uit_totaal, erbij, eraf = plan(dt.date(2025, 1, 28), dt.date(2025, 3, 3), vandaag)
    assert uit_totaal == {dt.date(2025, 2, 1)} and eraf == []
    assert erbij == [
        (dt.date(2025, 1, 28), dt.date(2025, 1, 31)),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 3)),
    ]
    # most of the month inside: the total less the three days before it
    uit_totaal, erbij, eraf = plan(dt.date(2025, 1, 4), dt.date(2025, 1, 31), vandaag)
    assert uit_totaal == {dt.date(2025, 1, 1)} and erbij == []
    assert eraf == [(dt.date(2025, 1, 1), dt.date(2025, 1, 3))]


def test_het_dashboard_leest_de_totalen_niet_de_mijlpalen(verspreid, organisatie):
    """The proof that the figures come from the totals: change a total behind the services'
    back and the dashboard shows it (whole months; a cut month subtracts from the total)."""
    f = Filter(organisatie.pk, dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    voor = tellingen(f, dt.date(2025, 3, 31)).meldingen_totaal
    Totaal.objects.filter(organisatie=organisatie, beroepskracht=0, soort="melding").update(
        aantal=100
    )
    assert tellingen(f, dt.date(2025, 3, 31)).meldingen_totaal == 300 != voor


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="het plan van SQLite (PostgreSQL: test_querybudget)"
)
def test_de_totalen_en_de_afgesneden_maanden_worden_via_een_index_gelezen(verspreid, organisatie):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as vastgelegd:
        totalen.tellingen(organisatie.pk, dt.date(2025, 1, 4), dt.date(2025, 3, 27), MijlpaalSoort)
    assert len(vastgelegd.captured_queries) == 2
    with connection.cursor() as cur:
        plannen = []
        for q in vastgelegd.captured_queries:
            cur.execute("EXPLAIN QUERY PLAN " + q["sql"])
            plannen.append(" ".join(str(r[-1]) for r in cur.fetchall()))
    assert "SEARCH rapportage_totaal USING INDEX" in plannen[0], plannen[0]
    assert "SEARCH rapportage_mijlpaal USING COVERING INDEX mijlpaal_org_soort" in plannen[1]


# --- the command ---------------------------------------------------------------------------------


def test_totalen_controleren_en_herstellen(verspreid, organisatie, capsys):
    assert main(["rapportage", "totalen", "--controleer"]) == 0
    assert "alles klopt" in capsys.readouterr().out
    # Milestones lost outside the services (a restore of one table, a manual repair): the
    # check reports each total that no longer matches, with its numbers, and exits 1.
    Mijlpaal.objects.filter(organisatie=organisatie, soort="melding", datum__month=2).delete()
    assert main(["rapportage", "totalen", "--controleer"]) == 1
    uit = capsys.readouterr()
    regels = [r for r in uit.out.splitlines() if r.startswith("Verschil:")]
    assert (
        f"Verschil: organisatie {organisatie.pk} ({organisatie.naam}), periode 2025-02, "
        "hele organisatie, soort melding spoed: opgeslagen 3, geteld 0"
    ) in regels
    assert len(regels) == 3  # the organisation and its two beroepskrachten
    assert "--herstel" in uit.err
    assert main(["rapportage", "totalen", "--herstel", "--organisatie", str(organisatie.pk)]) == 0
    assert "3 verschillen hersteld" in capsys.readouterr().out
    assert main(["rapportage", "totalen", "--controleer"]) == 0
    assert not Totaal.objects.filter(aantal=0).exists()  # the emptied rows are gone


def test_een_stap_die_achterbleef_bij_het_dossier_wordt_gevonden_en_hersteld(
    verspreid, organisatie, collega, capsys
):
    """A write whose projection failed (logged, not raised: the record comes first) leaves the
    step milestone behind its dossier; the totals agree with that stale milestone, so only a
    comparison with the dossier finds it."""
    casus = Casus.objects.filter(organisatie=organisatie).order_by("pk").first()
    Casus.objects.filter(pk=casus.pk).update(fase=Fase.GESPREK, eigenaar=collega.user)
    assert main(["rapportage", "totalen", "--controleer"]) == 1
    uit = capsys.readouterr().out
    assert (
        f"Verschil: organisatie {organisatie.pk} ({organisatie.naam}), casus {casus.kenmerk}: de "
        "stap of de beroepskracht in de telling is niet die van het dossier"
    ) in uit
    assert main(["rapportage", "totalen", "--herstel"]) == 0
    assert main(["rapportage", "totalen", "--controleer"]) == 0
    _klopt(organisatie.pk)
    assert Mijlpaal.objects.get(casus=casus, soort=MijlpaalSoort.STAP).eigenaar_id == (
        collega.user_id
    )


@pytest.mark.parametrize(
    ("argumenten", "tekst"),
    [
        (["rapportage", "totalen"], "kies een van deze opties: --controleer --herstel"),
        (["rapportage", "totalen", "--controleer", "--herstel"], "niet toegestaan"),
        (["rapportage", "totalen", "--controleer", "--organisatie", "999999"], "bestaat niet"),
    ],
)
def test_totalen_foute_invoer_geeft_2(argumenten, tekst, capsys):
    try:
        code = main(argumenten)
    except SystemExit as uitgang:
        code = uitgang.code
    assert code == 2
    assert tekst in capsys.readouterr().err


def test_bijwerken_en_de_migratie_vullen_dezelfde_totalen(verspreid, organisatie):
    """The data migration's fill and the projection agree: totals rebuilt from the milestones
    by the migration's function equal the totals kept write by write."""
    import importlib

    from django.apps import apps

    bewaard = sorted(
        Totaal.objects.filter(aantal__gt=0).values_list(
            "organisatie_id", "beroepskracht", "maand", "soort", "uitkomst", "dagen", "aantal"
        )
    )
    Totaal.objects.all().delete()
    migratie = importlib.import_module("meldwijzer.rapportage.migrations.0007_totalen")
    migratie.vullen(apps, None)
    opnieuw = sorted(
        Totaal.objects.values_list(
            "organisatie_id", "beroepskracht", "maand", "soort", "uitkomst", "dagen", "aantal"
        )
    )
    assert opnieuw == bewaard and bewaard


# --- two writers at once (PostgreSQL) ----------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="twee verbindingen op PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_twee_schrijvers_tegelijk_verliezen_geen_telling(organisatie, beroepskracht):
    """Two connections add to the same new total at the same moment: the upsert of the second
    waits for the first's row lock (or its insert) and then adds — never a lost count, never a
    duplicate-key error."""
    sleutel = (organisatie.pk, 0, dt.date(2025, 5, 1), "melding", "spoed", -1)
    per_draad = 25
    klaar = threading.Barrier(2)
    fouten: list[BaseException] = []

    def schrijf() -> None:
        try:
            klaar.wait()
            for _i in range(per_draad):
                with transaction.atomic():
                    totalen.opslaan(totalen.Wijzigingen({sleutel: 1}))
        except BaseException as fout:  # reported to the test
            fouten.append(fout)
        finally:
            connection.close()

    draden = [threading.Thread(target=schrijf) for _i in range(2)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    assert fouten == []
    assert Totaal.objects.get(organisatie=organisatie, maand=dt.date(2025, 5, 1)).aantal == 50


def test_een_afgesneden_maand_komt_per_bereik_niet_per_dag(verspreid, organisatie):
    """The milestones of a cut month are summed by the database per range of days: as many rows
    back as cells, not days times cells (docs/performance.md, 'Eindmeting'; seen failing: the
    query grouped by the day)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    van, tot = dt.date(2025, 1, 28), dt.date(2025, 3, 3)  # days inside both cut months counted
    with CaptureQueriesContext(connection) as vastgelegd:
        cellen = totalen.tellingen(organisatie.pk, van, tot, [MijlpaalSoort.MELDING])
    assert sum(cellen.values()) == 5  # the 28th of January, all three of February, the 3rd of March
    [mijlpalen] = [
        q["sql"] for q in vastgelegd.captured_queries if "rapportage_mijlpaal" in q["sql"]
    ]
    groep = mijlpalen.split("GROUP BY", 1)[1]
    assert '"datum"' not in groep and "CASE WHEN" in mijlpalen
