"""Applications that use the API: the beheerder asks for them and revokes them (*Beheer →
Applicaties*); the user an application acts for approves it with a fresh second factor, sees
its token once, and revokes it (*Mijn account → Applicaties*). docs/adr/0010."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from meldwijzer.accounts.middleware import SESSIE_BEGIN
from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_applicaties_beheren, mag_namens_handelen
from meldwijzer.accounts.tweestaps import totp_apparaat
from meldwijzer.applicaties import services
from meldwijzer.applicaties.models import Applicatie
from meldwijzer.applicaties.selectors import namens_kandidaten
from meldwijzer.ids import id_uit
from meldwijzer.web.forms_api import ApplicatieForm, GoedkeurForm
from meldwijzer.web.views.helpers import verboden, zet_fouten


@login_required
def applicaties(request: HttpRequest) -> HttpResponse:
    actor = getattr(request, "membership", None)
    if not mag_applicaties_beheren(actor):
        return render(request, "403.html", {"reden": "beheer"}, status=403)
    assert actor is not None
    form = ApplicatieForm(request.POST or None, kandidaten=namens_kandidaten(actor))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            applicatie = services.vraag_applicatie_aan(
                actor=actor,
                naam=d["naam"],
                scopes=d["scopes"],
                namens=d["namens"],
                verloopt_op=d["verloopt_op"],
            )
        except ValidationError as fout:
            zet_fouten(form, fout)
        except PermissionDenied as fout:
            return verboden(request, fout)
        else:
            messages.success(
                request,
                _(
                    "Applicatie %(naam)s is aangevraagd. %(wie)s keurt haar goed op Mijn account "
                    "en krijgt dan het token; vraag het hem of haar."
                )
                % {"naam": applicatie.naam, "wie": applicatie.namens.user.weergavenaam},
            )
            return redirect("web:beheer_applicaties")
    return render(
        request,
        "beheer/applicaties.html",
        {"form": form, "applicaties": services.applicaties(actor)},
    )


@login_required
@require_POST
def intrekken(request: HttpRequest) -> HttpResponse:
    actor = getattr(request, "membership", None)
    if not mag_applicaties_beheren(actor):
        return render(request, "403.html", {"reden": "beheer"}, status=403)
    assert actor is not None
    try:
        applicatie = services.trek_applicatie_in(
            actor=actor, applicatie_id=request.POST.get("applicatie", "")
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request, _("Applicatie %(naam)s is ingetrokken.") % {"naam": applicatie.naam}
        )
    return redirect("web:beheer_applicaties")


def _eigen_lid(request: HttpRequest) -> Membership | None:
    lid = getattr(request, "membership", None)
    return lid if mag_namens_handelen(lid) else None


def _geen_casuswerk(request: HttpRequest) -> HttpResponse:
    """Applications act only for who works with casussen (``mag_namens_handelen``)."""
    return render(request, "403.html", {"reden": "rol"}, status=403)


@login_required
def mijn_applicaties(request: HttpRequest) -> HttpResponse:
    """The applications acting (or asking to act) for the logged-in user."""
    if _eigen_lid(request) is None:
        return _geen_casuswerk(request)
    return _mijn_pagina(request)


def _mijn_pagina(
    request: HttpRequest,
    *,
    form: GoedkeurForm | None = None,
    fout_bij: int | None = None,
    token: str | None = None,
    goedgekeurd: Applicatie | None = None,
) -> HttpResponse:
    lid = _eigen_lid(request)
    applicaties = services.applicaties_namens(lid) if lid is not None else []
    # One form per application waiting, each with ids of its own; the refused one keeps its error.
    formulieren = {
        a.pk: form
        if form is not None and a.pk == fout_bij
        else GoedkeurForm(auto_id=f"app{a.pk}_%s")
        for a in applicaties
    }
    return render(
        request,
        "account/applicaties.html",
        {
            "applicaties": [(a, formulieren[a.pk]) for a in applicaties],
            "fout_bij": fout_bij,
            "token": token,
            "goedgekeurd": goedgekeurd,
            "heeft_app": totp_apparaat(request.user) is not None,  # type: ignore[arg-type]
        },
    )


@login_required
@require_POST
@sensitive_post_parameters("code")
def goedkeuren(request: HttpRequest) -> HttpResponse:
    lid = _eigen_lid(request)
    if lid is None:
        return _geen_casuswerk(request)
    applicatie_id = request.POST.get("applicatie", "")
    form = GoedkeurForm(request.POST, auto_id=f"app{id_uit(applicatie_id)}_%s")
    form.is_valid()
    try:
        applicatie, token = services.keur_applicatie_goed(
            lid=lid,
            applicatie_id=applicatie_id,
            code=form.cleaned_data.get("code", ""),
            sessie_begin=request.session.get(SESSIE_BEGIN),
        )
    except ValidationError as fout:
        zet_fouten(form, fout)
        return _mijn_pagina(request, form=form, fout_bij=id_uit(applicatie_id))
    except PermissionDenied as fout:
        return verboden(request, fout)
    # Shown on this response only: never stored readably, never in a redirect or the session.
    return _mijn_pagina(request, token=token, goedgekeurd=applicatie)


@login_required
@require_POST
def mijn_applicatie_intrekken(request: HttpRequest) -> HttpResponse:
    lid = _eigen_lid(request)
    if lid is None:
        return _geen_casuswerk(request)
    try:
        applicatie = services.trek_applicatie_in(
            actor=lid, applicatie_id=request.POST.get("applicatie", "")
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request, _("Applicatie %(naam)s is ingetrokken.") % {"naam": applicatie.naam}
        )
    return redirect("web:mijn_applicaties")
