"""Citations as people read them: "hoofdstuk 3", never the short "H3" of the engine's output
(DESIGN.md, 'Citations'), on the pages and for besluiten stored before."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from meldwijzer.dossier.tests.bouwers import beantwoord
from meldwijzer.kader.model import Bron
from meldwijzer.web.templatetags.meldwijzer import bronvermelding


def test_hoofdstuk_voluit_ook_in_een_opgeslagen_tekst() -> None:
    assert bronvermelding(Bron(hoofdstuk=3, sectie="Afweging 2")) == "hoofdstuk 3, Afweging 2"
    assert bronvermelding("H3, Afweging 2 (c); H4, C. Disclosure") == (
        "hoofdstuk 3, Afweging 2 (c); hoofdstuk 4, C. Disclosure"
    )
    assert bronvermelding("Eigen protocol, H3") == "Eigen protocol, H3"  # another document's
    assert bronvermelding(None) == ""


@pytest.mark.django_db
def test_stap5_en_besluit_noemen_hoofdstukken_voluit(beroepskracht, casus_stap5, client_van):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "ja"})
    client = client_van(beroepskracht)
    for pagina in (
        client.get(reverse("web:besluit", args=[casus_stap5.uuid])).content.decode(),
        client.get(reverse("web:besluit_detail", args=[casus_stap5.uuid, 1])).content.decode(),
    ):
        assert "hoofdstuk 3, Afweging 2, Professionele norm" in pagina
        assert not re.search(r"\bH[1-6], ", pagina)
