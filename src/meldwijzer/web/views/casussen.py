from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meldwijzer.audit.models import Toegang
from meldwijzer.audit.selectors import tijdlijn
from meldwijzer.audit.services import log_toegang
from meldwijzer.dossier import selectors, services, vervolg
from meldwijzer.dossier.models import Casus, Fase
from meldwijzer.web.forms import CasusForm, HeropenForm
from meldwijzer.web.views.helpers import (
    casus_voor_request,
    casuswerk,
    ip_adres,
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
    casussen = selectors.casussen_lijst(membership, fase=fase, alleen_eigen=alleen_eigen)
    pagina = Paginator(casussen, settings.MELDWIJZER_PAGINA_GROOTTE).get_page(
        request.GET.get("pagina")
    )
    log_toegang(
        membership=membership,
        onderdeel="casussen.lijst",
        actie=Toegang.Actie.ZOEKEN,
        details={"stap": fase, "eigen": alleen_eigen, "pagina": pagina.number},
        ip_adres=ip_adres(request),
    )
    return render(
        request,
        "web/casussen.html",
        {
            "pagina": pagina,
            "fase": fase,
            "fasen": Fase.choices,
            "alleen_eigen": alleen_eigen,
        },
    )


@casuswerk
def nieuw(request: HttpRequest) -> HttpResponse:
    form = CasusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            casus = services.open_casus(
                actor=request.membership,  # type: ignore[attr-defined]
                titel=form.cleaned_data["titel"],
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
    return render(request, "web/casus_nieuw.html", {"form": form})


def _overzicht(
    request: HttpRequest, casus: Casus, heropen_form: HeropenForm, status: int = 200
) -> HttpResponse:
    stand = selectors.stap5_stand(casus)
    return render(
        request,
        "web/casus.html",
        {
            "casus": casus,
            "stand": stand,
            "vervolg": vervolg.vervolg(casus, stand),
            "voortgang": selectors.voortgang(casus),
            "betrokkenen": selectors.betrokkenen(casus),
            "aantal": {
                "signalen": selectors.signalen(casus).count(),
                "zienswijzen": selectors.zienswijzen(casus).count(),
                "consultaties": selectors.consultaties(casus).count(),
                "gesprekken": selectors.gesprekken(casus).count(),
                "wegingen": selectors.wegingen(casus).count(),
                "meldingen": selectors.meldingen(casus).count(),
                "hulpplannen": selectors.hulpplannen(casus).count(),
                "evaluaties": selectors.evaluaties(casus).count(),
            },
            "afsluitingen": selectors.afsluitingen(casus),
            "heropeningen": tijdlijn(casus).filter(soort="casus.heropend"),
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
            "voortgang": selectors.voortgang(casus),
            "gebeurtenissen": tijdlijn(casus).select_related("actor"),
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
