"""Care for those involved: facts apart from opinions, Kindcheck, zienswijze, disclosure."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services, vervolg
from meldwijzer.dossier.models import Kindcheck, Signaal, Zienswijze
from meldwijzer.dossier.tests.bouwers import GISTEREN

pytestmark = pytest.mark.django_db


def signaal(actor, casus, **extra):
    velden = {"datum": GISTEREN, "bron": "eigen", "aard": "feit", "tekst": "Blauwe plek.", **extra}
    return services.leg_signaal_vast(actor=actor, casus=casus, **velden)


def betrokkene(actor, casus, rol="ouder", leeftijd=38, relatie="moeder van Sam"):
    return services.voeg_betrokkene_toe(
        actor=actor, casus=casus, rol=rol, relatie=relatie, leeftijd=leeftijd
    )


# --- facts apart from opinions (H2) ---------------------------------------------------------


def test_feit_met_speculatieve_woorden_krijgt_een_suggestie(beroepskracht, casus):
    with pytest.raises(ValidationError) as fout:
        signaal(beroepskracht, casus, tekst="Vader lijkt waarschijnlijk te drinken.")
    (tekst,) = fout.value.message_dict["tekst"]
    assert "‘lijkt’" in tekst and "‘waarschijnlijk’" in tekst and "mening" in tekst
    assert fout.value.error_dict["tekst"][0].code == "speculatief"
    assert not Signaal.objects.exists()
    # As an opinion it is fine, and so is a fact the professional confirms.
    mening = signaal(beroepskracht, casus, aard="mening", tekst="Vader lijkt te drinken.")
    assert not mening.speculatief_bevestigd
    feit = signaal(beroepskracht, casus, tekst="Sam zei: ‘papa lijkt boos’.", feit_bevestigd=True)
    assert feit.speculatief_bevestigd
    gebeurtenis = Gebeurtenis.objects.filter(soort="signaal.vastgelegd").last()
    assert gebeurtenis.nieuw["speculatief_bevestigd"] is True


def test_bijzondere_vorm_van_geweld(beroepskracht, casus):
    with pytest.raises(ValidationError):
        signaal(beroepskracht, casus, vormen=["onzin"])
    s = signaal(beroepskracht, casus, vormen=["eergerelateerd", "eergerelateerd"])
    assert s.vormen == ["eergerelateerd"]


# --- disclosure / eergerelateerd geweld -----------------------------------------------------


def test_zorg_bij_gesprek_bij_disclosure_of_eergerelateerd(beroepskracht, casus):
    assert vervolg.vervolg(casus).zorg_bij_gesprek == []
    signaal(beroepskracht, casus, aangevinkt=["disclosure.uiting"])
    assert vervolg.vervolg(casus).zorg_bij_gesprek == ["disclosure"]
    signaal(beroepskracht, casus, vormen=["eergerelateerd"])
    assert vervolg.vervolg(casus).zorg_bij_gesprek == ["disclosure", "eergerelateerd geweld"]


# --- Kindcheck (H4, Oudersignalen) ----------------------------------------------------------


def test_kindcheck_vraagt_en_vraagt_om_de_kinderen(beroepskracht, casus):
    moeder = betrokkene(beroepskracht, casus)
    assert vervolg.vervolg(casus).kindcheck == []  # no condition ticked: nothing asked
    signaal(beroepskracht, casus, aangevinkt=["kindcheck.suicidepoging"])
    punten = vervolg.vervolg(casus).kindcheck
    assert [p.betrokkene for p in punten] == [moeder] and punten[0].laatste is None
    with pytest.raises(ValidationError) as fout:
        services.leg_kindcheck_vast(
            actor=beroepskracht,
            casus=casus,
            betrokkene=moeder,
            condities=["kindcheck.suicidepoging"],
        )
    assert "zorgt_voor_kinderen" in fout.value.message_dict
    services.leg_kindcheck_vast(
        actor=beroepskracht,
        casus=casus,
        betrokkene=moeder,
        condities=["kindcheck.suicidepoging"],
        zorgt_voor_kinderen="ja",
    )
    (punt,) = vervolg.vervolg(casus).kindcheck
    assert "Voeg de kinderen toe" in str(punt.tekst)
    betrokkene(beroepskracht, casus, rol="kind", leeftijd=6, relatie="zoon van moeder")
    assert vervolg.vervolg(casus).kindcheck == []


def test_kindcheck_onbekend_blijft_open_en_geldt_alleen_voor_volwassenen(beroepskracht, casus):
    kind = betrokkene(beroepskracht, casus, rol="kind", leeftijd=8, relatie="leerling")
    jong = betrokkene(beroepskracht, casus, rol="partner", leeftijd=16, relatie="vriend")
    for wie in (kind, jong):
        with pytest.raises(ValidationError, match="volwassenen"):
            services.leg_kindcheck_vast(
                actor=beroepskracht, casus=casus, betrokkene=wie, condities=[]
            )
    vader = betrokkene(beroepskracht, casus, relatie="vader van Sam")
    services.leg_kindcheck_vast(
        actor=beroepskracht,
        casus=casus,
        betrokkene=vader,
        condities=["kindcheck.intoxicatie"],
        zorgt_voor_kinderen="onbekend",
    )
    (punt,) = vervolg.vervolg(casus).kindcheck
    assert "zoek uit" in str(punt.tekst)
    with pytest.raises(ValidationError):
        services.leg_kindcheck_vast(
            actor=beroepskracht, casus=casus, betrokkene=vader, condities=["acuut.wapen"]
        )
    assert Kindcheck.objects.count() == 1


# --- zienswijze (hoor en wederhoor) --------------------------------------------------------


def test_zienswijze_van_een_betrokkene(beroepskracht, casus):
    moeder = betrokkene(beroepskracht, casus)
    z = services.leg_zienswijze_vast(
        actor=beroepskracht,
        casus=casus,
        betrokkene=moeder,
        datum=GISTEREN,
        hoe="mondeling",
        tekst="Ik ben het niet eens met ‘verwaarlozing’: Sam eet elke dag warm.",
    )
    assert z.betrokkene == moeder
    assert Gebeurtenis.objects.filter(soort="zienswijze.vastgelegd").count() == 1


def test_zienswijze_van_een_andere_casus_of_zonder_tekst(beroepskracht, casus):
    andere = services.open_casus(actor=beroepskracht, titel="Andere")
    vreemd = betrokkene(beroepskracht, andere)
    for wie, tekst in ((vreemd, "x"), (None, "x"), (betrokkene(beroepskracht, casus), "  ")):
        with pytest.raises(ValidationError):
            services.leg_zienswijze_vast(
                actor=beroepskracht,
                casus=casus,
                betrokkene=wie,
                datum=GISTEREN,
                hoe="mondeling",
                tekst=tekst,
            )
    assert not Zienswijze.objects.exists()
