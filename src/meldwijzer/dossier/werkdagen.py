"""Counting termijnen: calendar days, weeks and months, or working days; and moving a deadline
that a count puts on a weekend or a public holiday to the next working day.

A working day is a weekday that is not a Dutch public holiday. The holidays are computed here by
rule, without a table of dates: fixed days, the days that hang on Easter, and the King's or
Queen's birthday with its Sunday shift. A table would quietly expire after a few years; rules do
not. The rules are those of the maintained ``holidays`` package (its Dutch calendar, which
follows the Algemene termijnenwet and so starts in 1966), and a test compares both, dates and
names, for every year from 1950 to 2150. The package itself is no longer imported at run time: it
loads the calendars of every country it knows (about 33 MB in each web worker) for these eleven
days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass
from functools import lru_cache

# The Algemene termijnenwet took effect on 1 April 1965; ``holidays`` lists no Dutch holidays
# before 1966, and neither does this module.
EERSTE_JAAR = 1966


class Eenheid(enum.StrEnum):
    DAGEN = "dagen"
    WERKDAGEN = "werkdagen"
    WEKEN = "weken"
    MAANDEN = "maanden"


def pasen(jaar: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian, or Meeus/Jones/Butcher,
    algorithm)."""
    a, b, c = jaar % 19, jaar // 100, jaar % 100
    h = (19 * a + b - b // 4 - (b - (b + 8) // 25 + 1) // 3 + 15) % 30
    ell = (32 + 2 * (b % 4) + 2 * (c // 4) - h - c % 4) % 7
    m = (a + 11 * h + 22 * ell) // 451
    maand, dag = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(jaar, maand, dag + 1)


def _verjaardag_vorst(jaar: int) -> tuple[dt.date, str]:
    """Koningsdag (27 April, from 2014) or Koninginnedag (30 April). On a Sunday it moves to the
    Saturday before (from 1980), earlier to the Monday after."""
    if jaar >= 2014:
        datum, naam = dt.date(jaar, 4, 27), "Koningsdag"
    else:
        datum, naam = dt.date(jaar, 4, 30), "Koninginnedag"
    if datum.weekday() == 6:
        datum += dt.timedelta(days=-1 if jaar >= 1980 else 1)
    return datum, naam


@lru_cache(maxsize=128)
def feestdagen(jaar: int) -> dict[dt.date, str]:
    """The Dutch public holidays of a year, with their Dutch names (none before 1966). Two on one
    day share it as "Bevrijdingsdag; Hemelvaartsdag"."""
    if jaar < EERSTE_JAAR:
        return {}
    paas = pasen(jaar)
    dagen: list[tuple[dt.date, str]] = [
        (dt.date(jaar, 1, 1), "Nieuwjaarsdag"),
        (paas - dt.timedelta(days=2), "Goede vrijdag"),
        (paas, "Eerste paasdag"),
        (paas + dt.timedelta(days=1), "Tweede paasdag"),
        _verjaardag_vorst(jaar),
    ]
    # Bevrijdingsdag is in the Atw every year, but a day off for most (in CAOs) only each lustrum;
    # ``holidays`` counts it as a public holiday in those years only.
    if jaar % 5 == 0:
        dagen.append((dt.date(jaar, 5, 5), "Bevrijdingsdag"))
    dagen += [
        (paas + dt.timedelta(days=39), "Hemelvaartsdag"),
        (paas + dt.timedelta(days=49), "Eerste pinksterdag"),
        (paas + dt.timedelta(days=50), "Tweede pinksterdag"),
        (dt.date(jaar, 12, 25), "Eerste kerstdag"),
        (dt.date(jaar, 12, 26), "Tweede kerstdag"),
    ]
    uitkomst: dict[dt.date, str] = {}
    for datum, naam in dagen:
        uitkomst[datum] = f"{uitkomst[datum]}; {naam}" if datum in uitkomst else naam
    return uitkomst


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


def volgende_werkdag(datum: dt.date) -> dt.date:
    """``datum`` itself when it is a working day, else the first working day after it."""
    while not is_werkdag(datum):
        datum += dt.timedelta(days=1)
    return datum


@dataclass(frozen=True)
class Verschuiving:
    """A counted deadline that fell on a day off, and the working day it moved to."""

    van: dt.date
    naar: dt.date
    # The public holiday's name, or empty for a Saturday or Sunday.
    feestdag: str = ""


def uiterlijk(start: dt.date, aantal: int, eenheid: Eenheid | str) -> dt.date:
    """The deadline of a termijn of ``aantal`` units from ``start``: counted by ``tel_op`` and,
    where that lands on a weekend or a public holiday, the next working day. Nobody can be held
    to a deadline on a day the offices are closed; the Algemene termijnenwet (art. 1) moves a
    statutory termijn the same way."""
    return volgende_werkdag(tel_op(start, aantal, eenheid))


def verschuiving(start: dt.date, aantal: int, eenheid: Eenheid | str) -> Verschuiving | None:
    """How ``uiterlijk`` moved the counted date, or None when it stayed."""
    geteld = tel_op(start, aantal, eenheid)
    naar = volgende_werkdag(geteld)
    if naar == geteld:
        return None
    return Verschuiving(van=geteld, naar=naar, feestdag=feestdag(geteld) or "")
