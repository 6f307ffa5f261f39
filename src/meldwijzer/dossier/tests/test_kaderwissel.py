"""A running casus switching to a newer framework version (docs/adr/0006, 0016): only to the
version a new casus of its organisation gets today, with a reason in the timeline, never in the
middle of stap 5 and never to a version that lacks the ticked signals."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meldwijzer.accounts.models import Membership, Organisatie, Rol
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.catalogus import beheer
from meldwijzer.catalogus.tests.bouwers import VANDAAG, importeer, nieuwe_basis, onderwijs
from meldwijzer.dossier import services
from meldwijzer.dossier.tests.bouwers import beantwoord, maak_klaar_voor_stap5

pytestmark = pytest.mark.django_db


@pytest.fixture
def kaderbeheerder(maak_lid: Callable[..., Membership]) -> Membership:
    beroepsorganisatie = Organisatie.objects.create(naam="Beroepsvereniging Onderwijs")
    return maak_lid(Rol.KADERBEHEERDER, beroepsorganisatie, "karin")


@pytest.fixture
def beheerder(maak_lid: Callable[..., Membership], organisatie: Organisatie) -> Membership:
    return maak_lid(Rol.BEHEERDER, organisatie, "ben")


def test_wisselen_naar_een_nieuwere_versie_met_reden_in_de_tijdlijn(
    beroepskracht, aandachtsfunctionaris, collega, casus
):
    oud = casus.kader_versie
    assert services.wisseldoel(casus) is None
    nieuw = nieuwe_basis()
    assert services.wisseldoel(casus) == nieuw
    with pytest.raises(PermissionDenied):
        services.wissel_kaderversie(actor=collega, casus=casus, naar=nieuw, reden="Nieuw")
    with pytest.raises(ValidationError, match="waarom"):
        services.wissel_kaderversie(actor=beroepskracht, casus=casus, naar=nieuw, reden=" ")
    services.wissel_kaderversie(
        actor=aandachtsfunctionaris,
        casus=casus,
        naar=nieuw,
        reden="Het nieuwe kader geldt sinds vandaag.",
        versie=casus.versie,
    )
    casus.refresh_from_db()
    assert casus.kader_versie == nieuw
    gebeurtenis = Gebeurtenis.objects.get(casus=casus, soort="casus.kader_gewisseld")
    assert gebeurtenis.reden == "Het nieuwe kader geldt sinds vandaag."
    assert gebeurtenis.oud["kader"] == str(oud) and gebeurtenis.nieuw["kader"] == str(nieuw)
    assert gebeurtenis.actor == aandachtsfunctionaris.user
    assert services.wisseldoel(casus) is None  # never back to the older version


def test_wisselen_niet_midden_in_stap_5(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja"})
    nieuw = nieuwe_basis()
    with pytest.raises(ValidationError, match="al afwegingen van stap 5 beantwoord"):
        services.wissel_kaderversie(
            actor=beroepskracht, casus=casus_stap5, naar=nieuw, reden="Nieuwe versie"
        )


def test_wisselen_niet_als_de_nieuwe_versie_aangevinkte_signalen_niet_kent(
    kaderbeheerder, beheerder, beroepskracht, casus
):
    maak_klaar_voor_stap5(beroepskracht, casus, signalen=["acuut.wapen"])
    versie = importeer(kaderbeheerder, onderwijs())
    beheer.stel_kader_vast(actor=kaderbeheerder, versie=versie, geldig_vanaf=VANDAAG)
    beheer.kies_kader(actor=beheerder, kader_id="po-onderwijs")
    assert services.wisseldoel(casus) == versie
    with pytest.raises(ValidationError, match=r"aangevinkte signalen niet: acuut\.wapen"):
        services.wissel_kaderversie(
            actor=beroepskracht, casus=casus, naar=versie, reden="Ons eigen kader"
        )
