"""The hash chain per organisation, the NEN 7513 fields of the access log, casus ids that
outlive retention, and ciphertext in casus events. Existing rows are encrypted and chained here;
0003 makes the chain columns required and adds the PostgreSQL trigger."""

import json

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def bestaande_rijen_in_de_keten(apps, schema_editor):
    """Rows written before this migration: casus events get their values encrypted under the
    casus's data key (created by dossier 0004), and every row is linked into its chain."""
    from meldwijzer.audit import keten
    from meldwijzer.sleutels import crypto, sleutelring

    Gebeurtenis = apps.get_model("audit", "Gebeurtenis")
    Toegang = apps.get_model("audit", "Toegang")
    Casus = apps.get_model("dossier", "Casus")
    Ketenkop = apps.get_model("audit", "Ketenkop")
    if not Gebeurtenis.objects.exists() and not Toegang.objects.exists():
        return
    sleutels = dict(Casus.objects.values_list("pk", "sleutel_id"))
    for rij in Gebeurtenis.objects.filter(casus_id__isnull=False).iterator():
        sleutel = sleutels.get(rij.casus_id)
        if sleutel is None:
            continue
        nieuw = {}
        for naam in ("oud", "nieuw"):
            waarde = getattr(rij, naam)
            if waarde is not None and not crypto.is_token(waarde):
                nieuw[naam] = sleutelring.versleutel(
                    sleutel, json.dumps(waarde, ensure_ascii=False, sort_keys=True)
                )
        if rij.reden and not crypto.is_token(rij.reden):
            nieuw["reden"] = sleutelring.versleutel(sleutel, rij.reden)
        if nieuw:
            Gebeurtenis.objects.filter(pk=rij.pk).update(**nieuw)
    for naam, model in (("gebeurtenissen", Gebeurtenis), ("toegang", Toegang)):
        _model, velden = keten.KETENS[naam]
        koppen = {}
        for rij in model.objects.order_by("organisatie_id", "tijdstip", "pk").iterator():
            org = rij.organisatie_id
            nummer, vorige = koppen.get(org, (0, keten.begin(org, naam)))
            nummer += 1
            hash_ = keten.bereken(naam, org, nummer, vorige, {v: getattr(rij, v) for v in velden})
            model.objects.filter(pk=rij.pk).update(volgnummer=nummer, keten_hash=hash_)
            koppen[org] = (nummer, hash_)
        for org, (nummer, hash_) in koppen.items():
            Ketenkop.objects.create(organisatie_id=org, keten=naam, volgnummer=nummer, hash=hash_)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("accounts", "0002_tweestaps_en_sessies"),
        ("dossier", "0004_versleuteling_per_casus"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="gebeurtenis",
            name="casus",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="gebeurtenissen",
                to="dossier.casus",
            ),
        ),
        migrations.AlterField(
            model_name="toegang",
            name="casus",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="dossier.casus",
            ),
        ),
        migrations.AddField(
            model_name="gebeurtenis",
            name="volgnummer",
            field=models.PositiveBigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="gebeurtenis",
            name="keten_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="toegang",
            name="volgnummer",
            field=models.PositiveBigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="toegang",
            name="keten_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="toegang",
            name="betrokkene_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="toegang",
            name="uitkomst",
            field=models.CharField(
                choices=[("toegestaan", "toegestaan"), ("geweigerd", "geweigerd")],
                default="toegestaan",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="toegang",
            name="grondslag",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddField(
            model_name="toegang",
            name="namens",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.CreateModel(
            name="Ketenkop",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("keten", models.CharField(max_length=16)),
                ("volgnummer", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(max_length=64)),
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
                "verbose_name": "ketenkop",
                "verbose_name_plural": "ketenkoppen",
                "constraints": [
                    models.UniqueConstraint(fields=("organisatie", "keten"), name="ketenkop_uniek")
                ],
            },
        ),
        migrations.RunPython(
            bestaande_rijen_in_de_keten, migrations.RunPython.noop, elidable=False
        ),
    ]
