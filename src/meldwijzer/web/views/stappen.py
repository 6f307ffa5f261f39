"""Steps 1–4, the betrokkenen, the melding and help outside the meldcode: list plus form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import Casus
from meldwijzer.web.forms import (
    BetrokkeneForm,
    ConsultatieForm,
    GeenGesprekForm,
    GesprekForm,
    HulpBuitenMeldcodeForm,
    MeldingForm,
    SignaalForm,
    WegingForm,
)
from meldwijzer.web.views.helpers import casus_voor_request, casuswerk, verboden, zet_fouten


def _verwerk(
    request: HttpRequest,
    casus: Casus,
    form: forms.Form,
    schrijf: Callable[[dict[str, Any]], object],
    gelukt: str,
    volgende: str,
) -> HttpResponse | None:
    """Validate, call the service, redirect on success (POST/redirect/GET); None re-renders."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        schrijf(form.cleaned_data)
    except ValidationError as fout:
        zet_fouten(form, fout)
        return None
    except PermissionDenied as fout:
        return verboden(request, fout)
    messages.success(request, gelukt)
    return redirect(volgende, casus_id=casus.uuid)


def _context(casus: Casus, tab: str, **extra: Any) -> dict[str, Any]:
    return {"casus": casus, "voortgang": selectors.voortgang(casus), "tab": tab, **extra}


