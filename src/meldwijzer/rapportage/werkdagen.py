"""Counting termijnen: calendar days, weeks and months, or working days.

A working day is a weekday that is not a Dutch public holiday. The holidays come from the
maintained ``holidays`` package (its Dutch calendar, Easter-dependent days included), not from a
table typed in here that would quietly expire after a few years.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from functools import lru_cache

import holidays


class Eenheid(enum.StrEnum):
    DAGEN = "dagen"
    WERKDAGEN = "werkdagen"
    WEKEN = "weken"
    MAANDEN = "maanden"


@lru_cache(maxsize=128)
def feestdagen(jaar: int) -> dict[dt.date, str]:
    """The Dutch public holidays of a year, with their Dutch names."""
    return dict(holidays.country_holidays("NL", years=jaar, language="nl"))


def feestdag(datum: dt.date) -> str | None:
    """The name of the public holiday on this date, or None."""
    return feestdagen(datum.year).get(datum)


def is_werkdag(datum: dt.date) -> bool:
    return datum.weekday() < 5 and feestdag(datum) is None


def plus_werkdagen(start: dt.date, aantal: int) -> dt.date:
    """The date ``aantal`` working days after ``start`` (``start`` itself not counted); with a
    negative ``aantal`` that many working days before it. Zero gives ``start``."""
    stap = 1 if aantal >= 0 else -1
    datum, over = start, abs(aantal)
    while over:
        datum += dt.timedelta(days=stap)
        if is_werkdag(datum):
            over -= 1
    return datum


def werkdagen_tussen(van: dt.date, tot: dt.date) -> int:
    """The working days after ``van`` up to and including ``tot`` (negative when ``tot`` lies
    before ``van``)."""
    if tot < van:
        return -werkdagen_tussen(tot, van)
    return sum(1 for n in range(1, (tot - van).days + 1) if is_werkdag(van + dt.timedelta(days=n)))


def plus_maanden(start: dt.date, aantal: int) -> dt.date:
    """The same day ``aantal`` months later; the last day of the month where that day does not
    exist (31 January + 1 month = 28 or 29 February)."""
    maand = start.month - 1 + aantal
    jaar, maand = start.year + maand // 12, maand % 12 + 1
    return dt.date(jaar, maand, min(start.day, calendar.monthrange(jaar, maand)[1]))


def tel_op(start: dt.date, aantal: int, eenheid: Eenheid | str) -> dt.date:
    """The end of a termijn of ``aantal`` units from ``start``: the one place where Meldwijzer
    counts a termijn (STYLE.md: deadlines computed in one service)."""
    eenheid = Eenheid(eenheid)
    if eenheid is Eenheid.WERKDAGEN:
        return plus_werkdagen(start, aantal)
    if eenheid is Eenheid.DAGEN:
        return start + dt.timedelta(days=aantal)
    if eenheid is Eenheid.WEKEN:
        return start + dt.timedelta(weeks=aantal)
    return plus_maanden(start, aantal)
