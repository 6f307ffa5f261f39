"""Writes for organisations and users."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldwijzer.accounts.models import Membership, Organisatie, Rol, User
from meldwijzer.accounts.tweestaps import TOTP_NAAM, code_voor, geheim, totp_apparaat

DEMO_ORGANISATIE = "Demo-organisatie Meldwijzer"


@dataclass(frozen=True)
class DemoAccount:
    gebruikersnaam: str
    wachtwoord: str
    rol: Rol
    naam: str


DEMO_ACCOUNTS = (
    DemoAccount("beroepskracht", "demo-beroepskracht", Rol.BEROEPSKRACHT, "Bea Roepskracht"),
    DemoAccount(
        "aandachtsfunctionaris",
        "demo-aandachtsfunctionaris",
        Rol.AANDACHTSFUNCTIONARIS,
        "Anne Dachtsfunctionaris",
    ),
    DemoAccount("beheerder", "demo-beheerder", Rol.BEHEERDER, "Ben Heerder"),
    DemoAccount("privacyofficer", "demo-privacyofficer", Rol.PRIVACY_OFFICER, "Priya Vacy"),
    # Deployment-wide in real use (for a beroepsorganisatie); in the demo a member of the demo
    # organisation, so one organisation shows every role.
    DemoAccount("kaderbeheerder", "demo-kaderbeheerder", Rol.KADERBEHEERDER, "Karin Derbeheer"),
)


@dataclass(frozen=True)
class DemoLogin:
    account: DemoAccount
    user: User
    apparaat: TOTPDevice

    @property
    def geheim(self) -> str:
        return geheim(self.apparaat)


class DemoNietToegestaan(PermissionDenied):
    pass


@transaction.atomic
def maak_demo_organisatie() -> tuple[Organisatie, list[DemoLogin]]:
    """Create (or refresh) the demo organisation and its accounts; idempotent.

    Every demo account gets its TOTP device at creation (two factors hold for demo accounts
    too); an existing device is kept, so the secret stays the same from one `make run` to the
    next and the authenticator app need not be set up again.
    """
    if not settings.MELDWIJZER_DEMO_TOEGESTAAN:
        raise DemoNietToegestaan(
            "Demo-accounts zijn in deze omgeving (productie) niet toegestaan. Maak echte "
            "gebruikers aan via functioneel beheer."
        )
    organisatie, _ = Organisatie.objects.get_or_create(
        naam=DEMO_ORGANISATIE, defaults={"is_demo": True}
    )
    logins = []
    for account in DEMO_ACCOUNTS:
        voornaam, _, achternaam = account.naam.partition(" ")
        user, _ = User.objects.get_or_create(
            username=account.gebruikersnaam,
            defaults={"first_name": voornaam, "last_name": achternaam, "is_demo": True},
        )
        if not user.is_demo:
            raise DemoNietToegestaan(
                f"Er bestaat al een echte gebruiker '{user.username}'; de demo gebruikt die naam "
                "niet. Hernoem die gebruiker of gebruik een lege database."
            )
        user.set_password(account.wachtwoord)
        user.save(update_fields=["password"])
        Membership.objects.update_or_create(
            user=user, organisatie=organisatie, defaults={"rol": account.rol, "actief": True}
        )
        apparaat = totp_apparaat(user)
        if apparaat is None:
            apparaat = TOTPDevice.objects.create(user=user, name=TOTP_NAAM, confirmed=True)
        logins.append(DemoLogin(account, user, apparaat))
    return organisatie, logins


def demo_code(gebruikersnaam: str) -> str:
    """The current two-factor code of a demo account, for a newcomer without an authenticator
    app (``meldwijzer demo code``). Only where demo accounts are allowed (the development
    settings) and only for a demo account: a real account's code is never shown."""
    if not settings.MELDWIJZER_DEMO_TOEGESTAAN:
        raise DemoNietToegestaan(
            "Demo-accounts zijn in deze omgeving (productie) niet toegestaan; hier toont "
            "Meldwijzer geen codes. Gebruik de authenticator-app van het account."
        )
    user = User.objects.filter(username=gebruikersnaam).first()
    if user is None or not user.is_demo:
        namen = ", ".join(a.gebruikersnaam for a in DEMO_ACCOUNTS)
        raise DemoNietToegestaan(
            f"'{gebruikersnaam}' is geen demo-account. Codes zijn er alleen voor de "
            f"demo-accounts: {namen}."
        )
    apparaat = totp_apparaat(user)
    if apparaat is None:
        raise DemoNietToegestaan(
            f"Demo-account '{gebruikersnaam}' heeft geen authenticator; maak het opnieuw met "
            "'python manage.py demo'."
        )
    return code_voor(geheim(apparaat))
