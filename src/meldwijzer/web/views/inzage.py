"""Inzage and transfer: a casus exported as PDF or JSON by whoever may see it, with the reporter's
identity and notes about third parties left out on request. Every export is access-logged
(action *exporteren*, with the chosen options; audit.toegang)."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation

from meldwijzer.audit.toegang import INZIEN, noteer
from meldwijzer.dossier import voortgang as stapvoortgang
from meldwijzer.dossier.inzage import InzageOpties, betrokkenen_keuzes, inzage
from meldwijzer.dossier.models import Casus
from meldwijzer.web.forms_beveiliging import InzageForm
from meldwijzer.web.pdf import naar_pdf
from meldwijzer.web.views.helpers import casus_voor_request, casuswerk


def _pagina(request: HttpRequest, casus: Casus, form: InzageForm) -> HttpResponse:
    return render(
        request,
        "web/inzage.html",
        {
            "casus": casus,
            "form": form,
            "voortgang": stapvoortgang.voortgang(casus),
            "tab": "inzage",
        },
    )


@casuswerk
def inzage_pagina(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id)
    form = InzageForm(
        initial={"formaat": "pdf", "doel": "inzage"}, betrokkenen=betrokkenen_keuzes(casus)
    )
    return _pagina(request, casus, form)


@casuswerk
def inzage_bestand(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id)
    if "formaat" not in request.GET:
        return redirect("web:inzage", casus_id=casus.uuid)
    form = InzageForm(request.GET, betrokkenen=betrokkenen_keuzes(casus))
    if not form.is_valid():
        noteer(request, actie=INZIEN)  # the form again, with the casus's header: a read
        return _pagina(request, casus, form)
    d = form.cleaned_data
    opties = InzageOpties(
        zonder_melder=d["zonder_melder"],
        zonder_derden=d["zonder_derden"],
        voor_betrokkenen=frozenset(int(v) for v in d["voor"])
        if d["zonder_derden"]
        else frozenset(),
        doel=d["doel"],
    )
    noteer(
        request,
        details={
            "formaat": d["formaat"],
            "doel": opties.doel,
            "zonder_melder": opties.zonder_melder,
            "zonder_derden": opties.zonder_derden,
            "voor_betrokkenen": sorted(opties.voor_betrokkenen),
        },
    )
    data = inzage(casus, opties)
    naam = f"inzage-{casus.kenmerk}"
    if d["formaat"] == "json":
        antwoord = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        antwoord["Content-Disposition"] = f'attachment; filename="{naam}.json"'
        return antwoord
    antwoord = HttpResponse(pdf(data), content_type="application/pdf")
    antwoord["Content-Disposition"] = f'attachment; filename="{naam}.pdf"'
    return antwoord


def pdf(data: dict[str, Any]) -> bytes:
    """The export as PDF, through the one WeasyPrint helper (web.pdf); the template carries its
    own style."""
    html = render_to_string(
        "inzage/inzage_pdf.html",
        {"d": data, "taal": translation.get_language() or "nl"},
    )
    return naar_pdf(html, stylesheet=None)
