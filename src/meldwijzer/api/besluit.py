"""Stap 5: the afwegingen answered over time, each stored besluit immutable.

``POST /casussen/{id}/afwegingen`` takes one or more answers in order; each goes through the
same dossier service as the stap-5 page (``services.beantwoord_afweging``), which recomputes the
engine's outcome on the server and stores a new besluit once one can be stored. All answers of
one call are stored together or not at all. Stap 5 that cannot start yet (no current signaal,
consultatie, gesprek or weging) is a state of the casus, not an error in the request: the
service's ``Stap5KanNietBeginnen`` answers 409 (api.fouten).

``POST /casussen/{id}/besluiten/{volgnummer}/opnieuw-beslissen`` withdraws the ronde's answers
after what the besluit rested on was corrected or withdrawn (``services.beslis_opnieuw``).
"""

import datetime as dt
import uuid
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Header, Path, Query, Router, Schema
from ninja.pagination import paginate

from meldwijzer.api import fouten
from meldwijzer.api.gemeen import (
    IF_MATCH_BESCHRIJVING,
    LEZEN,
    SCHRIJVEN,
    KaderRef,
    Paginering,
    VastleggingFilter,
    casus_voor,
    etag,
    gefilterd,
    versie_uit,
)
from meldwijzer.api.invoer import schoon
from meldwijzer.api.signalen import SignaalIn
from meldwijzer.dossier import historie, selectors, services, stap5
from meldwijzer.dossier.invoer import SIGNAAL
from meldwijzer.dossier.models import Besluit, Casus
from meldwijzer.dossier.models.casus import ANTWOORDSLEUTEL_LENGTE

router = Router(tags=["stap 5: besluit"])


class PadStap(Schema):
    afweging: str
    antwoord: str
    betekenis: str
    samen_met_veilig_thuis: bool
    route: str | None = Field(
        None, description="De route van de afweging; alleen als er een overdracht was."
    )


class OverdrachtUit(Schema):
    """A route handover on the path (kaderformaat 2)."""

    van_route: str
    actie: str
    naar_route: str
    naar_afweging: str


class Opmerking(Schema):
    """A warning or hint of the engine, with the rule and source it rests on."""

    tekst: str
    regel: str | None = None
    afweging: str | None = None
    signaal: str | None = None
    norm: str | None = None
    bron: str | None = None


class Uitkomst(Schema):
    """The engine's outcome (DESIGN.md, 'Contracts'): actions cumulative in path order."""

    kader: KaderRef
    route: str
    acties: list[str]
    acties_soort: dict[str, str]
    acties_label: dict[str, str]
    volgende_afweging: str | None
    afgerond: bool
    samen_met_veilig_thuis: bool
    opnieuw_melden: bool
    normen: list[dict[str, Any]]
    waarschuwingen: list[Opmerking]
    hints: list[Opmerking]
    pad: list[PadStap]
    route_nu: str | None = Field(
        None,
        description="Na een overdracht (kaderformaat 2): de route waarin de casus nu is. "
        "Antwoorden in die route geeft u als 'route/afweging'.",
    )
    overdrachten: list[OverdrachtUit] = Field(default_factory=list)
    beslissende_signalen: list[str] = Field(
        default_factory=list,
        description="Aangevinkte signalen die zelf beslissen (kaderformaat 2), bijvoorbeeld: "
        "een kind vertelt, dus nu melden.",
    )


class Optie(Schema):
    id: str
    label: str
    betekenis: str


class VolgendeAfweging(Schema):
    id: str
    sleutel: str = Field(
        description="Geef dit als 'afweging' bij het antwoord: het id, of na een overdracht "
        "'route/afweging'."
    )
    route: str = Field(description="De route waarin deze afweging staat.")
    kort: str | None = Field(None, description="Het korte label van de afweging.")
    vraag: str
    rol: str
    opties: list[Optie]
    samen_met_veilig_thuis: bool = Field(
        description="Geef dan vt_contact en vt_datum mee (met wie en wanneer bij Veilig Thuis)."
    )
    voorwaarden: list[str] = Field(
        description="Ids van de voorwaarden voor effectieve hulp die u bij dit antwoord "
        "toetst (hoofdstuk 5); leeg als deze afweging er niet om vraagt."
    )
    beantwoorden_via_evaluatie: bool = Field(
        description="De afweging over het resultaat van de hulp (rol resultaat) beantwoordt u "
        "bij een evaluatie van het hulpplan, niet hier."
    )


