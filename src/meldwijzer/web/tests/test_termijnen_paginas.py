"""Termijnen on the pages: werkdagen or kalenderdagen chosen for an agreement with Veilig Thuis,
every deadline with its weekday and, where a count fell on a day off, the move; a date entered on
a weekend or a public holiday is saved with a warning that names it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse
from django.utils import timezone

from meldwijzer.dossier import datums, services
from meldwijzer.dossier.models import AfspraakVeiligThuis, Casus, Hulpplan
from meldwijzer.dossier.tests.bouwers import EERGISTEREN, GISTEREN, beantwoord
from meldwijzer.dossier.werkdagen import is_werkdag, plus_werkdagen, tel_op, volgende_werkdag
from meldwijzer.rapportage.models import Termijn

pytestmark = pytest.mark.django_db


def url(naam, casus, *extra):
    return reverse(f"web:{naam}", args=[casus.uuid, *extra])


def vers(casus):
    return Casus.objects.get(pk=casus.pk).versie


def volgende_zaterdag(na: dt.date) -> dt.date:
    return na + dt.timedelta(days=(5 - na.weekday()) % 7 or 7)


@pytest.fixture
def gemeld(beroepskracht, casus_stap5):
    """1 ja, 2 ja: melden, with a melding of yesterday."""
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja"})
    return services.leg_melding_vast(
        actor=beroepskracht,
        casus=casus_stap5,
        datum=GISTEREN,
        wijze="telefoon",
        vt_contact="mevrouw De Vries",
        vooraf_geinformeerd=True,
        hoe_geinformeerd="Moeder vooraf gebeld.",
    )


def afspraak_data(casus, aantal, eenheid):
    return {
        "datum": GISTEREN.isoformat(),
        "vt_contact": "mevrouw De Vries",
        "wie_doet_wat": "Veilig Thuis spreekt vader.",
        "resultaten": "Geen nieuw geweld.",
        "termijn_aantal": aantal,
        "termijn_eenheid": eenheid,
        "versie": vers(casus),
    }


def test_het_formulier_biedt_werkdagen_en_kalenderdagen(beroepskracht, gemeld, client_van):
    pagina = client_van(beroepskracht).get(url("melding_afspraak", gemeld.casus, gemeld.pk))
    tekst = pagina.content.decode()
    assert 'value="werkdagen"' in tekst and "zonder weekenden en feestdagen" in tekst
    assert 'value="dagen"' in tekst and "kalenderdagen (elke dag telt mee)" in tekst
    assert "geldt de eerstvolgende werkdag" in tekst


def test_een_termijn_in_werkdagen(beroepskracht, gemeld, client_van):
    """Before, the form refused werkdagen and the dossier counted them as months."""
    casus, client = gemeld.casus, client_van(beroepskracht)
    antwoord = client.post(
        url("melding_afspraak", casus, gemeld.pk), afspraak_data(casus, 10, "werkdagen")
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    afspraak = AfspraakVeiligThuis.objects.get()
    assert afspraak.termijn_eenheid == "werkdagen"
    assert afspraak.uiterlijk == plus_werkdagen(GISTEREN, 10)
    pagina = client.get(url("melding", casus)).content.decode()
    assert "10 werkdagen" in pagina
    assert f"uiterlijk {datums.met_weekdag(afspraak.uiterlijk)}" in pagina
    [termijn] = Termijn.objects.filter(casus=casus, soort="veilig_thuis")
    assert termijn.uiterlijk == afspraak.uiterlijk and termijn.telwijze == "werkdagen"


def test_een_einde_op_zaterdag_schuift_naar_de_werkdag_erna(beroepskracht, gemeld, client_van):
    casus, client = gemeld.casus, client_van(beroepskracht)
    zaterdag = volgende_zaterdag(GISTEREN)
    aantal = (zaterdag - GISTEREN).days
    antwoord = client.post(
        url("melding_afspraak", casus, gemeld.pk), afspraak_data(casus, aantal, "dagen")
    )
    assert antwoord.status_code == 302
    afspraak = AfspraakVeiligThuis.objects.get()
    assert tel_op(GISTEREN, aantal, "dagen") == zaterdag
    assert afspraak.uiterlijk == volgende_werkdag(zaterdag) > zaterdag
    van, naar = datums.met_weekdag(zaterdag), datums.met_weekdag(afspraak.uiterlijk)
    noot = f"verschoven van {van} naar {naar}"
    assert noot.startswith("verschoven van zaterdag ")
    melding = client.get(url("melding", casus)).content.decode()
    assert noot in melding
    # the casus's termijnen use the same moved date, with the same note
    [termijn] = Termijn.objects.filter(casus=casus, soort="veilig_thuis", open=True)
    assert termijn.uiterlijk == afspraak.uiterlijk
    casuspagina = client.get(url("casus", casus)).content.decode()
    assert datums.met_weekdag(afspraak.uiterlijk) in casuspagina and noot in casuspagina
    termijnen = client.get(reverse("web:termijnen")).content.decode()
    assert datums.met_weekdag(afspraak.uiterlijk) in termijnen and noot in termijnen


def test_een_onbekende_eenheid_wordt_geweigerd(beroepskracht, gemeld, client_van):
    casus = gemeld.casus
    antwoord = client_van(beroepskracht).post(
        url("melding_afspraak", casus, gemeld.pk), afspraak_data(casus, 3, "jaren")
    )
    assert antwoord.status_code == 200
    assert not AfspraakVeiligThuis.objects.exists()


@pytest.fixture
def casus_hulp(beroepskracht, casus_stap5):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    return casus_stap5


def plan_data(casus, *evaluaties):
    return {
        "datum": EERGISTEREN.isoformat(),
        "doelen": "Veilig thuis.",
        "resultaten": "Geen geweld.",
        "wie_doet_wat": "Wijkteam traint; school volgt.",
        "monitoring": "Wekelijks, zes maanden.",
        "meerdere_beroepskrachten": "ja",
        "casusregie": "Wijkteam",
        **{f"evaluatiedatum_{i}": d.isoformat() for i, d in enumerate(evaluaties, start=1)},
        "versie": vers(casus),
    }


def test_een_evaluatiedatum_op_zaterdag_wordt_bewaard_met_een_waarschuwing(
    beroepskracht, casus_hulp, client_van
):
    client = client_van(beroepskracht)
    zaterdag = volgende_zaterdag(timezone.localdate())
    maandag = volgende_werkdag(zaterdag)
    antwoord = client.post(url("hulpplan", casus_hulp), plan_data(casus_hulp, zaterdag, maandag))
    assert antwoord.status_code == 302
    assert Hulpplan.objects.get().evaluatiedatums == [zaterdag, maandag]
    berichten = [(m.level, str(m)) for m in get_messages(antwoord.wsgi_request)]
    waarschuwingen = [t for niveau, t in berichten if niveau == constants.WARNING]
    assert len(waarschuwingen) == 1
    assert datums.met_weekdag(zaterdag) in waarschuwingen[0]
    assert "zaterdag" in waarschuwingen[0]
    pagina = client.get(antwoord["Location"]).content.decode()
    assert datums.met_weekdag(zaterdag) in pagina  # the plan's dates, with the weekday


def test_evaluatiedata_op_werkdagen_geven_geen_waarschuwing(beroepskracht, casus_hulp, client_van):
    dag = volgende_werkdag(timezone.localdate() + dt.timedelta(days=7))
    assert is_werkdag(dag)
    antwoord = client_van(beroepskracht).post(
        url("hulpplan", casus_hulp), plan_data(casus_hulp, dag)
    )
    assert antwoord.status_code == 302
    assert not [m for m in get_messages(antwoord.wsgi_request) if m.level == constants.WARNING]
