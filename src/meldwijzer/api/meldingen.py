"""Meldingen at Veilig Thuis: after a besluit that says melden, or a spoedmelding at any moment."""

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
from meldwijzer.dossier.models import Melding
from meldwijzer.dossier.models.vervolg import RedenNietGeinformeerd, Wijze

router = Router(tags=["meldingen"])


class MeldingUit(Schema):
    id: int
    ronde: int
    besluit: int | None = Field(description="Volgnummer van het besluit; leeg bij spoed.")
    spoed: bool
    spoed_reden: str
    datum: dt.date
    wijze: str
    vt_contact: str
    vt_kenmerk: str
    vooraf_geinformeerd: bool
    hoe_geinformeerd: str
    reden_niet_geinformeerd: str
    toelichting_niet_geinformeerd: str
    vastgelegd_op: dt.datetime

    @staticmethod
    def resolve_besluit(obj: Melding) -> int | None:
        return obj.besluit.volgnummer if obj.besluit_id else None


class MeldingIn(Schema):
    datum: dt.date
    wijze: Wijze
    vt_contact: str = Field(max_length=200, description="Contactpersoon bij Veilig Thuis.")
    vt_kenmerk: str = Field("", max_length=100)
    vooraf_geinformeerd: bool
    hoe_geinformeerd: str = Field("", max_length=10_000)
    reden_niet_geinformeerd: RedenNietGeinformeerd | None = None
    toelichting_niet_geinformeerd: str = Field("", max_length=10_000)
    spoed: bool = Field(False, description="Spoedmelding bij acuut gevaar, vóór een besluit.")
    spoed_reden: str = Field("", max_length=10_000)


@router.get(
    "/casussen/{uuid:casus_id}/meldingen",
    response={200: list[MeldingUit], **fouten.LEZEN},
    auth=LEZEN,
    url_name="meldingen",
    summary="Meldingen bij Veilig Thuis van een casus",
)
@paginate(Paginering)
def lijst(request: HttpRequest, casus_id: uuid.UUID, filters: Query[VastleggingFilter]):  # type: ignore[no-untyped-def]
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
    data: MeldingIn,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_BESCHRIJVING),
):  # type: ignore[no-untyped-def]
    velden = data.model_dump()
    velden["reden_niet_geinformeerd"] = velden["reden_niet_geinformeerd"] or ""
    return Status(
        201, schrijf(request, response, casus_id, if_match, services.leg_melding_vast, **velden)
    )
