"""A request Django itself refuses (too large, an unreadable form) answers with a page in the
user's language, not Django's English "Bad Request (400)" (docs/security.md § 12)."""

from __future__ import annotations

import pytest
from django.test import Client

from meldwijzer.accounts.testing import meld_aan

pytestmark = pytest.mark.django_db


def test_een_te_groot_verzoek_krijgt_een_nederlandse_pagina(beroepskracht, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10
    client = meld_aan(Client(), beroepskracht.user)
    antwoord = client.post("/casussen/nieuw/", {"titel": "x" * 100})
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "Bad Request" not in tekst and 'lang="nl"' in tekst
    assert "Het verzoek kon niet worden verwerkt" in tekst


def test_een_kapot_formulier_krijgt_een_nederlandse_pagina(beroepskracht):
    client = meld_aan(Client(), beroepskracht.user)
    antwoord = client.post(
        "/casussen/nieuw/", b"--x\r\nkapot", content_type="multipart/form-data; boundary=x"
    )
    tekst = antwoord.content.decode()
    assert antwoord.status_code < 500
    assert "Bad Request" not in tekst and "Forbidden" not in tekst
