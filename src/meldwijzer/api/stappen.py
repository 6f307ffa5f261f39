"""Steps 2–4: consultaties, the gesprek (or the reason there was none) and the weging — what
stap 5 needs before its first answer (DESIGN.md, 'Casus lifecycle')."""

import datetime as dt
import uuid

from django.http import HttpRequest, HttpResponse
from ninja import Field, Header, Query, Router, Schema
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
from meldwijzer.api.invoer import schema_in, schema_uit
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.invoer import CONSULTATIE, WEGING
from meldwijzer.dossier.models import RedenGeenGesprek

router = Router(tags=["stappen 2-4"])


ConsultatieUit = schema_uit(
    "ConsultatieUit", CONSULTATIE, id=(int, ...), ronde=(int, ...), vastgelegd_op=(dt.datetime, ...)
)
ConsultatieIn = schema_in("ConsultatieIn", CONSULTATIE)


class GesprekUit(Schema):
    id: int
    ronde: int
    gevoerd: bool
    met_wie: str
    datum: dt.date | None
    reactie: str
    reden_geen_gesprek: str
    toelichting: str
    vastgelegd_op: dt.datetime


class GesprekIn(Schema):
    gevoerd: bool
    met_wie: str = Field("", max_length=200)
    datum: dt.date | None = None
    reactie: str = Field("", max_length=10_000)
    reden_geen_gesprek: RedenGeenGesprek | None = Field(
        None, description="Verplicht als er geen gesprek was (H3, Afweging 2; H4, Disclosure)."
    )
    toelichting: str = Field("", max_length=10_000)


WegingUit = schema_uit(
    "WegingUit", WEGING, id=(int, ...), ronde=(int, ...), vastgelegd_op=(dt.datetime, ...)
)
WegingIn = schema_in("WegingIn", WEGING)


def _routes(pad: str, naam: str, uit: type, invoer: type, selector, dienst, wat: str) -> None:  # type: ignore[no-untyped-def]
    @router.get(
        f"/casussen/{{uuid:casus_id}}/{pad}",
        response={200: list[uit], **fouten.LEZEN},  # type: ignore[valid-type]
        auth=LEZEN,
        url_name=naam,
        summary=f"{wat.capitalize()} van een casus",
        operation_id=f"{naam}_lijst",
    )
    @paginate(Paginering)
    def lijst(request: HttpRequest, casus_id: uuid.UUID, filters: Query[VastleggingFilter]):  # type: ignore[no-untyped-def]
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
    ):  # type: ignore[no-untyped-def]
        velden = data.model_dump()  # type: ignore[attr-defined]
        if "reden_geen_gesprek" in velden:
            velden["reden_geen_gesprek"] = velden["reden_geen_gesprek"] or ""
        return Status(201, schrijf(request, response, casus_id, if_match, dienst, **velden))


_routes(
    "consultaties",
    "consultaties",
    ConsultatieUit,
    ConsultatieIn,
    selectors.consultaties,
    services.leg_consultatie_vast,
    "consultaties (stap 2)",
)
_routes(
    "gesprekken",
    "gesprekken",
    GesprekUit,
    GesprekIn,
    selectors.gesprekken,
    services.leg_gesprek_vast,
    "gesprekken (stap 3)",
)
_routes(
    "wegingen",
    "wegingen",
    WegingUit,
    WegingIn,
    selectors.wegingen,
    services.leg_weging_vast,
    "wegingen (stap 4)",
)
