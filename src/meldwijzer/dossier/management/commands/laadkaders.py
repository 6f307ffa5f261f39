from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from meldwijzer.dossier.services import laad_kaderversie
from meldwijzer.kader import laad_kader, meegeleverde_kaders


class Command(BaseCommand):
    help = "Laadt de meegeleverde afwegingskaders in de tabel met kaderversies (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for kader_id in meegeleverde_kaders():
            versie = laad_kaderversie(laad_kader(kader_id))
            self.stdout.write(
                f"Kader {versie.kader_id}@{versie.versie} ({versie.hash[:12]}) geladen."
            )
