"""Sharing a casus with a colleague (read or write) and handing it over, on the timeline."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from meldwijzer.accounts.models import Rol
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import CasusDeling, Signaal
from meldwijzer.dossier.tests.bouwers import GISTEREN

pytestmark = pytest.mark.django_db


def schrijf(lid, casus):
    return services.leg_signaal_vast(
        actor=lid, casus=casus, datum=GISTEREN, bron="eigen", aard="feit", tekst="Gezien."
    )


def test_delen_om_mee_te_lezen(beroepskracht, collega, casus):
    with pytest.raises(Http404):
        selectors.casus_voor(collega, casus.uuid)
    services.deel_casus(actor=beroepskracht, casus=casus, met=collega.user_id, recht="lezen")
    assert selectors.casus_voor(collega, casus.uuid) == casus
    assert casus in selectors.casussen_lijst(collega)
    with pytest.raises(PermissionDenied):
        schrijf(collega, casus)
    assert not Signaal.objects.exists()
    gebeurtenis = Gebeurtenis.objects.get(soort="casus.gedeeld")
    assert gebeurtenis.nieuw["recht"] == "lezen" and gebeurtenis.nieuw["met_id"] == collega.user_id


def test_delen_om_vast_te_leggen_en_intrekken(beroepskracht, collega, casus):
    services.deel_casus(actor=beroepskracht, casus=casus, met=collega.user_id, recht="lezen")
    deling = services.deel_casus(
        actor=beroepskracht, casus=casus, met=collega.user_id, recht="schrijven"
    )
    assert CasusDeling.objects.filter(ingetrokken_op__isnull=True).get() == deling
    schrijf(collega, casus)
    # A colleague with a share does not pass the casus on.
    with pytest.raises(PermissionDenied):
        services.deel_casus(actor=collega, casus=casus, met=collega.user_id, recht="lezen")
    services.trek_deling_in(actor=beroepskracht, casus=casus, deling=deling)
    with pytest.raises(Http404):
        selectors.casus_voor(collega, casus.uuid)
    soorten = list(
        Gebeurtenis.objects.filter(casus=casus, soort__startswith="casus.").values_list(
            "soort", flat=True
        )
    )
    assert soorten.count("casus.gedeeld") == 2 and "casus.deling_ingetrokken" in soorten


def test_delen_alleen_binnen_de_organisatie_en_met_wie_met_casussen_werkt(
    beroepskracht, casus, buitenstaander, maak_lid, organisatie, aandachtsfunctionaris
):
    beheerder = maak_lid(Rol.BEHEERDER, organisatie)
    for lid in (buitenstaander, beheerder):
        with pytest.raises(ValidationError, match="collega van uw organisatie"):
            services.deel_casus(actor=beroepskracht, casus=casus, met=lid.user_id, recht="lezen")
    with pytest.raises(ValidationError, match="eigenaar"):
        services.deel_casus(
            actor=beroepskracht, casus=casus, met=beroepskracht.user_id, recht="lezen"
        )
    with pytest.raises(ValidationError, match="alle casussen al"):
        services.deel_casus(
            actor=beroepskracht, casus=casus, met=aandachtsfunctionaris.user_id, recht="lezen"
        )
    with pytest.raises(ValidationError):
        services.deel_casus(actor=beroepskracht, casus=casus, met=None, recht="lezen")
    assert not CasusDeling.objects.exists()


def test_overdragen_bij_verlof(beroepskracht, collega, aandachtsfunctionaris, casus):
    with pytest.raises(ValidationError) as fout:
        services.wissel_eigenaar(
            actor=aandachtsfunctionaris, casus=casus, nieuwe_eigenaar=collega.user_id, reden=""
        )
    assert "reden" in fout.value.message_dict
    services.wissel_eigenaar(
        actor=aandachtsfunctionaris,
        casus=casus,
        nieuwe_eigenaar=collega.user_id,
        reden="Bea gaat met zwangerschapsverlof.",
    )
    casus.refresh_from_db()
    assert casus.eigenaar == collega.user
    assert selectors.casus_voor(collega, casus.uuid) == casus
    with pytest.raises(Http404):
        selectors.casus_voor(beroepskracht, casus.uuid)
    g = Gebeurtenis.objects.get(soort="casus.overgedragen")
    assert g.oud["eigenaar_id"] == beroepskracht.user_id
    assert g.nieuw["eigenaar_id"] == collega.user_id
    assert g.reden == "Bea gaat met zwangerschapsverlof."


def test_overdragen_aan_wie_al_meeleest_trekt_de_deling_in(beroepskracht, collega, casus):
    services.deel_casus(actor=beroepskracht, casus=casus, met=collega.user_id, recht="lezen")
    services.wissel_eigenaar(
        actor=beroepskracht, casus=casus, nieuwe_eigenaar=collega.user_id, reden="Vertrek."
    )
    assert not selectors.delingen(casus).exists()
    schrijf(collega, casus)
