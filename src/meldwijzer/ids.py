"""Database ids from untrusted text: a URL segment, a query string, a form field, a file.

Both databases store ids as signed 64-bit integers. A larger number never names a row, but
handed to the database it overflows (SQLite raises ``OverflowError``, PostgreSQL an out-of-range
error) and the request ends in a 500 — without the access record of the refusal. Every id that
comes from outside is therefore read through ``id_uit`` (docs/security.md § 12, "Ids buiten
bereik").
"""

from __future__ import annotations

from django.urls import converters, register_converter

GROOTSTE_ID = 2**63 - 1
# An id no row ever has (both databases count from 1): what an out-of-range id in a URL becomes,
# so the view answers 404 and the refusal is logged like any other unknown id.
GEEN_ID = 0


def id_uit(waarde: object) -> int | None:
    """The id this text or number names, or None if it is not a whole number from 1 to
    ``GROOTSTE_ID`` (a sign, an exponent, spaces or 30 digits included)."""
    if isinstance(waarde, bool):
        return None
    if isinstance(waarde, int):
        getal = waarde
    else:
        tekst = str(waarde if waarde is not None else "").strip()
        if not tekst.isascii() or not tekst.isdigit() or len(tekst) > 19:
            return None
        getal = int(tekst)
    return getal if 1 <= getal <= GROOTSTE_ID else None


class IdConverter:
    """``<id:naam>`` in a URL: digits, range-checked; out of range becomes ``GEEN_ID``."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        getal = id_uit(value)
        return GEEN_ID if getal is None else getal

    def to_url(self, value: object) -> str:
        return str(value)


if "id" not in converters.get_converters():
    register_converter(IdConverter, "id")
