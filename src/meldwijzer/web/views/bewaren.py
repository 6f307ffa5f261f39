"""The organisation's retention period, set by its functioneel beheerder (no casus content)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from meldwijzer.accounts.permissions import mag_bewaartermijn_instellen
from meldwijzer.dossier.models import STANDAARD_JAREN
from meldwijzer.dossier.services.bewaren import stel_bewaartermijn_in, termijn_jaren
from meldwijzer.web.forms_beveiliging import BewaartermijnForm
from meldwijzer.web.views.helpers import verboden, zet_fouten


@login_required
def bewaartermijn(request: HttpRequest) -> HttpResponse:
    actor = getattr(request, "membership", None)
    if not mag_bewaartermijn_instellen(actor):
        return render(request, "403.html", {"reden": "beheer"}, status=403)
    assert actor is not None
    huidig = termijn_jaren(actor.organisatie_id)
    form = BewaartermijnForm(request.POST or None, initial={"jaren": huidig})
    if request.method == "POST" and form.is_valid():
        try:
            stel_bewaartermijn_in(actor=actor, jaren=form.cleaned_data["jaren"])
        except ValidationError as fout:
            zet_fouten(form, fout)
        except PermissionDenied as fout:
            return verboden(request, fout)
        else:
            messages.success(request, _("De bewaartermijn is opgeslagen."))
            return redirect("web:beheer_bewaartermijn")
    return render(
        request,
        "beheer/bewaartermijn.html",
        {"form": form, "huidig": huidig, "standaard": STANDAARD_JAREN},
    )
