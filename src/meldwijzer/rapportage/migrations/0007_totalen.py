"""The running totals of the milestones (docs/adr/0028), filled from the milestones already
stored: per organisation, grouped by day in SQL and summed into months here."""

from collections import Counter

import django.db.models.deletion
from django.db import migrations, models


def vullen(apps, schema_editor):
    Mijlpaal = apps.get_model("rapportage", "Mijlpaal")
    Totaal = apps.get_model("rapportage", "Totaal")
    organisaties = Mijlpaal.objects.values_list("organisatie_id", flat=True).distinct()
    for organisatie_id in sorted(set(organisaties)):
        geteld = Counter()
        for wie, soort, datum, uitkomst, dagen, n in (
            Mijlpaal.objects.filter(organisatie_id=organisatie_id)
            .values_list("eigenaar_id", "soort", "datum", "uitkomst", "dagen")
            .annotate(n=models.Count("pk"))
            .order_by()
            .iterator(chunk_size=5000)
        ):
            rest = (datum.replace(day=1), soort, uitkomst, -1 if dagen is None else dagen)
            geteld[(0, *rest)] += n
            geteld[(wie, *rest)] += n
        Totaal.objects.bulk_create(
            (
                Totaal(
                    organisatie_id=organisatie_id,
                    beroepskracht=wie,
                    maand=maand,
                    soort=soort,
                    uitkomst=uitkomst,
                    dagen=dagen,
                    aantal=n,
                )
                for (wie, maand, soort, uitkomst, dagen), n in sorted(geteld.items())
            ),
            batch_size=1000,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_inloggebeurtenissen_in_een_keten"),
        ("rapportage", "0006_termijn_uit_het_kader"),
    ]

    operations = [
        migrations.CreateModel(
            name="Totaal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("beroepskracht", models.IntegerField(default=0)),
                ("maand", models.DateField()),
                (
                    "soort",
                    models.CharField(
                        choices=[
                            ("geopend", "Casus gestart"),
                            ("adviesvraag", "Advies gevraagd aan Veilig Thuis"),
                            ("besluit", "Besluit"),
                            ("doorlooptijd", "Van eerste signaal tot besluit"),
                            ("melding", "Melding bij Veilig Thuis"),
                            ("afsluiting", "Traject afgesloten"),
                        ],
                        max_length=16,
                    ),
                ),
                ("uitkomst", models.CharField(blank=True, max_length=120)),
                ("dagen", models.IntegerField(default=-1)),
                ("aantal", models.IntegerField(default=0)),
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
                "verbose_name": "totaal",
                "verbose_name_plural": "totalen",
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "organisatie",
                            "beroepskracht",
                            "maand",
                            "soort",
                            "uitkomst",
                            "dagen",
                        ),
                        name="totaal_uniek",
                    )
                ],
            },
        ),
        migrations.RunPython(vullen, migrations.RunPython.noop),
    ]
