"""Rows of one table, read by a fixed statement instead of an ORM query.

On the casus overview, building a Django query (filters, joins, ordering, the select list) cost many
times more than running it: a read of a few rows by ``casus_id`` took ~0.5 ms of ORM work and ~0.03
ms in the database (docs/performance.md, "Minder ORM op de casuspagina's"). For the overview's
hottest reads of a single table, those every write of a casus repeats (the rapportage's termijnen
and milestones) and those of every logged-in request (the session, the device of its second factor,
the user's memberships with their organisation: ``lees_met``), ``lees`` builds the select list and
the column conversions once per model and connection, and makes model instances of the rows as the
ORM would (``waarden``: tuples, as ``values_list``): every value through the same converters (the
database's own, then the field's ``from_db_value``, which decrypts an encrypted field), so an
instance is the one the ORM gives.

Only the conditions are written by the caller, as constant SQL text with ``%s`` parameters;
values never enter the text. The caller scopes the read: every use reads the rows of one casus
(``casus_id``, or a row of it) that the caller has already checked the reader may see, or is
writing, or the rows of the request's own session and user (by the session's key and the ids
it holds).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import ForeignKey, Model

M = TypeVar("M", bound=Model)

_SLEUTEL = "_meldwijzer_rijen"  # the per-connection set-ups, on the connection object


def _opzet(
    model: type[Model], velden: tuple[str, ...] | None, *, precies: bool = False
) -> tuple[str, str, list[str], list]:
    """The select list and the quoted table, the field names in its order, and each column's
    converters, once per connection (a backend's converters belong to its connection). ``precies``:
    just ``velden``, in their order (``waarden``); else the model's fields among them and its
    key."""
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
    gevonden = (kolommen, tabel, [f.attname for f in alle], omzetters)
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
    kolommen, tabel, namen, omzetters = _opzet(model, velden)
    select = f"SELECT {kolommen} FROM {tabel}"  # noqa: S608 — names from the model
    return [
        model.from_db(DEFAULT_DB_ALIAS, namen, rij)
        for rij in _voer_uit(select, omzetters, waar, parameters, volgorde, limiet)
    ]


def lees_met(
    model: type[M],
    verwijzing: str,
    waar: str,
    parameters: Sequence[Any],
    *,
    volgorde: str,
) -> list[M]:
    """As ``lees``, each row with the row its foreign key ``verwijzing`` points to, read in the
    same statement (an inner join, as ``select_related`` makes for a required key) and put
    where the ORM puts it, so ``rij.<verwijzing>`` reads nothing more. ``waar`` and
    ``volgorde`` name each column with its table (both tables are in the statement)."""
    veld = model._meta.get_field(verwijzing)
    verwant = veld.related_model
    # A key to one row of a resolved model, not a reverse relation.
    assert isinstance(veld, ForeignKey) and isinstance(verwant, type) and issubclass(verwant, Model)
    kolommen, tabel, namen, omzetters = _opzet(model, None)
    kolommen_v, tabel_v, namen_v, omzetters_v = _opzet(verwant, None)
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    doel = f"{tabel_v}.{quote(verwant._meta.pk.column)}"
    select = (
        f"SELECT {kolommen}, {kolommen_v} FROM {tabel} "  # noqa: S608 — names from the models
        f"INNER JOIN {tabel_v} ON {doel} = {tabel}.{quote(veld.column)}"
    )
    n = len(namen)
    alle_omzetters = omzetters + [(n + i, kolom, per) for i, kolom, per in omzetters_v]
    uit = []
    for rij in _voer_uit(select, alle_omzetters, waar, parameters, volgorde, None):
        obj = model.from_db(DEFAULT_DB_ALIAS, namen, rij[:n])
        veld.set_cached_value(obj, verwant.from_db(DEFAULT_DB_ALIAS, namen_v, rij[n:]))
        uit.append(obj)
    return uit


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
    kolommen, tabel, _namen, omzetters = _opzet(model, velden, precies=True)
    select = f"SELECT {kolommen} FROM {tabel}"  # noqa: S608 — names from the model
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
