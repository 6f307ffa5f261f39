"""One declared input per record (docs/adr/0017), proven on the melding: the field that says
which Veilig Thuis organisation took it was added in the declaration, the model and its
migration only, and reaches the form, the API, the service's checks, the audit trail, the page,
the dossier, the inzage export and the transfer to another organisation."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meldwijzer.accounts.models import Rol
from meldwijzer.api.meldingen import MeldingIn, MeldingUit
from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services
from meldwijzer.dossier.invoer import DECLARATIES, MELDING
from meldwijzer.dossier.inzage import InzageOpties, inzage
from meldwijzer.dossier.models import Melding
from meldwijzer.dossier.tests.bouwers import GISTEREN
from meldwijzer.sleutels import wachtwoordbestand
from meldwijzer.web.forms import MeldingForm, SpoedmeldingForm

pytestmark = pytest.mark.django_db

REGIO = "Veilig Thuis Utrecht"
WACHTZIN = "een lange wachtzin voor de overdracht"


def spoedmelding(actor, casus, **extra):
    velden = {
        "spoed": True,
        "spoed_reden": "Kind zegt dat vader vanavond terugkomt.",
        "datum": GISTEREN,
        "wijze": "telefoon",
        "vt_organisatie": REGIO,
        "vt_contact": "mevrouw De Vries",
        "vooraf_geinformeerd": False,
        "reden_niet_geinformeerd": "veiligheid_kind",
        "toelichting_niet_geinformeerd": "Vader mag het niet weten.",
        **extra,
    }
    return services.leg_melding_vast(actor=actor, casus=casus, **velden)


def test_elke_declaratie_noemt_velden_van_haar_model():
    for model, declaratie in DECLARATIES.items():
        velden = {f.name for f in model._meta.concrete_fields}
        assert set(declaratie.namen()) <= velden, model


@pytest.mark.parametrize("naam", ["Consultatie", "Melding", "Weging"])
def test_formulier_api_en_declaratie_noemen_dezelfde_velden(naam):
    from meldwijzer.api import meldingen, stappen
    from meldwijzer.web import forms

    model = next(m for m in DECLARATIES if m.__name__ == naam)
    declaratie = DECLARATIES[model]
    formulier = forms.SpoedmeldingForm if naam == "Melding" else getattr(forms, f"{naam}Form")
    api = meldingen if naam == "Melding" else stappen
    assert list(formulier.base_fields) == declaratie.namen()
    assert set(declaratie.namen()) <= set(getattr(api, f"{naam}In").model_fields)
    assert set(declaratie.namen()) <= set(getattr(api, f"{naam}Uit").model_fields)
    for veld in declaratie:  # one limit, on the model
        grens = getattr(declaratie.modelveld(veld.naam), "max_length", None)
        if grens and declaratie.soort(veld) in ("regel", "tekst"):
            assert formulier.base_fields[veld.naam].max_length == grens


def test_het_formulier_volgt_de_declaratie():
    assert list(SpoedmeldingForm.base_fields) == MELDING.namen()
    assert list(MeldingForm.base_fields) == [n for n in MELDING.namen() if n != "spoed_reden"]
    veld = MeldingForm.base_fields["vt_organisatie"]
    assert str(veld.label) == "Bij welke Veilig Thuis-organisatie?"
    assert veld.max_length == Melding._meta.get_field("vt_organisatie").max_length == 100
    assert not veld.required


def test_de_api_schemas_volgen_de_declaratie():
    invoer = MeldingIn.model_json_schema()["properties"]
    assert invoer["vt_organisatie"]["maxLength"] == 100
    assert invoer["vt_kenmerk"]["maxLength"] == 100  # the limit written once, on the model
    assert set(MELDING.namen()) <= set(invoer)
    assert set(MELDING.namen()) <= set(MeldingUit.model_fields)


def test_de_dienst_controleert_en_de_audittrail_bewaart_het(beroepskracht, casus):
    with pytest.raises(ValidationError) as fout:
        spoedmelding(beroepskracht, casus, vt_organisatie="x" * 101)
    assert "houd hem korter dan 100 tekens" in fout.value.message_dict["vt_organisatie"][0]
    assert not Melding.objects.exists()
    melding = spoedmelding(beroepskracht, casus, vt_organisatie=f"  {REGIO} ")
    assert Melding.objects.get(pk=melding.pk).vt_organisatie == REGIO
    gebeurtenis = Gebeurtenis.objects.get(soort="spoedmelding.vastgelegd")
    assert gebeurtenis.nieuw["vt_organisatie"] == REGIO


def test_via_de_api(beroepskracht, casus):
    api = Api(token_voor(beroepskracht))
    pad = f"/api/casussen/{casus.uuid}"
    r = api.post(
        f"{pad}/meldingen",
        {
            "spoed": True,
            "spoed_reden": "Acuut gevaar.",
            "datum": GISTEREN.isoformat(),
            "wijze": "telefoon",
            "vt_organisatie": REGIO,
            "vt_contact": "De Vries",
            "vooraf_geinformeerd": True,
            "hoe_geinformeerd": "Moeder gebeld.",
        },
        versie=api.get(pad)["ETag"].strip('"'),
    )
    assert r.status_code == 201, r.content
    assert r.json()["vt_organisatie"] == REGIO
    te_lang = api.post(
        f"{pad}/meldingen",
        {"datum": GISTEREN.isoformat(), "vt_organisatie": "x" * 101},
        versie=api.get(pad)["ETag"].strip('"'),
    )
    assert te_lang.status_code == 422


def test_op_de_pagina_in_het_dossier_en_in_de_inzage(beroepskracht, casus, client_van):
    spoedmelding(beroepskracht, casus)
    client = client_van(beroepskracht)
    pagina = client.get(reverse("web:melding", args=[casus.uuid])).content.decode()
    assert "Veilig Thuis-organisatie" in pagina and REGIO in pagina
    assert 'name="vt_organisatie"' in pagina  # the form asks for it too
    dossier = client.get(reverse("web:dossier_afdruk", args=[casus.uuid])).content.decode()
    assert REGIO in dossier
    export = inzage(casus, InzageOpties())
    assert export["meldingen"][0]["veilig_thuis_organisatie"] == REGIO


def test_reist_mee_naar_een_andere_organisatie(beroepskracht, casus, maak_lid, andere_organisatie):
    spoedmelding(beroepskracht, casus)
    export = services.exporteer_casus(
        actor=beroepskracht, casus=casus, wachtwoord=WACHTZIN, ontvanger="Huisartsenpraktijk"
    )
    _kop, inhoud = wachtwoordbestand.ontsleutel(export.inhoud, WACHTZIN)
    assert REGIO in json.dumps(json.loads(inhoud), ensure_ascii=False)
    ontvanger = maak_lid(Rol.AANDACHTSFUNCTIONARIS, andere_organisatie, "ontvanger")
    b = services.importeer_casus(actor=ontvanger, bestand=export.inhoud, wachtwoord=WACHTZIN)
    assert Melding.objects.get(casus=b).vt_organisatie == REGIO
