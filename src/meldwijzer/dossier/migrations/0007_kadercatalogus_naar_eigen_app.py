# The framework versions and the organisations' choices moved to their own app (catalogus,
# docs/adr/0016): the casus and the besluit now point at catalogus.KaderVersie, and both models
# leave this app's state. Only Django's state changes: the tables keep their names, rows and
# foreign keys, and belong to the catalogue from now on.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossier", "0006_melding_vt_organisatie"),
        ("catalogus", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="casus",
                    name="kader_versie",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="casussen",
                        to="catalogus.kaderversie",
                        verbose_name="kader",
                    ),
                ),
                migrations.AlterField(
                    model_name="besluit",
                    name="kader_versie",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="catalogus.kaderversie",
                    ),
                ),
                migrations.DeleteModel(name="Kaderkeuze"),
                migrations.DeleteModel(name="KaderVersie"),
            ],
            database_operations=[],
        ),
    ]
