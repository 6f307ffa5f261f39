"""Reminders: to the responsible professional and the aandachtsfunctionaris, once per termijn
and kind (running it twice sends nothing twice), and never a word of casus content."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings

from meldwijzer.dossier import services
from meldwijzer.dossier.werkdagen import plus_werkdagen
from meldwijzer.rapportage import herinneringen
from meldwijzer.rapportage.models import Herinnering, Termijn
from meldwijzer.rapportage.tests.gegevens import klok, spoedmelding, stappen_1_tot_4

pytestmark = pytest.mark.django_db

MAANDAG = dt.date(2025, 3, 3)
GEHEIM = [
    "GEHEIMKIND Sam Jansen",
    "GEHEIMTITEL Zorgen over Sam",
    "GEHEIMSIGNAAL blauwe plek",
    "Vader dreigde met een mes.",  # the spoedmelding's reason
    "Stappen vastleggen na een spoedmelding",  # not even the kind of termijn
    "Beslissing 2",
]


@pytest.fixture
def termijn(beroepskracht, aandachtsfunctionaris):
    beroepskracht.user.email = "bea@school.example"
    beroepskracht.user.save()
    aandachtsfunctionaris.user.email = "anne@school.example"
    aandachtsfunctionaris.user.save()
    with klok(MAANDAG):
        casus = services.open_casus(actor=beroepskracht, titel="GEHEIMTITEL Zorgen over Sam")
        services.voeg_betrokkene_toe(
            actor=beroepskracht,
            casus=casus,
            rol="kind",
            relatie="leerling",
            leeftijd=8,
            naam="GEHEIMKIND Sam Jansen",
        )
        spoedmelding(beroepskracht, casus, MAANDAG)
        services.leg_signaal_vast(
            actor=beroepskracht,
            casus=casus,
            datum=MAANDAG,
            bron="eigen",
            aard="feit",
            tekst="GEHEIMSIGNAAL blauwe plek",
        )
    return Termijn.objects.get(casus=casus, open=True)


def test_binnenkort_dan_verlopen_elk_eenmaal(termijn, beroepskracht, aandachtsfunctionaris):
    assert termijn.uiterlijk == plus_werkdagen(MAANDAG, 5)  # ma 10 maart
    # Thursday before: due within five working days.
    s = herinneringen.verstuur(vandaag=dt.date(2025, 3, 6), basis="https://meldwijzer.example")
    assert (s.mails, s.binnenkort, s.verlopen) == (2, 2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@school.example", "bea@school.example"]
    # Again the same day, and the day after: nothing new.
    herinneringen.verstuur(vandaag=dt.date(2025, 3, 6), basis="https://meldwijzer.example")
    s = herinneringen.verstuur(vandaag=dt.date(2025, 3, 7), basis="https://meldwijzer.example")
    assert s.mails == 0 and s.al_verzonden == 2
    assert len(mail.outbox) == 2
    # Overdue: one more each, once.
    s = herinneringen.verstuur(vandaag=dt.date(2025, 3, 11))
    assert (s.mails, s.verlopen) == (2, 2)
    herinneringen.verstuur(vandaag=dt.date(2025, 3, 12))
    assert len(mail.outbox) == 4
    assert Herinnering.objects.count() == 4


def test_niets_van_de_casus_in_de_mail(termijn):
    herinneringen.verstuur(vandaag=dt.date(2025, 3, 11), basis="https://meldwijzer.example")
    assert mail.outbox
    for bericht in mail.outbox:
        tekst = f"{bericht.subject}\n{bericht.body}"
        for geheim in [*GEHEIM, termijn.casus.kenmerk]:
            assert geheim not in tekst, geheim
        # only that something is due, when, and a link
        assert "verlopen op maandag 10 maart 2025" in tekst
        assert f"https://meldwijzer.example/casussen/{termijn.casus.uuid}/" in tekst
        assert "https://meldwijzer.example/termijnen/" in tekst


def test_een_afgehandelde_termijn_wordt_niet_meer_gemeld(termijn, beroepskracht):
    with klok(dt.date(2025, 3, 5)):
        stappen_1_tot_4(beroepskracht, termijn.casus, dt.date(2025, 3, 5))
        for afweging, keuze in (("1", "ja"), ("2", "nee")):
            services.beantwoord_afweging(
                actor=beroepskracht, casus=termijn.casus, afweging=afweging, antwoord=keuze
            )
    s = herinneringen.verstuur(vandaag=dt.date(2025, 3, 11))
    assert s.mails == 0 and not mail.outbox


def test_een_nieuwe_datum_is_een_nieuwe_herinnering(termijn):
    herinneringen.verstuur(vandaag=dt.date(2025, 3, 11))
    Termijn.objects.filter(pk=termijn.pk).update(uiterlijk=dt.date(2025, 3, 14))
    s = herinneringen.verstuur(vandaag=dt.date(2025, 3, 12))
    assert s.binnenkort == 2


def test_zonder_e_mailadres_wordt_niets_geclaimd(termijn, beroepskracht):
    beroepskracht.user.email = ""
    beroepskracht.user.save()
    s = herinneringen.verstuur(vandaag=dt.date(2025, 3, 11))
    assert s.zonder_email == {beroepskracht.user_id}
    assert s.mails == 1  # the aandachtsfunctionaris
    assert not Herinnering.objects.filter(ontvanger=beroepskracht.user).exists()


@override_settings(EMAIL_BACKEND="meldwijzer.rapportage.tests.test_herinneringen.KapotteBackend")
def test_een_mislukte_verzending_probeert_het_de_volgende_keer_opnieuw(termijn):
    s = herinneringen.verstuur(vandaag=dt.date(2025, 3, 11))
    assert s.mislukt == 2 and s.mails == 0
    assert not Herinnering.objects.exists()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        s = herinneringen.verstuur(vandaag=dt.date(2025, 3, 11))
    assert s.mails == 2


class KapotteBackend(BaseEmailBackend):
    def send_messages(self, berichten):
        raise ConnectionRefusedError("SMTP-server onbereikbaar")


def test_andere_organisaties_en_andere_beroepskrachten_krijgen_niets(
    termijn, buitenstaander, collega
):
    buitenstaander.user.email = "bob@huisarts.example"
    buitenstaander.user.save()
    collega.user.email = "cor@school.example"
    collega.user.save()
    herinneringen.verstuur(vandaag=dt.date(2025, 3, 11))
    ontvangers = {m.to[0] for m in mail.outbox}
    assert ontvangers == {"anne@school.example", "bea@school.example"}
