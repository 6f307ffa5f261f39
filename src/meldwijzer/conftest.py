"""Shared fixtures for the Django apps' tests: organisations, memberships, casussen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from meldwijzer.accounts.models import Membership, Organisatie, Rol, User
from meldwijzer.accounts.testing import meld_aan
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import Casus

WACHTWOORD = "een-lang-testwachtwoord"


@pytest.fixture(autouse=True)
def _lege_cache() -> Iterator[None]:
    """Each test starts with an empty cache: the database is rolled back between tests, so a
    cached dashboard of one test could otherwise match the primary keys of the next."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _standaardtaal() -> Iterator[None]:
    """A request in English leaves English active in the thread (LocaleMiddleware activates,
    nothing deactivates); the next test starts in the default language again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


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


GISTEREN = timezone.localdate() - dt.timedelta(days=1)
EERGISTEREN = timezone.localdate() - dt.timedelta(days=2)
VT = {"vt_contact": "Veilig Thuis, mevrouw De Vries", "vt_datum": GISTEREN}
VOORWAARDEN = {
    f"voorwaarde.{n}": {"status": "voldaan", "toelichting": f"Voorwaarde {n} is geregeld."}
    for n in range(1, 5)
}


def leg_hulpplan_vast(actor: Membership, casus: Casus, **extra: object) -> object:
    """A complete hulpplan of the day before yesterday, evaluated from yesterday on."""
    velden: dict[str, object] = {
        "datum": EERGISTEREN,
        "doelen": "Veilig thuis voor Sam; ouders leren omgaan met ruzie zonder geweld.",
        "resultaten": "Geen nieuw geweld; ouders volgen de training.",
        "wie_doet_wat": "Wijkteam: training; school: volgt Sam; ouders: nemen deel.",
        "monitoring": "Wekelijks contact met school, zes maanden; het wijkteam stelt vast.",
        "meerdere_beroepskrachten": True,
        "casusregie": "Wijkteam, de heer Bakker",
        "evaluatiedata": [GISTEREN],
        **extra,
    }
    return services.leg_hulpplan_vast(actor=actor, casus=casus, **velden)


def beantwoord(actor: Membership, casus: Casus, antwoorden: dict[str, str], **extra: object):
    """Answer in order, as a professional would: the voorwaarden with afweging 3, the Veilig
    Thuis details after 2 = ja, and afweging 5 in an evaluation of a hulpplan."""
    resultaat = None
    for afweging, antwoord in antwoorden.items():
        samen = selectors.stap5_stand(casus).samen_met_veilig_thuis
        toelichting = extra.get("toelichting") or (
            "Conclusie: geen zorgen." if antwoord == "nee" and afweging == "1" else ""
        )
        if afweging == "5":
            if selectors.huidig_hulpplan(casus) is None:
                leg_hulpplan_vast(actor, casus)
            resultaat = services.leg_evaluatie_vast(
                actor=actor,
                casus=casus,
                datum=GISTEREN,
                bevindingen="De doelen zijn besproken met ouders en school.",
                resultaat=antwoord,
                toelichting="Geëvalueerd met ouders en wijkteam.",
                criteria=["criterium5.vastgelopen"] if antwoord == "nee" else [],
                **(VT if samen else {}),
            )
            continue
        resultaat = services.beantwoord_afweging(
            actor=actor,
            casus=casus,
            afweging=afweging,
            antwoord=antwoord,
            toelichting=str(toelichting),
            voorwaarden=VOORWAARDEN if afweging == "3" else None,
            **(VT if samen else {}),
        )
    return resultaat


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
    """A test client logged in as this member with both factors (two-factor is never off)."""

    def maak(lid: Membership) -> Client:
        return meld_aan(Client(), lid.user)

    return maak
