from __future__ import annotations

from typing import cast
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meldwijzer.audit.selectors import tijdlijn
from meldwijzer.audit.toegang import noteer
from meldwijzer.catalogus.selectors import zichtbare_kaderversie
from meldwijzer.catalogus.services import kaderversie_voor_organisatie
from meldwijzer.dossier import lijsten, selectors, services, stap5, vervolg
from meldwijzer.dossier import voortgang as stapvoortgang
from meldwijzer.dossier.models import Casus, Fase
from meldwijzer.ids import GEEN_ID
from meldwijzer.web.forms import CasusForm, HeropenForm
from meldwijzer.web.forms_beveiliging import ZoekBetrokkeneForm
from meldwijzer.web.menu import casusadres
from meldwijzer.web.views.helpers import (
    casus_voor_request,
    casuswerk,
    na_fout,
    verboden,
    versie_uit,
    zet_fouten,
)


@casuswerk
def lijst(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    fase = request.GET.get("stap") or None
    if fase not in Fase.values:
        fase = None
    alleen_eigen = request.GET.get("eigen") == "1"
    # Only a version this user may see filters (or is named on the page): a concept's name is
    # not revealed through the filter (docs/security.md § 12).
    gevraagd = request.GET.get("kaderversie")
    kader_versie = zichtbare_kaderversie(membership, gevraagd)
    # A version asked for but not visible filters to nothing, as an unknown one does.
    filter_id = kader_versie.pk if kader_versie is not None else GEEN_ID if gevraagd else None
    casussen = selectors.casussen_lijst(
        membership,
        fase=fase,
        alleen_eigen=alleen_eigen,
        kader_versie=filter_id,
    )
    pagina = Paginator(casussen, settings.MELDWIJZER_PAGINA_GROOTTE).get_page(
        request.GET.get("pagina")
    )
    noteer(
        request,
        details={
            "stap": fase,
            "eigen": alleen_eigen,
            "kaderversie": filter_id,
            "pagina": pagina.number,
        },
    )
    # The page's rows as tuples of the columns shown, not casus instances (docs/performance.md,
    # "Minder ORM op de casuspagina's"); their titles' keys in one query, and each row's address
    # without a reverse() per row. (The page's rows are a QuerySet slice: Paginator's type says
    # only "sliceable".)
    waarden = lijsten.lijstwaarden(cast("QuerySet[Casus]", pagina.object_list))
    rijen = [(rij, casusadres("casus", rij.uuid)) for rij in lijsten.lijstrijen(waarden)]
    return render(
        request,
        "web/casussen.html",
        {
            "pagina": pagina,
            "rijen": rijen,
            "fase": fase,
            "fasen": Fase.choices,
            "alleen_eigen": alleen_eigen,
            "zoekform": ZoekBetrokkeneForm(),
            "kader_versie": kader_versie,
        },
    )


@casuswerk
@require_POST
def zoeken(request: HttpRequest) -> HttpResponse:
    """Is there already a casus of this person in the organisation? Name and birth date go
    through the keyed blind index only; neither is logged or stored (POST: never in a URL)."""
    membership = request.membership  # type: ignore[attr-defined]
    form = ZoekBetrokkeneForm(request.POST)
    resultaat = None
    if form.is_valid():
        resultaat = lijsten.casussen_met_betrokkene(
            membership, form.cleaned_data["naam"], form.cleaned_data["geboortedatum"]
        )
        noteer(
            request,
            details={
                "gevonden": [c.pk for c in resultaat.zichtbaar],
                "niet_zichtbaar": resultaat.niet_zichtbaar,
            },
        )
    return render(request, "web/casus_zoeken.html", {"form": form, "resultaat": resultaat})


@casuswerk
def nieuw(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    # The organisation's framework version valid today: a new casus pins it (docs/adr/0006).
    try:
        kaderversie = kaderversie_voor_organisatie(membership.organisatie_id)
    except ValidationError as fout:
        kaderversie = None
        messages.error(request, " ".join(fout.messages))
    routes = [(r.id, r.titel) for r in kaderversie.kader().model.routes] if kaderversie else []
    form = CasusForm(request.POST or None, routes=routes if len(routes) > 1 else None)
    if request.method == "POST" and form.is_valid() and kaderversie is not None:
        try:
            casus = services.open_casus(
                actor=membership,
                titel=form.cleaned_data["titel"],
                kader_versie=kaderversie,
                route=form.cleaned_data.get("route", ""),
            )
        except ValidationError as fout:
            zet_fouten(form, fout)
        except PermissionDenied as fout:
            return verboden(request, fout)
        else:
            messages.success(
                request, _("Casus %(kenmerk)s is geopend.") % {"kenmerk": casus.kenmerk}
            )
            return redirect("web:casus", casus_id=casus.uuid)
    return render(request, "web/casus_nieuw.html", {"form": form, "kaderversie": kaderversie})


def _overzicht(
    request: HttpRequest, casus: Casus, heropen_form: HeropenForm, status: int = 200
) -> HttpResponse:
    # Each part read once (docs/performance.md, "Minder ORM op de casuspagina's"): the
    # betrokkenen for the list and the Kindcheck points, stap 5's state with the meldingen of
    # the vervolg, which reads no kind of record the counts show the casus has none of. The page
    # shows no betrokkene's birth date nor who recorded them, and no answer's texts.
    betrokkenen = selectors.betrokkenen_kort(casus)
    aantal = selectors.aantallen(casus)
    volgt = vervolg.vervolg(casus, betrokkenen=betrokkenen, kort=True, aantallen=aantal)
    # Earlier trajecten exist only after a closing: a closed casus, or one reopened (a new
    # ronde, dossier.services.casus.heropen_casus). Otherwise there is nothing to read.
    afsluitingen = selectors.afsluitingen(casus) if casus.ronde > 1 or casus.is_afgesloten else []
    heropeningen = tijdlijn(casus).filter(soort="casus.heropend") if casus.ronde > 1 else []
    return render(
        request,
        "web/casus.html",
        {
            "casus": casus,
            "stand": volgt.stand,
            "vervolg": volgt,
            "voortgang": stapvoortgang.voortgang(casus),
            "betrokkenen": betrokkenen,
            "aantal": aantal,
            "afsluitingen": afsluitingen,
            "heropeningen": heropeningen,
            "heropen_form": heropen_form,
            "tab": "overzicht",
        },
        status=status,
    )


@casuswerk
def overzicht(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.overzicht")
    return _overzicht(request, casus, HeropenForm())


@casuswerk
def tijdlijn_view(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.tijdlijn")
    return render(
        request,
        "web/tijdlijn.html",
        {
            "casus": casus,
            "voortgang": stapvoortgang.voortgang(casus),
            "gebeurtenissen": tijdlijn(casus).select_related("actor"),
            # The afwegingen by their answer keys, with short label and route (kaderformaat 2).
            "afwegingnamen": stap5.afweging_namen(casus.kader_versie.kader(), casus.route),
            "tab": "tijdlijn",
        },
    )


@casuswerk
@require_POST
def heropenen(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.heropenen")
    form = HeropenForm(request.POST)
    if form.is_valid():
        try:
            services.heropen_casus(
                actor=request.membership,  # type: ignore[attr-defined]
                casus=casus,
                reden=form.cleaned_data["reden"],
                versie=versie_uit(request),
            )
        except ValidationError as fout:
            na_fout(casus, fout)
            zet_fouten(form, fout)
        except PermissionDenied as fout:
            return verboden(request, fout)
        else:
            messages.success(
                request,
                _(
                    "De casus is heropend bij stap 1, als nieuw traject. Het eerdere traject "
                    "blijft in het dossier. Leg de nieuwe signalen vast."
                ),
            )
            return redirect("web:signalen", casus_id=casus.uuid)
    return _overzicht(request, casus, form)
