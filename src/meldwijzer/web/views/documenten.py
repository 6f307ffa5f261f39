"""The casus dossier and the melding sheet: printable HTML and PDF (docs/handleiding-termijnen.md).

Only for whoever may see the casus (404 otherwise, before anything else); each print and each
PDF is one record in the access log (action *printen* or *exporteren*).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

from meldwijzer.audit.models import Toegang
from meldwijzer.audit.toegang import noteer
from meldwijzer.dossier import selectors
from meldwijzer.dossier.models import Casus
from meldwijzer.rapportage import documenten
from meldwijzer.web.pdf import sjabloon_naar_pdf
from meldwijzer.web.views.besluit import route_overzicht, stroomschema_svg
from meldwijzer.web.views.helpers import casuswerk

PRINTEN = Toegang.Actie.PRINTEN
EXPORTEREN = Toegang.Actie.EXPORTEREN


def _casus(request: HttpRequest, casus_id: UUID) -> Casus | HttpResponse:
    """The casus (404 when this user may not see it); GET only, checked after the casus so a
    POST to a casus one may not see is a 404 too."""
    casus = selectors.casus_voor(request.membership, casus_id)  # type: ignore[attr-defined]
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return casus


def _dossier(request: HttpRequest, casus: Casus) -> dict[str, Any]:
    d = documenten.dossier(casus, request.membership)  # type: ignore[attr-defined]
    kader, beslissing = d.stand.kader, d.stand.beslissing
    return {
        "d": d,
        "kop": d.kop,
        "casus": casus,
        "route": route_overzicht(kader, beslissing) if d.stand.antwoorden else [],
        "svg": stroomschema_svg(kader, beslissing) if d.stand.antwoorden else None,
        "acties": [kader.actie_label[a] for a in beslissing.acties],
    }


def _melding(request: HttpRequest, casus: Casus) -> dict[str, Any]:
    m = documenten.melding_voorbereiden(casus, request.membership)  # type: ignore[attr-defined]
    return {"m": m, "kop": m.kop, "casus": casus}


def _document(
    sjabloon: str,
    onderdeel: str,
    inhoud: Callable[[HttpRequest, Casus], dict[str, Any]],
    bestandsnaam: str,
) -> tuple[Callable[..., HttpResponse], Callable[..., HttpResponse]]:
    """The printable page and the PDF of one document."""

    @casuswerk
    def afdruk(request: HttpRequest, casus_id: UUID) -> HttpResponse:
        casus = _casus(request, casus_id)
        if isinstance(casus, HttpResponse):
            return casus
        context = inhoud(request, casus)
        noteer(request, casus=casus, onderdeel=onderdeel, actie=PRINTEN)
        return render(request, sjabloon, {**context, "pdf": False})

    @casuswerk
    def pdf(request: HttpRequest, casus_id: UUID) -> HttpResponse:
        casus = _casus(request, casus_id)
        if isinstance(casus, HttpResponse):
            return casus
        inhoud_pdf = sjabloon_naar_pdf(sjabloon, inhoud(request, casus))
        noteer(
            request, casus=casus, onderdeel=onderdeel, actie=EXPORTEREN, details={"formaat": "pdf"}
        )
        antwoord = HttpResponse(inhoud_pdf, content_type="application/pdf")
        antwoord["Content-Disposition"] = (
            f'attachment; filename="{bestandsnaam}-{casus.kenmerk}.pdf"'
        )
        return antwoord

    return afdruk, pdf


dossier, dossier_pdf = _document("documenten/dossier.html", "casus.dossier", _dossier, "dossier")
melding_voorbereiden, melding_voorbereiden_pdf = _document(
    "documenten/melding_voorbereiden.html",
    "casus.melding_voorbereiden",
    _melding,
    "melding-voorbereiden",
)
