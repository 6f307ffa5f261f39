"""Betrokkenen of a casus: who is involved (name and birth date optional, stored encrypted)."""

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
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import BetrokkeneRol

router = Router(tags=["betrokkenen"])


class BetrokkeneUit(Schema):
    id: int
    ronde: int
    rol: str
    relatie: str
    leeftijd: int | None
    geboortejaar: int | None
    naam: str
    geboortedatum: dt.date | None
    vastgelegd_op: dt.datetime


class BetrokkeneIn(Schema):
    rol: BetrokkeneRol
    relatie: str = Field(max_length=200, description="Bijvoorbeeld ‘moeder van het kind’.")
    leeftijd: int | None = Field(None, ge=0, le=120)
    geboortejaar: int | None = Field(None, ge=1900, le=2100)
    naam: str = Field("", max_length=200)
    geboortedatum: dt.date | None = None


@router.get(
    "/casussen/{uuid:casus_id}/betrokkenen",
    response={200: list[BetrokkeneUit], **fouten.LEZEN},
    auth=LEZEN,
    url_name="betrokkenen",
    summary="Betrokkenen van een casus",
)
@paginate(Paginering)
def lijst(request: HttpRequest, casus_id: uuid.UUID, filters: Query[VastleggingFilter]):  # type: ignore[no-untyped-def]
    casus = casus_voor(request, casus_id)
    return gefilterd(request, selectors.betrokkenen(casus), filters)


@router.post(
    "/casussen/{uuid:casus_id}/betrokkenen",
    response={201: BetrokkeneUit, **fouten.SCHRIJVEN},
    auth=SCHRIJVEN,
    url_name="betrokkenen",
    summary="Een betrokkene toevoegen",
)
def voeg_toe(
    request: HttpRequest,
    response: HttpResponse,
    casus_id: uuid.UUID,
    data: BetrokkeneIn,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_BESCHRIJVING),
):  # type: ignore[no-untyped-def]
    betrokkene = schrijf(
        request,
        response,
        casus_id,
        if_match,
        services.voeg_betrokkene_toe,
        **data.model_dump(),
    )
    return Status(201, betrokkene)
