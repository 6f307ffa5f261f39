"""Practice data never reaches a real-casus query: casus lists, termijnen, dashboard, annual
figures (page and CSV), the API and the access log look the same with and without it."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.audit.models import Gebeurtenis, Toegang
from meldwijzer.dossier.models import Casus
from meldwijzer.oefenen.tests.bouwers import VERWACHT, maak_deelnemers, maak_oefencasus, oefen
from meldwijzer.rapportage import dashboard, jaarcijfers
from meldwijzer.rapportage.models import Termijn

pytestmark = pytest.mark.django_db

MERKTEKEN = "OEFENMERK"


def _beeld(organisatie, af, bk, client_van):
    """What the real-casus queries answer, as numbers and as the pages' text."""
    vandaag = timezone.localdate()
    f = dashboard.Filter.standaard(organisatie.pk, vandaag)
    af_client, bk_client = client_van(af), client_van(bk)
    paginas = {
        "casussen (AF)": af_client.get(reverse("web:casussen")),
        "casussen (bk)": bk_client.get(reverse("web:casussen")),
        "termijnen": af_client.get(reverse("web:termijnen") + "?alle=1"),
        "dashboard": af_client.get(reverse("web:dashboard")),
        "jaarcijfers": af_client.get(reverse("web:jaarcijfers")),
        "jaarcijfers.csv": af_client.get(reverse("web:jaarcijfers_csv") + f"?jaar={vandaag.year}"),
    }
    api = Api(token_voor(bk)).get("/api/casussen")
    assert api.status_code == 200, api.content
    for naam, antwoord in paginas.items():
        assert antwoord.status_code == 200, naam
    return {
        "tellingen": dashboard.tellingen(f, vandaag),
        "jaarcijfers": jaarcijfers.als_csv(jaarcijfers.bereken(organisatie.pk, vandaag.year)),
        "casussen": Casus.objects.filter(organisatie_id=organisatie.pk).count(),
        "termijnen": Termijn.objects.count(),
        "api": api.json(),
        "teksten": {n: a.content.decode() for n, a in paginas.items()},
    }


def test_oefendata_bereikt_geen_query_van_echte_casussen(
    organisatie, aandachtsfunctionaris, beroepskracht, casus_stap5, client_van
):
    voor = _beeld(organisatie, aandachtsfunctionaris, beroepskracht, client_van)
    toegang_voor = Toegang.objects.count()
    trail_voor = Gebeurtenis.objects.count()
    casus_voor = Casus.objects.count()

    # A vignette with a marker in its text, five learners who completed it, one halfway.
    oefencasus = maak_oefencasus(aandachtsfunctionaris, titel=f"{MERKTEKEN} titel")
    for lid in maak_deelnemers(organisatie, 5):
        oefen(lid, oefencasus, VERWACHT, ["acuut.wapen"])
    eigen = oefen(beroepskracht, oefencasus, VERWACHT, ["acuut.wapen"])
    oefen(aandachtsfunctionaris, oefencasus, {"1": "ja"})
    # The practice pages themselves, walked by the learner and the aandachtsfunctionaris.
    for wie, paden in (
        (
            beroepskracht,
            [
                reverse("web:oefenen"),
                reverse("web:oefencasus", args=[oefencasus.uuid]),
                reverse("web:oefening", args=[eigen.uuid]),
            ],
        ),
        (
            aandachtsfunctionaris,
            [
                reverse("web:oefenen"),
                reverse("web:oefencasus_totalen", args=[oefencasus.uuid]),
                reverse("web:oefencasus_nieuw"),
            ],
        ),
    ):
        client = client_van(wie)
        for pad in paden:
            assert client.get(pad).status_code == 200, pad

    # Practice pages write nothing to the access log (no casus data) or the audit trail, and
    # create no casus.
    assert Toegang.objects.count() == toegang_voor
    assert Gebeurtenis.objects.count() == trail_voor
    assert Casus.objects.count() == casus_voor

    na = _beeld(organisatie, aandachtsfunctionaris, beroepskracht, client_van)
    for sleutel in ("tellingen", "jaarcijfers", "casussen", "termijnen", "api"):
        assert voor[sleutel] == na[sleutel], sleutel
    for naam, tekst in na["teksten"].items():
        assert MERKTEKEN not in tekst, naam
    assert not Toegang.objects.filter(onderdeel__startswith="oefen").exists()


def test_geen_echt_model_verwijst_naar_oefendata():
    """No table outside practice mode has a relation to it: no query over casussen, termijnen,
    besluiten or logs can join practice rows in."""
    oefenmodellen = set(apps.get_app_config("oefenen").get_models())
    for model in apps.get_models():
        if model in oefenmodellen:
            continue
        for veld in model._meta.get_fields():
            if veld.is_relation and not veld.auto_created:
                assert veld.related_model not in oefenmodellen, f"{model.__name__}.{veld.name}"


def test_de_oefenmodellen_kennen_geen_casus():
    for model in apps.get_app_config("oefenen").get_models():
        for veld in model._meta.get_fields():
            if veld.is_relation and veld.related_model is not None:
                assert veld.related_model._meta.app_label != "dossier", veld
