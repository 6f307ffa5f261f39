"""Correcting and withdrawing a recorded item, keeping every earlier version (docs/adr/0019).

``POST /casussen/{id}/<soort>/{item}/correcties`` takes the whole new version (the fields of the
kind's declaration in dossier.invoer, as when it was recorded) with a reason;
``POST …/intrekking`` withdraws the item with a reason. Both go through the same dossier
services as the pages (``services.corrigeer``, ``services.trek_in``). Each kind is addressed
under its own list (``/signalen/{signaal_id}``, ``/hulpplannen/{volgnummer}``) and shares that
list's access-log classification; the access record names the correction as its part.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Header, Path, Router, Schema
from pydantic import create_model

from meldwijzer.api import fouten
from meldwijzer.api.betrokkenen import BetrokkeneUit
from meldwijzer.api.gemeen import (
    IF_MATCH_BESCHRIJVING,
    SCHRIJVEN,
    casus_voor,
    details,
    etag,
    versie_uit,
)
from meldwijzer.api.hulpplannen import HulpplanUit
from meldwijzer.api.invoer import schema_in, schoon
from meldwijzer.api.meldingen import MeldingUit
from meldwijzer.api.signalen import SignaalUit
from meldwijzer.api.stappen import ConsultatieUit, GesprekUit, WegingUit
from meldwijzer.dossier import invoer, selectors, services
from meldwijzer.dossier.historie import correcties as alle_correcties
from meldwijzer.dossier.invoer import Invoer
from meldwijzer.dossier.models import BijzondereVorm, Casus, Correctie
from meldwijzer.dossier.services import correcties as correctieregels
from meldwijzer.dossier.services.correcties import REDENEN
from meldwijzer.ids import GROOTSTE_ID

router = Router(tags=["correcties"])

Reden: Any = Literal[tuple(r.value for r in REDENEN)]
REDEN_BESCHRIJVING = "Waarom: " + "; ".join(f"{r.value} ({r.label})" for r in REDENEN) + "."
TOELICHTING_BESCHRIJVING = "Wat was er onjuist en waarom; blijft in het dossier zichtbaar."


class CorrectieUit(Schema):
    handeling: str = Field(description="gecorrigeerd, ingetrokken of aangevuld (bij een afweging)")
    reden: str
    toelichting: str
    gewijzigd: list[str] = Field(description="De velden die deze correctie veranderde.")
    vorige: dict[str, Any] = Field(description="De waarden vóór deze correctie of intrekking.")
    nieuw: dict[str, Any] = Field(description="De waarden erna (leeg bij een intrekking).")
    op: dt.datetime


class IntrekkingIn(Schema):
    reden: Reden = Field(description=REDEN_BESCHRIJVING)
    toelichting: str = Field(max_length=10_000, description=TOELICHTING_BESCHRIJVING)


@dataclass(frozen=True)
class Soort:
    """One kind of record as the API addresses it."""

    naam: str  # dossier.models.GegevenSoort
    pad: str  # the list it sits under: /casussen/{id}/<pad>
    sleutel: str  # the path parameter: "signaal_id", or "volgnummer" for a hulpplan
    declaratie: Invoer
    uit: type[Schema]
    lijst: Callable[..., Any]  # the selector, with ook_ingetrokken
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def titel(self) -> str:
        return self.naam.capitalize()

    def item(self, casus: Casus, sleutel: int) -> Any:
        """The item of this casus (also a withdrawn one, so a second withdrawal says so)."""
        qs = self.lijst(casus, ook_ingetrokken=True)
        veld = "volgnummer" if self.sleutel == "volgnummer" else "pk"
        gevonden = qs.filter(**{veld: sleutel}).first()
        if gevonden is None:
            raise Http404
        return gevonden


SIGNAAL_EXTRA: dict[str, Any] = {
    "aangevinkt": (
        list[str],
        Field(
            default_factory=list,
            max_length=200,
            description="Ids van catalogusitems van het kader (GET /api/kaders/{id}).",
        ),
    ),
    "vormen": (list[BijzondereVorm], Field(default_factory=list, max_length=10)),
    "feit_bevestigd": (
        bool,
        Field(False, description="Een feit met speculatieve woorden toch als feit vastleggen."),
    ),
}

SOORTEN = (
    Soort(
        "signaal",
        "signalen",
        "signaal_id",
        invoer.SIGNAAL,
        SignaalUit,
        selectors.signalen,
        SIGNAAL_EXTRA,
    ),
    Soort(
        "betrokkene",
        "betrokkenen",
        "betrokkene_id",
        invoer.BETROKKENE,
        BetrokkeneUit,
        selectors.betrokkenen,
    ),
    Soort(
        "consultatie",
        "consultaties",
        "consultatie_id",
        invoer.CONSULTATIE,
        ConsultatieUit,
        selectors.consultaties,
    ),
    Soort("gesprek", "gesprekken", "gesprek_id", invoer.GESPREK, GesprekUit, selectors.gesprekken),
    Soort("weging", "wegingen", "weging_id", invoer.WEGING, WegingUit, selectors.wegingen),
    Soort("melding", "meldingen", "melding_id", invoer.MELDING, MeldingUit, selectors.meldingen),
    Soort(
        "hulpplan",
        "hulpplannen",
        "volgnummer",
        invoer.HULPPLAN,
        HulpplanUit,
        selectors.hulpplannen,
        {"evaluatiedata": (list[dt.date], Field(default_factory=list, max_length=50))},
    ),
)


def _met_status(soort: Soort) -> type[Schema]:
    """The record as the API shows it, with its status and its corrections so far."""

    def resolve_correcties(obj: Any) -> list[Correctie]:
        return list(
            alle_correcties(obj.casus).filter(soort=soort.naam, object_id=obj.pk).order_by("op")
        )

    return type(
        f"{soort.titel}MetCorrecties",
        (soort.uit,),
        {
            "__annotations__": {
                "gecorrigeerd_op": dt.datetime | None,
                "ingetrokken_op": dt.datetime | None,
                "correcties": list[CorrectieUit],
            },
            "gecorrigeerd_op": Field(None, description="Tijdstip van de laatste correctie."),
            "ingetrokken_op": Field(None, description="Tijdstip van de intrekking."),
            "correcties": Field(description="Elke correctie en intrekking, de oudste eerst."),
            "resolve_correcties": staticmethod(resolve_correcties),
            "__module__": __name__,
        },
    )


def _correctie_in(soort: Soort) -> type[Schema]:
    """The reason and the whole new version, nested: a record may have a field of the same name
    as the correction's own (the gesprek's ``toelichting``)."""
    nieuw = schema_in(f"{soort.titel}Versie", soort.declaratie, **soort.extra)
    return create_model(
        f"{soort.titel}CorrectieIn",
        __base__=Schema,
        reden=(Reden, Field(..., description=REDEN_BESCHRIJVING)),
        toelichting=(str, Field(..., max_length=10_000, description=TOELICHTING_BESCHRIJVING)),
        nieuw=(
            nieuw,
            Field(
                ..., description="De hele nieuwe versie, met dezelfde velden als bij vastleggen."
            ),
        ),
    )


def _sleutel_param(soort: Soort) -> Any:
    wat = correctieregels.SOORTEN[soort.naam].omschrijving  # "de betrokkene"
    beschrijving = f"{'Volgnummer' if soort.sleutel == 'volgnummer' else 'Id'} van {wat}."
    # Ids are 64-bit; a volgnummer stays far below, as in api/fhir.py.
    grootste = 2**31 if soort.sleutel == "volgnummer" else GROOTSTE_ID
    return Path(..., alias=soort.sleutel, ge=1, le=grootste, description=beschrijving)


def _routes(soort: Soort) -> None:
    uit = _met_status(soort)
    correctie_in = _correctie_in(soort)
    adres = f"/casussen/{{uuid:casus_id}}/{soort.pad}/{{{soort.sleutel}}}"

    @router.post(
        f"{adres}/correcties",
        response={200: uit, **fouten.SCHRIJVEN},
        auth=SCHRIJVEN,
        url_name=soort.pad,
        summary=f"Een {soort.naam} corrigeren (de vorige versie blijft bewaard)",
        operation_id=f"{soort.naam}_corrigeren",
    )
    def corrigeer(
        request: HttpRequest,
        response: HttpResponse,
        casus_id: uuid.UUID,
        data: correctie_in,  # type: ignore[valid-type]
        item: int = _sleutel_param(soort),
        if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_BESCHRIJVING),
    ):
        casus, versie, gevonden = _gevonden(request, casus_id, if_match, soort, item, "correctie")
        correctie: Any = data  # a schema built per kind at import: mypy cannot see its fields
        gecorrigeerd = services.corrigeer(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            soort=soort.naam,
            item_id=gevonden.pk,
            versie=versie,
            reden=correctie.reden,
            toelichting=correctie.toelichting,
            waarden=schoon(soort.declaratie, correctie.nieuw),
        )
        etag(response, casus)  # the service gave ``casus`` its new version
        return gecorrigeerd

    @router.post(
        f"{adres}/intrekking",
        response={200: uit, **fouten.SCHRIJVEN},
        auth=SCHRIJVEN,
        url_name=soort.pad,
        summary=f"Een {soort.naam} intrekken (het telt nergens meer mee en blijft in de historie)",
        operation_id=f"{soort.naam}_intrekken",
    )
    def trek_in(
        request: HttpRequest,
        response: HttpResponse,
        casus_id: uuid.UUID,
        data: IntrekkingIn,
        item: int = _sleutel_param(soort),
        if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_BESCHRIJVING),
    ):
        casus, versie, gevonden = _gevonden(request, casus_id, if_match, soort, item, "intrekking")
        ingetrokken = services.trek_in(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            soort=soort.naam,
            item_id=gevonden.pk,
            reden=data.reden,
            toelichting=data.toelichting,
            versie=versie,
        )
        etag(response, casus)
        return ingetrokken


def _gevonden(
    request: HttpRequest,
    casus_id: uuid.UUID,
    if_match: str | None,
    soort: Soort,
    item: int,
    wat: str,
) -> tuple[Casus, int, Any]:
    """The casus if the acting user sees it, the version the client read (as every write: 412,
    428) and the item of that casus (404 otherwise), named in the access record."""
    casus = casus_voor(request, casus_id, onderdeel=f"api.casus.{soort.pad}.{wat}")
    versie = versie_uit(if_match, casus)
    gevonden = soort.item(casus, item)
    details(request, soort=soort.naam, item=gevonden.pk)
    return casus, versie, gevonden


for _soort in SOORTEN:
    _routes(_soort)
