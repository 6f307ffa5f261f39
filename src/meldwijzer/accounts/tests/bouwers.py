"""What the tests of every app build from accounts: organisations and their members.

Plain functions (no fixtures): a test, a fixture or another builder calls them with what it
needs. The fixtures in ``meldwijzer/conftest.py`` (``organisatie``, ``beroepskracht``,
``maak_lid``, ``client_van``, …) are thin wrappers around these. docs/ontwikkelen.md explains
when to use which.
"""

from __future__ import annotations

from django.test import Client

from meldwijzer.accounts.models import Membership, Organisatie, Rol, User
from meldwijzer.accounts.testing import meld_aan

# The password of every member made here: a login test types it on the login page.
WACHTWOORD = "een-lang-testwachtwoord"

# The organisation of the fixtures `organisatie` and of a member made without one.
SCHOOL = "Basisschool De Linde"
# The other organisation of the fixture `andere_organisatie` (sees nothing of the school's).
HUISARTS = "Huisartsenpraktijk Het Baken"


def maak_organisatie(naam: str = SCHOOL) -> Organisatie:
    """A new organisation (names need not be unique: each call makes another one)."""
    return Organisatie.objects.create(naam=naam)


def maak_lid(
    rol: str = Rol.BEROEPSKRACHT,
    organisatie: Organisatie | None = None,
    naam: str | None = None,
) -> Membership:
    """A new user with ``WACHTWOORD``, member of ``organisatie`` in ``rol``.

    Without an organisation a new one (``SCHOOL``) is made; without a name the user is called
    after the role and a counter (``beroepskracht-3``). First and last name come from the role
    and the same counter, so every member reads differently on a page.
    """
    organisatie = organisatie or maak_organisatie()
    teller = User.objects.count() + 1
    user = User.objects.create_user(
        username=naam or f"{rol}-{teller}",
        password=WACHTWOORD,
        first_name=rol.capitalize(),
        last_name=str(teller),
    )
    return Membership.objects.create(user=user, organisatie=organisatie, rol=rol)


def ingelogde_client(lid: Membership) -> Client:
    """A new test client logged in as this member with both factors (two-factor is never off)."""
    return meld_aan(Client(), lid.user)
