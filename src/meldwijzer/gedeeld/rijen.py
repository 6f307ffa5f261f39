"""Rows of one table, read by a fixed statement instead of an ORM query.

On the casus overview, building a Django query (filters, joins, ordering, the select list) cost
many times more than running it: a read of a few rows by ``casus_id`` took ~0.5 ms of ORM work
and ~0.03 ms in the database (docs/performance.md, "Minder ORM op de casuspagina's"). For the
overview's hottest reads of a single table, and those every write of a casus repeats (the
rapportage's termijnen and milestones), ``lees`` builds the select list and the column
conversions once per model and connection, and makes model instances of the rows as the ORM
would (``waarden``: tuples, as ``values_list``): every value through the same converters (the
database's own, then the field's ``from_db_value``, which decrypts an encrypted field), so an
instance is the one the ORM gives.

Only the conditions are written by the caller, as constant SQL text with ``%s`` parameters;
values never enter the text. The caller scopes the read: every use reads the rows of one casus
(``casus_id``, or a row of it) that the caller has already checked the reader may see, or is
writing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

M = TypeVar("M", bound=Model)

_SLEUTEL = "_meldwijzer_rijen"  # the per-connection set-ups, on the connection object


def _opzet(
    model: type[Model], velden: tuple[str, ...] | None, *, precies: bool = False
) -> tuple[str, list[str], list]:
    """The SELECT ... FROM part, the field names in its order, and each column's converters,
    once per connection (a backend's converters belong to its connection). ``precies``: just
    ``velden``, in their order (``waarden``); else the model's fields among them and its key."""
    verbinding = connections[DEFAULT_DB_ALIAS]
    opzetten = verbinding.__dict__.setdefault(_SLEUTEL, {})
    sleutel = (model, velden, precies)
    gevonden = opzetten.get(sleutel)
    if gevonden is not None:
        return gevonden
    meta = model._meta
    if precies and velden is not None:
        per_naam = {f.attname: f for f in meta.concrete_fields}
        alle = [per_naam[meta.pk.attname if n == "pk" else n] for n in velden]
    else:
        alle = [
            f
            for f in meta.concrete_fields
            if velden is None or f.attname in velden or f.primary_key
        ]
    quote = verbinding.ops.quote_name
    tabel = quote(meta.db_table)
    kolommen = ", ".join(f"{tabel}.{quote(f.column)}" for f in alle)
    omzetters = []
    for i, veld in enumerate(alle):
        kolom = veld.get_col(meta.db_table)
        # As the ORM's compiler: the backend's converters (SQLite's dates and times, booleans,
        # UUIDs), then the field's own (JSON, decryption).
        per_kolom = verbinding.ops.get_db_converters(kolom) + kolom.get_db_converters(verbinding)
        if per_kolom:
            omzetters.append((i, kolom, per_kolom))
    gevonden = (f"SELECT {kolommen} FROM {tabel}", [f.attname for f in alle], omzetters)  # noqa: S608
    opzetten[sleutel] = gevonden
    return gevonden


def lees(
    model: type[M],
    waar: str,
    parameters: Sequence[Any],
    *,
    volgorde: str,
    limiet: int | None = None,
    velden: tuple[str, ...] | None = None,
) -> list[M]:
    """The rows of ``model`` where ``waar`` holds (constant SQL with ``%s`` placeholders for
    ``parameters``), in ``volgorde`` (SQL, constant), at most ``limiet``. With ``velden`` only
    those fields are read (and the primary key); the others are deferred, as with ``only()``."""
    select, namen, omzetters = _opzet(model, velden)
    return [
        model.from_db(DEFAULT_DB_ALIAS, namen, rij)
        for rij in _voer_uit(select, omzetters, waar, parameters, volgorde, limiet)
    ]


def waarden(
    model: type[Model],
    velden: tuple[str, ...],
    waar: str,
    parameters: Sequence[Any],
    *,
    volgorde: str,
) -> list[tuple[Any, ...]]:
    """As ``values_list(*velden)``: tuples of those fields (``"pk"`` for the key), converted as
    the ORM converts them."""
    select, _namen, omzetters = _opzet(model, velden, precies=True)
    return [tuple(rij) for rij in _voer_uit(select, omzetters, waar, parameters, volgorde, None)]


def _voer_uit(
    select: str,
    omzetters: list,
    waar: str,
    parameters: Sequence[Any],
    volgorde: str,
    limiet: int | None,
) -> list[list[Any]]:
    sql = f"{select} WHERE {waar} ORDER BY {volgorde}"
    if limiet is not None:
        sql += f" LIMIT {int(limiet)}"
    verbinding = connections[DEFAULT_DB_ALIAS]
    with verbinding.cursor() as cur:
        cur.execute(sql, list(parameters))
        gelezen = cur.fetchall()
    uit = []
    for rij in gelezen:
        waarden_ = list(rij)
        for i, kolom, per_kolom in omzetters:
            waarde = waarden_[i]
            for omzetter in per_kolom:
                waarde = omzetter(waarde, kolom, verbinding)
            waarden_[i] = waarde
        uit.append(waarden_)
    return uit
