"""A chain of the whole installation (the login events, ADR 0011): its head has no organisation,
and there is one such head per chain."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_schrijfproef"),
        ("accounts", "0004_sso"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ketenkop",
            name="organisatie",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisatie",
            ),
        ),
        migrations.AddConstraint(
            model_name="ketenkop",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisatie__isnull", True)),
                fields=("keten",),
                name="ketenkop_installatie_uniek",
            ),
        ),
    ]
