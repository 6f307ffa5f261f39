"""The privacy officer's logs: access log, audit trail (what and who, never the content) and
login events of the organisation. Reading the log is itself logged. Filters and export follow in
the second security issue."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meldwijzer.accounts.models import Inloggebeurtenis, Membership
from meldwijzer.accounts.permissions import mag_logboek_lezen
from meldwijzer.audit.models import Gebeurtenis, Toegang
from meldwijzer.audit.services import log_toegang
from meldwijzer.web.views.helpers import View, ip_adres

SOORTEN = {
    "toegang": "logboek.toegang",
    "wijzigingen": "logboek.wijzigingen",
    "inloggen": "logboek.inloggen",
}


def logboekwerk(view: View) -> View:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not mag_logboek_lezen(getattr(request, "membership", None)):
            return render(request, "403.html", {"reden": "logboek"}, status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapper)


@logboekwerk
def logboek(request: HttpRequest) -> HttpResponse:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    soort = request.GET.get("soort", "toegang")
    if soort not in SOORTEN:
        soort = "toegang"
    org = membership.organisatie_id
    rijen: Any
    if soort == "toegang":
        rijen = (
            Toegang.objects.filter(organisatie_id=org)
            .select_related("gebruiker", "casus")
            .only(
                "tijdstip",
                "rol",
                "actie",
                "onderdeel",
                "ip_adres",
                "gebruiker__username",
                "gebruiker__first_name",
                "gebruiker__last_name",
                "casus__kenmerk",
            )
            .order_by("-tijdstip", "-pk")
        )
    elif soort == "wijzigingen":
        # What changed and who changed it; the old and new values are casus content: not here.
        rijen = (
            Gebeurtenis.objects.filter(organisatie_id=org)
            .select_related("casus")
            .only("tijdstip", "actor_naam", "actor_rol", "soort", "object_type", "casus__kenmerk")
            .order_by("-tijdstip", "-pk")
        )
    else:
        leden = Membership.objects.filter(organisatie_id=org).values("user_id")
        rijen = Inloggebeurtenis.objects.filter(gebruiker_id__in=leden).order_by("-tijdstip", "-pk")
    # Logged before the page is counted, so the listing includes this read itself.
    log_toegang(
        membership=membership,
        onderdeel=SOORTEN[soort],
        actie=Toegang.Actie.ZOEKEN,
        details={"pagina": request.GET.get("pagina") or "1"},
        ip_adres=ip_adres(request),
    )
    pagina = Paginator(rijen, settings.MELDWIJZER_PAGINA_GROOTTE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "logboek/logboek.html", {"pagina": pagina, "soort": soort})
