"""Afwegingskaders: the published (vastgestelde) versions only, to read; a concept is never
served through the API, whoever the token acts for."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema
from ninja.pagination import paginate

from meldwijzer.api import fouten
from meldwijzer.api.gemeen import KADER, Paginering
from meldwijzer.catalogus.models import KaderStatus, KaderVersie
from meldwijzer.catalogus.selectors import zichtbare_kaderversies

router = Router(tags=["kaders"])


class KaderversieUit(Schema):
    id: int
    kader_id: str
    versie: str
    titel: str
    hash: str
    geldig_vanaf: dt.date | None
    geldig_tot: dt.date | None
    vastgesteld_op: dt.datetime | None


class KaderversieInhoud(KaderversieUit):
    inhoud: dict[str, Any]


def gepubliceerd(request: HttpRequest) -> Any:
    return zichtbare_kaderversies(request.membership).filter(  # type: ignore[attr-defined]
        status=KaderStatus.VASTGESTELD
    )


@router.get(
    "/kaders",
    response={200: list[KaderversieUit], **fouten.LEZEN},
    auth=KADER,
    url_name="kaders",
    summary="Vastgestelde versies van afwegingskaders",
)
@paginate(Paginering)
def lijst(request: HttpRequest):
    return gepubliceerd(request).defer("inhoud").order_by("kader_id", "pk")


@router.get(
    "/kaders/{int:kaderversie_id}",
    response={200: KaderversieInhoud, **fouten.LEZEN},
    auth=KADER,
    url_name="kader",
    summary="Eén vastgestelde kaderversie met de volledige inhoud",
)
def lees(request: HttpRequest, kaderversie_id: int = Path(..., ge=1, le=2**62)) -> KaderVersie:
    versie = gepubliceerd(request).filter(pk=kaderversie_id).first()
    if versie is None:
        raise Http404
    return versie
