from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meldwijzer.accounts.services import DemoNietToegestaan, maak_demo_organisatie
from meldwijzer.accounts.tweestaps import code_voor, qr_tekst


class Command(BaseCommand):
    help = (
        "Maakt de demo-organisatie aan met een beroepskracht, een aandachtsfunctionaris, een "
        "functioneel beheerder, een privacy officer en een kaderbeheerder, elk met "
        "tweestapsverificatie (TOTP)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--zonder-qr",
            action="store_true",
            help="Toon de TOTP-geheimen zonder QR-codes.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisatie, logins = maak_demo_organisatie()
        except DemoNietToegestaan as fout:
            raise CommandError(str(fout)) from fout
        tty = self.stdout.isatty()
        self.stdout.write(f"Demo-organisatie: {organisatie.naam}")
        self.stdout.write(
            "Inloggen gaat in twee stappen. Voeg het TOTP-geheim van een account toe aan een "
            "authenticator-app (scan de QR-code of typ het geheim over) en vul na het wachtwoord "
            "de zescijferige code in."
        )
        for login in logins:
            account = login.account
            self.stdout.write("")
            self.stdout.write(
                f"  {account.rol.label:<24} gebruikersnaam: {account.gebruikersnaam:<22} "
                f"wachtwoord: {account.wachtwoord}"
            )
            self.stdout.write(f"    TOTP-geheim: {login.geheim}")
            self.stdout.write(f"    (code op dit moment: {code_voor(login.geheim)})")
            if not options["zonder_qr"]:
                self.stdout.write(qr_tekst(login.apparaat, tty=tty))
