"""Hulpplannen: goals, results, who does what, monitoring and evaluation dates; a change is a
new version that supersedes the previous one."""

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

router = Router(tags=["hulpplannen"])


class HulpplanUit(Schema):
    id: int
    ronde: int
    volgnummer: int
    datum: dt.date
    doelen: str
    resultaten: str
    wie_doet_wat: str
    monitoring: str
    meerdere_beroepskrachten: bool
    casusregie: str
    evaluatiedata: list[str]
    vastgelegd_op: dt.datetime


class HulpplanIn(Schema):
    datum: dt.date
    doelen: str = Field(max_length=10_000)
    resultaten: str = Field(max_length=10_000)
    wie_doet_wat: str = Field(max_length=10_000)
    monitoring: str = Field(max_length=10_000, description="Hoe de veiligheid wordt gevolgd.")
    meerdere_beroepskrachten: bool
    casusregie: str = Field("", max_length=300)
    evaluatiedata: list[dt.date] = Field(default_factory=list, max_length=20)


@router.get(
    "/casussen/{uuid:casus_id}/hulpplannen",
    response={200: list[HulpplanUit], **fouten.LEZEN},
    auth=LEZEN,
    url_name="hulpplannen",
    summary="Hulpplannen van een casus (elke versie)",
)
@paginate(Paginering)
def lijst(request: HttpRequest, casus_id: uuid.UUID, filters: Query[VastleggingFilter]):  # type: ignore[no-untyped-def]
    casus = casus_voor(request, casus_id)
    return gefilterd(request, selectors.hulpplannen(casus), filters)


@router.post(
    "/casussen/{uuid:casus_id}/hulpplannen",
    response={201: HulpplanUit, **fouten.SCHRIJVEN},
    auth=SCHRIJVEN,
    url_name="hulpplannen",
    summary="Een hulpplan (of een nieuwe versie ervan) vastleggen",
)
def leg_vast(
    request: HttpRequest,
    response: HttpResponse,
    casus_id: uuid.UUID,
    data: HulpplanIn,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_BESCHRIJVING),
):  # type: ignore[no-untyped-def]
    return Status(
        201,
        schrijf(
            request, response, casus_id, if_match, services.leg_hulpplan_vast, **data.model_dump()
        ),
    )
