"""A casus's framework version: which one it follows, and switching to a newer one
(docs/adr/0006)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from meldwijzer.accounts.permissions import mag_kaderversie_wisselen
from meldwijzer.catalogus.models import KaderVersie
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier import voortgang as stapvoortgang
from meldwijzer.dossier.models import Antwoord, Casus
from meldwijzer.ids import id_uit
from meldwijzer.web.forms_kader import WisselForm
from meldwijzer.web.views.helpers import (
    casus_voor_request,
    casuswerk,
    na_fout,
    verboden,
    versie_uit,
    zet_fouten,
)


def _routes(doel: KaderVersie | None, casus: Casus) -> list[tuple[str, str]] | None:
    """A route choice, only when the new version has several and the casus's own is not one."""
    if doel is None:
        return None
    routes = [(r.id, r.titel) for r in doel.kader().model.routes]
    if len(routes) > 1 and casus.route not in {r for r, _t in routes}:
        return routes
    return None


def _versie(waarde: str | None) -> KaderVersie | None:
    getal = id_uit(waarde)
    return KaderVersie.objects.filter(pk=getal).first() if getal is not None else None


def _pagina(
    request: HttpRequest, casus: Casus, form: WisselForm | None, status: int = 200
) -> HttpResponse:
    doel = services.wisseldoel(casus)
    mag = mag_kaderversie_wisselen(request.membership, casus)  # type: ignore[attr-defined]
    if form is None and doel is not None and mag:
        form = WisselForm(routes=_routes(doel, casus))
    return render(
        request,
        "web/kader_wisselen.html",
        {
            "casus": casus,
            "tab": "kader",
            "voortgang": stapvoortgang.voortgang(casus),
            "doel": doel,
            "mag_wisselen": mag and casus.mag_bewerken,  # type: ignore[attr-defined]
            "stap5_begonnen": Antwoord.objects.filter(
                casus=casus, ronde=casus.ronde, ingetrokken_op__isnull=True
            ).exists(),
            "besluiten": selectors.besluiten(casus).order_by("volgnummer"),
            "form": form,
        },
        status=status,
    )


@casuswerk
def kader_wisselen(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.kader")
    if request.method != "POST":
        return _pagina(request, casus, None)
    doel = services.wisseldoel(casus)
    form = WisselForm(request.POST, routes=_routes(doel, casus))
    if form.is_valid():
        try:
            services.wissel_kaderversie(
                actor=request.membership,  # type: ignore[attr-defined]
                casus=casus,
                naar=_versie(request.POST.get("naar")),
                reden=form.cleaned_data["reden"],
                route=form.cleaned_data.get("route", ""),
                versie=versie_uit(request),
            )
        except PermissionDenied as fout:
            return verboden(request, fout)
        except ValidationError as fout:
            na_fout(casus, fout)
            zet_fouten(form, fout)
        else:
            messages.success(
                request,
                _(
                    "De casus volgt nu versie %(versie)s van kader %(kader)s. Dit staat in de "
                    "tijdlijn."
                )
                % {"versie": casus.kader_versie.versie, "kader": casus.kader_versie.kader_id},
            )
            return redirect("web:kader_wisselen", casus_id=casus.uuid)
    return _pagina(request, casus, form)
