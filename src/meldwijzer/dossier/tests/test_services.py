"""Writes: validated with Dutch messages, all-or-nothing, audited, permission-checked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from meldwijzer.accounts.models import Rol
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Betrokkene, Casus, Consultatie, Gesprek, Signaal, Weging
from meldwijzer.dossier.services import stappen as stappen_services
from meldwijzer.dossier.tests.bouwers import GISTEREN

pytestmark = pytest.mark.django_db

MORGEN = timezone.localdate() + dt.timedelta(days=1)


def test_casus_openen(beroepskracht):
    casus = services.open_casus(actor=beroepskracht, titel="  Zorgen om peuter  ")
    assert casus.titel == "Zorgen om peuter"
    assert casus.organisatie == beroepskracht.organisatie
    assert casus.eigenaar == beroepskracht.user
    assert casus.kader_versie.kader_id == "basis"
    assert len(casus.kenmerk) == 10
    gebeurtenis = Gebeurtenis.objects.get(casus=casus)
    assert gebeurtenis.soort == "casus.geopend"
    assert gebeurtenis.actor == beroepskracht.user
    assert gebeurtenis.nieuw["titel"] == "Zorgen om peuter"


def test_casus_zonder_titel(beroepskracht):
    with pytest.raises(ValidationError) as fout:
        services.open_casus(actor=beroepskracht, titel="   ")
    assert fout.value.message_dict["titel"] == ["Geef de casus een korte omschrijving."]
    assert not Casus.objects.exists()
    assert not Gebeurtenis.objects.exists()


@pytest.mark.parametrize("rol", [Rol.BEHEERDER, Rol.PRIVACY_OFFICER])
def test_beheer_en_privacy_openen_geen_casus(maak_lid, organisatie, rol):
    with pytest.raises(PermissionDenied):
        services.open_casus(actor=maak_lid(rol, organisatie), titel="x")


def test_schrijven_in_casus_van_een_ander_mag_niet(casus, collega, buitenstaander):
    for lid in (collega, buitenstaander):
        with pytest.raises(PermissionDenied):
            services.leg_signaal_vast(
                actor=lid, casus=casus, datum=GISTEREN, bron="eigen", aard="feit", tekst="x"
            )
    assert not Signaal.objects.exists()


def test_aandachtsfunctionaris_mag_vastleggen(casus, aandachtsfunctionaris):
    consultatie = services.leg_consultatie_vast(
        actor=aandachtsfunctionaris,
        casus=casus,
        met_wie="aandachtsfunctionaris",
        datum=GISTEREN,
        advies="Advies van de AF.",
    )
    assert consultatie.vastgelegd_door == aandachtsfunctionaris.user


def test_signaal(beroepskracht, casus):
    signaal = services.leg_signaal_vast(
        actor=beroepskracht,
        casus=casus,
        datum=GISTEREN,
        bron="verteld",
        bron_wie="de moeder",
        aard="mening",
        tekst="Moeder denkt dat vader drinkt.",
        aangevinkt=["risico.middelenmisbruik", "risico.middelenmisbruik", "factor.oudersignalen"],
    )
    assert signaal.aangevinkt == ["factor.oudersignalen", "risico.middelenmisbruik"]
    gebeurtenis = Gebeurtenis.objects.filter(soort="signaal.vastgelegd").get()
    assert gebeurtenis.oud is None
    assert gebeurtenis.nieuw["aard"] == "mening"
    assert gebeurtenis.nieuw["datum"] == GISTEREN.isoformat()


@pytest.mark.parametrize(
    ("invoer", "veld"),
    [
        ({"datum": None}, "datum"),
        ({"datum": MORGEN}, "datum"),
        ({"bron": "geroddel"}, "bron"),
        ({"bron": "derde", "bron_wie": ""}, "bron_wie"),
        ({"aard": "gevoel"}, "aard"),
        ({"tekst": "  "}, "tekst"),
        ({"aangevinkt": ["vuistregel.1"]}, "aangevinkt"),  # a vuistregel is not tickable
        ({"aangevinkt": ["<script>"]}, "aangevinkt"),
    ],
)
def test_signaal_fouten(beroepskracht, casus, invoer, veld):
    goed = {"datum": GISTEREN, "bron": "eigen", "aard": "feit", "tekst": "Blauwe plek."}
    with pytest.raises(ValidationError) as fout:
        services.leg_signaal_vast(actor=beroepskracht, casus=casus, **{**goed, **invoer})
    assert veld in fout.value.message_dict
    assert not Signaal.objects.exists()
    assert Gebeurtenis.objects.filter(soort="signaal.vastgelegd").count() == 0


def test_betrokkene(beroepskracht, casus):
    services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol="kind", relatie="leerling groep 5", leeftijd=8
    )
    with pytest.raises(ValidationError, match="leeftijd of een geboortejaar"):
        services.voeg_betrokkene_toe(actor=beroepskracht, casus=casus, rol="kind", relatie="zus")
    with pytest.raises(ValidationError):
        services.voeg_betrokkene_toe(
            actor=beroepskracht, casus=casus, rol="buurman", relatie="x", leeftijd=40
        )
    assert Betrokkene.objects.count() == 1


def test_gesprek_of_reden(beroepskracht, casus):
    with pytest.raises(ValidationError) as fout:
        services.leg_gesprek_vast(actor=beroepskracht, casus=casus, gevoerd=False)
    assert "reden_geen_gesprek" in fout.value.message_dict
    with pytest.raises(ValidationError) as fout:
        services.leg_gesprek_vast(
            actor=beroepskracht, casus=casus, gevoerd=True, met_wie="vader", datum=GISTEREN
        )
    assert "reactie" in fout.value.message_dict
    gesprek = services.leg_gesprek_vast(
        actor=beroepskracht,
        casus=casus,
        gevoerd=False,
        reden_geen_gesprek="veiligheid_beroepskracht",
        toelichting="Vader bedreigde mij eerder.",
        met_wie="vader",
        reactie="genegeerd",
    )
    assert gesprek.met_wie == "" and gesprek.reactie == ""
    assert Gesprek.objects.count() == 1


def test_consultatie_en_weging_fouten(beroepskracht, casus):
    with pytest.raises(ValidationError):
        services.leg_consultatie_vast(
            actor=beroepskracht, casus=casus, met_wie="buurvrouw", datum=GISTEREN, advies="x"
        )
    with pytest.raises(ValidationError):
        services.leg_weging_vast(actor=beroepskracht, casus=casus, datum=GISTEREN, aard_en_ernst="")
    assert not Consultatie.objects.exists() and not Weging.objects.exists()
    assert casus.fase == "1"


def test_een_mislukte_schrijfactie_laat_niets_half_achter(beroepskracht, casus, monkeypatch):
    """If the audit write fails, the record and the step change are rolled back with it."""

    def kapot(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(stappen_services, "leg_vast", kapot)
    with pytest.raises(RuntimeError):
        services.leg_weging_vast(
            actor=beroepskracht, casus=casus, datum=GISTEREN, aard_en_ernst="Ernstig."
        )
    casus.refresh_from_db()
    assert not Weging.objects.exists()
    assert casus.fase == "1"


def test_route_moet_bestaan(beroepskracht):
    with pytest.raises(ValidationError) as fout:
        services.open_casus(actor=beroepskracht, titel="x", route="kinderopvang")
    assert "standaard" in fout.value.message_dict["route"][0]
    casus = services.open_casus(actor=beroepskracht, titel="x", route="standaard")
    assert casus.route == "standaard"


def test_casuspaginas_worden_niet_gecachet(beroepskracht, casus, client_van):
    from django.urls import reverse

    antwoord = client_van(beroepskracht).get(reverse("web:casus", args=[casus.uuid]))
    assert "no-store" in antwoord["Cache-Control"]
