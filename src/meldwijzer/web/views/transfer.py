"""Transfer of a casus to another organisation (docs/handleiding-casus.md): the export on the
casus, for
its owner and the aandachtsfunctionaris, and the import page of the receiving organisation.
The service (dossier.services.transfer) writes the access record and the audit event of both;
the pages only read input and hand back the file or the new casus."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from meldwijzer.accounts.permissions import (
    mag_casus_naar_organisatie_overdragen,
    mag_overgedragen_casus_ontvangen,
)
from meldwijzer.audit.toegang import INZIEN, noteer
from meldwijzer.dossier import services
from meldwijzer.web.forms_transfer import ExportForm, ImportForm
from meldwijzer.web.views.helpers import casus_voor_request, casuswerk, ip_adres, verboden
from meldwijzer.web.views.stappen import context


def _fouten_in(form: Any, fout: ValidationError) -> None:
    if hasattr(fout, "error_dict"):
        for veld, lijst in fout.message_dict.items():
            form.add_error(veld if veld in form.fields else None, lijst)
    else:
        form.add_error(None, fout.messages)


@casuswerk
@sensitive_post_parameters("wachtwoord", "wachtwoord_herhaald")
def casus_exporteren(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.overdracht")
    noteer(request, actie=INZIEN)  # the form with the casus's header; the export is below
    actor: Any = request.membership  # type: ignore[attr-defined]
    mag = mag_casus_naar_organisatie_overdragen(actor, casus)
    form = ExportForm(request.POST or None)
    if request.method == "POST":
        if not mag:
            return verboden(
                request,
                PermissionDenied(
                    _(
                        "Alleen de eigenaar of de aandachtsfunctionaris kan deze casus aan een "
                        "andere organisatie overdragen."
                    )
                ),
            )
        if form.is_valid():
            try:
                export = services.exporteer_casus(
                    actor=actor,
                    casus=casus,
                    wachtwoord=form.cleaned_data["wachtwoord"],
                    ontvanger=form.cleaned_data["ontvanger"],
                    ip_adres=ip_adres(request),
                )
            except ValidationError as fout:
                _fouten_in(form, fout)
            else:
                noteer(request, vastgelegd=True)  # the service wrote the access record
                antwoord = HttpResponse(export.inhoud, content_type="application/json")
                antwoord["Content-Disposition"] = f'attachment; filename="{export.bestandsnaam}"'
                return antwoord
    return render(
        request, "web/casus_exporteren.html", context(casus, "inzage", form=form, mag=mag)
    )


@casuswerk
@sensitive_post_parameters("wachtwoord")
def casus_importeren(request: HttpRequest) -> HttpResponse:
    actor: Any = request.membership  # type: ignore[attr-defined]
    if not mag_overgedragen_casus_ontvangen(actor):
        return render(request, "403.html", {"reden": "rol"}, status=403)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            casus = services.importeer_casus(
                actor=actor,
                bestand=form.cleaned_data["bestand"].read(),
                wachtwoord=form.cleaned_data["wachtwoord"],
                ip_adres=ip_adres(request),
            )
        except ValidationError as fout:
            _fouten_in(form, fout)
        else:
            messages.success(
                request,
                _("De casus is overgenomen als %(kenmerk)s. U bent de eigenaar.")
                % {"kenmerk": casus.kenmerk},
            )
            return redirect("web:casus", casus_id=casus.uuid)
    return render(request, "web/casus_importeren.html", {"form": form})
