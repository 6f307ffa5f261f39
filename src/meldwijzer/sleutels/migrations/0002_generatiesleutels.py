"""A generation key per organisation between the environment key and the data keys
(docs/adr/0012-wissen-door-sleutelrotatie.md). Schema only: existing data keys stay wrapped
directly by the environment key until the next retention run or ``meldwijzer sleutels roteer``
moves them under a generation.
"""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_tweestaps_en_sessies"),
        ("sleutels", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="datasleutel",
            name="kek_id",
            field=models.CharField(
                blank=True, db_index=True, max_length=16, verbose_name="omgevingssleutel"
            ),
        ),
        migrations.CreateModel(
            name="Generatie",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "kek_id",
                    models.CharField(db_index=True, max_length=16, verbose_name="omgevingssleutel"),
                ),
                ("verpakt", models.BinaryField(verbose_name="verpakte generatiesleutel")),
                ("te_vervangen", models.BooleanField(default=False)),
                ("aangemaakt_op", models.DateTimeField(default=django.utils.timezone.now)),
                ("verpakt_op", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "organisatie",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisatie",
                    ),
                ),
            ],
            options={
                "verbose_name": "generatiesleutel",
                "verbose_name_plural": "generatiesleutels",
            },
        ),
        migrations.AddField(
            model_name="datasleutel",
            name="generatie",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="sleutels.generatie",
                verbose_name="generatiesleutel",
            ),
        ),
        migrations.AddIndex(
            model_name="generatie",
            index=models.Index(
                fields=["organisatie", "aangemaakt_op"], name="sleutels_ge_organis_7bbf9e_idx"
            ),
        ),
    ]
