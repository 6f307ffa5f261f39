"""Writing the rows in waiting (``executemany`` on SQLite, ``COPY`` on PostgreSQL), with the
secondary indexes and foreign keys off while loading and built again once afterwards."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from django.core.management.color import no_style
from django.db import connection

from meldwijzer.audit.models import Ketenkop

if TYPE_CHECKING:
    from meldwijzer.synthetisch.genereer.organisaties import Org
    from meldwijzer.synthetisch.genereer.tabellen import Tabel

SQLITE_CACHE = -262_144  # KiB: 256 MB of page cache on the generator's connections
SQLITE_ANALYSE = 1_000  # index entries ANALYZE reads per index after a load (``statistieken``)


def schrijf(tabellen: dict[str, Tabel], rijen: dict[str, int]) -> None:
    """Every table's rows in waiting to the database; ``rijen`` counts them per table."""
    with connection.cursor() as cur:
        for tabel in tabellen.values():
            if not tabel.rijen:
                continue
            kolommen = ", ".join(connection.ops.quote_name(k) for k in tabel.kolommen)
            if connection.vendor == "postgresql":
                ruw = cur.cursor
                with ruw.copy(f"COPY {tabel.naam} ({kolommen}) FROM STDIN") as copy:
                    for rij in tabel.rijen:
                        copy.write_row(rij)
            else:
                plaatsen = ", ".join(["%s"] * len(tabel.kolommen))
                cur.executemany(
                    f"INSERT INTO {tabel.naam} ({kolommen}) VALUES ({plaatsen})",
                    tabel.rijen,
                )
            rijen[tabel.naam] = rijen.get(tabel.naam, 0) + len(tabel.rijen)
            tabel.rijen = []


def koppen(orgs: list[Org]) -> None:
    """Each organisation's chain heads as far as the rows written."""
    for org in orgs:
        for naam, kop in (("gebeurtenissen", org.gebeurtenis), ("toegang", org.toegang)):
            Ketenkop.objects.update_or_create(
                organisatie_id=org.id,
                keten=naam,
                defaults={"volgnummer": kop[0], "hash": kop[1]},
            )


def volgorde_herstellen(tabellen: dict[str, Tabel]) -> None:
    """PostgreSQL: the id sequences past the ids the generator chose itself."""
    if connection.vendor != "postgresql":
        return
    modellen = [t.model for t in tabellen.values() if t.id_zelf]
    with connection.cursor() as cur:
        for sql in connection.ops.sequence_reset_sql(no_style(), modellen):
            cur.execute(sql)


def indexen_weg(tabellen: dict[str, Tabel]) -> list[tuple[str, str]]:
    """Drop the secondary (non-unique) indexes of the tables being filled (on PostgreSQL
    also their foreign keys: ``_sleutels_weg``), and return how to build them again:
    building an index once over all rows is much cheaper than keeping it up to date row by
    row (docs/performance.md). Primary keys, unique indexes and other constraints stay, so a
    duplicate still fails at once. ``indexen_terug`` rebuilds them, also when the
    generation fails."""
    namen = [t.naam for t in tabellen.values()]
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            plaatsen = ", ".join(["%s"] * len(namen))
            cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND sql NOT LIKE 'CREATE UNIQUE%%' AND tbl_name IN ({plaatsen})",
                namen,
            )
        elif connection.vendor == "postgresql":
            cur.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = "
                "current_schema() AND i.tablename = ANY(%s) AND i.indexdef NOT LIKE "
                "'CREATE UNIQUE%%' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE "
                "c.conname = i.indexname)",
                [namen],
            )
        else:
            return []
        indexen = [(naam, sql) for naam, sql in cur.fetchall()]
        for naam, _sql in indexen:
            cur.execute(f"DROP INDEX {connection.ops.quote_name(naam)}")
        if connection.vendor == "postgresql":
            indexen += _sleutels_weg(cur, namen)
    return indexen


