"""The step transitions: one table, and the services move a casus only along it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from meldwijzer.dossier import services
from meldwijzer.dossier.models import Fase
from meldwijzer.dossier.overgangen import OVERGANGEN, mag_overgaan, stapnummer
from meldwijzer.dossier.tests.bouwers import GISTEREN, maak_klaar_voor_stap5


def test_de_tabel_kent_elke_fase():
    assert set(OVERGANGEN) == set(Fase)


@pytest.mark.parametrize(
    ("van", "naar"),
    [
        ("1", "2"),
        ("1", "3"),
        ("1", "4"),
        ("2", "3"),
        ("2", "4"),
        ("3", "4"),
        ("4", "5"),
        ("5", "afgesloten"),
        ("afgesloten", "1"),
    ],
)
def test_toegestane_overgangen(van, naar):
    assert mag_overgaan(van, naar)


@pytest.mark.parametrize(
    ("van", "naar"),
    [
        ("1", "5"),
        ("2", "5"),
        ("3", "5"),
        ("2", "1"),
        ("4", "3"),
        ("5", "4"),
        ("5", "1"),
        ("afgesloten", "5"),
        ("1", "afgesloten"),
        ("4", "afgesloten"),
    ],
)
def test_verboden_overgangen(van, naar):
    assert not mag_overgaan(van, naar)


def test_stapnummer():
    assert [stapnummer(f) for f in Fase] == [1, 2, 3, 4, 5, None]


@pytest.mark.django_db
def test_een_casus_gaat_vooruit_en_nooit_terug(beroepskracht, casus):
    assert casus.fase == Fase.SIGNALEREN
    services.leg_gesprek_vast(
        actor=beroepskracht,
        casus=casus,
        gevoerd=True,
        met_wie="vader",
        datum=GISTEREN,
        reactie="Vader herkent de zorgen.",
    )
    assert casus.fase == Fase.GESPREK
    # Steps 1–3 interleave: a consultatie after the gesprek leaves the casus at stap 3.
    services.leg_consultatie_vast(
        actor=beroepskracht,
        casus=casus,
        met_wie="collega",
        datum=GISTEREN,
        advies="Weeg het samen met de AF.",
    )
    assert casus.fase == Fase.GESPREK
    services.leg_weging_vast(
        actor=beroepskracht, casus=casus, datum=GISTEREN, aard_en_ernst="Zorgelijk."
    )
    assert casus.fase == Fase.WEGEN
    services.leg_signaal_vast(
        actor=beroepskracht,
        casus=casus,
        datum=GISTEREN,
        bron="eigen",
        aard="feit",
        tekst="Nieuw signaal.",
    )
    assert casus.fase == Fase.WEGEN
    services.beantwoord_afweging(actor=beroepskracht, casus=casus, afweging="1", antwoord="ja")
    assert casus.fase == Fase.BESLISSEN


@pytest.mark.django_db
def test_afweging_1_nee_sluit_en_heropenen_begint_bij_stap_1(beroepskracht, casus):
    maak_klaar_voor_stap5(beroepskracht, casus)
    services.beantwoord_afweging(
        actor=beroepskracht,
        casus=casus,
        afweging="1",
        antwoord="nee",
        toelichting="Geen zorgen over onveiligheid; wel opvoedvragen.",
    )
    assert casus.fase == Fase.AFGESLOTEN
    assert casus.afgesloten_op is not None
    assert casus.conclusie.startswith("Geen zorgen")
    with pytest.raises(ValidationError, match="afgesloten"):
        services.leg_signaal_vast(
            actor=beroepskracht,
            casus=casus,
            datum=GISTEREN,
            bron="eigen",
            aard="feit",
            tekst="Nog iets.",
        )
    services.heropen_casus(actor=beroepskracht, casus=casus, reden="Nieuwe signalen van de juf.")
    assert casus.fase == Fase.SIGNALEREN
    assert casus.ronde == 2
    assert casus.afgesloten_op is None
    # A new ronde needs its own consultatie, gesprek and weging before stap 5.
    with pytest.raises(ValidationError, match="consultatie"):
        services.beantwoord_afweging(actor=beroepskracht, casus=casus, afweging="1", antwoord="ja")


@pytest.mark.django_db
def test_heropenen_kan_alleen_een_afgesloten_casus(beroepskracht, casus):
    with pytest.raises(ValidationError, match="niet afgesloten"):
        services.heropen_casus(actor=beroepskracht, casus=casus, reden="x")
