"""Care for those involved: a betrokkene's zienswijze, and the Kindcheck for adults."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from meldwijzer.dossier import selectors, services, stap5
from meldwijzer.dossier.models import ZorgtVoorKinderen
from meldwijzer.kader.model import CatalogusSoort
from meldwijzer.web import kadertaal
from meldwijzer.web.forms_vervolg import KindcheckForm, ZienswijzeForm
from meldwijzer.web.views.helpers import casus_voor_request, casuswerk
from meldwijzer.web.views.stappen import context, verwerk


@casuswerk
def zienswijzen(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.zienswijzen")
    betrokkenen = list(selectors.betrokkenen(casus))
    form = ZienswijzeForm(request.POST or None, betrokkenen=[(b.pk, str(b)) for b in betrokkenen])
    per_id = {b.pk: b for b in betrokkenen}
    antwoord = verwerk(
        request,
        casus,
        form,
        lambda d: services.leg_zienswijze_vast(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            # the cleaned data whole, the chosen betrokkene as the person it names
            **{**d, "betrokkene": per_id.get(d["betrokkene"])},
        ),
        _("De zienswijze is vastgelegd."),
        "web:zienswijzen",
    )
    return antwoord or render(
        request,
        "web/zienswijzen.html",
        context(
            casus,
            "zienswijzen",
            form=form,
            zienswijzen=selectors.zienswijzen(casus),
            betrokkenen=betrokkenen,
        ),
    )


@casuswerk
def kindcheck(request: HttpRequest, casus_id: UUID, betrokkene_id: int) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.kindcheck")
    betrokkene = selectors.betrokkene_voor(casus, betrokkene_id)
    kader = casus.kader_versie.kader()
    catalogus = stap5.catalogus_van_soort(kader, None, CatalogusSoort.KINDCHECK)
    # In another language: the conditions from the framework's unofficial translation, the Dutch
    # list one click away (ADR 0025); what is stored are the ids.
    lijsten = kadertaal.lijsten(kader, [catalogus] if catalogus else [])
    getoond = lijsten.catalogi[0] if lijsten.catalogi else None
    form = KindcheckForm(
        request.POST or None,
        condities=[(i.id, i.tekst) for i in getoond.items] if getoond else [],
    )
    zorgt = request.POST.get("zorgt_voor_kinderen") if request.method == "POST" else None
    antwoord = verwerk(
        request,
        casus,
        form,
        lambda d: services.leg_kindcheck_vast(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            betrokkene=betrokkene,
            **d,  # the conditions, then the declared fields (dossier.invoer.KINDCHECK)
        ),
        _("De Kindcheck is vastgelegd. Voeg de kinderen toe als betrokkenen.")
        if zorgt == ZorgtVoorKinderen.JA
        else _("De Kindcheck is vastgelegd."),
        "web:betrokkenen",
    )
    return antwoord or render(
        request,
        "web/kindcheck.html",
        context(
            casus,
            "betrokkenen",
            form=form,
            betrokkene=betrokkene,
            catalogus=catalogus,
            teksten=lijsten,
            eerdere=selectors.kindchecks(casus).filter(betrokkene=betrokkene),
        ),
    )
