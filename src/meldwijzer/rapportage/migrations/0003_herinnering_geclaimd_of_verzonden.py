"""A reminder is claimed first and marked sent only when the mail server accepted it
(rapportage/claims.py). Rows from before were written as the e-mail went out: they count as
sent, claimed when they were sent."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def geclaimd_toen_verzonden(apps, schema_editor):
    apps.get_model("rapportage", "Herinnering").objects.update(geclaimd_op=F("verzonden_op"))


def claims_weg(apps, schema_editor):
    # Back to the old schema, which knows only sent reminders: a claim not sent goes, so the old
    # code sends it.
    apps.get_model("rapportage", "Herinnering").objects.filter(status="geclaimd").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rapportage", "0002_termijn_dekkende_indexen"),
    ]

    operations = [
        migrations.AddField(
            model_name="herinnering",
            name="status",
            field=models.CharField(
                choices=[("geclaimd", "geclaimd"), ("verzonden", "verzonden")],
                default="verzonden",
                max_length=16,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="herinnering",
            name="run",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="herinnering",
            name="geclaimd_op",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterField(
            model_name="herinnering",
            name="verzonden_op",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(geclaimd_toen_verzonden, claims_weg, elidable=True),
        migrations.AddConstraint(
            model_name="herinnering",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status", "geclaimd"), ("verzonden_op__isnull", False), _connector="OR"
                ),
                name="herinnering_verzonden_met_tijd",
            ),
        ),
        migrations.AddIndex(
            model_name="herinnering",
            index=models.Index(
                condition=models.Q(("status", "geclaimd")),
                fields=["run"],
                name="herinnering_open_claims",
            ),
        ),
    ]
