"""Deadline dates as a professional reads them: with the weekday, with why a counted deadline
moved, and a warning for a date entered on a weekend or a public holiday.

The counting itself is ``dossier.werkdagen`` (no Django); this module only puts it into words.
A date entered on a day off is accepted — a home visit on a Saturday can be right — but the
professional is told, once after saving, on the page (web) and in ``waarschuwingen`` (API).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meldwijzer.dossier import werkdagen
from meldwijzer.dossier.models import (
    AfsluitAfspraak,
    Afsluiting,
    AfspraakVeiligThuis,
    Evaluatie,
    Hulpplan,
)

# "zaterdag 16 januari 2027" in Dutch, "Saturday 16 January 2027" in English.
MET_WEEKDAG = "l j F Y"


def met_weekdag(datum: dt.date) -> str:
    """The date with its weekday, in the active language: "zaterdag 16 januari 2027"."""
    return date_format(datum, MET_WEEKDAG)


def verschoven(v: werkdagen.Verschuiving) -> str:
    """The note beside a moved deadline: "verschoven van zaterdag 16 januari 2027 naar maandag
    18 januari 2027: weekend"."""
    return _("verschoven van %(van)s naar %(naar)s: %(reden)s") % {
        "van": met_weekdag(v.van),
        "naar": met_weekdag(v.naar),
        "reden": v.feestdag or _("weekend"),
    }


def waarschuwing(wat: str, datum: dt.date | None) -> str | None:
    """A warning when ``datum`` is not a working day, naming the date and why; else None.
    ``wat`` names the date in the sentence: "De evaluatiedatum"."""
    if datum is None or werkdagen.is_werkdag(datum):
        return None
    feestdag = werkdagen.feestdag(datum)
    if feestdag:
        return _(
            "%(wat)s, %(datum)s, valt op een feestdag: %(feestdag)s. Controleer of dat zo "
            "bedoeld is."
        ) % {"wat": wat, "datum": met_weekdag(datum), "feestdag": feestdag}
    return _("%(wat)s, %(datum)s, valt in het weekend. Controleer of dat zo bedoeld is.") % {
        "wat": wat,
        "datum": met_weekdag(datum),
    }


def _alle(paren: Iterable[tuple[str, dt.date | None]]) -> list[str]:
    return [w for wat, datum in paren if (w := waarschuwing(wat, datum)) is not None]


def datumwaarschuwingen(vastgelegd: object) -> list[str]:
    """The warnings for the dates a professional entered in this record (a hulpplan's
    evaluation dates, an evaluation's next date, an afsluiting's "tot wanneer", the date of an
    agreement with Veilig Thuis): the one place web and API take them from."""
    if isinstance(vastgelegd, Hulpplan):
        return _alle((_("De evaluatiedatum"), d) for d in vastgelegd.evaluatiedatums)
    if isinstance(vastgelegd, Evaluatie):
        return _alle([(_("De volgende evaluatie"), vastgelegd.volgende_datum)])
    if isinstance(vastgelegd, Afsluiting):
        afspraken: Iterable[AfsluitAfspraak] = vastgelegd.afspraken.all()
        return _alle(
            (_("‘Tot wanneer’ van afspraak %(n)s") % {"n": i}, a.tot_wanneer)
            for i, a in enumerate(afspraken, start=1)
        )
    if isinstance(vastgelegd, AfspraakVeiligThuis):
        return _alle([(_("De datum van de afspraak met Veilig Thuis"), vastgelegd.datum)])
    return []


def verschuiving_van(termijn: object) -> werkdagen.Verschuiving | None:
    """How the deadline of an agreement with Veilig Thuis, or of a ``rapportage.Termijn`` (its
    ``verschuiving()``), moved off a day off; None when it did not."""
    if isinstance(termijn, AfspraakVeiligThuis):
        return werkdagen.verschuiving(
            termijn.datum, termijn.termijn_aantal, termijn.termijn_eenheid
        )
    verschuiving = getattr(termijn, "verschuiving", None)
    return verschuiving() if callable(verschuiving) else None
