"""Meldingen at Veilig Thuis: after a besluit that says melden, or a spoedmelding at any moment."""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from meldwijzer.accounts.models import Membership
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
from meldwijzer.dossier.invoer import MELDING
from meldwijzer.dossier.models import AfspraakVeiligThuis, Casus, Melding

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


EENHEDEN = (
    "werkdagen (zonder weekenden en feestdagen), dagen (kalenderdagen), weken of maanden. Valt "
    "het einde van een termijn op een weekend of feestdag, dan geldt de eerstvolgende werkdag."
)


class AfspraakVeiligThuisIn(Schema):
    melding: int = Field(description="Id van de melding waar de afspraak bij hoort.")
    datum: dt.date
    vt_contact: str = Field(max_length=200, description="Met wie bij Veilig Thuis.")
    wie_doet_wat: str
    resultaten: str = Field(description="Resultaten ten aanzien van de veiligheid.")
    termijn_aantal: int = Field(ge=1, le=365)
    termijn_eenheid: str = Field(description=EENHEDEN)


class AfspraakVeiligThuisUit(Schema):
    id: int
    ronde: int
    melding: int
    datum: dt.date
    vt_contact: str
    wie_doet_wat: str
    resultaten: str
    termijn_aantal: int
    termijn_eenheid: str = Field(description=EENHEDEN)
    uiterlijk: dt.date = Field(description="Tot wanneer de termijn loopt: altijd een werkdag.")
    verschoven: str = Field(
        description="Waarom ‘uiterlijk’ na het getelde einde ligt (weekend of feestdag); leeg "
        "als het niet verschoof."
    )
    waarschuwingen: list[str] = Field(
        description="Ingevulde datums die op een weekend of feestdag vallen: vastgelegd, maar "
        "controleer ze."
    )
    vastgelegd_op: dt.datetime

    @staticmethod
    def resolve_melding(obj: AfspraakVeiligThuis) -> int:
        return obj.melding_id

    @staticmethod
    def resolve_verschoven(obj: AfspraakVeiligThuis) -> str:
        verschuiving = datums.verschuiving_van(obj)
        return datums.verschoven(verschuiving) if verschuiving else ""

    @staticmethod
    def resolve_waarschuwingen(obj: AfspraakVeiligThuis) -> list[str]:
        return datums.datumwaarschuwingen(obj)


def _leg_afspraak_vast(
    *, actor: Membership, casus: Casus, melding: int, **velden: Any
) -> AfspraakVeiligThuis:
    gemeld = selectors.meldingen(casus).filter(pk=melding).first()
    if gemeld is None:
        raise ValidationError({"melding": [_("Kies een melding van deze casus.")]})
    return services.leg_afspraak_veilig_thuis_vast(
        actor=actor, casus=casus, melding=gemeld, **velden
    )


@router.post(
    "/casussen/{uuid:casus_id}/afspraken-veilig-thuis",
    response={201: AfspraakVeiligThuisUit, **fouten.SCHRIJVEN},
    auth=SCHRIJVEN,
    url_name="afspraken_veilig_thuis",
    summary="Een afspraak met Veilig Thuis bij een melding vastleggen",
)
def leg_afspraak_vast(
    request: HttpRequest,
    response: HttpResponse,
    casus_id: uuid.UUID,
    data: AfspraakVeiligThuisIn,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_BESCHRIJVING),
):
    """Wie wat doet na de melding, en binnen welke termijn welke resultaten ten aanzien van de
    veiligheid bereikt moeten zijn (H3, Afweging 5)."""
    return Status(
        201,
        schrijf(request, response, casus_id, if_match, _leg_afspraak_vast, **data.model_dump()),
    )
