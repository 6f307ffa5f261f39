"""The zienswijze declared once (dossier.invoer.ZIENSWIJZE, docs/adr/0017): its date, how it
came in and the text. The form, the service's checks, the audit snapshot and the inzage export
derive from it; whose view it is (one of the casus's betrokkenen) stays in the form and the
service. The API records no zienswijze."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services
from meldwijzer.dossier.invoer import DECLARATIES, MAX_TEKST, ZIENSWIJZE
from meldwijzer.dossier.inzage import InzageOpties, inzage
from meldwijzer.dossier.models import HoeOntvangen, Zienswijze
from meldwijzer.dossier.tests.bouwers import GISTEREN
from meldwijzer.web.forms_vervolg import ZienswijzeForm

pytestmark = pytest.mark.django_db

WOORDEN = "Ik sla mijn kind niet, ik was alleen boos."


@pytest.fixture
def moeder(beroepskracht, casus):
    return services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol="ouder", relatie="moeder", leeftijd=35
    )


def zienswijze(actor, casus, wie, **extra):
    velden = {"datum": GISTEREN, "hoe": "mondeling", "tekst": WOORDEN, **extra}
    return services.leg_zienswijze_vast(actor=actor, casus=casus, betrokkene=wie, **velden)


def fout(actor, casus, wie, **extra) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as e:
        zienswijze(actor, casus, wie, **extra)
    return e.value.message_dict


def test_de_declaratie_staat_in_de_lijst():
    assert DECLARATIES[Zienswijze] is ZIENSWIJZE
    assert ZIENSWIJZE.namen() == ["datum", "hoe", "tekst"]


def test_het_formulier_volgt_de_declaratie():
    form = ZienswijzeForm(betrokkenen=[(1, "Ouder / verzorger, moeder")])
    assert list(form.fields) == ["betrokkene", *ZIENSWIJZE.namen()]  # as the page shows them
    assert list(form.fields["hoe"].choices) == list(HoeOntvangen.choices)  # the model's
    tekst = form.fields["tekst"]
    assert tekst.max_length == MAX_TEKST and tekst.widget.attrs["rows"] == 6
    assert all(form.fields[n].required for n in ZIENSWIJZE.namen())
    leeg = ZienswijzeForm({}, betrokkenen=[(1, "moeder")])
    assert leeg.errors == {
        "betrokkene": ["Kies de betrokkene."],
        "datum": ["Vul een datum in."],
        "hoe": ["Kies hoe u de zienswijze ontving."],
        "tekst": ["Schrijf de zienswijze op, zo veel mogelijk in eigen woorden."],
    }


def test_de_dienst_controleert_volgens_de_declaratie(beroepskracht, casus, moeder):
    te_lang = fout(beroepskracht, casus, moeder, tekst="x" * (MAX_TEKST + 1))["tekst"][0]
    assert f"houd hem korter dan {MAX_TEKST} tekens" in te_lang
    assert fout(beroepskracht, casus, moeder, tekst=" ")["tekst"] == [
        "Schrijf de zienswijze op, zo veel mogelijk in eigen woorden."
    ]
    assert fout(beroepskracht, casus, moeder, datum=None)["datum"] == ["Vul een datum in."]
    assert fout(beroepskracht, casus, moeder, hoe="per_duif")["hoe"] == [
        "Kies een van de mogelijkheden."
    ]
    assert fout(beroepskracht, casus, None)["betrokkene"] == ["Kies de betrokkene."]
    with pytest.raises(TypeError, match="Zienswijze kent deze velden niet"):
        zienswijze(beroepskracht, casus, moeder, oordeel="onterecht")
    assert not Zienswijze.objects.exists()


def test_de_audittrail_bewaart_de_gedeclareerde_velden(beroepskracht, casus, moeder):
    zienswijze(beroepskracht, casus, moeder, tekst=f"  {WOORDEN} ")
    nieuw = Gebeurtenis.objects.get(soort="zienswijze.vastgelegd").nieuw
    assert set(nieuw) == {"betrokkene", *ZIENSWIJZE.namen()}
    assert nieuw["tekst"] == WOORDEN


def test_het_formulier_geeft_alles_in_een_keer_door(beroepskracht, casus, moeder, client_van):
    r = client_van(beroepskracht).post(
        reverse("web:zienswijzen", args=[casus.uuid]),
        {
            "betrokkene": moeder.pk,
            "datum": GISTEREN.isoformat(),
            "hoe": "schriftelijk",
            "tekst": WOORDEN,
        },
    )
    assert r.status_code == 302, r.content.decode()[:500]
    z = Zienswijze.objects.get()
    assert (z.betrokkene, z.datum, z.hoe, z.tekst) == (moeder, GISTEREN, "schriftelijk", WOORDEN)


def test_in_de_inzage(beroepskracht, casus, moeder):
    zienswijze(beroepskracht, casus, moeder)
    (export,) = inzage(casus, InzageOpties())["zienswijzen"]
    assert list(export) == [
        "betrokkene",
        "datum",
        "hoe",
        "tekst",
        "vastgelegd_op",
        "vastgelegd_door",
        "ronde",
    ]
    assert {k: export[k] for k in ("betrokkene", "datum", "hoe", "tekst")} == {
        "betrokkene": moeder.pk,
        "datum": GISTEREN.isoformat(),
        "hoe": "Mondeling, in een gesprek",
        "tekst": WOORDEN,
    }
