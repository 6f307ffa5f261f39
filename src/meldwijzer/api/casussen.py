"""Casussen: list, open (e.g. from an ECD), read, and the status of the five steps."""

import datetime as dt
import enum
import uuid
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from meldwijzer.api import fouten
from meldwijzer.api.gemeen import (
    LEZEN,
    SCHRIJVEN,
    KaderRef,
    Paginering,
    casus_voor,
    details,
    etag,
    filter_periode,
)
from meldwijzer.audit.toegang import INZIEN, noteer
from meldwijzer.catalogus.selectors import zichtbare_kaderversies
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier import voortgang as stapvoortgang
from meldwijzer.dossier.models import Casus, Fase
from meldwijzer.rapportage import selectors as rapportage_selectors
from meldwijzer.rapportage.models import Termijn
from meldwijzer.sleutels.sleutelring import vooraf_laden

router = Router(tags=["casussen"])

Stap = Literal["1", "2", "3", "4", "5", "afgesloten"]


class CasusStatus(enum.StrEnum):
    OPEN = "open"
    AFGESLOTEN = "afgesloten"


class CasusUit(Schema):
    id: uuid.UUID = Field(description="De vaste id van de casus (gebruik deze in URL's).")
    kenmerk: str
    titel: str
    stap: str = Field(description="1 t/m 5, of ‘afgesloten’.")
    ronde: int
    versie: int = Field(description="Stijgt bij elke vastlegging; stuur hem mee in If-Match.")
    kader: KaderRef
    route: str
    eigenaar: str = Field(description="Gebruikersnaam van de beroepskracht die de casus heeft.")
    geopend_op: dt.datetime
    bijgewerkt_op: dt.datetime
    afgesloten_op: dt.datetime | None
    conclusie: str

    @staticmethod
    def van(casus: Casus) -> "CasusUit":
        return CasusUit(
            id=casus.uuid,
            kenmerk=casus.kenmerk,
            titel=casus.titel,
            stap=casus.fase,
            ronde=casus.ronde,
            versie=casus.versie,
            kader=KaderRef.van(casus.kader_versie),
            route=casus.route,
            eigenaar=casus.eigenaar.username,
            geopend_op=casus.aangemaakt_op,
            bijgewerkt_op=casus.bijgewerkt_op,
            afgesloten_op=casus.afgesloten_op,
            conclusie=casus.conclusie,
        )


class CasusIn(Schema):
    titel: str = Field(max_length=200, description="Korte omschrijving (versleuteld opgeslagen).")
    route: str = Field("", max_length=80, description="Alleen bij een kader met meer routes.")
    kaderversie_id: int | None = Field(
        None, description="Een vastgestelde kaderversie; leeg: het kader van de organisatie."
    )


class CasusFilter(Schema):
    stap: Stap | None = Field(None, description="Alleen casussen in deze stap.")
    status: CasusStatus | None = Field(None, description="open of afgesloten.")
    bijgewerkt_vanaf: dt.date | None = None
    bijgewerkt_tot: dt.date | None = None
    geopend_vanaf: dt.date | None = None
    geopend_tot: dt.date | None = None


@router.get(
    "/casussen",
    response={200: list[CasusUit], **fouten.LEZEN},
    auth=LEZEN,
    url_name="casussen",
    summary="Casussen die de gebruiker van het token mag zien",
)
@paginate(Paginering)
def lijst(request: HttpRequest, filters: Query[CasusFilter]) -> list[Casus]:
    fase = filters.stap
    qs = selectors.casussen_lijst(request.membership, fase=fase)  # type: ignore[attr-defined]
    if filters.status is CasusStatus.OPEN:
        qs = qs.exclude(fase=Fase.AFGESLOTEN)
    elif filters.status is CasusStatus.AFGESLOTEN:
        qs = qs.filter(fase=Fase.AFGESLOTEN)
    qs = filter_periode(qs, "bijgewerkt_op", filters.bijgewerkt_vanaf, filters.bijgewerkt_tot)
    qs = filter_periode(qs, "aangemaakt_op", filters.geopend_vanaf, filters.geopend_tot)
    details(request, filters=filters.model_dump(mode="json", exclude_none=True))
    return _Casuslijst(qs)  # type: ignore[return-value]


