"""Optimistic concurrency per part of a casus (docs/adr/0013).

A running casus has no record of which part changed when: it starts as changed as a whole at its
current version, so a form opened before the upgrade is checked as strictly as before. Its audit
position is the last event it has.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def vul_bestaande(apps, schema_editor):
    Casus = apps.get_model("dossier", "Casus")
    Gebeurtenis = apps.get_model("audit", "Gebeurtenis")
    # One UPDATE per distinct version: few, however many casussen there are.
    for versie in Casus.objects.values_list("versie", flat=True).distinct().order_by("versie"):
        Casus.objects.filter(versie=versie).update(onderdeelversies={"*": versie})
    laatste = (
        Gebeurtenis.objects.filter(casus_id=OuterRef("pk"))
        .order_by("-volgnummer")
        .values("volgnummer")[:1]
    )
    Casus.objects.update(
        tijdlijnstand=Coalesce(Subquery(laatste), 0, output_field=models.PositiveBigIntegerField())
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_keten_en_toegang_nen7513"),
        ("dossier", "0004_versleuteling_per_casus"),
    ]

    operations = [
        migrations.AddField(
            model_name="casus",
            name="onderdeelversies",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="casus",
            name="tijdlijnstand",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(vul_bestaande, migrations.RunPython.noop),
    ]
