"""The sliding window of gedeeld.teller (docs/adr/0020): no span of one window's length ever
lets more than the limit through — a fixed window let twice the limit through around its turn —
and a refused attempt does not count."""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache
from hypothesis import example, given, settings
from hypothesis import strategies as st

from meldwijzer.gedeeld import teller

VENSTER = 60
GRENS = 10
BEGIN = 1_800_000_000.0  # a fixed moment, on a part's boundary (a multiple of 6 s)


@pytest.fixture(autouse=True)
def _leeg():
    cache.clear()
    yield
    cache.clear()


def _probeer(sleutel: str, moment: float) -> bool:
    with time_machine.travel(moment, tick=False):
        return teller.tel_binnen(sleutel, VENSTER, GRENS)


def test_aan_de_wisseling_van_het_venster_niet_twee_keer_de_grens():
    """One call, nine just before the minute is over, ten just after: a fixed window that began
    at the first call took nineteen within one second. The sliding one refuses the last ten."""
    toegelaten = [_probeer("wissel", BEGIN)] + [
        _probeer("wissel", BEGIN + 59.5) for _i in range(GRENS - 1)
    ]
    assert all(toegelaten)
    daarna = [_probeer("wissel", BEGIN + 60.5) for _i in range(GRENS)]
    assert not any(daarna)
    # The wait is until the first call leaves the window (its part, 6 s, ends at 66 s): then one
    # more goes through. Refused calls did not count: once the nine have left too, ten again.
    with time_machine.travel(BEGIN + 60.5, tick=False):
        assert teller.seconden_over("wissel", VENSTER, GRENS) == 6
    assert [_probeer("wissel", BEGIN + 66.5) for _i in range(2)] == [True, False]
    assert all(_probeer("wissel", BEGIN + 126.5) for _i in range(GRENS - 1))


@settings(max_examples=60, deadline=None)
@example([0.0] + [59.5] * 9 + [60.5] * 10)
@given(st.lists(st.floats(min_value=0, max_value=400, allow_nan=False), min_size=1, max_size=80))
def test_nooit_meer_dan_de_grens_in_een_venster(momenten):
    """Any sequence of attempts: the accepted ones never number more than the limit within any
    span of one window's length."""
    cache.clear()
    geaccepteerd = [m for m in sorted(momenten) if _probeer("eigenschap", BEGIN + m)]
    for i, begin in enumerate(geaccepteerd):
        binnen = [m for m in geaccepteerd[i:] if m < begin + VENSTER]
        assert len(binnen) <= GRENS, (begin, binnen)


def test_de_stand_en_de_wachttijd_van_het_inloggen():
    """tel counts every failure (the login steps refuse before counting); stand reads it."""
    with time_machine.travel(BEGIN, tick=False):
        for _i in range(3):
            teller.tel("adres", 900)
        assert teller.stand("adres", 900) == 3
        # Free again when the part of those three leaves the window: 900 s plus at most a part.
        assert teller.seconden_over("adres", 900, 3) == 990
    with time_machine.travel(BEGIN + 991, tick=False):
        assert teller.stand("adres", 900) == 0
