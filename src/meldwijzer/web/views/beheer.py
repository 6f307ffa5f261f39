"""Functioneel beheer: the organisation's users (no casus content anywhere on these pages)."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meldwijzer.accounts import beheer as diensten
from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_gebruikers_beheren
from meldwijzer.web.accountforms import NieuweGebruikerForm, NieuwWachtwoordForm, RolForm
from meldwijzer.web.views.helpers import View, zet_fouten


def beheerwerk(view: View) -> View:
    """Login required, and the beheerder role (else a clear 403 page)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not mag_gebruikers_beheren(getattr(request, "membership", None)):
            return render(request, "403.html", {"reden": "beheer"}, status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapper)


@beheerwerk
def gebruikers(request: HttpRequest) -> HttpResponse:
    actor: Membership = request.membership  # type: ignore[attr-defined]
    form = NieuweGebruikerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            nieuw = diensten.maak_gebruiker(
                actor=actor,
                gebruikersnaam=d["gebruikersnaam"],
                voornaam=d["voornaam"],
                achternaam=d["achternaam"],
                rol=d["rol"],
                wachtwoord=d["wachtwoord"],
            )
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(
                request,
                _("Gebruiker %(naam)s is aangemaakt.") % {"naam": nieuw.user.username},
            )
            return redirect("web:beheer_gebruikers")
    pagina = Paginator(diensten.leden(actor), settings.MELDWIJZER_PAGINA_GROOTTE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "beheer/gebruikers.html", {"pagina": pagina, "form": form})


@beheerwerk
def gebruiker(request: HttpRequest, membership_id: int) -> HttpResponse:
    actor: Membership = request.membership  # type: ignore[attr-defined]
    lid = diensten.lidmaatschap_voor(actor, membership_id)
    return _gebruiker_pagina(request, lid)


def _gebruiker_pagina(
    request: HttpRequest,
    lid: Membership,
    rol_form: RolForm | None = None,
    wachtwoord_form: NieuwWachtwoordForm | None = None,
    fout: str = "",
) -> HttpResponse:
    return render(
        request,
        "beheer/gebruiker.html",
        {
            "lid": lid,
            "zelf": lid.user_id == request.user.pk,
            "rol_form": rol_form or RolForm(initial={"rol": lid.rol}),
            "wachtwoord_form": wachtwoord_form or NieuwWachtwoordForm(),
            "fout": fout,
        },
    )


@beheerwerk
@require_POST
def gebruiker_actie(request: HttpRequest, membership_id: int, actie: str) -> HttpResponse:
    actor: Membership = request.membership  # type: ignore[attr-defined]
    lid = diensten.lidmaatschap_voor(actor, membership_id)
    rol_form = wachtwoord_form = None
    try:
        if actie == "rol":
            rol_form = RolForm(request.POST)
            if not rol_form.is_valid():
                return _gebruiker_pagina(request, lid, rol_form=rol_form)
            diensten.wijzig_rol(actor=actor, membership=lid, rol=rol_form.cleaned_data["rol"])
            gelukt = _("De rol is gewijzigd; de open sessies van deze gebruiker zijn beëindigd.")
        elif actie == "deactiveren":
            diensten.zet_actief(actor=actor, membership=lid, actief=False)
            gelukt = _("De gebruiker is gedeactiveerd; open sessies zijn direct beëindigd.")
        elif actie == "activeren":
            diensten.zet_actief(actor=actor, membership=lid, actief=True)
            gelukt = _("De gebruiker is weer actief.")
        elif actie == "tweestaps":
            diensten.reset_tweestaps_van(actor=actor, membership=lid)
            gelukt = _(
                "Tweestapsverificatie is gereset. De gebruiker stelt die bij de volgende keer "
                "inloggen opnieuw in."
            )
        elif actie == "ontgrendelen":
            diensten.ontgrendel(actor=actor, membership=lid)
            gelukt = _("De blokkade is opgeheven.")
        elif actie == "wachtwoord":
            wachtwoord_form = NieuwWachtwoordForm(request.POST)
            if not wachtwoord_form.is_valid():
                return _gebruiker_pagina(request, lid, wachtwoord_form=wachtwoord_form)
            diensten.nieuw_wachtwoord(
                actor=actor, membership=lid, wachtwoord=wachtwoord_form.cleaned_data["wachtwoord"]
            )
            gelukt = _("Het nieuwe wachtwoord is gezet; open sessies zijn beëindigd.")
        else:
            return render(request, "404.html", status=404)
    except ValidationError as fout:
        if wachtwoord_form is not None:
            zet_fouten(wachtwoord_form, fout)
            return _gebruiker_pagina(request, lid, wachtwoord_form=wachtwoord_form)
        if rol_form is not None:
            zet_fouten(rol_form, fout)
            return _gebruiker_pagina(request, lid, rol_form=rol_form)
        return _gebruiker_pagina(request, lid, fout=" ".join(fout.messages))
    messages.success(request, gelukt)
    return redirect("web:beheer_gebruiker", membership_id=lid.pk)
