"""Meldingen at Veilig Thuis: after a besluit that says melden, or a spoedmelding at any moment."""

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
from meldwijzer.dossier.invoer import MELDING
from meldwijzer.dossier.models import Melding

router = Router(tags=["meldingen"])


_MeldingUit = schema_uit(
    "_MeldingUit",
    MELDING,
    id=(int, ...),
    ronde=(int, ...),
    besluit=(int | None, Field(description="Volgnummer van het besluit; leeg bij spoed.")),
    spoed=(bool, ...),
    vastgelegd_op=(dt.datetime, ...),
)


class MeldingUit(_MeldingUit):  # type: ignore[misc, valid-type]
    @staticmethod
    def resolve_besluit(obj: Melding) -> int | None:
        return obj.besluit.volgnummer if obj.besluit is not None else None


MeldingIn = schema_in(
    "MeldingIn",
    MELDING,
    spoed=(bool, Field(False, description="Spoedmelding bij acuut gevaar, vóór een besluit.")),
)


@router.get(
    "/casussen/{uuid:casus_id}/meldingen",
    response={200: list[MeldingUit], **fouten.LEZEN},
    auth=LEZEN,
    url_name="meldingen",
    summary="Meldingen bij Veilig Thuis van een casus",
)
@paginate(Paginering)
def lijst(request: HttpRequest, casus_id: uuid.UUID, filters: Query[VastleggingFilter]):
    casus = casus_voor(request, casus_id)
    return gefilterd(request, selectors.meldingen(casus), filters)


@router.post(
    "/casussen/{uuid:casus_id}/meldingen",
    response={201: MeldingUit, **fouten.SCHRIJVEN},
    auth=SCHRIJVEN,
    url_name="meldingen",
    summary="Een melding bij Veilig Thuis vastleggen",
)
def leg_vast(
    request: HttpRequest,
    response: HttpResponse,
    casus_id: uuid.UUID,
    data: MeldingIn,  # type: ignore[valid-type]
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_BESCHRIJVING),
):
    velden = schoon(MELDING, data)
    return Status(
        201, schrijf(request, response, casus_id, if_match, services.leg_melding_vast, **velden)
    )
