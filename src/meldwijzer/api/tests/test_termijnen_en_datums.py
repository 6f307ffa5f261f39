"""Through the API as on the pages: an agreement with Veilig Thuis in werkdagen or kalenderdagen,
its deadline on a working day with the move said, and a date entered on a weekend or a public
holiday saved with ``waarschuwingen``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meldwijzer.accounts.models import Rol
from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.dossier import services
from meldwijzer.dossier.models import AfspraakVeiligThuis, Casus
from meldwijzer.dossier.tests.bouwers import GISTEREN, beantwoord, maak_klaar_voor_stap5
from meldwijzer.dossier.werkdagen import plus_werkdagen, volgende_werkdag
from meldwijzer.rapportage.tests.gegevens import klok

pytestmark = pytest.mark.django_db


@pytest.fixture
def opzet(maak_lid):
    lid = maak_lid(Rol.BEROEPSKRACHT)
    casus = services.open_casus(actor=lid, titel="Zorgen")
    maak_klaar_voor_stap5(lid, casus)
    return lid, casus


def _gemeld(lid, casus, datum=GISTEREN):
    beantwoord(lid, casus, {"1": "ja", "2": "ja"})
    return services.leg_melding_vast(
        actor=lid,
        casus=casus,
        datum=datum,
        wijze="telefoon",
        vt_contact="mevrouw De Vries",
        vooraf_geinformeerd=True,
        hoe_geinformeerd="Moeder vooraf gebeld.",
    )


def _afspraak(melding, aantal, eenheid, datum=GISTEREN):
    return {
        "melding": melding.pk,
        "datum": datum.isoformat(),
        "vt_contact": "mevrouw De Vries",
        "wie_doet_wat": "Veilig Thuis spreekt vader.",
        "resultaten": "Geen nieuw geweld.",
        "termijn_aantal": aantal,
        "termijn_eenheid": eenheid,
    }


def test_een_afspraak_in_werkdagen(opzet):
    lid, casus = opzet
    melding = _gemeld(lid, casus)
    api = Api(token_voor(lid))
    versie = Casus.objects.get(pk=casus.pk).versie
    r = api.post(
        f"/api/casussen/{casus.uuid}/afspraken-veilig-thuis",
        _afspraak(melding, 10, "werkdagen"),
        versie=versie,
    )
    assert r.status_code == 201, r.content
    uit = r.json()
    assert uit["termijn_eenheid"] == "werkdagen" and uit["melding"] == melding.pk
    assert uit["uiterlijk"] == plus_werkdagen(GISTEREN, 10).isoformat()
    assert uit["verschoven"] == ""
    assert AfspraakVeiligThuis.objects.get().uiterlijk == plus_werkdagen(GISTEREN, 10)


def test_een_einde_in_het_weekend_en_een_datum_op_zondag(maak_lid):
    """On Monday 18 January 2027: an agreement made on Sunday the 17th (a warning), 6 weken, so
    the count ends on Sunday 28 February and moves to Monday 1 March."""
    with klok(dt.date(2027, 1, 18)):
        lid = maak_lid(Rol.BEROEPSKRACHT)
        casus = services.open_casus(actor=lid, titel="Zorgen")
        maak_klaar_voor_stap5(lid, casus)
        melding = _gemeld(lid, casus, dt.date(2027, 1, 17))
        r = Api(token_voor(lid)).post(
            f"/api/casussen/{casus.uuid}/afspraken-veilig-thuis",
            _afspraak(melding, 6, "weken", datum=dt.date(2027, 1, 17)),
            versie=Casus.objects.get(pk=casus.pk).versie,
        )
    assert r.status_code == 201, r.content
    uit = r.json()
    assert uit["uiterlijk"] == "2027-03-01"
    assert uit["verschoven"] == (
        "verschoven van zondag 28 februari 2027 naar maandag 1 maart 2027: weekend"
    )
    [waarschuwing] = uit["waarschuwingen"]
    assert "zondag 17 januari 2027" in waarschuwing and "weekend" in waarschuwing


def test_een_onbekende_eenheid_of_een_andere_melding_geeft_422(opzet):
    lid, casus = opzet
    melding = _gemeld(lid, casus)
    api = Api(token_voor(lid))
    pad = f"/api/casussen/{casus.uuid}/afspraken-veilig-thuis"
    versie = Casus.objects.get(pk=casus.pk).versie
    r = api.post(pad, _afspraak(melding, 3, "jaren"), versie=versie)
    assert r.status_code == 422, r.content
    r = api.post(pad, {**_afspraak(melding, 3, "weken"), "melding": 999_999}, versie=versie)
    assert r.status_code == 422 and "melding van deze casus" in r.content.decode()
    assert not AfspraakVeiligThuis.objects.exists()


def test_hulpplan_met_een_evaluatiedatum_op_zondag_geeft_een_waarschuwing(opzet):
    lid, casus = opzet
    beantwoord(lid, casus, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    vandaag = timezone.localdate()
    zondag = vandaag + dt.timedelta(days=(6 - vandaag.weekday()) % 7 or 7)
    werkdag = volgende_werkdag(zondag)
    api = Api(token_voor(lid))
    r = api.post(
        f"/api/casussen/{casus.uuid}/hulpplannen",
        {
            "datum": GISTEREN.isoformat(),
            "doelen": "Veilig thuis.",
            "resultaten": "Geen geweld.",
            "wie_doet_wat": "Wijkteam traint; school volgt.",
            "monitoring": "Wekelijks, zes maanden.",
            "meerdere_beroepskrachten": True,
            "casusregie": "Wijkteam",
            "evaluatiedata": [zondag.isoformat(), werkdag.isoformat()],
        },
        versie=Casus.objects.get(pk=casus.pk).versie,
    )
    assert r.status_code == 201, r.content
    [waarschuwing] = r.json()["waarschuwingen"]
    assert "zondag" in waarschuwing and "weekend" in waarschuwing
    lijst = api.get(f"/api/casussen/{casus.uuid}/hulpplannen").json()["items"]
    assert lijst[0]["waarschuwingen"] == [waarschuwing]
