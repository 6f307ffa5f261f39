"""Every page renders for the owner (a smoke walk over the whole casus)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meldwijzer.dossier import services

pytestmark = pytest.mark.django_db


def test_alle_paginas_renderen(beroepskracht, casus_stap5, client_van):
    client = client_van(beroepskracht)
    for naam in [
        "casus",
        "tijdlijn",
        "betrokkenen",
        "signalen",
        "consultatie",
        "gesprek",
        "weging",
        "besluit",
        "melding",
        "hulp_buiten_meldcode",
    ]:
        antwoord = client.get(reverse(f"web:{naam}", args=[casus_stap5.uuid]))
        assert antwoord.status_code == 200, naam
        assert b'<html lang="nl">' in antwoord.content
    services.beantwoord_afweging(
        actor=beroepskracht, casus=casus_stap5, afweging="1", antwoord="ja"
    )
    services.beantwoord_afweging(
        actor=beroepskracht, casus=casus_stap5, afweging="2", antwoord="ja"
    )
    for naam in ["casus", "besluit", "melding", "tijdlijn"]:
        assert client.get(reverse(f"web:{naam}", args=[casus_stap5.uuid])).status_code == 200
    assert client.get(reverse("web:besluit_detail", args=[casus_stap5.uuid, 1])).status_code == 200
    assert client.get(reverse("web:casussen")).status_code == 200
