"""The evaluation's declared input (docs/adr/0017): the form, the service's checks, the audit
snapshot, the dossier and the inzage export derive from dossier.invoer.EVALUATIE; the criteria
ticked (a list from the framework's catalogue) and the Veilig Thuis details of the answer stay
beside the declared fields. Evaluations have no API of their own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services
from meldwijzer.dossier.invoer import DECLARATIES, EVALUATIE
from meldwijzer.dossier.inzage import InzageOpties, inzage
from meldwijzer.dossier.models import Evaluatie
from meldwijzer.dossier.tests.bouwers import GISTEREN, beantwoord, leg_hulpplan_vast
from meldwijzer.web.forms_vervolg import EvaluatieForm

pytestmark = pytest.mark.django_db

OVER_EEN_MAAND = timezone.localdate() + dt.timedelta(days=30)


def veld(naam):
    return next(v for v in EVALUATIE if v.naam == naam)


@pytest.fixture
def casus_hulp(beroepskracht, casus_stap5):
    """Help under way (1 ja, 2 nee, 3 ja, 4 ja) with a hulpplan: afweging 5 is its turn."""
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    leg_hulpplan_vast(beroepskracht, casus_stap5)
    return casus_stap5


def evalueer(actor, casus, **extra):
    velden = {
        "datum": GISTEREN,
        "bevindingen": "De training loopt; school ziet geen nieuwe signalen.",
        "resultaat": "doorgaan",
        "volgende_datum": OVER_EEN_MAAND,
        "toelichting": "Nog twee maanden training.",
        **extra,
    }
    return services.leg_evaluatie_vast(actor=actor, casus=casus, **velden)


def test_de_declaratie_staat_in_declaraties():
    assert DECLARATIES[Evaluatie] is EVALUATIE
    assert EVALUATIE.namen() == [
        "datum",
        "bevindingen",
        "resultaat",
        "volgende_datum",
        "toelichting",
    ]


def test_het_formulier_volgt_de_declaratie():
    form = EvaluatieForm(criteria=[("c1", "Vastgelopen")], samen=True)
    # The declared fields in the page's order: the criteria after what was reached, the
    # Veilig Thuis details of the answer last.
    assert list(form.fields) == [
        "datum",
        "bevindingen",
        "criteria",
        "resultaat",
        "volgende_datum",
        "toelichting",
        "vt_contact",
        "vt_datum",
    ]
    assert set(EVALUATIE.namen()) <= set(EvaluatieForm.base_fields)
    for v in EVALUATIE:
        formveld = EvaluatieForm.base_fields[v.naam]
        assert str(formveld.label) == str(v.vraag)
        assert formveld.required == v.verplicht
        if v.verplicht:
            assert str(formveld.error_messages["required"]) == str(v.leeg)
    keuzes = [k for k, _label in EvaluatieForm.base_fields["resultaat"].choices]
    assert keuzes == [k for k, _label in Evaluatie._meta.get_field("resultaat").choices]
    assert EvaluatieForm.base_fields["bevindingen"].max_length == 10_000
    assert form.fields["volgende_datum"].initial is None  # a date to come, never today's
    assert not EvaluatieForm.base_fields["volgende_datum"].required
    assert "vt_contact" not in EvaluatieForm(criteria=[], samen=False).fields


def test_de_dienst_controleert_volgens_de_declaratie(beroepskracht, casus_hulp):
    with pytest.raises(ValidationError) as fout:
        evalueer(beroepskracht, casus_hulp, toelichting="x" * 10_001)
    assert "houd hem korter dan 10000 tekens" in fout.value.message_dict["toelichting"][0]
    with pytest.raises(ValidationError) as fout:
        evalueer(beroepskracht, casus_hulp, bevindingen=" ")
    assert fout.value.message_dict["bevindingen"] == [str(veld("bevindingen").leeg)]
    with pytest.raises(ValidationError) as fout:
        evalueer(beroepskracht, casus_hulp, resultaat="misschien")
    assert fout.value.message_dict["resultaat"] == ["Kies een van de mogelijkheden."]
    # Rules between fields stay in the service: doorgaan needs the next date.
    with pytest.raises(ValidationError) as fout:
        evalueer(beroepskracht, casus_hulp, volgende_datum=None)
    assert fout.value.message_dict["volgende_datum"] == [str(veld("volgende_datum").leeg)]
    with pytest.raises(TypeError, match="onbekend_veld"):
        evalueer(beroepskracht, casus_hulp, onbekend_veld="x")
    assert not Evaluatie.objects.exists()


def test_de_audittrail_bewaart_de_gedeclareerde_velden(beroepskracht, casus_hulp):
    evalueer(beroepskracht, casus_hulp, toelichting="  Nog twee maanden. ")
    nieuw = Gebeurtenis.objects.get(soort="evaluatie.vastgelegd").nieuw
    assert set(nieuw) == {"hulpplan", *EVALUATIE.namen(), "criteria", "antwoord"}
    assert nieuw["toelichting"] == "Nog twee maanden."
    assert nieuw["volgende_datum"] == OVER_EEN_MAAND.isoformat()


def test_via_de_pagina_in_het_dossier_en_in_de_inzage(beroepskracht, casus_hulp, client_van):
    client = client_van(beroepskracht)
    pagina = client.get(reverse("web:evaluatie", args=[casus_hulp.uuid])).content.decode()
    assert 'name="bevindingen"' in pagina and 'name="volgende_datum"' in pagina
    evalueer(beroepskracht, casus_hulp, bevindingen="Sam gaat weer graag naar school.")
    dossier = client.get(reverse("web:dossier_afdruk", args=[casus_hulp.uuid])).content.decode()
    assert "Sam gaat weer graag naar school." in dossier
    export = inzage(casus_hulp, InzageOpties())["evaluaties"][0]
    # The export's keys as they were: the declared fields, the result by its label.
    assert list(export)[:5] == EVALUATIE.namen()
    assert export["bevindingen"] == "Sam gaat weer graag naar school."
    assert export["resultaat"] == Evaluatie(resultaat="doorgaan").get_resultaat_display()
    assert export["volgende_datum"] == OVER_EEN_MAAND.isoformat()
