"""Values as a policy adviser reads them in a framework diff (kader.verschil): texts quoted,
dates as ISO dates, sources and format-2 values (termijnen, handovers, conditions) in words."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel

from meldwijzer.kader.model import (
    Bron,
    Bronverwijzing,
    BuitenMeldcode,
    Termijn,
    Vervolg,
    Voorwaarde,
    ontleningen,
)
from meldwijzer.kader.tekstverschil import zelfde_tekst


def toon(waarde: object) -> str:
    """A value as a policy adviser reads it."""
    if waarde is None:
        return "(leeg)"
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, Enum):
        return str(waarde.value)
    if isinstance(waarde, str):
        return f"'{' '.join(waarde.split())}'"
    if isinstance(waarde, dt.date):
        return waarde.isoformat()
    if isinstance(waarde, Bron):
        return f"'{waarde.als_tekst()}'"
    if isinstance(waarde, BuitenMeldcode):
        return f"'{waarde.reden}' (bron: {waarde.bron})"
    if isinstance(waarde, Bronverwijzing):
        return f"'{waarde.titel}'"
    if isinstance(waarde, list | tuple):
        return ", ".join(toon(w) for w in waarde) if waarde else "(geen)"
    return toon_formaat_2(waarde)


def toon_formaat_2(waarde: object) -> str:
    """The format-2 values: termijnen, handovers, conditions, consequences, other words."""
    if isinstance(waarde, Termijn):
        return f"'{waarde.als_tekst()}'"
    if isinstance(waarde, Vervolg):
        plek = f", afweging '{waarde.afweging}'" if waarde.afweging else ""
        return f"verder in route '{waarde.route}'{plek}"
    if isinstance(waarde, Voorwaarde):
        als = " en ".join(f"{a} = {' of '.join(ontleningen(w))}" for a, w in waarde.als.items())
        return f"als {als}: {toon(waarde.acties)}"
    if isinstance(waarde, dict):
        return "; ".join(f"{k}: {toon(v)}" for k, v in waarde.items()) if waarde else "(geen)"
    if isinstance(waarde, BaseModel):  # Gevolg, Aanpassing: the fields that are filled in
        delen = [f"{naam} {toon(w)}" for naam, w in waarde if w is not None and w != [] and w != {}]
        return "(" + "; ".join(delen) + ")"
    return str(waarde)


def is_lopende_tekst(a: object, b: object) -> bool:
    return isinstance(a, str) and isinstance(b, str) and max(len(a.split()), len(b.split())) > 3


def gelijk(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return zelfde_tekst(a, b)
    return a == b
