"""Signalen (stap 1): notes that say whether they are a fact or an opinion, their source and
date, and which catalogue items of the framework they tick."""

import datetime as dt
import uuid

from django.http import HttpRequest, HttpResponse
from ninja import Field, Header, Query, Router
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
from meldwijzer.dossier.invoer import SIGNAAL
from meldwijzer.dossier.models import BijzondereVorm

router = Router(tags=["signalen"])


SignaalUit = schema_uit(
    "SignaalUit",
    SIGNAAL,
    id=(int, ...),
    ronde=(int, ...),
    aangevinkt=(list[str], ...),
    vormen=(list[str], ...),
    vastgelegd_op=(dt.datetime, ...),
    gecorrigeerd_op=(
        dt.datetime | None,
        Field(None, description="Tijdstip van de laatste correctie."),
    ),
    ingetrokken_op=(dt.datetime | None, Field(None, description="Tijdstip van de intrekking.")),
)
# The declared fields (dossier.invoer.SIGNAAL), then the ticks, the forms and the confirmation.
SignaalIn = schema_in(
    "SignaalIn",
    SIGNAAL,
    aangevinkt=(
        list[str],
        Field(
            default_factory=list,
            max_length=200,
            description="Ids van catalogusitems van het kader (GET /api/kaders/{id}).",
        ),
    ),
    vormen=(list[BijzondereVorm], Field(default_factory=list, max_length=10)),
    feit_bevestigd=(
        bool,
        Field(False, description="Een feit met speculatieve woorden toch als feit vastleggen."),
    ),
)


@router.get(
    "/casussen/{uuid:casus_id}/signalen",
    response={200: list[SignaalUit], **fouten.LEZEN},  # type: ignore[valid-type]
    auth=LEZEN,
    url_name="signalen",
    summary="Signalen van een casus (stap 1)",
)
@paginate(Paginering)
def lijst(request: HttpRequest, casus_id: uuid.UUID, filters: Query[VastleggingFilter]):
    casus = casus_voor(request, casus_id)
    return gefilterd(request, selectors.signalen(casus), filters)


@router.post(
    "/casussen/{uuid:casus_id}/signalen",
    response={201: SignaalUit, **fouten.SCHRIJVEN},
    auth=SCHRIJVEN,
    url_name="signalen",
    summary="Een signaal vastleggen (stap 1)",
)
def leg_vast(
    request: HttpRequest,
    response: HttpResponse,
    casus_id: uuid.UUID,
    data: SignaalIn,  # type: ignore[valid-type]
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_BESCHRIJVING),
):
    return Status(
        201,
        schrijf(
            request,
            response,
            casus_id,
            if_match,
            services.leg_signaal_vast,
            **schoon(SIGNAAL, data),
        ),
    )
