from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from meldwijzer.catalogus.services import laad_meegeleverd_kader
from meldwijzer.kader import meegeleverde_kaders


class Command(BaseCommand):
    help = (
        "Laadt de meegeleverde afwegingskaders in de tabel met kaderversies (idempotent): "
        "basis vastgesteld, de voorbeelden als concept."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        fouten = []
        for kader_id in meegeleverde_kaders():
            try:
                versie = laad_meegeleverd_kader(kader_id)
            except ValidationError as fout:
                fouten.append(f"Kader {kader_id}: {' '.join(fout.messages)}")
                continue
            self.stdout.write(
                f"Kader {versie.kader_id}@{versie.versie} ({versie.hash[:12]}) geladen: "
                f"{versie.get_status_display().lower()}."
            )
        if fouten:
            raise CommandError("\n".join(fouten))
