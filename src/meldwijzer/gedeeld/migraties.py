"""Building blocks for migrations that Django's generated operations make expensive.

``alleen_index_weg``: a field that only loses its own index (``db_index=False``, ADR 0032). The
generated ``AlterField`` does much more on a filled database: SQLite copies the whole table into a
new one (and builds all its indexes again), PostgreSQL drops the foreign key, drops the index and
adds the key again, checking every row while the table is locked for writes. Dropping the index
is all the schema change is; this does only that in the database, and keeps the ``AlterField`` for
Django's picture of the models, so ``makemigrations`` sees nothing left to do.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def _eigen_indexen(schema_editor: Any, model: Any, kolom: str) -> list[str]:
    """The names of the non-unique indexes on ``kolom`` alone that the field itself brings (not
    one the model declares in its Meta), read from the database."""
    verbinding = schema_editor.connection
    with verbinding.cursor() as cur:
        beperkingen = verbinding.introspection.get_constraints(cur, model._meta.db_table)
    verklaard = {index.name for index in model._meta.indexes}
    return sorted(
        naam
        for naam, b in beperkingen.items()
        if b["index"]
        and not b["unique"]
        and not b["primary_key"]
        and b["columns"] == [kolom]
        and naam not in verklaard
    )


# The schema editor is typed Any: its SQL builders for an index (``_delete_index_sql``,
# ``_create_index_sql``, which give Django's own names and statements) are not in the stubs.


def alleen_index_weg(
    app_label: str, *wijzigingen: migrations.AlterField
) -> migrations.SeparateDatabaseAndState:
    """``wijzigingen`` (each an ``AlterField`` that sets ``db_index=False`` and changes nothing
    else) as Django's state, and in the database only ``DROP INDEX`` of each field's own index;
    backwards, the index as Django names and builds it."""
    velden = [(w.model_name, w.name) for w in wijzigingen]

    def weg(apps: Any, schema_editor: Any) -> None:
        for model_naam, veld_naam in velden:
            model = apps.get_model(app_label, model_naam)
            kolom = model._meta.get_field(veld_naam).column
            for naam in _eigen_indexen(schema_editor, model, kolom):
                schema_editor.execute(schema_editor._delete_index_sql(model, naam))

    def terug(apps: Any, schema_editor: Any) -> None:
        for model_naam, veld_naam in velden:
            model = apps.get_model(app_label, model_naam)
            veld = model._meta.get_field(veld_naam)
            if not _eigen_indexen(schema_editor, model, veld.column):
                schema_editor.execute(schema_editor._create_index_sql(model, fields=[veld]))

    return migrations.SeparateDatabaseAndState(
        state_operations=list(wijzigingen),
        database_operations=[migrations.RunPython(weg, terug, elidable=False)],
    )