class BesluitUit(Schema):
    volgnummer: int
    ronde: int
    vastgelegd_op: dt.datetime
    vervangt: int | None = Field(description="Volgnummer van het besluit dat dit vervangt.")
    kader: KaderRef
    antwoorden: dict[str, str]
    signalen: list[str]
    uitkomst: Uitkomst
    basis_gewijzigd: bool = Field(
        description="Wat dit besluit onderbouwde (signalen, betrokkenen, stappen 2-4) is daarna "
        "gecorrigeerd of ingetrokken: overweeg opnieuw te beslissen (…/opnieuw-beslissen)."
    )

    @staticmethod
    def van(besluit: Besluit, casus: Casus) -> "BesluitUit":
        return BesluitUit(
            volgnummer=besluit.volgnummer,
            ronde=besluit.ronde,
            vastgelegd_op=besluit.vastgelegd_op,
            vervangt=besluit.vervangt.volgnummer if besluit.vervangt is not None else None,
            kader=KaderRef.van(besluit.kader_versie),
            antwoorden=besluit.antwoorden_dict,
            signalen=list(besluit.signalen),
            uitkomst=Uitkomst(**besluit.uitkomst),
            basis_gewijzigd=bool(historie.basis_gewijzigd(casus, besluit)),
        )


class Stap5Uit(Schema):
    casus: uuid.UUID
    versie: int
    uitkomst: Uitkomst = Field(description="Het oordeel van het kader over de antwoorden tot nu.")
    antwoorden: dict[str, str]
    besluit: BesluitUit | None = Field(description="Het geldende besluit, als er een is.")
    volgende: VolgendeAfweging | None
    nog_nodig: list[str] = Field(description="Wat stap 5 nog vraagt voor het eerste antwoord.")
    meldingen_nodig: int
    meldingen_gedaan: int


def _stand(casus: Casus) -> Stap5Uit:
    stand = selectors.stap5_stand(casus)
    volgende = None
    if stand.volgende is not None:
        afw = stand.volgende
        catalogus = stap5.voorwaarden_catalogus(stand.kader, afw)
        volgende = VolgendeAfweging(
            id=afw.id,
            sleutel=stand.volgende_sleutel or afw.id,
            route=stand.beslissing.route_nu,
            kort=afw.kort,
            vraag=afw.vraag,
            rol=afw.rol.value,
            opties=[Optie(id=o.id, label=o.label, betekenis=o.betekenis.value) for o in afw.opties],
            samen_met_veilig_thuis=stand.samen_met_veilig_thuis or afw.samen_met_veilig_thuis,
            voorwaarden=[i.id for i in catalogus.items] if catalogus is not None else [],
            beantwoorden_via_evaluatie=afw.rol.value == "resultaat",
        )
    return Stap5Uit(
        casus=casus.uuid,
        versie=casus.versie,
        uitkomst=Uitkomst(**stand.beslissing.als_dict()),
        antwoorden={a.afweging: a.antwoord for a in stand.antwoorden},
        besluit=BesluitUit.van(stand.besluit, casus) if stand.besluit is not None else None,
        volgende=volgende,
        nog_nodig=[str(o.tekst) for o in stand.ontbrekend],
        meldingen_nodig=stand.meldingen_nodig,
        meldingen_gedaan=stand.meldingen_gedaan,
    )


@router.get(
    "/casussen/{uuid:casus_id}/stap5",
    response={200: Stap5Uit, **fouten.LEZEN},
    auth=LEZEN,
    url_name="stap5",
    summary="Stap 5: de uitkomst tot nu, het geldende besluit en de volgende afweging",
)
def stand(request: HttpRequest, response: HttpResponse, casus_id: uuid.UUID) -> Stap5Uit:
    casus = casus_voor(request, casus_id)
    etag(response, casus)
    return _stand(casus)


class Voorwaarde(Schema):
    status: Literal["voldaan", "niet_voldaan", "nvt"]
    toelichting: str = Field(max_length=10_000)


class AntwoordIn(Schema):
    afweging: str = Field(
        max_length=ANTWOORDSLEUTEL_LENGTE,
        description="De afweging die aan de beurt is (volgende.sleutel): het id, of na een "
        "overdracht naar een andere route 'route/afweging'.",
    )
    antwoord: str = Field(max_length=80, description="Id van een antwoordoptie.")
    toelichting: str = Field("", max_length=10_000)
    signalen: list[str] = Field(
        default_factory=list, max_length=200, description="Extra aangevinkte catalogusitems."
    )
    bronnen: list[int] = Field(
        default_factory=list,
        max_length=200,
        description="Ids van vastgelegde signalen waarop een nieuw aangevinkt catalogusitem rust "
        "(hoofdstuk 2). Nodig bij een nieuw vinkje, tenzij u nieuw_signaal meestuurt.",
    )
    nieuw_signaal: SignaalIn | None = Field(  # type: ignore[valid-type]
        None,
        description="Een signaal dat u hier ter plekke vastlegt als bron van de nieuwe vinkjes; "
        "dezelfde velden als POST …/signalen. Fouten heten signaal_<veld>.",
    )
    vt_contact: str = Field("", max_length=200)
    vt_datum: dt.date | None = None
    voorwaarden: dict[str, Voorwaarde] = Field(
        default_factory=dict, description="Per voorwaarde-id: status en toelichting (hoofdstuk 5)."
    )


