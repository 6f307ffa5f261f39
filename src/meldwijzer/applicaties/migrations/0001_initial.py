# The application model moved here from the API app (docs/adr/0015). Its table exists already
# (api_applicatie, created by api 0001/0002): this migration only records the model in this app's
# state and changes nothing in the database.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0005_inloggebeurtenissen_in_een_keten"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("api", "0002_goedkeuring_door_wie_het_token_machtigt"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Applicatie",
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
                        ("naam", models.CharField(max_length=100, verbose_name="naam")),
                        ("scopes", models.JSONField(default=list, verbose_name="rechten")),
                        (
                            "prefix",
                            models.CharField(editable=False, max_length=16, null=True, unique=True),
                        ),
                        (
                            "token_hash",
                            models.CharField(blank=True, default="", editable=False, max_length=64),
                        ),
                        (
                            "aangemaakt_op",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="geregistreerd op"
                            ),
                        ),
                        ("verloopt_op", models.DateTimeField(verbose_name="verloopt op")),
                        (
                            "goedgekeurd_op",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="goedgekeurd op"
                            ),
                        ),
                        (
                            "goedgekeurd_via",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("mijn-account", "door de gebruiker zelf, op Mijn account"),
                                    (
                                        "opdrachtregel",
                                        "door de beheerder van de server, op de opdrachtregel",
                                    ),
                                ],
                                max_length=16,
                                verbose_name="goedgekeurd",
                            ),
                        ),
                        (
                            "ingetrokken_op",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="ingetrokken op"
                            ),
                        ),
                        (
                            "laatst_gebruikt_op",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="laatst gebruikt"
                            ),
                        ),
                        (
                            "geregistreerd_door",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "ingetrokken_door",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "namens",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="applicaties",
                                to="accounts.membership",
                                verbose_name="handelt namens",
                            ),
                        ),
                        (
                            "organisatie",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="applicaties",
                                to="accounts.organisatie",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "applicatie",
                        "verbose_name_plural": "applicaties",
                        "db_table": "api_applicatie",
                        "ordering": ["-aangemaakt_op", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["organisatie", "aangemaakt_op"], name="applicatie_org"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
