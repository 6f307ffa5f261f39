"""A deadline a professional can trust: counted in werkdagen or kalenderdagen, never on a day the
offices are closed, and said with its weekday; a date entered on a weekend or a public holiday
is kept, with a warning that names the day and why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from meldwijzer.dossier import datums
from meldwijzer.dossier.models import AfspraakVeiligThuis, Evaluatie, Hulpplan, TermijnEenheid
from meldwijzer.dossier.werkdagen import (
    Eenheid,
    is_werkdag,
    tel_op,
    uiterlijk,
    verschuiving,
    volgende_werkdag,
    werkdagen_tussen,
)

D = dt.date
# Year ends included: Christmas, New Year and the Saturdays and Sundays around them.
DATUMS = st.dates(min_value=D(2024, 1, 1), max_value=D(2040, 12, 31))
EENHEDEN = st.sampled_from(list(Eenheid))
AANTALLEN = st.integers(min_value=0, max_value=120)


# --- the arithmetic, for every start, count and unit ------------------------------------------


@settings(deadline=None)  # no timed assertions on a shared machine (MACHINE-NOTES)
@given(start=DATUMS, aantal=AANTALLEN, eenheid=EENHEDEN)
def test_een_termijn_eindigt_op_een_werkdag_niet_voor_de_getelde_dag(start, aantal, eenheid):
    geteld = tel_op(start, aantal, eenheid)
    einde = uiterlijk(start, aantal, eenheid)
    assert is_werkdag(einde)
    assert einde >= geteld
    # the first working day on or after the counted one: no working day skipped in between
    assert all(not is_werkdag(geteld + dt.timedelta(days=n)) for n in range((einde - geteld).days))


@settings(deadline=None)
@given(start=DATUMS, aantal=AANTALLEN, eenheid=EENHEDEN)
def test_de_verschuiving_zegt_van_waar_naar_waar(start, aantal, eenheid):
    geteld, einde = tel_op(start, aantal, eenheid), uiterlijk(start, aantal, eenheid)
    v = verschuiving(start, aantal, eenheid)
    if einde == geteld:
        assert v is None
    else:
        assert v is not None and (v.van, v.naar) == (geteld, einde)
        assert not is_werkdag(v.van)
        # a holiday is named; otherwise the counted day is a Saturday or a Sunday
        assert v.feestdag or v.van.weekday() >= 5


@settings(deadline=None)
@given(start=DATUMS, aantal=st.integers(min_value=1, max_value=260))
def test_werkdagen_tellen_precies_de_werkdagen_ertussen(start, aantal):
    einde = uiterlijk(start, aantal, Eenheid.WERKDAGEN)
    assert werkdagen_tussen(start, einde) == aantal
    assert verschuiving(start, aantal, Eenheid.WERKDAGEN) is None  # it lands on one already
    kalender = uiterlijk(start, aantal, Eenheid.DAGEN)
    assert einde >= kalender  # a werkdag is never shorter than a calendar day


@settings(deadline=None)
@given(datum=DATUMS)
def test_volgende_werkdag(datum):
    volgende = volgende_werkdag(datum)
    assert is_werkdag(volgende) and volgende >= datum
    assert (volgende == datum) == is_werkdag(datum)
    # at most Goede vrijdag to Wednesday, as in 2038: Easter on 25 April, Koningsdag Tuesday
    assert (volgende - datum).days <= 5


@settings(deadline=None)
@given(start=DATUMS, aantal=st.integers(min_value=1, max_value=24), eenheid=EENHEDEN)
def test_de_afspraak_met_veilig_thuis_rekent_zo(start, aantal, eenheid):
    afspraak = AfspraakVeiligThuis(datum=start, termijn_aantal=aantal, termijn_eenheid=eenheid)
    assert afspraak.uiterlijk == uiterlijk(start, aantal, eenheid)
    assert datums.verschuiving_van(afspraak) == verschuiving(start, aantal, eenheid)


def test_zes_weken_vanaf_5_december_is_maandag_18_januari():
    """The case from the issue: 6 weken from Saturday 5 December 2026 lands on Saturday 16
    January 2027, and moves to Monday 18 January."""
    afspraak = AfspraakVeiligThuis(
        datum=D(2026, 12, 5), termijn_aantal=6, termijn_eenheid=TermijnEenheid.WEKEN
    )
    assert afspraak.uiterlijk == D(2027, 1, 18)
    v = datums.verschuiving_van(afspraak)
    assert v is not None
    with translation.override("nl"):
        assert datums.verschoven(v) == (
            "verschoven van zaterdag 16 januari 2027 naar maandag 18 januari 2027: weekend"
        )


@pytest.mark.parametrize(
    ("start", "aantal", "eenheid", "verwacht"),
    [
        # 10 werkdagen from Friday 18 December 2026: over Christmas and New Year
        (D(2026, 12, 18), 10, "werkdagen", D(2027, 1, 5)),
        # the same as kalenderdagen: Monday 28 December
        (D(2026, 12, 18), 10, "dagen", D(2026, 12, 28)),
        # 1 week from 18 December: Friday 25 December, Eerste kerstdag → Monday 28
        (D(2026, 12, 18), 1, "weken", D(2026, 12, 28)),
        # 1 month from 1 December 2027: Saturday 1 January 2028 → Monday 3 January
        (D(2027, 12, 1), 1, "maanden", D(2028, 1, 3)),
        # 5 werkdagen from Thursday before Easter 2027 (Goede vrijdag 26 March, Tweede paasdag
        # 29 March): 30, 31 March, 1, 2, 5 April
        (D(2027, 3, 25), 5, "werkdagen", D(2027, 4, 5)),
    ],
)
def test_over_de_feestdagen(start, aantal, eenheid, verwacht):
    assert uiterlijk(start, aantal, eenheid) == verwacht


def test_een_feestdag_heet_bij_naam():
    v = verschuiving(D(2026, 12, 18), 1, "weken")
    assert v is not None and v.feestdag == "Eerste kerstdag"
    with translation.override("nl"):
        assert datums.verschoven(v).endswith(": Eerste kerstdag")


# --- the date with its weekday, and the warnings ----------------------------------------------


def test_de_datum_met_de_weekdag():
    with translation.override("nl"):
        assert datums.met_weekdag(D(2027, 1, 16)) == "zaterdag 16 januari 2027"
    with translation.override("en"):
        assert datums.met_weekdag(D(2027, 1, 16)) == "Saturday 16 January 2027"


def test_een_werkdag_geeft_geen_waarschuwing():
    assert datums.waarschuwing("De evaluatiedatum", D(2027, 1, 18)) is None
    assert datums.waarschuwing("De evaluatiedatum", None) is None


def test_weekend_en_feestdag_worden_genoemd():
    with translation.override("nl"):
        zaterdag = datums.waarschuwing("De evaluatiedatum", D(2027, 1, 16))
        kerst = datums.waarschuwing("De evaluatiedatum", D(2026, 12, 25))
    assert zaterdag is not None and "zaterdag 16 januari 2027" in zaterdag
    assert "weekend" in zaterdag
    assert kerst is not None and "Eerste kerstdag" in kerst and "vrijdag 25 december" in kerst


@settings(deadline=None)
@given(data=st.lists(DATUMS, min_size=1, max_size=3))
def test_elke_evaluatiedatum_buiten_de_werkweek_krijgt_een_waarschuwing(data):
    plan = Hulpplan(evaluatiedata=[d.isoformat() for d in data])
    waarschuwingen = datums.datumwaarschuwingen(plan)
    assert len(waarschuwingen) == sum(1 for d in data if not is_werkdag(d))


def test_de_volgende_evaluatie_op_tweede_kerstdag():
    with translation.override("nl"):
        [tekst] = datums.datumwaarschuwingen(Evaluatie(volgende_datum=D(2026, 12, 26)))
    assert "Tweede kerstdag" in tekst and "zaterdag 26 december 2026" in tekst
    assert datums.datumwaarschuwingen(Evaluatie(volgende_datum=None)) == []
    assert datums.datumwaarschuwingen(object()) == []
