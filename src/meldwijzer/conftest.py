"""Fixtures for the Django apps' tests: organisations, memberships, casussen, logged-in clients.

Only fixtures and autouse set-up live here. Each fixture is a thin wrapper around a builder in an
app's ``tests/bouwers.py`` (``accounts.tests.bouwers``, ``dossier.tests.bouwers``); a test that
needs a helper or a constant imports it from there, never from this file (docs/ontwikkelen.md;
tests/test_testbouwers.py checks it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from meldwijzer.accounts.models import Membership, Organisatie, Rol
from meldwijzer.accounts.tests import bouwers as leden
from meldwijzer.dossier.models import Casus
from meldwijzer.dossier.tests import bouwers as casussen


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
    """``accounts.tests.bouwers.maak_lid``, with the database enabled."""
    return leden.maak_lid


@pytest.fixture
def organisatie(db: None) -> Organisatie:
    return leden.maak_organisatie(leden.SCHOOL)


@pytest.fixture
def beroepskracht(organisatie: Organisatie) -> Membership:
    return leden.maak_lid(Rol.BEROEPSKRACHT, organisatie, "bea")


@pytest.fixture
def collega(organisatie: Organisatie) -> Membership:
    return leden.maak_lid(Rol.BEROEPSKRACHT, organisatie, "cor")


@pytest.fixture
def aandachtsfunctionaris(organisatie: Organisatie) -> Membership:
    return leden.maak_lid(Rol.AANDACHTSFUNCTIONARIS, organisatie, "anne")


@pytest.fixture
def andere_organisatie(db: None) -> Organisatie:
    return leden.maak_organisatie(leden.HUISARTS)


@pytest.fixture
def buitenstaander(andere_organisatie: Organisatie) -> Membership:
    """An aandachtsfunctionaris of another organisation: sees all of B, nothing of A."""
    return leden.maak_lid(Rol.AANDACHTSFUNCTIONARIS, andere_organisatie, "bob")


@pytest.fixture
def casus(beroepskracht: Membership) -> Casus:
    return casussen.open_casus(beroepskracht)


@pytest.fixture
def casus_stap5(beroepskracht: Membership, casus: Casus) -> Casus:
    return casussen.maak_klaar_voor_stap5(beroepskracht, casus)


@pytest.fixture
def client_van() -> Callable[[Membership], Client]:
    """A test client logged in as this member with both factors (two-factor is never off)."""
    return leden.ingelogde_client
