from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from meldwijzer.accounts.services import DemoNietToegestaan, maak_demo_organisatie


class Command(BaseCommand):
    help = "Maakt de demo-organisatie met een beroepskracht en een aandachtsfunctionaris aan."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisatie, accounts = maak_demo_organisatie()
        except DemoNietToegestaan as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(f"Demo-organisatie: {organisatie.naam}")
        for account in accounts:
            self.stdout.write(
                f"  {account.rol.label:<24} gebruikersnaam: {account.gebruikersnaam:<22} "
                f"wachtwoord: {account.wachtwoord}"
            )
