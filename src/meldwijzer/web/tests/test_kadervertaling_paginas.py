"""Pages beside stap 5 in English show the framework's unofficial translation where it has one,
with the Dutch original one click away: correcting a signal (its lists), the Kindcheck (its
conditions) and the evaluation (the resultaat afweging and its criteria). What is stored stays
the ids (docs/kader-formaat.md, 'Vertalingen'; ADR 0025)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.tests.bouwers import beantwoord, leg_hulpplan_vast

pytestmark = pytest.mark.django_db

ORIGINEEL = re.compile(r'<details class="origineel">.*?</details>', re.S)


def _engels(client, url: str) -> tuple[str, str]:
    """The page in English: without the Dutch originals, and the originals alone."""
    client.cookies["django_language"] = "en"
    html = client.get(url).content.decode()
    return ORIGINEEL.sub("", html), " ".join(ORIGINEEL.findall(html))


def test_signaal_corrigeren_toont_de_lijsten_vertaald(beroepskracht, casus_stap5, client_van):
    signaal = selectors.signalen(casus_stap5).first()
    client = client_van(beroepskracht)
    pagina, originelen = _engels(
        client, reverse("web:corrigeren", args=[casus_stap5.uuid, "signaal", signaal.pk])
    )
    assert "Use of a weapon" in pagina and "Wapengebruik" not in pagina
    assert "Wapengebruik" in originelen


def test_kindcheck_toont_de_omstandigheden_vertaald(beroepskracht, casus, client_van):
    moeder = services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol="volwassene", relatie="moeder", leeftijd=40
    )
    client = client_van(beroepskracht)
    pagina, originelen = _engels(client, reverse("web:kindcheck", args=[casus.uuid, moeder.pk]))
    assert "partner violence" in pagina and ">partnergeweld<" not in pagina
    assert "partnergeweld" in originelen


def test_evaluatie_toont_afweging_en_criteria_vertaald(beroepskracht, casus_stap5, client_van):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    leg_hulpplan_vast(beroepskracht, casus_stap5)
    client = client_van(beroepskracht)
    pagina, originelen = _engels(client, reverse("web:evaluatie", args=[casus_stap5.uuid]))
    assert "Does the help lead, within the desired term, to the necessary results" in pagina
    assert "The carrying out of the safety and/or care plan has stalled." in pagina
    assert "De uitvoering van het veiligheid- en/of hulpverleningsplan is vastgelopen." in (
        originelen
    )
    assert "De uitvoering van het veiligheid" not in pagina


def test_proefbeslissing_in_het_engels(beroepskracht, client_van):
    from meldwijzer.catalogus.services import actuele_kaderversie

    versie = actuele_kaderversie()
    client = client_van(beroepskracht)
    url = reverse("web:kader_versie", args=[versie.pk])
    client.cookies["django_language"] = "en"
    pagina = client.get(url, {"antwoord_1": "ja"}).content.decode()
    proef = pagina[pagina.index('id="proef"') : pagina.index('id="normen-titel"')]
    assert "do I judge that there is acute unsafety and/or structural unsafety?" in proef
    assert "Schat ik op basis" not in proef