@casuswerk
def betrokkenen(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.betrokkenen")
    form = BetrokkeneForm(request.POST or None)
    antwoord = _verwerk(
        request,
        casus,
        form,
        lambda d: services.voeg_betrokkene_toe(
            actor=request.membership,
            casus=casus,
            rol=d["rol"],
            relatie=d["relatie"],  # type: ignore[attr-defined]
            leeftijd=d["leeftijd"],
            geboortejaar=d["geboortejaar"],
            naam=d["naam"],
        ),
        _("De betrokkene is toegevoegd."),
        "web:betrokkenen",
    )
    return antwoord or render(
        request,
        "web/betrokkenen.html",
        _context(
            casus,
            "betrokkenen",
            form=form,
            betrokkenen=selectors.betrokkenen(casus),
        ),
    )


@casuswerk
def signalen(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.signalen")
    kader = casus.kader_versie.kader()
    form = SignaalForm(request.POST or None, kader=kader)
    antwoord = _verwerk(
        request,
        casus,
        form,
        lambda d: services.leg_signaal_vast(
            actor=request.membership,
            casus=casus,
            datum=d["datum"],
            bron=d["bron"],  # type: ignore[attr-defined]
            bron_wie=d["bron_wie"],
            aard=d["aard"],
            tekst=d["tekst"],
            aangevinkt=d["aangevinkt"],
        ),
        _("Het signaal is vastgelegd."),
        "web:signalen",
    )
    gekozen = set(form["aangevinkt"].value() or [])
    return antwoord or render(
        request,
        "web/signalen.html",
        _context(
            casus,
            "signalen",
            form=form,
            signalen=selectors.signalen(casus),
            kader=kader,
            catalogi=[c for c in kader.model.catalogi if c.aanvinkbaar],
            gekozen=gekozen,
            veldnaam="aangevinkt",
        ),
    )


@casuswerk
def consultatie(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.consultatie")
    form = ConsultatieForm(request.POST or None)
    antwoord = _verwerk(
        request,
        casus,
        form,
        lambda d: services.leg_consultatie_vast(
            actor=request.membership,
            casus=casus,
            met_wie=d["met_wie"],  # type: ignore[attr-defined]
            naam_functie=d["naam_functie"],
            datum=d["datum"],
            advies=d["advies"],
        ),
        _("De consultatie is vastgelegd."),
        "web:consultatie",
    )
    return antwoord or render(
        request,
        "web/consultatie.html",
        _context(
            casus,
            "consultatie",
            form=form,
            consultaties=selectors.consultaties(casus),
        ),
    )


@casuswerk
def gesprek(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.gesprek")
    soort = request.POST.get("soort") if request.method == "POST" else None
    form = GesprekForm(request.POST if soort == "gesprek" else None, prefix="gesprek")
    geen_form = GeenGesprekForm(request.POST if soort == "geen" else None, prefix="geen")
    antwoord = None
    if soort == "gesprek":
        antwoord = _verwerk(
            request,
            casus,
            form,
            lambda d: services.leg_gesprek_vast(
                actor=request.membership,
                casus=casus,
                gevoerd=True,
                met_wie=d["met_wie"],  # type: ignore[attr-defined]
                datum=d["datum"],
                reactie=d["reactie"],
            ),
            _("Het gesprek is vastgelegd."),
            "web:gesprek",
        )
    elif soort == "geen":
        antwoord = _verwerk(
            request,
            casus,
            geen_form,
            lambda d: services.leg_gesprek_vast(
                actor=request.membership,
                casus=casus,
                gevoerd=False,  # type: ignore[attr-defined]
                reden_geen_gesprek=d["reden_geen_gesprek"],
                toelichting=d["toelichting"],
            ),
            _("De reden dat er geen gesprek was, is vastgelegd."),
            "web:gesprek",
        )
    return antwoord or render(
        request,
        "web/gesprek.html",
        _context(
            casus,
            "gesprek",
            form=form,
            geen_form=geen_form,
            gesprekken=selectors.gesprekken(casus),
            open_form=soort,
        ),
    )


@casuswerk
def weging(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.weging")
    kader = casus.kader_versie.kader()
    form = WegingForm(request.POST or None)
    antwoord = _verwerk(
        request,
        casus,
        form,
        lambda d: services.leg_weging_vast(
            actor=request.membership,
            casus=casus,
            datum=d["datum"],  # type: ignore[attr-defined]
            aard_en_ernst=d["aard_en_ernst"],
            risicofactoren=d["risicofactoren"],
            beschermende_factoren=d["beschermende_factoren"],
        ),
        _("De weging is vastgelegd."),
        "web:weging",
    )
    naast = [c for c in kader.model.catalogi if c.soort in {"vuistregels", "risicofactoren"}]
    return antwoord or render(
        request,
        "web/weging.html",
        _context(
            casus,
            "weging",
            form=form,
            wegingen=selectors.wegingen(casus),
            naast=naast,
            aangevinkt=[kader.items[i] for i in selectors.aangevinkte_signalen(casus)],
        ),
    )


@casuswerk
def melding(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.melding")
    stand = selectors.stap5_stand(casus)
    form = MeldingForm(request.POST or None)
    antwoord = _verwerk(
        request,
        casus,
        form,
        lambda d: services.leg_melding_vast(
            actor=request.membership,
            casus=casus,
            datum=d["datum"],
            wijze=d["wijze"],  # type: ignore[attr-defined]
            vt_contact=d["vt_contact"],
            vt_kenmerk=d["vt_kenmerk"],
            vooraf_geinformeerd=d["vooraf_geinformeerd"] == "ja",
            hoe_geinformeerd=d["hoe_geinformeerd"],
            reden_niet_geinformeerd=d["reden_niet_geinformeerd"],
            toelichting_niet_geinformeerd=d["toelichting_niet_geinformeerd"],
        ),
        _("De melding is vastgelegd."),
        "web:melding",
    )
    return antwoord or render(
        request,
        "web/melding.html",
        _context(
            casus,
            "melding",
            form=form,
            stand=stand,
            meldingen=selectors.meldingen(casus),
        ),
    )


@casuswerk
def hulp_buiten_meldcode(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.hulp_buiten_meldcode")
    form = HulpBuitenMeldcodeForm(request.POST or None)
    antwoord = _verwerk(
        request,
        casus,
        form,
        lambda d: services.noteer_hulp_buiten_meldcode(
            actor=request.membership,
            casus=casus,
            datum=d["datum"],  # type: ignore[attr-defined]
            omschrijving=d["omschrijving"],
        ),
        _("De hulp buiten de meldcode is genoteerd."),
        "web:hulp_buiten_meldcode",
    )
    return antwoord or render(
        request,
        "web/hulp_buiten_meldcode.html",
        _context(
            casus,
            "besluit",
            form=form,
            hulp=selectors.hulp_buiten_meldcode(casus),
        ),
    )
