"""Every error a client of the API can provoke answers as JSON with a ``detail`` in the client's
language — Dutch, or English when asked — never Django's or django-ninja's English text or an
HTML page (docs/api.md, "Fouten")."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meldwijzer.accounts.models import Rol
from meldwijzer.api.tests.helpers import Api, token_voor

if TYPE_CHECKING:  # the test client's response type exists in django-stubs only
    from django.test.client import _MonkeyPatchedWSGIResponse as Antwoord

pytestmark = pytest.mark.django_db

ENGELS = ("Cannot parse", "Method not allowed", "Bad Request", "Not Found", "Server Error")


def _verzoeken(api: Api) -> tuple[list[tuple[str, Callable[..., Antwoord]]], dict[str, str]]:
    kop = api._kop()
    c = api.client
    lang = "x" * 5000 + ".json"
    return [
        ("kapotte json", lambda **t: c.post("/api/casussen", b"{niet", "application/json", **t)),
        ("geen utf-8", lambda **t: c.post("/api/casussen", b"\xff\xfe", "application/json", **t)),
        (
            "lange bestandsnaam",
            lambda **t: c.post("/api/casussen", {"bestand": SimpleUploadedFile(lang, b"{}")}, **t),
        ),
        (
            "kapot formulier",
            lambda **t: c.post("/api/casussen", b"--x\r\n", "multipart/form-data; boundary=", **t),
        ),
        (
            "diep genest",
            lambda **t: c.post(
                "/api/casussen", b"[" * 100_000 + b"]" * 100_000, "application/json", **t
            ),
        ),
        (
            "diep genest in een object",
            lambda **t: c.post(
                "/api/casussen",
                b'{"titel": ' + b"[" * 5_000 + b"]" * 5_000 + b"}",
                "application/json",
                **t,
            ),
        ),
        ("onbekend adres", lambda **t: c.get("/api/bestaat-niet", **t)),
        ("verkeerde methode", lambda **t: c.put("/api/casussen", **t)),
        (
            "te groot",
            lambda **t: c.post(
                "/api/casussen", b"[" + b"1," * 2_000_000 + b"1]", "application/json", **t
            ),
        ),
    ], kop


def test_elke_fout_is_json_in_het_nederlands(maak_lid):
    api = Api(token_voor(maak_lid(Rol.BEROEPSKRACHT)))
    verzoeken, kop = _verzoeken(api)
    for naam, verzoek in verzoeken:
        antwoord = verzoek(headers=kop)
        assert 400 <= antwoord.status_code < 500, (naam, antwoord.status_code)
        assert antwoord["Content-Type"].startswith("application/json"), (
            naam,
            antwoord.content[:80],
        )
        detail = antwoord.json()["detail"]
        assert detail and not any(e.lower() in detail.lower() for e in ENGELS), (naam, detail)
    antwoord = api.client.put("/api/casussen", headers=kop)
    assert antwoord.status_code == 405 and "GET" in antwoord["Allow"]


def test_in_het_engels_als_de_client_dat_vraagt(maak_lid):
    api = Api(token_voor(maak_lid(Rol.BEROEPSKRACHT)))
    verzoeken, kop = _verzoeken(api)
    for naam, verzoek in verzoeken:
        antwoord = verzoek(headers={**kop, "Accept-Language": "en"})
        detail = antwoord.json()["detail"]
        assert " de " not in f" {detail} " and " het " not in f" {detail} ", (naam, detail)
