"""The Kindcheck declared once (dossier.invoer.KINDCHECK, docs/adr/0017): whether the adult
cares for children and the explanation. The form, the service's checks, the audit snapshot and
the inzage export derive from it; the conditions (items of the framework's catalogue) and the
rule they bring stay in the form and the service. The API records no Kindcheck."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services
from meldwijzer.dossier.invoer import DECLARATIES, KINDCHECK, MAX_TEKST
from meldwijzer.dossier.inzage import InzageOpties, inzage
from meldwijzer.dossier.models import Kindcheck, ZorgtVoorKinderen
from meldwijzer.web.forms_vervolg import KindcheckForm

pytestmark = pytest.mark.django_db

SUICIDEPOGING = "kindcheck.suicidepoging"


@pytest.fixture
def vader(beroepskracht, casus):
    return services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol="ouder", relatie="vader", leeftijd=40
    )


def kindcheck(actor, casus, wie, **extra):
    velden = {"condities": [SUICIDEPOGING], "zorgt_voor_kinderen": "ja", **extra}
    return services.leg_kindcheck_vast(actor=actor, casus=casus, betrokkene=wie, **velden)


def fout(actor, casus, wie, **extra) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as e:
        kindcheck(actor, casus, wie, **extra)
    return e.value.message_dict


def test_de_declaratie_staat_in_de_lijst():
    assert DECLARATIES[Kindcheck] is KINDCHECK
    assert KINDCHECK.namen() == ["zorgt_voor_kinderen", "toelichting"]


def test_het_formulier_volgt_de_declaratie():
    form = KindcheckForm(condities=[(SUICIDEPOGING, "Suïcidepoging")])
    assert list(form.fields) == ["condities", *KINDCHECK.namen()]  # as the page shows them
    zorgt, toelichting = form.fields["zorgt_voor_kinderen"], form.fields["toelichting"]
    assert str(zorgt.label) == "Zorgt deze volwassene voor kinderen?"
    assert list(zorgt.choices) == list(ZorgtVoorKinderen.choices)  # the model's choices
    assert not zorgt.required and zorgt.voorwaardelijk
    assert toelichting.max_length == MAX_TEKST and not toelichting.required
    assert toelichting.widget.attrs["rows"] == 3
    onbekend = KindcheckForm({"condities": ["acuut.wapen"]}, condities=[])
    assert onbekend.errors["condities"] == ["Kies alleen omstandigheden uit de lijst."]


def test_de_dienst_controleert_volgens_de_declaratie(beroepskracht, casus, vader):
    te_lang = fout(beroepskracht, casus, vader, toelichting="x" * (MAX_TEKST + 1))
    assert f"houd hem korter dan {MAX_TEKST} tekens" in te_lang["toelichting"][0]
    assert fout(beroepskracht, casus, vader, zorgt_voor_kinderen="")["zorgt_voor_kinderen"] == [
        str(KINDCHECK.veld("zorgt_voor_kinderen").leeg)
    ]
    assert fout(beroepskracht, casus, vader, zorgt_voor_kinderen="soms")["zorgt_voor_kinderen"] == [
        "Kies een van de mogelijkheden."
    ]
    assert fout(beroepskracht, casus, vader, condities=["acuut.wapen"])["condities"] == [
        "Kies alleen omstandigheden uit de lijst."
    ]
    with pytest.raises(TypeError, match="Kindcheck kent deze velden niet"):
        kindcheck(beroepskracht, casus, vader, kinderen=2)
    assert not Kindcheck.objects.exists()
    # Without a condition the answer may stay open.
    leeg = kindcheck(beroepskracht, casus, vader, condities=[], zorgt_voor_kinderen="")
    assert (leeg.condities, leeg.zorgt_voor_kinderen, leeg.toelichting) == ([], "", "")


def test_de_audittrail_bewaart_de_gedeclareerde_velden(beroepskracht, casus, vader):
    kindcheck(beroepskracht, casus, vader, toelichting="  Twee kinderen thuis. ")
    nieuw = Gebeurtenis.objects.get(soort="kindcheck.vastgelegd").nieuw
    assert set(nieuw) == {"betrokkene", "condities", *KINDCHECK.namen()}
    assert nieuw["toelichting"] == "Twee kinderen thuis."


def test_het_formulier_geeft_alles_in_een_keer_door(beroepskracht, casus, vader, client_van):
    client = client_van(beroepskracht)
    r = client.post(
        reverse("web:kindcheck", args=[casus.uuid, vader.pk]),
        {"condities": [SUICIDEPOGING], "zorgt_voor_kinderen": "nee", "toelichting": "Alleen."},
    )
    assert r.status_code == 302, r.content.decode()[:500]
    k = Kindcheck.objects.get()
    assert (k.condities, k.zorgt_voor_kinderen, k.toelichting) == (
        [SUICIDEPOGING],
        "nee",
        "Alleen.",
    )


def test_in_de_inzage(beroepskracht, casus, vader):
    kindcheck(beroepskracht, casus, vader, toelichting="Twee kinderen thuis.")
    kindcheck(beroepskracht, casus, vader, condities=[], zorgt_voor_kinderen="")
    eerste, tweede = inzage(casus, InzageOpties())["kindchecks"]
    assert {k: eerste[k] for k in ("betrokkene", "omstandigheden", "zorgt_voor_kinderen")} == {
        "betrokkene": vader.pk,
        "omstandigheden": [SUICIDEPOGING],
        "zorgt_voor_kinderen": "Ja",
    }
    assert eerste["toelichting"] == "Twee kinderen thuis."
    assert list(tweede) == [
        "betrokkene",
        "omstandigheden",
        "zorgt_voor_kinderen",
        "toelichting",
        "vastgelegd_op",
        "vastgelegd_door",
        "ronde",
    ]
    assert tweede["zorgt_voor_kinderen"] is None and tweede["toelichting"] is None
