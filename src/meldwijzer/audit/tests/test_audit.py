"""Every write lands in the timeline with who/when/what; every read in the access log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meldwijzer.audit.models import AlleenToevoegen, Gebeurtenis, Toegang
from meldwijzer.audit.selectors import tijdlijn
from meldwijzer.dossier import services

pytestmark = pytest.mark.django_db


def test_tijdlijn_van_een_casus(beroepskracht, casus_stap5):
    services.beantwoord_afweging(
        actor=beroepskracht, casus=casus_stap5, afweging="1", antwoord="ja"
    )
    services.beantwoord_afweging(
        actor=beroepskracht, casus=casus_stap5, afweging="2", antwoord="ja"
    )
    soorten = [g.soort for g in tijdlijn(casus_stap5)]
    assert soorten == [
        "casus.geopend",
        "signaal.vastgelegd",
        "consultatie.vastgelegd",
        "casus.stap",
        "gesprek.vastgelegd",
        "casus.stap",
        "weging.vastgelegd",
        "casus.stap",
        "afweging.beantwoord",
        "casus.stap",
        "afweging.beantwoord",
        "besluit.vastgelegd",
    ]
    stap = tijdlijn(casus_stap5).filter(soort="casus.stap").last()
    assert (stap.oud, stap.nieuw) == ({"fase": "4"}, {"fase": "5"})
    for gebeurtenis in tijdlijn(casus_stap5):
        assert gebeurtenis.actor == beroepskracht.user
        assert gebeurtenis.actor_rol == "beroepskracht"
        assert gebeurtenis.organisatie_id == casus_stap5.organisatie_id
        assert gebeurtenis.tijdstip is not None
    besluit = tijdlijn(casus_stap5).get(soort="besluit.vastgelegd")
    assert besluit.nieuw["acties"] == ["melden"]


def test_audit_is_alleen_toevoegen(casus):
    gebeurtenis = Gebeurtenis.objects.get(casus=casus)
    gebeurtenis.soort = "iets anders"
    with pytest.raises(AlleenToevoegen):
        gebeurtenis.save()
    with pytest.raises(AlleenToevoegen):
        gebeurtenis.delete()
    with pytest.raises(AlleenToevoegen):
        Gebeurtenis.objects.update(soort="x")
    with pytest.raises(AlleenToevoegen):
        Toegang.objects.all().delete()


def test_inzien_wordt_gelogd(beroepskracht, casus, client_van):
    client = client_van(beroepskracht)
    client.get(reverse("web:casus", args=[casus.uuid]), REMOTE_ADDR="10.1.2.3")
    client.get(reverse("web:signalen", args=[casus.uuid]))
    client.get(reverse("web:casussen") + "?stap=1")
    rijen = list(Toegang.objects.order_by("pk"))
    assert [(r.onderdeel, r.actie) for r in rijen] == [
        ("casus.overzicht", "inzien"),
        ("casus.signalen", "inzien"),
        ("casussen.lijst", "zoeken"),
    ]
    assert rijen[0].casus == casus and rijen[0].gebruiker == beroepskracht.user
    assert rijen[0].rol == "beroepskracht" and rijen[0].ip_adres == "10.1.2.3"
    assert rijen[2].casus is None and rijen[2].details["stap"] == "1"


def test_geweigerde_toegang_laat_geen_inzage_achter(buitenstaander, casus, client_van):
    antwoord = client_van(buitenstaander).get(reverse("web:casus", args=[casus.uuid]))
    assert antwoord.status_code == 404
    assert not Toegang.objects.filter(casus=casus).exists()
