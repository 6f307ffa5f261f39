"""Counting termijnen: Dutch public holidays over several years (Easter-dependent days included),
working days, calendar days, weeks and months."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meldwijzer.dossier.models import AfspraakVeiligThuis, TermijnEenheid
from meldwijzer.dossier.werkdagen import (
    Eenheid,
    feestdag,
    feestdagen,
    is_werkdag,
    pasen,
    plus_maanden,
    plus_werkdagen,
    tel_op,
    uiterlijk,
    werkdagen_tussen,
)

JAREN = range(2024, 2036)
D = dt.date


@pytest.mark.parametrize(
    "paaszondag",
    # the earliest and latest possible dates, and a few from published Easter tables
    [
        D(1818, 3, 22),
        D(1943, 4, 25),
        D(2024, 3, 31),
        D(2025, 4, 20),
        D(2038, 4, 25),
        D(2285, 3, 22),
    ],
)
def test_pasen(paaszondag: dt.date):
    assert pasen(paaszondag.year) == paaszondag


@pytest.mark.parametrize("jaar", range(1950, 2151))
def test_feestdagen_zoals_het_pakket_holidays(jaar: int):
    """The rules here give the same days with the same names as the Dutch calendar of the
    maintained ``holidays`` package (a dev dependency; the app no longer imports it)."""
    pytest.importorskip("holidays", reason="holidays is not installed (it is in the dev extra)")
    from holidays.countries.netherlands import Netherlands

    class NederlandZonderEindjaar(Netherlands):
        # The package stops every country at 2100 (its DEFAULT_END_YEAR, a limit of its
        # tables, not a Dutch rule); the Dutch rules themselves run on.
        end_year = 9999

    verwacht = NederlandZonderEindjaar(years=jaar, language="nl")
    assert feestdagen(jaar) == dict(verwacht)


@pytest.mark.parametrize("jaar", JAREN)
def test_feestdagen_van_het_jaar(jaar: int):
    """Every year has its holidays (nothing expires), Easter-dependent ones on the right day."""
    paas = pasen(jaar)
    koningsdag = D(jaar, 4, 27) if D(jaar, 4, 27).weekday() != 6 else D(jaar, 4, 26)
    vrij = {
        D(jaar, 1, 1): "Nieuwjaarsdag",
        paas + dt.timedelta(days=1): "Tweede paasdag",
        koningsdag: "Koningsdag",
        paas + dt.timedelta(days=39): "Hemelvaartsdag",
        paas + dt.timedelta(days=50): "Tweede pinksterdag",
        D(jaar, 12, 25): "Eerste kerstdag",
        D(jaar, 12, 26): "Tweede kerstdag",
    }
    for datum, naam in vrij.items():
        assert feestdag(datum) is not None, f"{naam} {datum} ontbreekt"
        assert not is_werkdag(datum), f"{naam} {datum} telt als werkdag"
    paasnaam = feestdag(paas)
    assert paasnaam is not None
    assert "pasen" in paasnaam.lower() or "paas" in paasnaam.lower()
    assert len(feestdagen(jaar)) >= len(vrij)


def test_een_gewone_dinsdag_is_een_werkdag():
    assert is_werkdag(D(2025, 3, 11))
    assert not is_werkdag(D(2025, 3, 15))  # zaterdag
    assert not is_werkdag(D(2025, 3, 16))  # zondag
    assert feestdag(D(2025, 3, 11)) is None


@pytest.mark.parametrize(
    ("start", "aantal", "verwacht"),
    [
        (D(2024, 5, 8), 1, D(2024, 5, 10)),  # over Hemelvaart (9 mei)
        (D(2026, 5, 22), 1, D(2026, 5, 26)),  # vrijdag, weekend, Tweede pinksterdag
        (D(2027, 3, 26), 1, D(2027, 3, 30)),  # weekend en Tweede paasdag (29 maart)
        (D(2027, 12, 24), 1, D(2027, 12, 27)),  # kerst in het weekend: maandag werkt men
        (D(2024, 12, 23), 5, D(2025, 1, 2)),  # over kerst en nieuwjaar, het jaar uit
        (D(2025, 4, 25), 1, D(2025, 4, 28)),  # Koningsdag op zaterdag 26 april
        (D(2030, 6, 3), 10, D(2030, 6, 18)),  # over Tweede pinksterdag (10 juni)
        (D(2025, 1, 6), 0, D(2025, 1, 6)),
    ],
)
def test_werkdagen_optellen(start: dt.date, aantal: int, verwacht: dt.date):
    assert plus_werkdagen(start, aantal) == verwacht
    assert werkdagen_tussen(start, verwacht) == aantal
    assert plus_werkdagen(verwacht, -aantal) <= start


def test_werkdagen_tussen_over_de_jaarwisseling():
    # na ma 23-12: di 24, vr 27, ma 30, di 31, do 2 januari
    assert werkdagen_tussen(D(2024, 12, 23), D(2025, 1, 2)) == 5
    assert werkdagen_tussen(D(2025, 1, 2), D(2024, 12, 23)) == -5


@settings(deadline=None)  # no timed assertions on a shared machine (MACHINE-NOTES)
@given(
    start=st.dates(min_value=D(2024, 1, 1), max_value=D(2034, 12, 31)),
    aantal=st.integers(min_value=1, max_value=60),
)
def test_optellen_en_tellen_zijn_elkaars_omgekeerde(start: dt.date, aantal: int):
    einde = plus_werkdagen(start, aantal)
    assert is_werkdag(einde)
    assert werkdagen_tussen(start, einde) == aantal
    # a working day is never skipped: one fewer lands before it
    assert plus_werkdagen(start, aantal - 1) < einde


@pytest.mark.parametrize(
    ("start", "aantal", "verwacht"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # schrikkeljaar
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 12, 15), 2, D(2025, 2, 15)),
        (D(2025, 8, 31), 3, D(2025, 11, 30)),
        (D(2025, 5, 10), 12, D(2026, 5, 10)),
    ],
)
def test_maanden(start: dt.date, aantal: int, verwacht: dt.date):
    assert plus_maanden(start, aantal) == verwacht
    assert tel_op(start, aantal, Eenheid.MAANDEN) == verwacht


def test_kalenderdagen_en_weken_tellen_weekenden_en_feestdagen_mee():
    assert tel_op(D(2025, 12, 24), 2, "dagen") == D(2025, 12, 26)
    assert tel_op(D(2025, 12, 24), 1, "weken") == D(2025, 12, 31)
    assert tel_op(D(2025, 12, 24), 2, "werkdagen") == D(2025, 12, 30)  # ma 29, di 30


@settings(deadline=None)  # no timed assertions on a shared machine (MACHINE-NOTES)
@given(
    start=st.dates(min_value=D(2024, 1, 1), max_value=D(2034, 12, 31)),
    aantal=st.integers(min_value=1, max_value=24),
    eenheid=st.sampled_from(list(TermijnEenheid)),
)
def test_termijn_met_veilig_thuis_telt_zoals_het_dossier(start, aantal, eenheid):
    """The termijn agreed with Veilig Thuis is counted here as the dossier shows it, in each of
    its units (werkdagen too: before, 6 werkdagen counted as 6 months)."""
    afspraak = AfspraakVeiligThuis(datum=start, termijn_aantal=aantal, termijn_eenheid=eenheid)
    assert uiterlijk(start, aantal, eenheid) == afspraak.uiterlijk
    assert is_werkdag(afspraak.uiterlijk)
