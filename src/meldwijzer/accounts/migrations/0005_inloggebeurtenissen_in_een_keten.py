"""The login events become links of a hash chain of the whole installation (ADR 0011). Events
recorded before this migration are chained here in the order they happened; on PostgreSQL the
append-only trigger is switched off for that one update and on again. A new kind of event: a
login refused by the per-address limit (accounts.adresrem)."""

from django.db import migrations, models

TABEL = "accounts_inloggebeurtenis"
TRIGGER = "meldwijzer_alleen_toevoegen"


def bestaande_gebeurtenissen_in_de_keten(apps, schema_editor):
    from meldwijzer.audit import keten

    Inloggebeurtenis = apps.get_model("accounts", "Inloggebeurtenis")
    Ketenkop = apps.get_model("audit", "Ketenkop")
    if not Inloggebeurtenis.objects.exists():
        return
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        schema_editor.execute(f"ALTER TABLE {TABEL} DISABLE TRIGGER {TRIGGER}")
    _model, velden = keten.KETENS["inloggen"]
    nummer, vorige = 0, keten.begin(None, "inloggen")
    for rij in Inloggebeurtenis.objects.order_by("tijdstip", "pk").iterator(chunk_size=2000):
        nummer += 1
        vorige = keten.bereken(
            "inloggen", None, nummer, vorige, {v: getattr(rij, v) for v in velden}
        )
        Inloggebeurtenis.objects.filter(pk=rij.pk).update(volgnummer=nummer, keten_hash=vorige)
    Ketenkop.objects.create(organisatie=None, keten="inloggen", volgnummer=nummer, hash=vorige)
    if postgresql:
        schema_editor.execute(f"ALTER TABLE {TABEL} ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_sso"),
        ("audit", "0006_ketenkop_van_de_installatie"),
    ]

    operations = [
        migrations.AddField(
            model_name="inloggebeurtenis",
            name="volgnummer",
            field=models.PositiveBigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="inloggebeurtenis",
            name="keten_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(
            bestaande_gebeurtenissen_in_de_keten, migrations.RunPython.noop, elidable=False
        ),
        migrations.AlterField(
            model_name="inloggebeurtenis",
            name="volgnummer",
            field=models.PositiveBigIntegerField(editable=False),
        ),
        migrations.AlterField(
            model_name="inloggebeurtenis",
            name="soort",
            field=models.CharField(
                choices=[
                    ("ingelogd", "ingelogd"),
                    ("wachtwoord_fout", "wachtwoord onjuist"),
                    ("code_fout", "code van de tweede stap onjuist"),
                    ("geblokkeerd", "geblokkeerd na herhaalde fouten"),
                    ("tweestaps_ingesteld", "tweestapsverificatie ingesteld"),
                    ("herstelcode_gebruikt", "herstelcode gebruikt"),
                    ("herstelcodes_nieuw", "nieuwe herstelcodes gemaakt"),
                    ("wachtwoord_gewijzigd", "wachtwoord gewijzigd"),
                    ("uitgelogd", "uitgelogd"),
                    ("sessie_verlopen", "sessie verlopen"),
                    ("sessies_beeindigd", "alle sessies beëindigd"),
                    ("sso_geweigerd", "inloggen via de organisatie geweigerd"),
                    ("adres_geremd", "geremd: te veel mislukte pogingen vanaf dit adres"),
                ],
                max_length=32,
            ),
        ),
        migrations.AddConstraint(
            model_name="inloggebeurtenis",
            constraint=models.UniqueConstraint(
                fields=("volgnummer",), name="inloggebeurtenis_keten_uniek"
            ),
        ),
    ]