class _Casuslijst:
    """A queryset whose page is rendered as CasusUit, its data keys loaded in one query."""

    def __init__(self, qs: object) -> None:
        self.qs = qs

    def count(self) -> int:
        return self.qs.count()  # type: ignore[attr-defined]

    def __getitem__(self, deel: slice) -> list[CasusUit]:
        rijen = list(self.qs[deel])  # type: ignore[index]
        vooraf_laden(c.sleutel_id for c in rijen)
        return [CasusUit.van(c) for c in rijen]


@router.post(
    "/casussen",
    response={201: CasusUit, **fouten.LEZEN},
    auth=SCHRIJVEN,
    url_name="casussen",
    summary="Een casus openen (bijvoorbeeld vanuit een ECD)",
)
def open_casus(request: HttpRequest, response: HttpResponse, data: CasusIn) -> Status[CasusUit]:
    versie = None
    if data.kaderversie_id is not None:
        versie = zichtbare_kaderversies(request.membership).filter(pk=data.kaderversie_id).first()  # type: ignore[attr-defined]
        if versie is None:
            raise ValidationError({"kaderversie_id": [_("Deze kaderversie bestaat niet.")]})
    casus = services.open_casus(
        actor=request.membership,  # type: ignore[attr-defined]
        titel=data.titel,
        kader_versie=versie,
        route=data.route,
    )
    noteer(request, casus=casus, onderdeel="api.casus", actie=INZIEN)
    etag(response, casus)
    response["Location"] = f"/api/casussen/{casus.uuid}"
    return Status(201, CasusUit.van(casus))


@router.get(
    "/casussen/{uuid:casus_id}",
    response={200: CasusUit, **fouten.LEZEN},
    auth=LEZEN,
    url_name="casus",
    summary="Eén casus",
)
def lees(request: HttpRequest, response: HttpResponse, casus_id: uuid.UUID) -> "CasusUit":
    casus = casus_voor(request, casus_id)
    etag(response, casus)
    return CasusUit.van(casus)


class StapUit(Schema):
    nummer: int
    naam: str
    gedaan: bool
    huidig: bool


class StatusTermijn(Schema):
    # Not "TermijnUit": django-ninja names schema components by class name, and termijnen.py's
    # TermijnUit (with casus, kenmerk, …) would silently take this one's place in the schema.
    soort: str
    omschrijving: str
    uiterlijk: dt.date
    verlopen: bool

    @staticmethod
    def van(termijn: Termijn) -> "StatusTermijn":
        return StatusTermijn(
            soort=termijn.soort,
            omschrijving=termijn.get_soort_display(),
            uiterlijk=termijn.uiterlijk,
            verlopen=termijn.verlopen(),
        )


class StatusUit(Schema):
    id: uuid.UUID
    kenmerk: str
    stap: str
    ronde: int
    versie: int
    stappen: list[StapUit]
    nog_nodig_voor_stap_5: list[str] = Field(
        description="Wat stap 5 nog vraagt (consultatie, gesprek of reden, weging)."
    )
    volgende_afweging: str | None
    besluit: int | None = Field(description="Volgnummer van het geldende besluit.")
    acties: list[str] = Field(description="Acties van het geldende besluit (melden, hulp, …).")
    open_termijnen: list[StatusTermijn]


@router.get(
    "/casussen/{uuid:casus_id}/status",
    response={200: StatusUit, **fouten.LEZEN},
    auth=LEZEN,
    url_name="casus_status",
    summary="Waar de casus staat: stappen, wat stap 5 nog vraagt, besluit, termijnen",
)
def status(request: HttpRequest, response: HttpResponse, casus_id: uuid.UUID) -> StatusUit:
    casus = casus_voor(request, casus_id)
    etag(response, casus)
    stand = selectors.stap5_stand(casus)
    besluit = stand.besluit
    termijnen = rapportage_selectors.termijnen_van_casus(casus)
    return StatusUit(
        id=casus.uuid,
        kenmerk=casus.kenmerk,
        stap=casus.fase,
        ronde=casus.ronde,
        versie=casus.versie,
        stappen=[
            StapUit(nummer=s.nummer, naam=str(s.fase.label), gedaan=s.gedaan, huidig=s.huidig)
            for s in stapvoortgang.voortgang(casus)
        ],
        nog_nodig_voor_stap_5=[str(o.tekst) for o in selectors.ontbrekend_voor_stap5(casus)],
        volgende_afweging=stand.beslissing.volgende_afweging if not casus.is_afgesloten else None,
        besluit=besluit.volgnummer if besluit is not None else None,
        acties=list(besluit.uitkomst.get("acties", [])) if besluit is not None else [],
        open_termijnen=[StatusTermijn.van(t) for t in termijnen],
    )
