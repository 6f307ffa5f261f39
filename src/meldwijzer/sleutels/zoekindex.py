"""A keyed blind index: find a betrokkene by name and birth date without storing either readably.

``HMAC-SHA256(k, organisation ‖ normalised name ‖ birth date)`` with ``k`` derived from the HMAC
secret for this purpose only. The organisation is part of the input, so the same child in two
organisations gives two unrelated values: nobody reading the table links them. Without the key
the values cannot be recomputed from a list of names; equal values still reveal that two rows of
one organisation are the same person — which is the point.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from meldwijzer.sleutels import crypto

_NIET_LETTER = re.compile(r"[^0-9a-z]+")


def normaliseer_naam(naam: str) -> str:
    """Case, accents, punctuation and word order do not matter: 'Vries, Jan de' is
    'Jan de Vries' is 'jan de vriës'."""
    zonder_accenten = "".join(
        t for t in unicodedata.normalize("NFKD", naam) if not unicodedata.combining(t)
    )
    woorden = _NIET_LETTER.sub(" ", zonder_accenten.casefold()).split()
    return " ".join(sorted(woorden))


def zoekwaarde(organisatie_id: int, naam: str, geboortedatum: dt.date | None) -> str:
    """The index value; empty without both a name and a birth date (a name alone would match
    too many children to be useful, and too few letters to hide anything)."""
    genormaliseerd = normaliseer_naam(naam or "")
    if not genormaliseerd or geboortedatum is None:
        return ""
    from meldwijzer.sleutels.sleutelring import hmac_sleutel

    bericht = f"{organisatie_id}|{genormaliseerd}|{geboortedatum.isoformat()}".encode()
    return crypto.hmac_hex(hmac_sleutel("zoekindex"), bericht)
