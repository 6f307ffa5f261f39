"""A field that only loses its index loses only its index in the database (gedeeld.migraties,
ADR 0032): no copy of the table on SQLite, no dropped and re-checked foreign key on
PostgreSQL; backwards the index comes back as Django builds it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

VOOR = ("audit", "0006_ketenkop_van_de_installatie")
DEZE = ("audit", "0007_dubbele_indexen_weg")
# The fields audit's migration takes the index of: (table, column).
VELDEN = [
    ("audit_gebeurtenis", "casus_id"),
    ("audit_gebeurtenis", "organisatie_id"),
    ("audit_gebeurtenis", "tijdstip"),
    ("audit_ketenkop", "organisatie_id"),
    ("audit_toegang", "casus_id"),
    ("audit_toegang", "organisatie_id"),
]


def _losse_indexen(tabel: str, kolom: str) -> list[str]:
    with connection.cursor() as cur:
        beperkingen = connection.introspection.get_constraints(cur, tabel)
    return [
        naam
        for naam, b in beperkingen.items()
        if b["index"] and not b["unique"] and not b["primary_key"] and b["columns"] == [kolom]
    ]


@pytest.mark.django_db(transaction=True)
def test_alleen_de_index_gaat_weg_en_komt_terug():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([VOOR])
        for tabel, kolom in VELDEN:
            assert len(_losse_indexen(tabel, kolom)) == 1, (tabel, kolom)

        uitgevoerd: list[str] = []

        def noteer(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            uitgevoerd.append(sql)
            return execute(sql, params, many, context)

        executor = MigrationExecutor(connection)
        with connection.execute_wrapper(noteer):
            executor.migrate([DEZE])
        for tabel, kolom in VELDEN:
            assert _losse_indexen(tabel, kolom) == [], (tabel, kolom)
        schema = [s.upper() for s in uitgevoerd if not s.lstrip().upper().startswith("SELECT")]
        # Seen with the generated AlterField: SQLite's CREATE TABLE "new__audit_…" and copy,
        # PostgreSQL's DROP/ADD CONSTRAINT of each foreign key.
        assert not [s for s in schema if "CREATE TABLE" in s or "CONSTRAINT" in s], schema
        assert sum("DROP INDEX" in s for s in schema) == len(VELDEN), schema
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
