from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meldwijzer.accounts.models import Membership, Organisatie, Rol
from meldwijzer.accounts.services import DemoLogin, DemoNietToegestaan, maak_demo_organisatie
from meldwijzer.accounts.tweestaps import code_voor, qr_tekst


class Command(BaseCommand):
    help = (
        "Maakt de demo-organisatie aan met een beroepskracht, een aandachtsfunctionaris, een "
        "functioneel beheerder, een privacy officer en een kaderbeheerder, elk met "
        "tweestapsverificatie (TOTP), en een paar demo-casussen in verschillende stadia."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--zonder-qr",
            action="store_true",
            help="Toon de TOTP-geheimen zonder QR-codes.",
        )
        parser.add_argument(
            "--zonder-casussen",
            action="store_true",
            help="Maak alleen de organisatie en de accounts, geen demo-casussen.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisatie, logins = maak_demo_organisatie()
        except DemoNietToegestaan as fout:
            raise CommandError(str(fout)) from fout
        tty = self.stdout.isatty()
        self.stdout.write(f"Demo-organisatie: {organisatie.naam} (id {organisatie.pk})")
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
        self.stdout.write("")
        self.stdout.write(
            "Geen authenticator-app bij de hand? De huidige code van een demo-account toont: "
            ".venv/bin/meldwijzer demo code beroepskracht (alleen in de ontwikkelinstellingen)."
        )
        self._sociale_kaart(organisatie, logins)
        if not options["zonder_casussen"]:
            self.stdout.write("")
            self._casussen(organisatie, logins)

    def _sociale_kaart(self, organisatie: Organisatie, logins: list[DemoLogin]) -> None:
        """The demo organisation's sociale kaart, added by its beheerder (socialekaart.demo)."""
        from meldwijzer.socialekaart.demo import vul_demo_kaart

        beheerder = next(login for login in logins if login.account.rol == Rol.BEHEERDER)
        lid = Membership.objects.get(user=beheerder.user, organisatie=organisatie)
        aantal = vul_demo_kaart(lid)
        self.stdout.write("")
        self.stdout.write(
            f"Sociale kaart: {aantal} contacten toegevoegd"
            if aantal
            else "Sociale kaart: bestond al"
        )

    def _casussen(self, organisatie: Organisatie, logins: list[DemoLogin]) -> None:
        """The demo casussen, owned by the demo beroepskracht (dossier.demo)."""
        from meldwijzer.dossier.demo import maak_demo_casussen

        beroepskracht = next(login for login in logins if login.account.rol == Rol.BEROEPSKRACHT)
        lid = Membership.objects.get(user=beroepskracht.user, organisatie=organisatie)
        for demo, nieuw in maak_demo_casussen(lid):
            status = "aangemaakt" if nieuw else "bestond al"
            self.stdout.write(f"Demo-casus ({demo.stadium}): {demo.titel} — {status}")
