# The framework versions and the organisations' choices moved here from the dossier app
# (docs/adr/0016). Their tables exist already (dossier_kaderversie and dossier_kaderkeuze,
# created by dossier 0001 and 0003): this migration only records the models in this app's state
# and changes nothing in the database.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0005_inloggebeurtenissen_in_een_keten"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("dossier", "0006_melding_vt_organisatie"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="KaderVersie",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kader_id", models.CharField(max_length=80, verbose_name="kader")),
                        ("versie", models.CharField(max_length=80, verbose_name="versie")),
                        ("titel", models.CharField(max_length=300, verbose_name="titel")),
                        (
                            "hash",
                            models.CharField(
                                max_length=64, unique=True, verbose_name="inhoudshash (SHA-256)"
                            ),
                        ),
                        ("inhoud", models.JSONField(verbose_name="volledige inhoud")),
                        (
                            "geladen_op",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="geladen op"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("concept", "Concept"), ("vastgesteld", "Vastgesteld")],
                                default="concept",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "geldig_vanaf",
                            models.DateField(blank=True, null=True, verbose_name="geldig vanaf"),
                        ),
                        (
                            "geldig_tot",
                            models.DateField(
                                blank=True,
                                help_text="Leeg: geldig tot de volgende vastgestelde versie ingaat.",
                                null=True,
                                verbose_name="geldig tot en met",
                            ),
                        ),
                        (
                            "vastgesteld_op",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="vastgesteld op"
                            ),
                        ),
                        (
                            "bestandsnaam",
                            models.CharField(
                                blank=True, max_length=255, verbose_name="bestandsnaam"
                            ),
                        ),
                        (
                            "beroepsorganisatie",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.organisatie",
                                verbose_name="beroepsorganisatie",
                            ),
                        ),
                        (
                            "geimporteerd_door",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="geïmporteerd door",
                            ),
                        ),
                        (
                            "vastgesteld_door",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="vastgesteld door",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "kaderversie",
                        "verbose_name_plural": "kaderversies",
                        "db_table": "dossier_kaderversie",
                        "ordering": ["kader_id", "-geladen_op"],
                        "indexes": [
                            models.Index(
                                fields=["kader_id", "geladen_op"], name="kaderversie_id_geladen"
                            ),
                            models.Index(
                                fields=["kader_id", "status", "geldig_vanaf"],
                                name="kaderversie_geldigheid",
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("kader_id", "versie"), name="kaderversie_uniek"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "vastgesteld"), _negated=True),
                                    ("geldig_vanaf__isnull", False),
                                    _connector="OR",
                                ),
                                name="kaderversie_vastgesteld_heeft_datum",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("geldig_tot__isnull", True),
                                    ("geldig_tot__gte", models.F("geldig_vanaf")),
                                    _connector="OR",
                                ),
                                name="kaderversie_tot_na_vanaf",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Kaderkeuze",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kader_id", models.CharField(max_length=80, verbose_name="kader")),
                        (
                            "gekozen_op",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="gekozen op"
                            ),
                        ),
                        (
                            "gekozen_door",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="gekozen door",
                            ),
                        ),
                        (
                            "organisatie",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.organisatie",
                                verbose_name="organisatie",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "kaderkeuze",
                        "verbose_name_plural": "kaderkeuzes",
                        "db_table": "dossier_kaderkeuze",
                        "ordering": ["gekozen_op", "pk"],
                        "indexes": [
                            models.Index(
                                fields=["organisatie", "gekozen_op"], name="kaderkeuze_org_tijd"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
