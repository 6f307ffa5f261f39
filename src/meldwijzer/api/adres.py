"""The API's address space, without loading the API (docs/performance.md, 'Geheugen per worker').

The API (django-ninja and its pydantic models) costs a web worker ~20 MB and ~0.3 s to load. The
root URLconf (``meldwijzer.conf.urls``) therefore holds only the web pages; a request under
``/api/`` is resolved with ``meldwijzer.conf.urls_met_api`` instead, which Django takes from
``request.urlconf`` (set by ``ApiAdresMiddleware``, Django's documented hook). A worker loads
the API at its first API request, and one that only serves pages never does. Nothing here
imports ninja.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

VOORVOEGSEL = "/api/"
URLCONF_MET_API = "meldwijzer.conf.urls_met_api"


def is_api_adres(pad: str) -> bool:
    return pad.startswith(VOORVOEGSEL) or pad == VOORVOEGSEL.rstrip("/")


class ApiAdresMiddleware:
    """First of all middleware: a request under /api/ is resolved with the URLconf that holds
    the API (so CommonMiddleware's slash redirect and the views see the same addresses)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api_adres(request.path_info):
            request.urlconf = URLCONF_MET_API  # type: ignore[attr-defined]  # Django reads it
        return self.get_response(request)


def melding_voor_status(status: int) -> str:
    """The client's-language sentence for an error status that no handler above explains."""
    meldingen = {
        400: _(
            "Het verzoek is niet te lezen. Stuur geldige JSON in UTF-8 met de kop "
            "‘Content-Type: application/json’."
        ),
        401: _("Geen geldig token. Stuur ‘Authorization: Bearer <token>’."),
        403: _("Dit verzoek is niet toegestaan."),
        404: _("Niet gevonden, of niet zichtbaar voor dit token. Zie /api/docs voor de adressen."),
        405: _("Deze methode kan niet op dit adres; de kop ‘Allow’ noemt wat wel kan."),
        413: _("Het verzoek is te groot. Stuur minder gegevens per verzoek."),
        415: _("Stuur JSON met de kop ‘Content-Type: application/json’."),
        503: _(
            "Meldwijzer kan nu niet vastleggen wie deze gegevens inziet (de opslag is vol of "
            "niet beschikbaar), en levert ze daarom niet. Er is niets gewijzigd; probeer het "
            "later opnieuw."
        ),
    }
    if status in meldingen:
        return meldingen[status]
    if status >= 500:
        return _(
            "Er ging aan de kant van Meldwijzer iets mis; er is niets half opgeslagen. Probeer "
            "het later opnieuw, en meld het aan de beheerder als het blijft gebeuren."
        )
    return _("Het verzoek kon niet worden verwerkt (status %(status)s).") % {"status": status}


class JsonFoutMiddleware:
    """Under the API's address, an error answered by Django itself — an unknown address, a
    wrong method, a request body Django refuses to parse (too large, a broken multipart form, a
    file name of thousands of characters), a server error — becomes the API's own JSON error,
    in the client's language, like every error the API's handlers write (api/fouten.py)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        antwoord = self.get_response(request)
        if (
            antwoord.status_code < 400
            or not is_api_adres(request.path)
            or antwoord.get("Content-Type", "").startswith("application/json")
        ):
            return antwoord
        nieuw = JsonResponse(
            {"detail": melding_voor_status(antwoord.status_code), "velden": None},
            status=antwoord.status_code,
        )
        for kop in ("Allow", "Retry-After", "WWW-Authenticate", "Content-Language", "Vary"):
            if kop in antwoord:
                nieuw[kop] = antwoord[kop]
        return nieuw
