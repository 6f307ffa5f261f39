"""The hulpplan's declared input (docs/adr/0017): the form, the API schemas, the service's
checks, the audit snapshot, the page, the dossier and the inzage export all derive from
dossier.invoer.HULPPLAN; the evaluation dates, a list, stay beside the declared fields."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meldwijzer.api.hulpplannen import HulpplanIn, HulpplanUit
from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services
from meldwijzer.dossier.invoer import DECLARATIES, HULPPLAN
from meldwijzer.dossier.inzage import InzageOpties, inzage
from meldwijzer.dossier.models import Hulpplan
from meldwijzer.dossier.tests.bouwers import EERGISTEREN, GISTEREN, beantwoord, leg_hulpplan_vast
from meldwijzer.web.forms_vervolg import HulpplanForm

pytestmark = pytest.mark.django_db

LIJST = ["evaluatiedatum_1", "evaluatiedatum_2", "evaluatiedatum_3"]


def veld(naam):
    return next(v for v in HULPPLAN if v.naam == naam)


@pytest.fixture
def casus_hulp(beroepskracht, casus_stap5):
    """Afweging 3 answered ja: a hulpplan can be recorded."""
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja"})
    return casus_stap5


def test_de_declaratie_staat_in_declaraties():
    assert DECLARATIES[Hulpplan] is HULPPLAN
    assert HULPPLAN.namen() == [
        "datum",
        "doelen",
        "resultaten",
        "wie_doet_wat",
        "monitoring",
        "meerdere_beroepskrachten",
        "casusregie",
    ]


def test_het_formulier_volgt_de_declaratie():
    # The declared fields in their order, the list of evaluation dates beside them.
    assert list(HulpplanForm.base_fields) == [*HULPPLAN.namen(), *LIJST]
    casusregie = HulpplanForm.base_fields["casusregie"]
    assert casusregie.max_length == Hulpplan._meta.get_field("casusregie").max_length == 300
    assert not casusregie.required and casusregie.voorwaardelijk
    assert HulpplanForm.base_fields["doelen"].max_length == HULPPLAN.maximaal(veld("doelen"))
    for v in HULPPLAN:
        formveld = HulpplanForm.base_fields[v.naam]
        assert str(formveld.label) == str(v.vraag)
        assert formveld.required == v.verplicht
        if v.leeg is not None:
            assert str(formveld.error_messages["required"]) == str(v.leeg)
    leeg = HulpplanForm({})
    assert not leeg.is_valid()
    assert leeg.errors["monitoring"] == [
        "Beschrijf hoe, hoe lang en door wie de veiligheid wordt gevolgd."
    ]


def test_de_api_schemas_volgen_de_declaratie():
    invoer = HulpplanIn.model_json_schema()
    velden = invoer["properties"]
    assert velden["casusregie"]["maxLength"] == 300  # the limit written once, on the model
    assert velden["doelen"]["maxLength"] == 10_000
    assert set(HULPPLAN.namen()) | {"evaluatiedata"} == set(velden)
    assert set(invoer["required"]) == {n for n in HULPPLAN.namen() if veld(n).verplicht}
    assert set(HULPPLAN.namen()) <= set(HulpplanUit.model_fields)
    assert {"id", "ronde", "volgnummer", "evaluatiedata", "vastgelegd_op"} <= set(
        HulpplanUit.model_fields
    )


def test_de_dienst_controleert_volgens_de_declaratie(beroepskracht, casus_hulp):
    with pytest.raises(ValidationError) as fout:
        leg_hulpplan_vast(beroepskracht, casus_hulp, casusregie="x" * 301)
    assert "houd hem korter dan 300 tekens" in fout.value.message_dict["casusregie"][0]
    with pytest.raises(ValidationError) as fout:
        leg_hulpplan_vast(beroepskracht, casus_hulp, wie_doet_wat="  ")
    assert fout.value.message_dict["wie_doet_wat"] == [str(veld("wie_doet_wat").leeg)]
    with pytest.raises(ValidationError) as fout:
        leg_hulpplan_vast(beroepskracht, casus_hulp, meerdere_beroepskrachten=None)
    assert fout.value.message_dict["meerdere_beroepskrachten"] == [
        "Geef aan of meerdere beroepskrachten betrokken zijn."
    ]
    # The rule between fields stays in the service.
    with pytest.raises(ValidationError) as fout:
        leg_hulpplan_vast(beroepskracht, casus_hulp, casusregie="")
    assert "casusregie" in fout.value.message_dict
    with pytest.raises(TypeError, match="onbekend_veld"):
        services.leg_hulpplan_vast(
            actor=beroepskracht, casus=casus_hulp, evaluatiedata=[GISTEREN], onbekend_veld="x"
        )
    assert not Hulpplan.objects.exists()


def test_de_audittrail_bewaart_de_gedeclareerde_velden(beroepskracht, casus_hulp):
    leg_hulpplan_vast(beroepskracht, casus_hulp, casusregie="  Wijkteam ")
    nieuw = Gebeurtenis.objects.get(soort="hulpplan.vastgelegd").nieuw
    assert set(nieuw) == {"volgnummer", *HULPPLAN.namen(), "evaluatiedata"}
    assert nieuw["casusregie"] == "Wijkteam"
    assert nieuw["evaluatiedata"] == [GISTEREN.isoformat()]


def test_via_de_api(beroepskracht, casus_hulp):
    api = Api(token_voor(beroepskracht))
    pad = f"/api/casussen/{casus_hulp.uuid}"
    plan = {
        "datum": EERGISTEREN.isoformat(),
        "doelen": "Veilig thuis.",
        "resultaten": "Geen nieuw geweld.",
        "wie_doet_wat": "Wijkteam: training.",
        "monitoring": "Wekelijks contact.",
        "meerdere_beroepskrachten": False,
        "evaluatiedata": [GISTEREN.isoformat()],
    }
    te_lang = api.post(
        f"{pad}/hulpplannen",
        {**plan, "casusregie": "x" * 301},
        versie=api.get(pad)["ETag"].strip('"'),
    )
    assert te_lang.status_code == 422
    r = api.post(f"{pad}/hulpplannen", plan, versie=api.get(pad)["ETag"].strip('"'))
    assert r.status_code == 201, r.content
    assert r.json()["casusregie"] == "" and r.json()["meerdere_beroepskrachten"] is False
    assert r.json()["evaluatiedata"] == [GISTEREN.isoformat()]


def test_op_de_pagina_in_het_dossier_en_in_de_inzage(beroepskracht, casus_hulp, client_van):
    leg_hulpplan_vast(beroepskracht, casus_hulp, monitoring="Elke week belt de mentor.")
    client = client_van(beroepskracht)
    pagina = client.get(reverse("web:hulpplan", args=[casus_hulp.uuid])).content.decode()
    assert "Hoe de veiligheid wordt gevolgd" in pagina  # the model's name for the value
    assert "Elke week belt de mentor." in pagina
    assert 'name="monitoring"' in pagina and 'name="evaluatiedatum_1"' in pagina
    dossier = client.get(reverse("web:dossier_afdruk", args=[casus_hulp.uuid])).content.decode()
    assert "Elke week belt de mentor." in dossier and "Wijkteam, de heer Bakker" in dossier
    export = inzage(casus_hulp, InzageOpties())["hulpplannen"][0]
    # The export's keys as they were: the declared fields but the yes/no of several
    # professionals, the version and the evaluation dates beside them.
    assert list(export)[:8] == [
        "versie",
        "datum",
        "doelen",
        "resultaten",
        "wie_doet_wat",
        "monitoring",
        "casusregie",
        "evaluatiedata",
    ]
    assert export["datum"] == EERGISTEREN.isoformat()
    assert export["monitoring"] == "Elke week belt de mentor."
    assert export["evaluatiedata"] == [GISTEREN.isoformat()]
