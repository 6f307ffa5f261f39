"""What every resource module shares: the token, the scopes, pagination, the casus lookup with
its access record, and the version checks (ETag / If-Match, docs/adr/0004)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from meldwijzer.accounts.permissions import mag_namens_handelen
from meldwijzer.api.fouten import Verboden, VersieOnjuist, VersieVereist
from meldwijzer.applicaties.models import Applicatie, Scope
from meldwijzer.applicaties.services import applicatie_voor_token, noteer_gebruik
from meldwijzer.audit.toegang import Genoteerd, noteer
from meldwijzer.dossier import selectors
from meldwijzer.dossier.models import Casus
from meldwijzer.gedeeld import teller


class Token(HttpBearer):
    """``Authorization: Bearer mw_…``: the application's token, for one scope.

    The request then acts as the user the application acts for (``request.membership``), so
    every permission rule and the access log apply exactly as on the pages; the access record
    names the application in its details.
    """

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Applicatie | None:
        applicatie = applicatie_voor_token(token)
        if applicatie is None:
            return None
        lid = applicatie.namens
        # The user it acts for must still be active, in a role that works with casussen.
        if not (lid.actief and lid.user.is_active and mag_namens_handelen(lid)):
            return None
        request.membership = lid  # type: ignore[attr-defined]
        request.applicatie = applicatie  # type: ignore[attr-defined]
        noteer(request, details={"applicatie": applicatie.naam, "applicatie_id": applicatie.pk})
        noteer_gebruik(applicatie)
        if self.scope not in applicatie.scopes:
            raise Verboden(
                _("Dit token heeft het recht ‘%(scope)s’ niet; vraag het de beheerder.")
                % {"scope": self.scope}
            )
        return applicatie


LEZEN = Token(Scope.CASUS_LEZEN)
SCHRIJVEN = Token(Scope.CASUS_SCHRIJVEN)
KADER = Token(Scope.KADER_LEZEN)


class PerToken(AuthRateThrottle):
    """Calls per application token (``MELDWIJZER_API_LIMIET``), counted in the shared cache
    (gedeeld.teller): one count for every process and node, atomic, in a sliding window; a
    refused call does not count."""

    def __init__(self) -> None:
        super().__init__(settings.MELDWIJZER_API_LIMIET)

    def get_rate(self) -> str | None:
        return settings.MELDWIJZER_API_LIMIET

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.get_cache_key(request)
        assert self.num_requests is not None and self.duration is not None
        return teller.tel_binnen(self.key, self.duration, self.num_requests)

    def wait(self) -> float | None:
        assert self.duration is not None and self.key is not None
        assert self.num_requests is not None
        return float(teller.seconden_over(self.key, self.duration, self.num_requests))

    def get_cache_key(self, request: HttpRequest) -> str:
        applicatie = getattr(request, "auth", None)
        # The public prefix, not the pk: unique for good, also when ids are reused (tests).
        ident = applicatie.prefix if isinstance(applicatie, Applicatie) else "anoniem"
        return self.cache_format % {"scope": "meldwijzer-api", "ident": ident}


class Paginering(PageNumberPagination):
    """``pagina`` (from 1) and ``per_pagina`` (at most 100); the answer has ``items`` and
    ``count`` (the total)."""

    class Input(Schema):
        pagina: int = Field(1, ge=1, le=100_000)
        per_pagina: int | None = Field(None, ge=1, le=100)

    def paginate_queryset(self, queryset: Any, pagination: Any, request: Any, **params: Any) -> Any:
        grootte = self._get_page_size(pagination.per_pagina)
        begin = (pagination.pagina - 1) * grootte
        totaal = len(queryset) if isinstance(queryset, list) else queryset.count()
        return {"items": list(queryset[begin : begin + grootte]), "count": totaal}


def casus_voor(request: HttpRequest, casus_id: Any, onderdeel: str | None = None) -> Casus:
    """The casus if the acting user may see it (404 otherwise, also for another organisation's);
    named in the access record the middleware writes when the call answers."""
    casus = selectors.casus_voor(request.membership, casus_id)  # type: ignore[attr-defined]
    noteer(request, casus=casus, **({"onderdeel": onderdeel} if onderdeel else {}))
    return casus


def details(request: HttpRequest, **waarden: Any) -> None:
    """Add to the access record's details (the application stays named)."""
    genoteerd: Genoteerd | None = getattr(request, "_toegang", None)
    bestaand = dict(genoteerd.details or {}) if genoteerd is not None else {}
    noteer(request, details={**bestaand, **waarden})


def etag(response: HttpResponse, casus: Casus) -> None:
    response["ETag"] = f'"{casus.versie}"'


def versie_uit(if_match: str | None, casus: Casus) -> int:
    """The casus version the client last read, from ``If-Match``; required for every write."""
    if not if_match:
        raise VersieVereist()
    waarde = if_match.strip().removeprefix("W/").strip('"')
    try:
        versie = int(waarde)
    except ValueError:
        raise VersieOnjuist(casus.versie) from None
    if versie != casus.versie:
        raise VersieOnjuist(casus.versie)
    return versie


# The framework version a casus runs under or a besluit was decided under (no docstring: it
# would become the schema's description).
class KaderRef(Schema):
    id: str
    versie: str
    hash: str

    @staticmethod
    def van(kv: Any) -> KaderRef:
        return KaderRef(id=kv.kader_id, versie=kv.versie, hash=kv.hash)


def filter_periode(qs: Any, veld: str, vanaf: dt.date | None, tot: dt.date | None) -> Any:
    if vanaf is not None:
        qs = qs.filter(**{f"{veld}__date__gte": vanaf})
    if tot is not None:
        qs = qs.filter(**{f"{veld}__date__lte": tot})
    return qs


class VastleggingFilter(Schema):
    """Filter on the ronde (after reopening) and on when something was recorded."""

    ronde: int | None = Field(None, ge=1, le=10_000)
    vastgelegd_vanaf: dt.date | None = None
    vastgelegd_tot: dt.date | None = None


def gefilterd(request: HttpRequest, qs: Any, filters: VastleggingFilter) -> Any:
    if filters.ronde is not None:
        qs = qs.filter(ronde=filters.ronde)
    qs = filter_periode(qs, "vastgelegd_op", filters.vastgelegd_vanaf, filters.vastgelegd_tot)
    details(request, filters=filters.model_dump(mode="json", exclude_none=True))
    return qs.order_by("vastgelegd_op", "pk")


def schrijf(
    request: HttpRequest,
    response: HttpResponse,
    casus_id: Any,
    if_match: str | None,
    dienst: Any,
    **velden: Any,
) -> Any:
    """One write through the dossier service, against the version the client read."""
    casus = casus_voor(request, casus_id)
    versie = versie_uit(if_match, casus)
    gemaakt = dienst(actor=request.membership, casus=casus, versie=versie, **velden)  # type: ignore[attr-defined]
    etag(response, casus)  # the service gave ``casus`` the values just written
    return gemaakt


IF_MATCH_BESCHRIJVING = (
    'De versie van de casus die u het laatst las (de ETag, bijvoorbeeld "7"). Verplicht bij '
    "elke vastlegging: een andere versie geeft 412, geen versie 428."
)
