import uuid

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0002_tweestaps_en_sessies"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataSleutel",
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
                ("verpakt", models.BinaryField(verbose_name="verpakte sleutel")),
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
                "verbose_name": "datasleutel",
                "verbose_name_plural": "datasleutels",
            },
        ),
    ]
