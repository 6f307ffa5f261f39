"""Reads are scoped by organisation and role; a casus one may not see does not exist."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.utils import timezone

from meldwijzer.accounts.models import Rol
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier import voortgang as stapvoortgang

pytestmark = pytest.mark.django_db


@pytest.fixture
def casussen(beroepskracht, collega, buitenstaander):
    eigen = services.open_casus(actor=beroepskracht, titel="Eigen casus")
    van_collega = services.open_casus(actor=collega, titel="Casus van collega")
    elders = services.open_casus(actor=buitenstaander, titel="Casus van andere organisatie")
    return eigen, van_collega, elders


def test_beroepskracht_ziet_alleen_eigen_casussen(beroepskracht, casussen):
    eigen, van_collega, elders = casussen
    assert list(selectors.casussen_lijst(beroepskracht)) == [eigen]
    assert selectors.casus_voor(beroepskracht, eigen.uuid) == eigen
    for andere in (van_collega, elders):
        with pytest.raises(Http404):
            selectors.casus_voor(beroepskracht, andere.uuid)


def test_aandachtsfunctionaris_ziet_de_hele_organisatie(aandachtsfunctionaris, casussen):
    eigen, van_collega, elders = casussen
    assert set(selectors.casussen_lijst(aandachtsfunctionaris)) == {eigen, van_collega}
    with pytest.raises(Http404):
        selectors.casus_voor(aandachtsfunctionaris, elders.uuid)


def test_organisatie_b_bereikt_nooit_een_casus_van_a(buitenstaander, casussen):
    eigen, van_collega, elders = casussen
    assert list(selectors.casussen_lijst(buitenstaander)) == [elders]
    for casus in (eigen, van_collega):
        with pytest.raises(Http404):
            selectors.casus_voor(buitenstaander, casus.uuid)


@pytest.mark.parametrize("rol", [Rol.BEHEERDER, Rol.PRIVACY_OFFICER])
def test_beheer_en_privacy_zien_geen_casusinhoud(maak_lid, organisatie, casussen, rol):
    lid = maak_lid(rol, organisatie)
    assert not selectors.casussen_lijst(lid).exists()
    with pytest.raises(Http404):
        selectors.casus_voor(lid, casussen[0].uuid)


def test_inactief_lidmaatschap_ziet_niets(beroepskracht, casussen):
    beroepskracht.actief = False
    assert not selectors.casussen_lijst(beroepskracht).exists()


def test_filter_op_stap_en_eigen(aandachtsfunctionaris, beroepskracht, casussen):
    eigen, van_collega, _ = casussen
    services.leg_weging_vast(
        actor=beroepskracht, casus=eigen, datum=eigen.aangemaakt_op.date(), aard_en_ernst="x"
    )
    assert list(selectors.casussen_lijst(aandachtsfunctionaris, fase="4")) == [eigen]
    assert list(selectors.casussen_lijst(aandachtsfunctionaris, fase="1")) == [van_collega]
    assert list(selectors.casussen_lijst(aandachtsfunctionaris, fase="onzin")) != []
    assert not selectors.casussen_lijst(aandachtsfunctionaris, alleen_eigen=True).exists()


def test_onzin_id_is_404(beroepskracht):
    with pytest.raises(Http404):
        selectors.casus_voor(beroepskracht, "geen-uuid")


def test_voortgang(beroepskracht, casus_stap5):
    voortgang = stapvoortgang.voortgang(casus_stap5)
    assert [s.gedaan for s in voortgang] == [True, True, True, True, False]
    assert [s.huidig for s in voortgang] == [False, False, False, True, False]


def test_aantallen_zoals_de_querysets_tellen(beroepskracht, casus_stap5, casus):
    """The one-statement counts of the overview equal the selectors' own counts, and count
    only this casus (another casus of the same owner has records too)."""
    ander = services.open_casus(actor=beroepskracht, titel="Een andere zorg")
    services.leg_signaal_vast(
        actor=beroepskracht,
        casus=ander,
        datum=timezone.localdate(),
        bron="eigen",
        aard="feit",
        tekst="Blauwe plek op de bovenarm.",
    )
    verwacht = {
        "signalen": selectors.signalen(casus_stap5).count(),
        "zienswijzen": selectors.zienswijzen(casus_stap5).count(),
        "consultaties": selectors.consultaties(casus_stap5).count(),
        "gesprekken": selectors.gesprekken(casus_stap5).count(),
        "wegingen": selectors.wegingen(casus_stap5).count(),
        "meldingen": selectors.meldingen(casus_stap5).count(),
        "hulpplannen": selectors.hulpplannen(casus_stap5).count(),
        "evaluaties": selectors.evaluaties(casus_stap5).count(),
    }
    assert selectors.aantallen(casus_stap5) == verwacht
    assert verwacht["signalen"] and verwacht["gesprekken"] and verwacht["wegingen"]
    assert selectors.aantallen(ander)["signalen"] == 1
    assert [s.gedaan for s in stapvoortgang.voortgang(ander)] == [True, False, False, False, False]
