"""Shared fixtures for the Django apps' tests: organisations, memberships, casussen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from meldwijzer.accounts.models import Membership, Organisatie, Rol, User
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus

WACHTWOORD = "een-lang-testwachtwoord"


@pytest.fixture
def maak_lid(db: None) -> Callable[..., Membership]:
    def maak(
        rol: str = Rol.BEROEPSKRACHT,
        organisatie: Organisatie | None = None,
        naam: str | None = None,
    ) -> Membership:
        organisatie = organisatie or Organisatie.objects.create(naam="Basisschool De Linde")
        teller = User.objects.count() + 1
        user = User.objects.create_user(
            username=naam or f"{rol}-{teller}",
            password=WACHTWOORD,
            first_name=rol.capitalize(),
            last_name=str(teller),
        )
        return Membership.objects.create(user=user, organisatie=organisatie, rol=rol)

    return maak


@pytest.fixture
def organisatie(db: None) -> Organisatie:
    return Organisatie.objects.create(naam="Basisschool De Linde")


@pytest.fixture
def beroepskracht(maak_lid: Callable[..., Membership], organisatie: Organisatie) -> Membership:
    return maak_lid(Rol.BEROEPSKRACHT, organisatie, "bea")


@pytest.fixture
def collega(maak_lid: Callable[..., Membership], organisatie: Organisatie) -> Membership:
    return maak_lid(Rol.BEROEPSKRACHT, organisatie, "cor")


@pytest.fixture
def aandachtsfunctionaris(
    maak_lid: Callable[..., Membership], organisatie: Organisatie
) -> Membership:
    return maak_lid(Rol.AANDACHTSFUNCTIONARIS, organisatie, "anne")


@pytest.fixture
def andere_organisatie(db: None) -> Organisatie:
    return Organisatie.objects.create(naam="Huisartsenpraktijk Het Baken")


@pytest.fixture
def buitenstaander(
    maak_lid: Callable[..., Membership], andere_organisatie: Organisatie
) -> Membership:
    """An aandachtsfunctionaris of another organisation: sees all of B, nothing of A."""
    return maak_lid(Rol.AANDACHTSFUNCTIONARIS, andere_organisatie, "bob")


@pytest.fixture
def casus(beroepskracht: Membership) -> Casus:
    return services.open_casus(actor=beroepskracht, titel="Zorgen over leerling groep 5")


GISTEREN = dt.date.today() - dt.timedelta(days=1)


def maak_klaar_voor_stap5(actor: Membership, casus: Casus, *, signalen: list[str] = ()) -> Casus:
    """Record a signal, a consultatie, a gesprek and a weging: stap 5 can start."""
    datum = timezone.localdate() - dt.timedelta(days=1)
    services.leg_signaal_vast(
        actor=actor,
        casus=casus,
        datum=datum,
        bron="eigen",
        aard="feit",
        tekst="Blauwe plek op de bovenarm.",
        aangevinkt=list(signalen),
    )
    services.leg_consultatie_vast(
        actor=actor,
        casus=casus,
        met_wie="aandachtsfunctionaris",
        datum=datum,
        advies="Bespreek het met moeder.",
    )
    services.leg_gesprek_vast(
        actor=actor,
        casus=casus,
        gevoerd=True,
        met_wie="moeder",
        datum=datum,
        reactie="Moeder schrok en wil hulp.",
    )
    services.leg_weging_vast(
        actor=actor, casus=casus, datum=datum, aard_en_ernst="Vermoeden van lichamelijk geweld."
    )
    return casus


@pytest.fixture
def casus_stap5(beroepskracht: Membership, casus: Casus) -> Casus:
    return maak_klaar_voor_stap5(beroepskracht, casus)


@pytest.fixture
def client_van() -> Callable[[Membership], Client]:
    def maak(lid: Membership) -> Client:
        client = Client()
        client.force_login(lid.user)
        return client

    return maak
