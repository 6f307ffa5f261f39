"""The API's schemas of a declared record (dossier.invoer): the same fields, required fields,
limits and choices as the form of the pages and the service's validation (docs/adr/0017)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import create_model

from meldwijzer.dossier import invoer
from meldwijzer.dossier.invoer import Invoer


def _type(declaratie: Invoer, veld: invoer.Veld) -> Any:
    soort = declaratie.soort(veld)
    if soort == invoer.DATUM:
        return dt.date
    if soort == invoer.JANEE:
        return bool
    if soort == invoer.GETAL:
        return int
    if soort == invoer.KEUZE:
        return Literal[tuple(waarde for waarde, _label in declaratie.keuzes(veld))]
    return str


def schema_in(
    naam: str, declaratie: Invoer, *, zonder: tuple[str, ...] = (), **extra: Any
) -> type[Schema]:
    """What a client sends to record one: a required field has no default; an optional text
    is empty, an optional choice or date is null. ``extra``: fields of the call that are not
    the record's (a spoedmelding's ``spoed``), as (type, Field)."""
    velden: dict[str, Any] = {}
    for veld in declaratie:
        if veld.naam in zonder:
            continue
        soort = declaratie.soort(veld)
        beschrijving = str(veld.vraag)
        if soort in (invoer.REGEL, invoer.TEKST):
            maximaal = declaratie.maximaal(veld)
            standaard: Any = ... if veld.verplicht else ""
            velden[veld.naam] = (
                str,
                Field(standaard, max_length=maximaal, description=beschrijving),
            )
        elif soort == invoer.GETAL:
            laagste, hoogste = veld.bereik or (None, None)
            velden[veld.naam] = (
                int if veld.verplicht else int | None,
                Field(
                    ... if veld.verplicht else None,
                    ge=laagste,
                    le=hoogste,
                    description=beschrijving,
                ),
            )
        elif veld.verplicht:
            velden[veld.naam] = (_type(declaratie, veld), Field(..., description=beschrijving))
        else:
            velden[veld.naam] = (
                _type(declaratie, veld) | None,
                Field(None, description=beschrijving),
            )
    return create_model(naam, __base__=Schema, **velden, **extra)


def schema_uit(naam: str, declaratie: Invoer, **extra: Any) -> type[Schema]:
    """What a client reads of a recorded one: every declared field as stored, plus ``extra``
    (the id, the round, when it was recorded), and when it was last corrected or withdrawn."""
    velden: dict[str, Any] = {}
    for veld in declaratie:
        soort = declaratie.soort(veld)
        if soort == invoer.DATUM and not veld.verplicht:
            velden[veld.naam] = (dt.date | None, None)
        elif soort == invoer.GETAL and not veld.verplicht:
            velden[veld.naam] = (int | None, None)
        elif soort == invoer.KEUZE:
            velden[veld.naam] = (str, ...)
        else:
            velden[veld.naam] = (_type(declaratie, veld), ...)
    # Every record says whether it was corrected, and (where the history is read) withdrawn
    # (docs/adr/0019).
    for status in ("gecorrigeerd_op", "ingetrokken_op"):
        if status not in extra:
            velden[status] = (dt.datetime | None, None)
    return create_model(naam, __base__=Schema, **extra, **velden)


def schoon(declaratie: Invoer, data: Schema) -> dict[str, Any]:
    """The client's values for the service: an absent optional choice as empty, as the form
    gives it."""
    waarden = data.model_dump()
    for veld in declaratie:
        if declaratie.soort(veld) == invoer.KEUZE and waarden.get(veld.naam) is None:
            waarden[veld.naam] = ""
    return waarden