def _sleutels_weg(cur: Any, tabellen: list[str]) -> list[tuple[str, str]]:
    """PostgreSQL: drop the foreign keys of the tables being filled as well, and return how
    to add them again. Checked row by row (a trigger and a lookup per reference) they cost
    the server ~0.35 ms CPU per casus, 40 % of its work while loading; added again after
    the load, each is checked once over the whole table in one join, and a dangling
    reference still fails the generation (PostgreSQL's 'Populating a Database' advice)."""
    if connection.in_atomic_block:
        # Pending checks of rows written earlier in the enclosing transaction (the tests)
        # forbid altering those tables: run them now.
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cur.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
        "FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[]) "
        "ORDER BY 1, 2",
        [tabellen],
    )
    sleutels = []
    for tabel, naam, definitie in cur.fetchall():
        tabel_q, naam_q = connection.ops.quote_name(tabel), connection.ops.quote_name(naam)
        cur.execute(f"ALTER TABLE {tabel_q} DROP CONSTRAINT {naam_q}")
        sleutels.append((naam, f"ALTER TABLE {tabel_q} ADD CONSTRAINT {naam_q} {definitie}"))
    return sleutels


def indexen_terug(indexen: list[tuple[str, str]]) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            # The index builds get the memory a bulk build wants (this session only).
            cur.execute("SET maintenance_work_mem = '256MB'")
            # Inside an enclosing transaction (the tests) the deferred foreign-key checks
            # of the rows just written are still pending, and PostgreSQL builds no index
            # on a table with pending trigger events: run them now.
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    elif connection.vendor == "sqlite" and indexen:
        with connection.cursor() as cur:
            cur.execute(f"PRAGMA cache_size = {SQLITE_CACHE}")  # the sorts stay in memory
            # The sorts of an index build on every core: the generating processes are done,
            # and SQLite otherwise sorts on one thread.
            cur.execute(f"PRAGMA threads = {os.cpu_count() or 1}")
    for _naam, sql in indexen:
        with connection.cursor() as cur:
            cur.execute(sql)
    if connection.vendor == "sqlite" and indexen:
        with connection.cursor() as cur:
            cur.execute("PRAGMA cache_size = -2000")
            cur.execute("PRAGMA threads = 0")


def statistieken() -> None:
    """Fresh planner statistics after a bulk load. Without them SQLite guesses between
    indexes of equal shape, and picked the organisation's audit index (scanning all its
    rows) over the casus's for a casus timeline: 190 ms instead of < 1 ms at 10,000
    casussen (docs/performance.md). PostgreSQL's autovacuum would get there later.

    SQLite reads about ``SQLITE_ANALYSE`` entries of each index instead of all of them
    (``PRAGMA analysis_limit``, this connection only): 3 s became 0.01 s at 100,000 casussen,
    and the planner chose the same index for each of the app's list, timeline, audit and
    report queries as after a full ANALYZE (docs/performance.md, 'Genereren')."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSE}")
            cur.execute("ANALYZE")
            cur.execute("PRAGMA analysis_limit = 0")
        else:
            cur.execute("ANALYZE")


def sneller_schrijven() -> bool:
    """This connection stops waiting for the disk at every commit while generating; returns
    whether ``weer_veilig_schrijven`` must undo it (SQLite outside an enclosing transaction)."""
    sneller = connection.vendor == "sqlite" and not connection.in_atomic_block
    if sneller:
        # No fsync per commit while generating (this connection only; the settings' WAL
        # journal stays): a crash mid-generation means generating again, not lost work.
        with connection.cursor() as cur:
            cur.execute("PRAGMA synchronous = OFF")
            # A page cache that holds the unique indexes filled in random order (uuids):
            # SQLite's 2 MB default reads their pages again and again at a million casussen.
            cur.execute(f"PRAGMA cache_size = {SQLITE_CACHE}")
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # The same for PostgreSQL, in this session only: a commit does not wait for its
        # WAL to reach the disk (fsync stays on; a crash loses at most the last batches).
        with connection.cursor() as cur:
            cur.execute("SET synchronous_commit = off")
    return sneller


def weer_veilig_schrijven() -> None:
    with connection.cursor() as cur:
        cur.execute("PRAGMA synchronous = FULL")  # as conf.base sets it
        cur.execute("PRAGMA cache_size = -2000")  # SQLite's default
