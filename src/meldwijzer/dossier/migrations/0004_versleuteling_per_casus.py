"""Encryption at rest with a data key per casus (docs/adr/0005-versleuteling-per-casus.md).

Free-text columns become encrypted fields; every existing casus gets its own data key and every
existing row is re-saved, which encrypts it. Needs the environment keys (MELDWIJZER_SLEUTELS)
as the app does.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import meldwijzer.sleutels.velden


def versleutel_bestaande(apps, schema_editor):
    from meldwijzer.sleutels import sleutelring
    from meldwijzer.sleutels.velden import VersleuteldeJSON, VersleuteldeTekst

    Casus = apps.get_model("dossier", "Casus")
    if not Casus.objects.exists():
        return  # a new database: nothing to encrypt
    for casus in Casus.objects.filter(sleutel__isnull=True).iterator():
        sleutel = sleutelring.nieuwe_datasleutel(casus.organisatie_id)
        Casus.objects.filter(pk=casus.pk).update(sleutel_id=sleutel.pk)
    for model in apps.get_app_config("dossier").get_models():
        velden = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, VersleuteldeTekst | VersleuteldeJSON)
        ]
        if velden:
            for rij in model._base_manager.order_by("pk").iterator():
                rij.save(update_fields=velden)  # pre_save encrypts the plain value it read


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_tweestaps_en_sessies"),
        ("dossier", "0003_kaderversie_levenscyclus"),
        ("sleutels", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="betrokkene",
            name="geboortedatum",
            field=meldwijzer.sleutels.velden.VersleuteldeDatum(
                blank=True, null=True, sleutel="casus.sleutel", verbose_name="geboortedatum"
            ),
        ),
        migrations.AddField(
            model_name="betrokkene",
            name="zoekindex",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="casus",
            name="sleutel",
            field=models.OneToOneField(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="sleutels.datasleutel",
            ),
        ),
        migrations.AlterField(
            model_name="afsluitafspraak",
            name="partners",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True,
                max_length=300,
                sleutel="afsluiting.casus.sleutel",
                verbose_name="met welke partners",
            ),
        ),
        migrations.AlterField(
            model_name="afsluitafspraak",
            name="wat",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="afsluiting.casus.sleutel", verbose_name="wat wordt gevolgd"
            ),
        ),
        migrations.AlterField(
            model_name="afsluitafspraak",
            name="wie",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                max_length=200, sleutel="afsluiting.casus.sleutel", verbose_name="door wie"
            ),
        ),
        migrations.AlterField(
            model_name="afsluiting",
            name="casusregie_door",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                max_length=300,
                sleutel="casus.sleutel",
                verbose_name="casusregie en monitoring voortgezet door",
            ),
        ),
        migrations.AlterField(
            model_name="afsluiting",
            name="conclusie",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="casus.sleutel", verbose_name="conclusie"
            ),
        ),
        migrations.AlterField(
            model_name="afsluiting",
            name="vt_contact",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True,
                max_length=200,
                sleutel="casus.sleutel",
                verbose_name="afgestemd met (Veilig Thuis)",
            ),
        ),
        migrations.AlterField(
            model_name="afspraakveiligthuis",
            name="resultaten",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="casus.sleutel", verbose_name="resultaten ten aanzien van de veiligheid"
            ),
        ),
        migrations.AlterField(
            model_name="afspraakveiligthuis",
            name="vt_contact",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                max_length=200, sleutel="casus.sleutel", verbose_name="met wie bij Veilig Thuis"
            ),
        ),
        migrations.AlterField(
            model_name="afspraakveiligthuis",
            name="wie_doet_wat",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="casus.sleutel", verbose_name="wie doet wat"
            ),
        ),
        migrations.AlterField(
            model_name="antwoord",
            name="toelichting",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True, sleutel="casus.sleutel", verbose_name="toelichting"
            ),
        ),
        migrations.AlterField(
            model_name="antwoord",
            name="voorwaarden",
            field=meldwijzer.sleutels.velden.VersleuteldeJSON(
                blank=True,
                default=dict,
                sleutel="casus.sleutel",
                verbose_name="toets aan de voorwaarden",
            ),
        ),
        migrations.AlterField(
            model_name="antwoord",
            name="vt_contact",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True,
                max_length=200,
                sleutel="casus.sleutel",
                verbose_name="met wie bij Veilig Thuis",
            ),
        ),
        migrations.AlterField(
            model_name="besluit",
            name="antwoorden",
            field=meldwijzer.sleutels.velden.VersleuteldeJSON(sleutel="casus.sleutel"),
        ),
        migrations.AlterField(
            model_name="betrokkene",
            name="naam",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True, max_length=200, sleutel="casus.sleutel", verbose_name="naam"
            ),
        ),
        migrations.AlterField(
            model_name="betrokkene",
            name="relatie",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                max_length=200, sleutel="casus.sleutel", verbose_name="relatie"
            ),
        ),
        migrations.AlterField(
            model_name="casus",
            name="conclusie",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True, sleutel="sleutel", verbose_name="conclusie"
            ),
        ),
        migrations.AlterField(
            model_name="casus",
            name="titel",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                max_length=200, sleutel="sleutel", verbose_name="korte omschrijving"
            ),
        ),
        migrations.AlterField(
            model_name="consultatie",
            name="advies",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="casus.sleutel", verbose_name="wat werd geadviseerd"
            ),
        ),
        migrations.AlterField(
            model_name="consultatie",
            name="naam_functie",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True, max_length=200, sleutel="casus.sleutel", verbose_name="naam of functie"
            ),
        ),
        migrations.AlterField(
            model_name="evaluatie",
            name="bevindingen",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="casus.sleutel", verbose_name="wat is bereikt"
            ),
        ),
        migrations.AlterField(
            model_name="evaluatie",
            name="toelichting",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="casus.sleutel", verbose_name="toelichting"
            ),
        ),
        migrations.AlterField(
            model_name="gesprek",
            name="met_wie",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True, max_length=200, sleutel="casus.sleutel", verbose_name="met wie"
            ),
        ),
        migrations.AlterField(
            model_name="gesprek",
            name="reactie",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True, sleutel="casus.sleutel", verbose_name="reactie van de betrokkene(n)"
            ),
        ),
        migrations.AlterField(
            model_name="gesprek",
            name="toelichting",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True, sleutel="casus.sleutel", verbose_name="toelichting"
            ),
        ),
        migrations.AlterField(
            model_name="hulpbuitenmeldcode",
            name="omschrijving",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="casus.sleutel", verbose_name="omschrijving van de hulp"
            ),
        ),
        migrations.AlterField(
            model_name="hulpplan",
            name="casusregie",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True,
                max_length=300,
                sleutel="casus.sleutel",
                verbose_name="casusregie of casemanager",
            ),
        ),
        migrations.AlterField(
            model_name="hulpplan",
            name="doelen",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="casus.sleutel", verbose_name="doelen"
            ),
        ),
        migrations.AlterField(
            model_name="hulpplan",
            name="monitoring",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="casus.sleutel", verbose_name="hoe de veiligheid wordt gevolgd"
            ),
        ),
        migrations.AlterField(
            model_name="hulpplan",
            name="resultaten",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="casus.sleutel", verbose_name="resultaten"
            ),
        ),
        migrations.AlterField(
            model_name="hulpplan",
            name="wie_doet_wat",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="casus.sleutel", verbose_name="wie doet wat"
            ),
        ),
        migrations.AlterField(
            model_name="kindcheck",
            name="toelichting",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True, sleutel="casus.sleutel", verbose_name="toelichting"
            ),
        ),
        migrations.AlterField(
            model_name="melding",
            name="hoe_geinformeerd",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True, sleutel="casus.sleutel", verbose_name="hoe geïnformeerd"
            ),
        ),
        migrations.AlterField(
            model_name="melding",
            name="spoed_reden",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True, sleutel="casus.sleutel", verbose_name="acuut gevaar"
            ),
        ),
        migrations.AlterField(
            model_name="melding",
            name="toelichting_niet_geinformeerd",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True, sleutel="casus.sleutel", verbose_name="toelichting"
            ),
        ),
        migrations.AlterField(
            model_name="melding",
            name="vt_contact",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                max_length=200,
                sleutel="casus.sleutel",
                verbose_name="contactpersoon bij Veilig Thuis",
            ),
        ),
        migrations.AlterField(
            model_name="melding",
            name="vt_kenmerk",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True,
                max_length=100,
                sleutel="casus.sleutel",
                verbose_name="kenmerk bij Veilig Thuis",
            ),
        ),
        migrations.AlterField(
            model_name="signaal",
            name="bron_wie",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True,
                max_length=200,
                sleutel="casus.sleutel",
                verbose_name="verteld door / welke derde",
            ),
        ),
        migrations.AlterField(
            model_name="signaal",
            name="tekst",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="casus.sleutel", verbose_name="beschrijving"
            ),
        ),
        migrations.AlterField(
            model_name="terugkoppelingveiligthuis",
            name="toelichting",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True, sleutel="casus.sleutel", verbose_name="toelichting"
            ),
        ),
        migrations.AlterField(
            model_name="weging",
            name="aard_en_ernst",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="casus.sleutel", verbose_name="aard en ernst"
            ),
        ),
        migrations.AlterField(
            model_name="weging",
            name="beschermende_factoren",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True, sleutel="casus.sleutel", verbose_name="beschermende factoren"
            ),
        ),
        migrations.AlterField(
            model_name="weging",
            name="risicofactoren",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                blank=True, sleutel="casus.sleutel", verbose_name="risicofactoren"
            ),
        ),
        migrations.AlterField(
            model_name="zienswijze",
            name="tekst",
            field=meldwijzer.sleutels.velden.VersleuteldeTekst(
                sleutel="casus.sleutel", verbose_name="zienswijze"
            ),
        ),
        migrations.CreateModel(
            name="Bewaartermijn",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "jaren",
                    models.PositiveSmallIntegerField(
                        default=20,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(100),
                        ],
                        verbose_name="jaren na afsluiten",
                    ),
                ),
                ("gewijzigd_op", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "gewijzigd_door",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisatie",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="bewaartermijn",
                        to="accounts.organisatie",
                    ),
                ),
            ],
            options={
                "verbose_name": "bewaartermijn",
                "verbose_name_plural": "bewaartermijnen",
            },
        ),
        migrations.RunPython(versleutel_bestaande, migrations.RunPython.noop, elidable=False),
    ]