class AfwegingenIn(Schema):
    antwoorden: list[AntwoordIn] = Field(min_length=1, max_length=10)


@router.post(
    "/casussen/{uuid:casus_id}/afwegingen",
    response={200: Stap5Uit, 409: fouten.Fout, **fouten.SCHRIJVEN},
    auth=SCHRIJVEN,
    url_name="afwegingen",
    summary="Afwegingen van stap 5 beantwoorden; het kader beslist, het besluit wordt vastgelegd",
)
def beantwoord(
    request: HttpRequest,
    response: HttpResponse,
    casus_id: uuid.UUID,
    data: AfwegingenIn,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_BESCHRIJVING),
) -> Stap5Uit:
    casus = casus_voor(request, casus_id)
    versie = versie_uit(if_match, casus)
    with transaction.atomic():
        for antwoord in data.antwoorden:
            services.beantwoord_afweging(
                actor=request.membership,  # type: ignore[attr-defined]
                casus=casus,
                afweging=antwoord.afweging,
                antwoord=antwoord.antwoord,
                toelichting=antwoord.toelichting,
                signalen=antwoord.signalen,
                vt_contact=antwoord.vt_contact,
                vt_datum=antwoord.vt_datum,
                voorwaarden={k: v.model_dump() for k, v in antwoord.voorwaarden.items()},
                bronnen=antwoord.bronnen,
                nieuw_signaal=(
                    schoon(SIGNAAL, antwoord.nieuw_signaal)
                    if antwoord.nieuw_signaal is not None
                    else None
                ),
                versie=versie,
            )
            versie = casus.versie  # the service gave ``casus`` its new version
    etag(response, casus)
    return _stand(casus)


@router.get(
    "/casussen/{uuid:casus_id}/besluiten",
    response={200: list[BesluitUit], **fouten.LEZEN},
    auth=LEZEN,
    url_name="besluiten",
    summary="Alle besluiten van een casus; een later besluit vervangt een eerder",
)
@paginate(Paginering)
def besluiten(request: HttpRequest, casus_id: uuid.UUID, filters: Query[VastleggingFilter]):
    casus = casus_voor(request, casus_id)
    qs = gefilterd(request, selectors.besluiten(casus).select_related("vervangt"), filters)
    return _Besluitlijst(qs.order_by("volgnummer"), casus)


class _Besluitlijst:
    def __init__(self, qs: Any, casus: Casus) -> None:
        self.qs = qs
        self.casus = casus

    def count(self) -> int:
        return int(self.qs.count())

    def __getitem__(self, deel: slice) -> list[BesluitUit]:
        return [BesluitUit.van(b, self.casus) for b in self.qs[deel]]


class OpnieuwBeslissenIn(Schema):
    toelichting: str = Field(
        max_length=10_000,
        description="Waarom u opnieuw beslist: wat veranderde er in de signalen of stappen?",
    )


@router.post(
    "/casussen/{uuid:casus_id}/besluiten/{int:volgnummer}/opnieuw-beslissen",
    response={200: Stap5Uit, **fouten.SCHRIJVEN},
    auth=SCHRIJVEN,
    url_name="besluiten",
    summary="Opnieuw beslissen nadat de basis van het besluit is gecorrigeerd of ingetrokken",
)
def beslis_opnieuw(
    request: HttpRequest,
    response: HttpResponse,
    casus_id: uuid.UUID,
    data: OpnieuwBeslissenIn,
    volgnummer: int = Path(..., ge=1, le=2**31),
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_BESCHRIJVING),
) -> Stap5Uit:
    # The besluit stays as it was; the answers of this ronde are withdrawn, so the afwegingen
    # are answered afresh and the next besluit supersedes this one (docs/adr/0019).
    casus = casus_voor(request, casus_id, onderdeel="api.casus.besluiten.opnieuw")
    versie = versie_uit(if_match, casus)
    besluit = selectors.besluiten(casus).filter(volgnummer=volgnummer).first()
    if besluit is None:
        raise Http404
    huidig = selectors.huidig_besluit(casus)
    if huidig is None or huidig.pk != besluit.pk:
        raise ValidationError(
            _(
                "Besluit %(volgnummer)s is niet het geldende besluit; beslis opnieuw over het "
                "geldende besluit (GET …/stap5)."
            )
            % {"volgnummer": volgnummer}
        )
    services.beslis_opnieuw(
        actor=request.membership,  # type: ignore[attr-defined]
        casus=casus,
        toelichting=data.toelichting,
        versie=versie,
    )
    etag(response, casus)
    return _stand(casus)
