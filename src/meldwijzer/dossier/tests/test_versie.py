"""No lost work: a form saved against a casus that changed since it was opened is refused,
with a Dutch message that says who changed what; nothing is stored."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.conftest import GISTEREN
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus, Signaal

pytestmark = pytest.mark.django_db


def signaal(lid, casus, tekst, **extra):
    return services.leg_signaal_vast(
        actor=lid, casus=casus, datum=GISTEREN, bron="eigen", aard="feit", tekst=tekst, **extra
    )


def test_elke_schrijfactie_hoogt_de_versie_op(beroepskracht, casus):
    assert casus.versie == 1
    signaal(beroepskracht, casus, "Eerste.")
    assert casus.versie == 2
    services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol="kind", relatie="leerling", leeftijd=8
    )
    assert casus.versie == Casus.objects.get(pk=casus.pk).versie == 3


def test_tweede_opslag_van_een_verouderd_formulier_wordt_geweigerd(
    beroepskracht, aandachtsfunctionaris, casus
):
    geopend = casus.versie  # both open the form at this version
    signaal(aandachtsfunctionaris, Casus.objects.get(pk=casus.pk), "Van Anne.", versie=geopend)
    voor = Gebeurtenis.objects.count()
    with pytest.raises(ValidationError) as fout:
        signaal(beroepskracht, casus, "Van Bea.", versie=geopend)
    assert fout.value.code == "verouderd"
    tekst = fout.value.messages[0]
    assert "gewijzigd nadat u dit formulier opende" in tekst
    assert aandachtsfunctionaris.user.weergavenaam in tekst and "signaal vastgelegd" in tekst
    assert "staat nog in het formulier" in tekst
    assert [s.tekst for s in Signaal.objects.all()] == ["Van Anne."]
    assert Gebeurtenis.objects.count() == voor
    # With the current version (after looking), the same input is saved.
    signaal(beroepskracht, casus, "Van Bea.", versie=Casus.objects.get(pk=casus.pk).versie)
    assert Signaal.objects.count() == 2


@pytest.mark.parametrize(
    "schrijf",
    [
        lambda lid, c, v: services.leg_consultatie_vast(
            actor=lid, casus=c, met_wie="collega", datum=GISTEREN, advies="x", versie=v
        ),
        lambda lid, c, v: services.voeg_betrokkene_toe(
            actor=lid, casus=c, rol="kind", relatie="x", leeftijd=3, versie=v
        ),
        lambda lid, c, v: services.leg_melding_vast(
            actor=lid,
            casus=c,
            datum=GISTEREN,
            wijze="telefoon",
            vt_contact="x",
            vooraf_geinformeerd=True,
            hoe_geinformeerd="x",
            spoed=True,
            spoed_reden="Acuut.",
            versie=v,
        ),
        lambda lid, c, v: services.heropen_casus(actor=lid, casus=c, reden="x", versie=v),
    ],
    ids=["consultatie", "betrokkene", "spoedmelding", "heropenen"],
)
def test_elke_dienst_weigert_een_oude_versie(beroepskracht, casus, schrijf):
    signaal(beroepskracht, casus, "Tussendoor.")
    voor = Gebeurtenis.objects.count()
    with pytest.raises(ValidationError) as fout:
        schrijf(beroepskracht, casus, 1)
    assert fout.value.code == "verouderd"
    assert Gebeurtenis.objects.count() == voor
    assert Casus.objects.get(pk=casus.pk).versie == 2
