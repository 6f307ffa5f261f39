"""Correcting and withdrawing a recorded item: the same form as when it was recorded, filled
with its current version, plus the reason (docs/adr/0019)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from meldwijzer.dossier import historie, invoer, services
from meldwijzer.dossier import voortgang as stapvoortgang
from meldwijzer.dossier.models import Casus, GegevenSoort
from meldwijzer.dossier.models.casus import Vastlegging
from meldwijzer.dossier.services.correcties import REDENEN
from meldwijzer.web import kadertaal
from meldwijzer.web.forms import (
    BetrokkeneForm,
    ConsultatieForm,
    GeenGesprekForm,
    GesprekForm,
    MeldingForm,
    SignaalForm,
    SpoedmeldingForm,
    WegingForm,
    formulier,
    keuze,
    tekstvak,
)
from meldwijzer.web.forms_vervolg import HulpplanForm
from meldwijzer.web.views.helpers import (
    casus_voor_request,
    casuswerk,
    na_fout,
    scripts_van_hier,
    verboden,
    versie_uit,
    zet_fouten,
)

# The page each kind is listed on: where a correction returns to.
PAGINA = {
    GegevenSoort.SIGNAAL: "web:signalen",
    GegevenSoort.BETROKKENE: "web:betrokkenen",
    GegevenSoort.ZIENSWIJZE: "web:zienswijzen",
    GegevenSoort.CONSULTATIE: "web:consultatie",
    GegevenSoort.GESPREK: "web:gesprek",
    GegevenSoort.WEGING: "web:weging",
    GegevenSoort.MELDING: "web:melding",
    GegevenSoort.HULPPLAN: "web:hulpplan",
}

ZienswijzeCorrectieForm = formulier("ZienswijzeCorrectieForm", invoer.ZIENSWIJZE)


class RedenForm(forms.Form):
    """Why an item is corrected or withdrawn: kept with the earlier version, shown in the
    dossier."""

    reden = keuze(
        gettext_lazy("Reden"),
        [(r.value, r.label) for r in REDENEN],
        leeg=gettext_lazy("Kies de reden van de correctie of intrekking."),
    )
    toelichting = tekstvak(
        gettext_lazy("Toelichting"),
        rijen=3,
        help_text=gettext_lazy(
            "Wat was er onjuist, en waarom? Bij een verzoek van een betrokkene (AVG, artikel "
            "16): wie vroeg het en wanneer. Dit blijft in het dossier zichtbaar."
        ),
        leeg=gettext_lazy(
            "Licht toe wat er onjuist was en waarom: dat blijft in het dossier zichtbaar."
        ),
    )


def _item(casus: Casus, soort: str, item_id: int) -> tuple[GegevenSoort, Vastlegging]:
    """A current (not withdrawn) item of this casus; 404 for anything else."""
    try:
        gegeven = GegevenSoort(soort)
    except ValueError:
        raise Http404 from None
    item = (
        historie.MODELLEN[gegeven]
        ._default_manager.filter(casus=casus, pk=item_id, ingetrokken_op__isnull=True)
        .first()
    )
    if item is None:
        raise Http404
    return gegeven, item


def _beginwaarden(gegeven: GegevenSoort, item: Any) -> dict[str, Any]:
    declaratie = historie.DECLARATIES[gegeven]
    waarden = {naam: getattr(item, naam) for naam in declaratie.namen()}
    if gegeven == GegevenSoort.SIGNAAL:
        waarden.update(aangevinkt=list(item.aangevinkt or []), vormen=list(item.vormen or []))
    if gegeven == GegevenSoort.HULPPLAN:
        for i, datum in enumerate(item.evaluatiedatums[:3], start=1):
            waarden[f"evaluatiedatum_{i}"] = datum
    return waarden


def _formulier(casus: Casus, gegeven: GegevenSoort, item: Any, data: Any) -> forms.Form:
    initial = _beginwaarden(gegeven, item)
    if gegeven == GegevenSoort.SIGNAAL:
        return SignaalForm(data, initial=initial, kader=casus.kader_versie.kader())
    klasse: type[forms.Form] = {
        GegevenSoort.BETROKKENE: BetrokkeneForm,
        GegevenSoort.ZIENSWIJZE: ZienswijzeCorrectieForm,
        GegevenSoort.CONSULTATIE: ConsultatieForm,
        GegevenSoort.WEGING: WegingForm,
        GegevenSoort.HULPPLAN: HulpplanForm,
        GegevenSoort.GESPREK: GesprekForm if getattr(item, "gevoerd", False) else GeenGesprekForm,
        GegevenSoort.MELDING: SpoedmeldingForm if getattr(item, "spoed", False) else MeldingForm,
    }[gegeven]
    return klasse(data, initial=initial)


def _waarden(gegeven: GegevenSoort, item: Any, form: forms.Form) -> dict[str, Any]:
    """The cleaned data as the service takes a whole new version."""
    if isinstance(form, HulpplanForm):
        return {**form.gedeclareerd(), "evaluatiedata": form.evaluatiedata()}
    waarden = dict(form.cleaned_data)
    if gegeven == GegevenSoort.GESPREK:
        waarden["gevoerd"] = item.gevoerd
    return waarden


@scripts_van_hier
@casuswerk
def corrigeren(request: HttpRequest, casus_id: UUID, soort: str, item_id: int) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.correctie")
    gegeven, item = _item(casus, soort, item_id)
    data = request.POST if request.method == "POST" else None
    form = _formulier(casus, gegeven, item, data)
    reden = RedenForm(data, prefix="correctie")
    if request.method == "POST" and form.is_valid() and reden.is_valid():
        try:
            services.corrigeer(
                actor=request.membership,  # type: ignore[attr-defined]
                casus=casus,
                soort=gegeven.value,
                item_id=item.pk,
                reden=reden.cleaned_data["reden"],
                toelichting=reden.cleaned_data["toelichting"],
                waarden=_waarden(gegeven, item, form),
                versie=versie_uit(request),
            )
        except ValidationError as fout:
            na_fout(casus, fout)
            _zet(form, reden, fout)
        except PermissionDenied as fout:
            return verboden(request, fout)
        else:
            messages.success(
                request,
                _("De correctie is vastgelegd; de eerdere versie blijft in het dossier bewaard."),
            )
            return redirect(PAGINA[gegeven], casus_id=casus.uuid)
    kader = casus.kader_versie.kader()
    # In another language: the lists from the framework's unofficial translation, each with its
    # Dutch original, as on stap 1 (ADR 0025).
    lijsten = kadertaal.lijsten(kader, [c for c in kader.model.catalogi if c.aanvinkbaar])
    return render(
        request,
        "web/corrigeren.html",
        {
            "casus": casus,
            "tab": PAGINA[gegeven].split(":")[1],
            "voortgang": stapvoortgang.voortgang(casus),
            "soort": gegeven,
            "item": item,
            "form": form,
            "reden": reden,
            "catalogi": lijsten.catalogi,
            "teksten": lijsten,
            "gekozen": set(form["aangevinkt"].value() or [])
            if gegeven == GegevenSoort.SIGNAAL
            else set(),
            "veldnaam": "aangevinkt",
            "terug": PAGINA[gegeven],
        },
    )


def _zet(form: forms.Form, reden: RedenForm, fout: ValidationError) -> None:
    """The service's errors on the form they belong to: the reason's on the reason form."""
    if hasattr(fout, "error_dict"):
        eigen = {k: v for k, v in fout.error_dict.items() if k in {"reden", "toelichting"}}
        if eigen and not any(k in form.fields for k in eigen):
            zet_fouten(reden, ValidationError(eigen))
            rest = {k: v for k, v in fout.error_dict.items() if k not in eigen}
            if rest:
                zet_fouten(form, ValidationError(rest))
            return
    zet_fouten(form, fout)


@casuswerk
def intrekken(request: HttpRequest, casus_id: UUID, soort: str, item_id: int) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.intrekking")
    gegeven, item = _item(casus, soort, item_id)
    reden = RedenForm(request.POST if request.method == "POST" else None, prefix="correctie")
    if request.method == "POST" and reden.is_valid():
        try:
            services.trek_in(
                actor=request.membership,  # type: ignore[attr-defined]
                casus=casus,
                soort=gegeven.value,
                item_id=item.pk,
                reden=reden.cleaned_data["reden"],
                toelichting=reden.cleaned_data["toelichting"],
                versie=versie_uit(request),
            )
        except ValidationError as fout:
            na_fout(casus, fout)
            zet_fouten(reden, fout)
        except PermissionDenied as fout:
            return verboden(request, fout)
        else:
            messages.success(
                request,
                _(
                    "Ingetrokken: het telt nergens meer mee en blijft met de reden zichtbaar in "
                    "de tijdlijn en het dossier."
                ),
            )
            return redirect(PAGINA[gegeven], casus_id=casus.uuid)
    return render(
        request,
        "web/intrekken.html",
        {
            "casus": casus,
            "tab": PAGINA[gegeven].split(":")[1],
            "voortgang": stapvoortgang.voortgang(casus),
            "soort": gegeven,
            "item": item,
            "reden": reden,
            "terug": PAGINA[gegeven],
        },
    )


@casuswerk
@require_POST
def opnieuw_beslissen(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.besluit")
    try:
        services.beslis_opnieuw(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            toelichting=request.POST.get("toelichting", ""),
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
            _(
                "De antwoorden van dit traject zijn ingetrokken. Beantwoord de afwegingen "
                "opnieuw; het vorige besluit blijft bewaard en wordt vervangen."
            ),
        )
    return redirect("web:besluit", casus_id=casus.uuid)
