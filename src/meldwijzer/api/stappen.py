"""Steps 2–4: consultaties, the gesprek (or the reason there was none) and the weging — what
stap 5 needs before its first answer (DESIGN.md, 'Casus lifecycle')."""

import datetime as dt
import uuid

from django.http import HttpRequest, HttpResponse
from ninja import Header, Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from meldwijzer.api import fouten
from meldwijzer.api.gemeen import (
    IF_MATCH_BESCHRIJVING,
    LEZEN,
    SCHRIJVEN,
    Paginering,
    VastleggingFilter,
    casus_voor,
    gefilterd,
    schrijf,
)
from meldwijzer.api.invoer import schema_in, schema_uit, schoon
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.invoer import CONSULTATIE, GESPREK, WEGING, Invoer

router = Router(tags=["stappen 2-4"])


ConsultatieUit = schema_uit(
    "ConsultatieUit", CONSULTATIE, id=(int, ...), ronde=(int, ...), vastgelegd_op=(dt.datetime, ...)
)
ConsultatieIn = schema_in("ConsultatieIn", CONSULTATIE)


GesprekUit = schema_uit(
    "GesprekUit", GESPREK, id=(int, ...), ronde=(int, ...), vastgelegd_op=(dt.datetime, ...)
)
GesprekIn = schema_in("GesprekIn", GESPREK)


WegingUit = schema_uit(
    "WegingUit", WEGING, id=(int, ...), ronde=(int, ...), vastgelegd_op=(dt.datetime, ...)
)
WegingIn = schema_in("WegingIn", WEGING)


def _routes(
    pad: str, naam: str, declaratie: Invoer, uit: type, invoer: type, selector, dienst, wat: str
) -> None:
    @router.get(
        f"/casussen/{{uuid:casus_id}}/{pad}",
        response={200: list[uit], **fouten.LEZEN},  # type: ignore[valid-type]
        auth=LEZEN,
        url_name=naam,
        summary=f"{wat.capitalize()} van een casus",
        operation_id=f"{naam}_lijst",
    )
    @paginate(Paginering)
    def lijst(request: HttpRequest, casus_id: uuid.UUID, filters: Query[VastleggingFilter]):
        casus = casus_voor(request, casus_id)
        return gefilterd(request, selector(casus), filters)

    @router.post(
        f"/casussen/{{uuid:casus_id}}/{pad}",
        response={201: uit, **fouten.SCHRIJVEN},
        auth=SCHRIJVEN,
        url_name=naam,
        summary=f"{wat.capitalize()} vastleggen",
        operation_id=f"{naam}_vastleggen",
    )
    def vastleggen(
        request: HttpRequest,
        response: HttpResponse,
        casus_id: uuid.UUID,
        data: invoer,  # type: ignore[valid-type]
        if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_BESCHRIJVING),
    ):
        velden = schoon(declaratie, data)
        return Status(201, schrijf(request, response, casus_id, if_match, dienst, **velden))


_routes(
    "consultaties",
    "consultaties",
    CONSULTATIE,
    ConsultatieUit,
    ConsultatieIn,
    selectors.consultaties,
    services.leg_consultatie_vast,
    "consultaties (stap 2)",
)
_routes(
    "gesprekken",
    "gesprekken",
    GESPREK,
    GesprekUit,
    GesprekIn,
    selectors.gesprekken,
    services.leg_gesprek_vast,
    "gesprekken (stap 3)",
)
_routes(
    "wegingen",
    "wegingen",
    WEGING,
    WegingUit,
    WegingIn,
    selectors.wegingen,
    services.leg_weging_vast,
    "wegingen (stap 4)",
)
