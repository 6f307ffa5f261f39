"""The signaal (stap 1) and the gesprek (stap 3) as declared input (docs/adr/0017): the forms,
the API schemas, the service's checks, the audit snapshot and the inzage export all come from
dossier.invoer.SIGNAAL and GESPREK; what stays beside the declaration (the ticks, the forms of
violence, which case of stap 3) is tested here too."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meldwijzer.api.signalen import SignaalIn, SignaalUit
from meldwijzer.api.stappen import GesprekIn, GesprekUit
from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services
from meldwijzer.dossier.invoer import GESPREK, SIGNAAL
from meldwijzer.dossier.inzage import WEGGELATEN, InzageOpties, inzage
from meldwijzer.dossier.models import Gesprek, Signaal
from meldwijzer.dossier.tests.bouwers import GISTEREN
from meldwijzer.web.forms import GeenGesprekForm, GesprekForm, SignaalForm

pytestmark = pytest.mark.django_db

VERTELD = {
    "datum": GISTEREN,
    "bron": "verteld",
    "bron_wie": "Moeder",
    "aard": "feit",
    "tekst": "Moeder vertelt dat vader de deur heeft ingetrapt.",
}


def test_de_formulieren_volgen_de_declaraties():
    assert list(SignaalForm.base_fields)[: len(SIGNAAL.namen())] == SIGNAAL.namen()
    assert list(SignaalForm.base_fields)[len(SIGNAAL.namen()) :] == [
        "aangevinkt",
        "vormen",
        "feit_bevestigd",
    ]
    bron_wie = SignaalForm.base_fields["bron_wie"]
    assert bron_wie.max_length == Signaal._meta.get_field("bron_wie").max_length == 200
    assert not bron_wie.required  # required only when someone else told it: the service says
    assert str(bron_wie.help_text) == "Verplicht als u het niet zelf waarnam."
    # The two cases of stap 3 each require their own fields, with the declared messages.
    assert list(GesprekForm.base_fields) == ["met_wie", "datum", "reactie"]
    assert list(GeenGesprekForm.base_fields) == ["reden_geen_gesprek", "toelichting"]
    for formulier in (GesprekForm, GeenGesprekForm):
        for naam, veld in formulier.base_fields.items():
            assert veld.required, naam
            if naam != "datum":  # a date field says so in its own words
                assert str(veld.error_messages["required"]) == str(GESPREK.veld(naam).leeg)


def test_de_api_schemas_volgen_de_declaraties():
    signaal = SignaalIn.model_json_schema()
    assert signaal["properties"]["bron_wie"]["maxLength"] == 200
    assert set(signaal["required"]) == {"datum", "bron", "aard", "tekst"}
    assert set(SIGNAAL.namen()) | {"aangevinkt", "vormen"} <= set(SignaalUit.model_fields)
    gesprek = GesprekIn.model_json_schema()
    assert gesprek["required"] == ["gevoerd"]
    assert gesprek["properties"]["met_wie"]["maxLength"] == 200
    assert set(GESPREK.namen()) <= set(GesprekUit.model_fields)


def test_de_dienst_controleert_een_signaal(beroepskracht, casus):
    def leg_vast(**velden):
        return services.leg_signaal_vast(actor=beroepskracht, casus=casus, **velden)

    with pytest.raises(ValidationError) as fout:
        leg_vast(**{**VERTELD, "bron_wie": "x" * 201})
    assert "houd hem korter dan 200 tekens" in fout.value.message_dict["bron_wie"][0]
    with pytest.raises(ValidationError) as fout:
        leg_vast(**{**VERTELD, "bron_wie": "  "})
    assert fout.value.message_dict["bron_wie"] == [
        "Vul in wie dit vertelde of van welke derde het komt."
    ]
    with pytest.raises(ValidationError) as fout:
        leg_vast(**{**VERTELD, "aard": "gerucht"})
    assert fout.value.message_dict["aard"] == ["Kies een van de mogelijkheden."]
    with pytest.raises(TypeError, match="kent deze velden niet"):
        leg_vast(**VERTELD, wijze="telefoon")
    assert not Signaal.objects.exists()  # nothing half-stored
    eigen = leg_vast(**{**VERTELD, "bron": "eigen", "bron_wie": ""}, vormen=["stalking"])
    assert eigen.bron_wie == "" and eigen.vormen == ["stalking"]
    signaal = leg_vast(**{**VERTELD, "bron_wie": "  Moeder "})
    assert Signaal.objects.get(pk=signaal.pk).bron_wie == "Moeder"
    nieuw = Gebeurtenis.objects.filter(soort="signaal.vastgelegd").latest("volgnummer").nieuw
    assert set(nieuw) == {*SIGNAAL.namen(), "aangevinkt", "vormen", "speculatief_bevestigd"}
    assert nieuw["bron_wie"] == "Moeder"


def test_de_dienst_controleert_elk_geval_van_het_gesprek(beroepskracht, casus):
    def leg_vast(**velden):
        return services.leg_gesprek_vast(actor=beroepskracht, casus=casus, **velden)

    with pytest.raises(ValidationError) as fout:
        leg_vast(gevoerd=True, datum=GISTEREN, reactie="Schrok.")
    assert fout.value.message_dict["met_wie"] == ["Vul in met wie het gesprek was."]
    with pytest.raises(ValidationError) as fout:
        leg_vast(gevoerd=False, reden_geen_gesprek="veiligheid_kind")
    assert fout.value.message_dict["toelichting"] == [
        "Licht toe waarom een gesprek niet veilig was."
    ]
    with pytest.raises(ValidationError) as fout:
        leg_vast(gevoerd=True, met_wie="x" * 201, datum=GISTEREN, reactie="Schrok.")
    assert "houd hem korter dan 200 tekens" in fout.value.message_dict["met_wie"][0]
    assert not Gesprek.objects.exists()
    # Each case keeps only its own fields, whatever else was sent.
    geen = leg_vast(
        gevoerd=False,
        reden_geen_gesprek="veiligheid_kind",
        toelichting="Vader is gewelddadig.",
        met_wie="Vader",
        reactie="-",
    )
    assert (geen.met_wie, geen.datum, geen.reactie) == ("", None, "")
    wel = leg_vast(
        gevoerd=True,
        met_wie="Moeder",
        datum=GISTEREN,
        reactie="Herkent de zorgen.",
        reden_geen_gesprek="veiligheid_kind",
    )
    assert wel.reden_geen_gesprek == ""
    nieuw = Gebeurtenis.objects.filter(soort="gesprek.vastgelegd").latest("volgnummer").nieuw
    assert set(nieuw) == set(GESPREK.namen())
    assert nieuw["met_wie"] == "Moeder"


def test_via_de_api(beroepskracht, casus):
    api = Api(token_voor(beroepskracht))
    pad = f"/api/casussen/{casus.uuid}"

    def post(wat, velden):
        return api.post(f"{pad}/{wat}", velden, versie=api.get(pad)["ETag"].strip('"'))

    r = post("signalen", {**VERTELD, "datum": GISTEREN.isoformat(), "vormen": ["stalking"]})
    assert r.status_code == 201, r.content
    assert r.json()["bron_wie"] == "Moeder" and r.json()["vormen"] == ["stalking"]
    fout = post("signalen", {**VERTELD, "datum": GISTEREN.isoformat(), "bron": "x"})
    assert fout.status_code == 422
    assert (
        post("signalen", {**VERTELD, "datum": GISTEREN.isoformat(), "bron_wie": ""}).status_code
        == 422
    )
    r = post("gesprekken", {"gevoerd": False, "reden_geen_gesprek": "veiligheid_kind"})
    assert r.status_code == 422, r.content
    assert "Licht toe waarom" in r.content.decode()
    r = post(
        "gesprekken",
        {"gevoerd": False, "reden_geen_gesprek": "veiligheid_kind", "toelichting": "Onveilig."},
    )
    assert r.status_code == 201, r.content
    assert r.json()["datum"] is None and r.json()["reden_geen_gesprek"] == "veiligheid_kind"
    assert post("gesprekken", {"met_wie": "Moeder"}).status_code == 422  # gevoerd is required


def test_op_de_paginas_en_in_de_inzage(beroepskracht, casus, client_van):
    services.leg_signaal_vast(actor=beroepskracht, casus=casus, **VERTELD)
    services.leg_gesprek_vast(
        actor=beroepskracht,
        casus=casus,
        gevoerd=True,
        met_wie="Moeder",
        datum=GISTEREN,
        reactie="Herkent de zorgen.",
    )
    client = client_van(beroepskracht)
    pagina = client.get(reverse("web:signalen", args=[casus.uuid])).content.decode()
    assert 'name="bron_wie"' in pagina and 'maxlength="200"' in pagina
    pagina = client.get(reverse("web:gesprek", args=[casus.uuid])).content.decode()
    assert 'name="gesprek-met_wie"' in pagina and 'name="geen-reden_geen_gesprek"' in pagina
    export = inzage(casus, InzageOpties())
    signaal = export["signalen"][0]
    assert {k: signaal[k] for k in ("datum", "bron", "aard", "verteld_door")} == {
        "datum": GISTEREN.isoformat(),
        "bron": "Verteld door een betrokkene",
        "aard": "Feit",
        "verteld_door": "Moeder",
    }
    gesprek = export["gesprekken"][0]
    assert gesprek["gevoerd"] is True and gesprek["reden_geen_gesprek"] is None
    assert gesprek["met_wie"] == "Moeder"
    zonder = inzage(casus, InzageOpties(zonder_melder=True))
    assert zonder["signalen"][0]["verteld_door"] == WEGGELATEN


def test_wat_de_notitie_niet_zelf_toont_volgt_uit_de_declaratie(beroepskracht, casus, client_van):
    """A held conversation's toelichting (the API accepts it) was stored but shown nowhere: the
    note shows its own fields and {% gegevens ... behalve=... %} every other declared one."""
    services.leg_gesprek_vast(
        actor=beroepskracht,
        casus=casus,
        gevoerd=True,
        met_wie="Moeder",
        datum=GISTEREN,
        reactie="Herkent de zorgen.",
        toelichting="Afgesproken: over een week opnieuw.",
    )
    client = client_van(beroepskracht)
    pagina = client.get(reverse("web:gesprek", args=[casus.uuid])).content.decode()
    assert "Afgesproken: over een week opnieuw." in pagina
    assert pagina.count("Herkent de zorgen.") == 1  # shown once, by the note itself
    dossier = client.get(reverse("web:dossier_afdruk", args=[casus.uuid])).content.decode()
    assert "Afgesproken: over een week opnieuw." in dossier
