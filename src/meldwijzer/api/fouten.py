"""Errors of the API: every one a JSON body with a Dutch ``detail``, and documented per operation.

A 4xx the schema does not name would be a broken contract (schemathesis checks it in CI), so each
operation declares its error statuses through ``LEZEN`` or ``SCHRIJVEN``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from meldwijzer.api.adres import melding_voor_status
from meldwijzer.dossier.services import Stap5KanNietBeginnen, VerouderdFormulier


class Fout(Schema):
    """An error: ``detail`` says in Dutch what went wrong and what to do; ``velden`` names the
    fields at fault, each with its messages."""

    detail: str
    velden: dict[str, list[str]] | None = None


class Verboden(Exception):
    """The token is valid but lacks the scope, or the acting user lacks the right (403)."""


class VersieVereist(Exception):
    """A write to a casus without ``If-Match`` (428)."""


class VersieOnjuist(Exception):
    """``If-Match`` names another version than the casus has (412)."""

    def __init__(self, versie: int) -> None:
        super().__init__()
        self.versie = versie


LEZEN: dict[int, Any] = {
    401: Fout,
    403: Fout,
    404: Fout,
    422: Fout,
    429: Fout,
}
SCHRIJVEN: dict[int, Any] = {**LEZEN, 412: Fout, 428: Fout}


def _antwoord(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, **extra: Any
) -> HttpResponse:
    velden = extra.pop("velden", None)
    antwoord = api.create_response(request, {"detail": detail, "velden": velden}, status=status)
    for naam, waarde in extra.items():
        antwoord[naam] = waarde
    return antwoord


_PYDANTIC_NL = {
    "missing": gettext_lazy("Dit veld is verplicht."),
    "extra_forbidden": gettext_lazy("Dit veld is onbekend."),
    "string_too_long": gettext_lazy("Deze tekst is te lang."),
    "string_too_short": gettext_lazy("Deze tekst is te kort."),
    "enum": gettext_lazy("Kies een van de toegestane waarden."),
    "literal_error": gettext_lazy("Kies een van de toegestane waarden."),
    "uuid_parsing": gettext_lazy("Dit is geen geldige UUID."),
    "date_from_datetime_parsing": gettext_lazy("Dit is geen geldige datum (JJJJ-MM-DD)."),
    "date_parsing": gettext_lazy("Dit is geen geldige datum (JJJJ-MM-DD)."),
    "datetime_parsing": gettext_lazy("Dit is geen geldig tijdstip (ISO 8601)."),
    "int_parsing": gettext_lazy("Dit is geen geheel getal."),
    "bool_parsing": gettext_lazy("Dit is geen ja/nee-waarde (true of false)."),
    "greater_than_equal": gettext_lazy("Deze waarde is te klein."),
    "greater_than": gettext_lazy("Deze waarde is te klein."),
    "less_than_equal": gettext_lazy("Deze waarde is te groot."),
    "less_than": gettext_lazy("Deze waarde is te groot."),
    "too_long": gettext_lazy("Deze lijst is te lang."),
    "too_short": gettext_lazy("Deze lijst is te kort."),
    "string_type": gettext_lazy("Hier hoort tekst."),
    "int_type": gettext_lazy("Dit is geen geheel getal."),
    "int_from_float": gettext_lazy("Dit is geen geheel getal."),
    "list_type": gettext_lazy("Hier hoort een lijst."),
    "dict_type": gettext_lazy("Hier hoort een object."),
    "model_attributes_type": gettext_lazy("Hier hoort een object."),
    "json_invalid": gettext_lazy("Dit is geen geldige JSON."),
}


def _veldnaam(loc: Any) -> str:
    # ("body", "data", "rol") → "rol": the parameter names of the view say nothing to a client.
    delen = [
        str(d)
        for d in loc
        if d not in ("body", "data", "query", "filters", "path", "header", "pagination")
    ]
    return ".".join(delen) or "invoer"


def registreer(api: NinjaAPI) -> None:
    """Answer every error the API raises as a ``Fout`` with a Dutch ``detail``."""
    behandelaars: list[tuple[type[Exception], Callable[..., HttpResponse]]] = [
        (AuthenticationError, _niet_aangemeld),
        (Verboden, _verboden),
        (PermissionDenied, _geen_recht),
        (Http404, _niet_gevonden),
        (NinjaValidationError, _ongeldige_invoer),
        (VerouderdFormulier, _verouderd),
        (Stap5KanNietBeginnen, _kan_niet_beginnen),
        (VersieOnjuist, _versie_onjuist),
        (VersieVereist, _versie_vereist),
        (ValidationError, _afgewezen),
        (Throttled, _te_veel),
        (HttpError, _http_fout),
    ]
    for soort, behandel in behandelaars:
        api.add_exception_handler(soort, partial(behandel, api))


def _niet_aangemeld(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    return _antwoord(
        api,
        request,
        401,
        _(
            "Geen geldig token. Stuur ‘Authorization: Bearer <token>’ met een token dat de "
            "beheerder registreerde; het kan verlopen of ingetrokken zijn."
        ),
        **{"WWW-Authenticate": 'Bearer realm="meldwijzer"'},
    )


def _verboden(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    return _antwoord(api, request, 403, str(exc))


def _geen_recht(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    return _antwoord(api, request, 403, str(exc) or _("De gebruiker van dit token mag dit niet."))


def _niet_gevonden(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    # Never reveal whether a casus of another organisation exists: one message for all.
    return _antwoord(api, request, 404, _("Niet gevonden, of niet zichtbaar voor dit token."))


def _ongeldige_invoer(
    api: NinjaAPI, request: HttpRequest, exc: NinjaValidationError
) -> HttpResponse:
    velden: dict[str, list[str]] = {}
    for fout in exc.errors:
        tekst = str(_PYDANTIC_NL.get(str(fout.get("type")), gettext_lazy("Ongeldige waarde.")))
        velden.setdefault(_veldnaam(fout.get("loc", ())), []).append(tekst)
    return _antwoord(
        api,
        request,
        422,
        _("De invoer klopt niet; zie ‘velden’ voor wat u moet aanpassen."),
        velden=velden,
    )


def _verouderd(api: NinjaAPI, request: HttpRequest, exc: VerouderdFormulier) -> HttpResponse:
    return _antwoord(
        api,
        request,
        412,
        _(
            "De casus is intussen gewijzigd (nu versie %(versie)s). Lees de casus opnieuw en "
            "stuur de nieuwe versie mee in If-Match."
        )
        % {"versie": exc.casus_versie},
        ETag=f'"{exc.casus_versie}"',
    )


def _kan_niet_beginnen(
    api: NinjaAPI, request: HttpRequest, exc: Stap5KanNietBeginnen
) -> HttpResponse:
    """A state of the casus, not an error in the request: 409, with the casus version."""
    return _antwoord(api, request, 409, " ".join(exc.messages), ETag=f'"{exc.casus_versie}"')


def _versie_onjuist(api: NinjaAPI, request: HttpRequest, exc: VersieOnjuist) -> HttpResponse:
    return _antwoord(
        api,
        request,
        412,
        _(
            "De casus is gewijzigd sinds de versie in If-Match (nu versie %(versie)s). Er is "
            "niets opgeslagen: lees de casus opnieuw en stuur de nieuwe versie mee."
        )
        % {"versie": exc.versie},
        ETag=f'"{exc.versie}"',
    )


def _versie_vereist(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    return _antwoord(
        api,
        request,
        428,
        _(
            "Stuur de versie van de casus mee in de kop If-Match (de ETag van uw laatste "
            "lezing), zodat u niemands werk overschrijft."
        ),
    )


def _afgewezen(api: NinjaAPI, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    velden: dict[str, list[str]] | None = None
    algemeen: list[str] = []
    if hasattr(exc, "error_dict"):
        velden = {}
        for veld, lijst in exc.message_dict.items():
            if veld == "__all__":
                algemeen.extend(lijst)
            else:
                velden[veld] = list(lijst)
    else:
        algemeen.extend(exc.messages)
    detail = " ".join(algemeen) or _("De invoer klopt niet; zie ‘velden’.")
    return _antwoord(api, request, 422, detail, velden=velden or None)


def _te_veel(api: NinjaAPI, request: HttpRequest, exc: Throttled) -> HttpResponse:
    wacht = int(exc.wait or 1) + 1
    return _antwoord(
        api,
        request,
        429,
        ngettext(
            "Te veel verzoeken met dit token; probeer het over %(s)s seconde opnieuw.",
            "Te veel verzoeken met dit token; probeer het over %(s)s seconden opnieuw.",
            wacht,
        )
        % {"s": wacht},
        **{"Retry-After": str(wacht)},
    )


def _http_fout(api: NinjaAPI, request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja's own texts are English ("Cannot parse request body"): ours per status.
    return _antwoord(api, request, exc.status_code, melding_voor_status(exc.status_code))
