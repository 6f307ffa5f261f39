# The application model moved to its own app (applicaties, docs/adr/0015): removed from this
# app's state only; the table stays and belongs to applicaties from now on.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_goedkeuring_door_wie_het_token_machtigt"),
        ("applicaties", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Applicatie")],
            database_operations=[],
        ),
    ]
