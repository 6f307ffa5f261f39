"""Working together: share a casus with a colleague, withdraw a share, hand it over."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meldwijzer.accounts.permissions import ziet_alle_casussen
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import Casus
from meldwijzer.web.forms_vervolg import DeelForm, NieuweEigenaarForm
from meldwijzer.web.views.helpers import (
    casus_voor_request,
    casuswerk,
    na_fout,
    verboden,
    versie_uit,
)
from meldwijzer.web.views.stappen import context, verwerk


def _forms(
    request: HttpRequest, casus: Casus, soort: str | None
) -> tuple[DeelForm, NieuweEigenaarForm]:
    leden = [m for m in selectors.collegas(casus) if m.user_id != casus.eigenaar_id]
    collegas = [
        (m.user_id, f"{m.user.weergavenaam} ({m.get_rol_display().lower()})") for m in leden
    ]
    deel = DeelForm(
        request.POST if soort == "delen" else None,
        # The aandachtsfunctionaris sees every casus already: nothing to share with them.
        collegas=[c for c, m in zip(collegas, leden, strict=True) if not ziet_alle_casussen(m)],
        prefix="delen",
    )
    over = NieuweEigenaarForm(
        request.POST if soort == "eigenaar" else None,
        collegas=collegas,
        prefix="eigenaar",
    )
    return deel, over


@casuswerk
def samenwerken(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.samenwerken")
    soort = request.POST.get("soort") if request.method == "POST" else None
    deel, over = _forms(request, casus, soort)
    antwoord = None
    actor: Any = request.membership  # type: ignore[attr-defined]
    if soort == "delen":
        antwoord = verwerk(
            request,
            casus,
            deel,
            lambda d: services.deel_casus(
                actor=actor, casus=casus, met=d["met"], recht=d["recht"], versie=d["versie"]
            ),
            _("De casus is gedeeld."),
            "web:samenwerken",
        )
    elif soort == "eigenaar":
        antwoord = verwerk(
            request,
            casus,
            over,
            lambda d: services.wissel_eigenaar(
                actor=actor,
                casus=casus,
                nieuwe_eigenaar=d["nieuwe_eigenaar"],
                reden=d["reden"],
                versie=d["versie"],
            ),
            _("De casus is overgedragen."),
            "web:samenwerken",
        )
        if (
            antwoord is not None
            and not selectors.zichtbare_casussen(actor).filter(pk=casus.pk).exists()
        ):
            return redirect("web:casussen")  # handed over: this user no longer sees it
    return antwoord or render(
        request,
        "web/samenwerken.html",
        context(
            casus,
            "samenwerken",
            deel_form=deel,
            over_form=over,
            delingen=selectors.delingen(casus),
        ),
    )


@casuswerk
@require_POST
def deling_intrekken(request: HttpRequest, casus_id: UUID, deling_id: int) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.samenwerken")
    deling = selectors.delingen(casus).filter(pk=deling_id).first()
    if deling is None:
        raise Http404("Deling niet gevonden")
    try:
        services.trek_deling_in(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            deling=deling,
            versie=versie_uit(request),
        )
    except ValidationError as fout:
        na_fout(casus, fout)
        for tekst in fout.messages:
            messages.error(request, tekst)
    except PermissionDenied as fout:
        return verboden(request, fout)
    else:
        messages.success(
            request,
            _("%(naam)s heeft geen toegang meer tot de casus.") % {"naam": deling.met.weergavenaam},
        )
    return redirect("web:samenwerken", casus_id=casus.uuid)
