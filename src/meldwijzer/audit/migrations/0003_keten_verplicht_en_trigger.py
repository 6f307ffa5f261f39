"""The chain columns required and unique per organisation, indexes for the log filters,
and on PostgreSQL a trigger that refuses UPDATE and DELETE on the audit and access tables and the
login events (append-only in the database itself; on SQLite the application refuses)."""

from django.db import migrations, models

ALLEEN_TOEVOEGEN = ("audit_gebeurtenis", "audit_toegang", "accounts_inloggebeurtenis")

TRIGGER_FUNCTIE = """
CREATE OR REPLACE FUNCTION meldwijzer_alleen_toevoegen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Meldwijzer: % op % geweigerd; deze tabel is alleen-toevoegen.',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


def triggers_aan(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the application refuses (audit.models.Logregel)
    schema_editor.execute(TRIGGER_FUNCTIE, params=None)  # % belongs to plpgsql here
    for tabel in ALLEEN_TOEVOEGEN:
        schema_editor.execute(
            f"CREATE TRIGGER meldwijzer_alleen_toevoegen BEFORE UPDATE OR DELETE ON {tabel} "
            "FOR EACH ROW EXECUTE FUNCTION meldwijzer_alleen_toevoegen()"
        )


def triggers_uit(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for tabel in ALLEEN_TOEVOEGEN:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS meldwijzer_alleen_toevoegen ON {tabel}")
    schema_editor.execute("DROP FUNCTION IF EXISTS meldwijzer_alleen_toevoegen()")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_keten_en_toegang_nen7513"),
        ("accounts", "0002_tweestaps_en_sessies"),
    ]

    operations = [
        migrations.AlterField(
            model_name="gebeurtenis",
            name="volgnummer",
            field=models.PositiveBigIntegerField(editable=False),
        ),
        migrations.AlterField(
            model_name="toegang",
            name="volgnummer",
            field=models.PositiveBigIntegerField(editable=False),
        ),
        migrations.AddConstraint(
            model_name="gebeurtenis",
            constraint=models.UniqueConstraint(
                fields=("organisatie", "volgnummer"), name="gebeurtenis_keten_uniek"
            ),
        ),
        migrations.AddConstraint(
            model_name="toegang",
            constraint=models.UniqueConstraint(
                fields=("organisatie", "volgnummer"), name="toegang_keten_uniek"
            ),
        ),
        migrations.AddIndex(
            model_name="gebeurtenis",
            index=models.Index(
                fields=["organisatie", "actor", "tijdstip"], name="gebeurtenis_org_actor_tijd"
            ),
        ),
        migrations.AddIndex(
            model_name="toegang",
            index=models.Index(
                fields=["organisatie", "gebruiker", "tijdstip"], name="toegang_org_gebruiker_tijd"
            ),
        ),
        migrations.RunPython(triggers_aan, triggers_uit, elidable=False),
    ]
