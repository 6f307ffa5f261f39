"""Betrokkenen of a casus: who is involved (name and birth date optional, stored encrypted)."""

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
from meldwijzer.dossier.invoer import BETROKKENE

router = Router(tags=["betrokkenen"])


_BetrokkeneUit = schema_uit(
    "_BetrokkeneUit",
    BETROKKENE,
    id=(int, ...),
    ronde=(int, ...),
    vastgelegd_op=(dt.datetime, ...),
)


class BetrokkeneUit(_BetrokkeneUit):  # type: ignore[misc, valid-type]
    """A betrokkene as recorded: the fields of dossier.invoer.BETROKKENE (docs/adr/0017)."""


# The fields, limits and choices of dossier.invoer.BETROKKENE (docs/adr/0017).
BetrokkeneIn = schema_in("BetrokkeneIn", BETROKKENE)


@router.get(
    "/casussen/{uuid:casus_id}/betrokkenen",
    response={200: list[BetrokkeneUit], **fouten.LEZEN},
    auth=LEZEN,
    url_name="betrokkenen",
    summary="Betrokkenen van een casus",
)
@paginate(Paginering)
def lijst(request: HttpRequest, casus_id: uuid.UUID, filters: Query[VastleggingFilter]):
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
    data: BetrokkeneIn,  # type: ignore[valid-type]
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_BESCHRIJVING),
):
    betrokkene = schrijf(
        request,
        response,
        casus_id,
        if_match,
        services.voeg_betrokkene_toe,
        **schoon(BETROKKENE, data),
    )
    return Status(201, betrokkene)
