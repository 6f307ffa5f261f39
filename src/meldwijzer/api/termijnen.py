"""Termijnen: dates with a reason (evaluations, agreements with Veilig Thuis, beslissing 2, the
steps after a spoedmelding), for the casussen the acting user may see."""

import datetime as dt
import uuid

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from meldwijzer.api import fouten
from meldwijzer.api.gemeen import LEZEN, Paginering, casus_voor, details
from meldwijzer.rapportage import selectors as rapportage_selectors
from meldwijzer.rapportage.models import Termijn

router = Router(tags=["termijnen"])


class TermijnUit(Schema):
    casus: uuid.UUID
    kenmerk: str
    soort: str
    omschrijving: str
    startdatum: dt.date
    uiterlijk: dt.date
    verlopen: bool
    verantwoordelijke: str

    @staticmethod
    def van(t: Termijn) -> "TermijnUit":
        return TermijnUit(
            casus=t.casus.uuid,
            kenmerk=t.casus.kenmerk,
            soort=t.soort,
            omschrijving=t.get_soort_display(),
            startdatum=t.startdatum,
            uiterlijk=t.uiterlijk,
            verlopen=t.verlopen(),
            verantwoordelijke=t.verantwoordelijke.username,
        )


class TermijnFilter(Schema):
    alleen_eigen: bool = Field(
        True,
        description="Alleen termijnen waarvoor de gebruiker van het token verantwoordelijk is.",
    )
    alleen_verlopen: bool = False
    uiterlijk_vanaf: dt.date | None = None
    uiterlijk_tot: dt.date | None = None


class _Lijst:
    def __init__(self, qs: object) -> None:
        self.qs = qs

    def count(self) -> int:
        return int(self.qs.count())  # type: ignore[attr-defined]

    def __getitem__(self, deel: slice) -> list[TermijnUit]:
        return [TermijnUit.van(t) for t in self.qs[deel]]  # type: ignore[index]


@router.get(
    "/termijnen",
    response={200: list[TermijnUit], **fouten.LEZEN},
    auth=LEZEN,
    url_name="termijnen",
    summary="Open termijnen van de casussen die de gebruiker van het token mag zien",
)
@paginate(Paginering)
def lijst(request: HttpRequest, filters: Query[TermijnFilter]):
    qs = rapportage_selectors.open_termijnen(
        request.membership,  # type: ignore[attr-defined]
        alleen_eigen=filters.alleen_eigen,
    )
    if filters.alleen_verlopen:
        qs = qs.filter(uiterlijk__lt=timezone.localdate())
    if filters.uiterlijk_vanaf is not None:
        qs = qs.filter(uiterlijk__gte=filters.uiterlijk_vanaf)
    if filters.uiterlijk_tot is not None:
        qs = qs.filter(uiterlijk__lte=filters.uiterlijk_tot)
    details(request, filters=filters.model_dump(mode="json", exclude_none=True))
    return _Lijst(qs)


@router.get(
    "/casussen/{uuid:casus_id}/termijnen",
    response={200: list[TermijnUit], **fouten.LEZEN},
    auth=LEZEN,
    url_name="casus_termijnen",
    summary="Open termijnen van een casus",
)
@paginate(Paginering)
def van_casus(request: HttpRequest, casus_id: uuid.UUID):
    casus = casus_voor(request, casus_id)
    # The list's own selector, narrowed to this casus: it joins casus and verantwoordelijke
    # (TermijnUit names both), and only the asked page is rendered.
    qs = rapportage_selectors.open_termijnen(request.membership, alleen_eigen=False)  # type: ignore[attr-defined]
    return _Lijst(qs.filter(casus=casus))
