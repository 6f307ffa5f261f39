"""Dates and moments as a person reads them, in the active language: the one date style of
``meldwijzer.conf.formats`` ("5 december 2026", "5 december 2026, 14:05") for text that Python
writes — messages, e-mails, PDFs, lists in forms. Templates use ``|date`` and
``|date:"DATETIME_FORMAT"``, which read the same formats. A moment is shown in local time
(``TIME_ZONE``), so a melding at 00:06 on 6 December is not shown on 5 December.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _


def _lokaal(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def datum(waarde: dt.date) -> str:
    """A date: "5 december 2026"; of a moment (datetime) its local date."""
    if isinstance(waarde, dt.datetime):
        waarde = _lokaal(waarde)
    return date_format(waarde, "DATE_FORMAT")


def tijdstip(moment: dt.datetime, *, seconden: bool = False) -> str:
    """A moment in local time: "5 december 2026, 14:05"; with ``seconden`` (the access log,
    where many records share a minute) "5 december 2026, 14:05:09"."""
    formaat = get_format("DATETIME_FORMAT") + (":s" if seconden else "")
    return date_format(_lokaal(moment), formaat)


def datum_van_vastlegging(waarde: dt.date, vastgelegd_op: dt.datetime | None) -> str:
    """A record's own date, told apart from others of the same kind on the same day (two
    meldingen on one day): with the time it was recorded when that was on the day itself
    ("5 december 2026, 14:05"), else with the moment it was recorded ("5 december 2026
    (vastgelegd op 7 december 2026, 09:12)")."""
    if vastgelegd_op is None:
        return datum(waarde)
    if _lokaal(vastgelegd_op).date() == waarde:
        return tijdstip(vastgelegd_op)
    return _("%(datum)s (vastgelegd op %(moment)s)") % {
        "datum": datum(waarde),
        "moment": tijdstip(vastgelegd_op),
    }


def uit_iso(waarde: object) -> object:
    """A date or moment kept as ISO 8601 text (an export for machines, a snapshot), as a person
    reads it: "2026-12-05" → "5 december 2026", "2026-12-06T00:06+01:00" → "6 december 2026,
    00:06"; a list item by item; anything else unchanged."""
    if isinstance(waarde, list | tuple):
        return [uit_iso(w) for w in waarde]
    if not isinstance(waarde, str) or not 10 <= len(waarde) <= 32:
        return waarde
    try:
        if "T" in waarde:
            return tijdstip(dt.datetime.fromisoformat(waarde))
        return datum(dt.date.fromisoformat(waarde))
    except ValueError:
        return waarde
