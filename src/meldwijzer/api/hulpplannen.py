"""Hulpplannen: goals, results, who does what, monitoring and evaluation dates; a change is a
new version that supersedes the previous one."""

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
from meldwijzer.dossier import datums, selectors, services
from meldwijzer.dossier.invoer import HULPPLAN
from meldwijzer.dossier.models import Hulpplan

router = Router(tags=["hulpplannen"])


# The declared fields (dossier.invoer.HULPPLAN); the evaluation dates, a list, beside them.
_HulpplanUit = schema_uit(
    "_HulpplanUit",
    HULPPLAN,
    id=(int, ...),
    ronde=(int, ...),
    volgnummer=(int, ...),
    evaluatiedata=(list[str], ...),
    waarschuwingen=(
        list[str],
        Field(
            default_factory=list,
            description="Evaluatiedata op een weekend of feestdag: vastgelegd, maar controleer ze.",
        ),
    ),
    vastgelegd_op=(dt.datetime, ...),
)


class HulpplanUit(_HulpplanUit):  # type: ignore[misc, valid-type]
    @staticmethod
    def resolve_waarschuwingen(obj: Hulpplan) -> list[str]:
        return datums.datumwaarschuwingen(obj)


HulpplanIn = schema_in(
    "HulpplanIn",
    HULPPLAN,
    evaluatiedata=(list[dt.date], Field(default_factory=list, max_length=20)),
)


@router.get(
    "/casussen/{uuid:casus_id}/hulpplannen",
    response={200: list[HulpplanUit], **fouten.LEZEN},
    auth=LEZEN,
    url_name="hulpplannen",
    summary="Hulpplannen van een casus (elke versie)",
)
@paginate(Paginering)
def lijst(request: HttpRequest, casus_id: uuid.UUID, filters: Query[VastleggingFilter]):
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
    data: HulpplanIn,  # type: ignore[valid-type]
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_BESCHRIJVING),
):
    return Status(
        201,
        schrijf(
            request,
            response,
            casus_id,
            if_match,
            services.leg_hulpplan_vast,
            **schoon(HULPPLAN, data),
        ),
    )
