"""Functioneel beheer: applications that use the API (issue 11). The token is shown once."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meldwijzer.accounts.permissions import mag_applicaties_beheren
from meldwijzer.api import services
from meldwijzer.api.selectors import namens_kandidaten
from meldwijzer.web.forms_api import ApplicatieForm
from meldwijzer.web.views.helpers import verboden, zet_fouten


@login_required
def applicaties(request: HttpRequest) -> HttpResponse:
    actor = getattr(request, "membership", None)
    if not mag_applicaties_beheren(actor):
        return render(request, "403.html", {"reden": "beheer"}, status=403)
    assert actor is not None
    form = ApplicatieForm(request.POST or None, kandidaten=namens_kandidaten(actor))
    token = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            applicatie, token = services.registreer_applicatie(
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
            # Shown on this response only: never stored readably, never in a redirect or session.
            form = ApplicatieForm(kandidaten=namens_kandidaten(actor))
            messages.success(
                request, _("Applicatie %(naam)s is geregistreerd.") % {"naam": applicatie.naam}
            )
    return render(
        request,
        "beheer/applicaties.html",
        {"form": form, "token": token, "applicaties": services.applicaties(actor)},
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
