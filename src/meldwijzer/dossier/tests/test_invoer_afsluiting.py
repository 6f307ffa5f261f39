"""The closing's declared input (docs/adr/0017): the form, the service's checks, the audit
snapshot, the dossier and the inzage export derive from dossier.invoer.AFSLUITING; the
agreements on following safety (a list of their own rows) stay beside the declared fields.
Closings have no API of their own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services
from meldwijzer.dossier.invoer import AFSLUITING, DECLARATIES
from meldwijzer.dossier.inzage import InzageOpties, inzage
from meldwijzer.dossier.models import Afsluiting
from meldwijzer.dossier.tests.bouwers import beantwoord
from meldwijzer.web.forms_vervolg import AfsluitingForm

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()
OVER_EEN_MAAND = VANDAAG + dt.timedelta(days=30)
AFSPRAAK = {
    "wat": "Nieuwe signalen",
    "wie": "Mentor",
    "partners": "",
    "tot_wanneer": OVER_EEN_MAAND,
}


@pytest.fixture
def casus_klaar(beroepskracht, casus_stap5):
    """Help evaluated to its end (afweging 5 = ja): the help can be closed, without Veilig
    Thuis (2 = nee)."""
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja", "5": "ja"})
    return casus_stap5


def sluit_af(actor, casus, **extra):
    velden = {
        "datum": VANDAAG,
        "conclusie": "De veiligheid is hersteld.",
        "casusregie_door": "Wijkteam, de heer Bakker",
        "afspraken": [AFSPRAAK],
        **extra,
    }
    return services.sluit_traject_af(actor=actor, casus=casus, **velden)


def test_de_declaratie_staat_in_declaraties():
    assert DECLARATIES[Afsluiting] is AFSLUITING
    assert AFSLUITING.namen() == ["datum", "conclusie", "casusregie_door", "vt_contact", "vt_datum"]


def test_het_formulier_volgt_de_declaratie():
    samen = AfsluitingForm(samen=True)
    assert list(samen.fields) == AFSLUITING.namen()
    assert list(AfsluitingForm(samen=False).fields) == ["datum", "conclusie", "casusregie_door"]
    for v in AFSLUITING:
        formveld = samen.fields[v.naam]
        assert str(formveld.label) == str(v.vraag)
        # The Veilig Thuis fields are asked only together with Veilig Thuis, then required.
        assert formveld.required
    for naam in ("casusregie_door", "vt_contact"):  # one limit, on the model
        assert samen.fields[naam].max_length == Afsluiting._meta.get_field(naam).max_length
    assert samen.fields["casusregie_door"].max_length == 300
    leeg = AfsluitingForm({}, samen=True)
    assert not leeg.is_valid()
    assert leeg.errors["vt_contact"] == [
        "Dit traject loopt samen met Veilig Thuis: vul in met wie u het afsluiten afstemde."
    ]
    assert leeg.errors["conclusie"] == [str(AFSLUITING.veld("conclusie").leeg)]


def test_de_dienst_controleert_volgens_de_declaratie(beroepskracht, casus_klaar):
    with pytest.raises(ValidationError) as fout:
        sluit_af(beroepskracht, casus_klaar, casusregie_door="x" * 301)
    assert "houd hem korter dan 300 tekens" in fout.value.message_dict["casusregie_door"][0]
    with pytest.raises(ValidationError) as fout:
        sluit_af(beroepskracht, casus_klaar, conclusie="")
    assert fout.value.message_dict["conclusie"] == [str(AFSLUITING.veld("conclusie").leeg)]
    with pytest.raises(ValidationError) as fout:
        sluit_af(beroepskracht, casus_klaar, datum=VANDAAG + dt.timedelta(days=1))
    assert "toekomst" in fout.value.message_dict["datum"][0]
    with pytest.raises(TypeError, match="onbekend_veld"):
        sluit_af(beroepskracht, casus_klaar, onbekend_veld="x")
    assert not Afsluiting.objects.exists()
    # Without Veilig Thuis its fields are neither asked nor kept.
    afsluiting = sluit_af(beroepskracht, casus_klaar, vt_contact="x" * 500)
    assert afsluiting.vt_contact == "" and afsluiting.vt_datum is None


def test_de_audittrail_bewaart_de_gedeclareerde_velden(beroepskracht, casus_klaar):
    sluit_af(beroepskracht, casus_klaar, conclusie="  Veilig. ")
    nieuw = Gebeurtenis.objects.get(soort="casus.afgesloten").nieuw
    assert set(nieuw) == {"besluit", "soort", *AFSLUITING.namen(), "afspraken"}
    assert nieuw["conclusie"] == "Veilig." and nieuw["vt_datum"] is None
    assert nieuw["afspraken"][0]["tot_wanneer"] == OVER_EEN_MAAND.isoformat()


def test_in_het_dossier_en_in_de_inzage(beroepskracht, casus_klaar, client_van):
    sluit_af(beroepskracht, casus_klaar)
    client = client_van(beroepskracht)
    dossier = client.get(reverse("web:dossier_afdruk", args=[casus_klaar.uuid])).content.decode()
    assert "Wijkteam, de heer Bakker" in dossier and "Nieuwe signalen" in dossier
    export = inzage(casus_klaar, InzageOpties())["afsluitingen"][0]
    # The export's keys as they were: the Veilig Thuis fields were never in it.
    assert list(export)[:5] == ["datum", "soort", "conclusie", "casusregie_door", "afspraken"]
    assert export["datum"] == VANDAAG.isoformat()
    assert export["casusregie_door"] == "Wijkteam, de heer Bakker"
    zonder = inzage(casus_klaar, InzageOpties(zonder_melder=True))["afsluitingen"][0]
    assert zonder["casusregie_door"] != "Wijkteam, de heer Bakker"  # a person, left out
