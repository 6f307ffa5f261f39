"""Steps 1–4, the betrokkenen and help outside the meldcode: list plus form."""

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

from meldwijzer.dossier import datums, selectors, services, vervolg
from meldwijzer.dossier import voortgang as stapvoortgang
from meldwijzer.dossier.models import Casus
from meldwijzer.socialekaart import selectors as socialekaart_selectors
from meldwijzer.web import kadertaal
from meldwijzer.web.forms import (
    BetrokkeneForm,
    ConsultatieForm,
    GeenGesprekForm,
    GesprekForm,
    HulpBuitenMeldcodeForm,
    SignaalForm,
    WegingForm,
)
from meldwijzer.web.views.helpers import (
    casus_voor_request,
    casuswerk,
    na_fout,
    scripts_van_hier,
    verboden,
    versie_uit,
    zet_fouten,
)
from meldwijzer.web.views.socialekaart import consultatie_uit_kaart, deskundigen_voor_casus


def verwerk(
    request: HttpRequest,
    casus: Casus,
    form: forms.Form,
    schrijf: Callable[[dict[str, Any]], object],
    gelukt: str,
    volgende: str,
    **url_args: Any,
) -> HttpResponse | None:
    """Validate, call the service, redirect on success (POST/redirect/GET); None re-renders.

    ``schrijf`` gets the cleaned data plus ``versie``: the casus version the form was opened
    with, so a stale form is refused with its input kept (dossier.services.gelijktijdig).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        vastgelegd = schrijf({**form.cleaned_data, "versie": versie_uit(request)})
    except ValidationError as fout:
        na_fout(casus, fout)
        zet_fouten(form, fout)
        return None
    except PermissionDenied as fout:
        return verboden(request, fout)
    messages.success(request, gelukt)
    waarschuw(request, vastgelegd)
    return redirect(volgende, casus_id=casus.uuid, **url_args)


def waarschuw(request: HttpRequest, vastgelegd: object) -> None:
    """A date just entered on a weekend or a public holiday is saved, with a warning beside the
    success message (dossier.datums.datumwaarschuwingen, as the API gives them)."""
    for tekst in datums.datumwaarschuwingen(vastgelegd):
        messages.warning(request, tekst)


def context(casus: Casus, tab: str, **extra: Any) -> dict[str, Any]:
    return {"casus": casus, "voortgang": stapvoortgang.voortgang(casus), "tab": tab, **extra}


@casuswerk
def betrokkenen(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.betrokkenen")
    rol = request.GET.get("rol")
    form = BetrokkeneForm(request.POST or None, initial={"rol": rol} if rol else None)
    antwoord = verwerk(
        request,
        casus,
        form,
        lambda d: services.voeg_betrokkene_toe(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            **d,  # the cleaned data whole: the form derives from dossier.invoer.BETROKKENE
        ),
        _("De betrokkene is toegevoegd."),
        "web:betrokkenen",
    )
    if antwoord:
        return antwoord
    laatste: dict[int, Any] = {}
    for k in selectors.kindchecks(casus).order_by("vastgelegd_op", "pk"):
        laatste[k.betrokkene_id] = k
    kader = casus.kader_versie.kader()
    alle = list(selectors.betrokkenen(casus))
    return render(
        request,
        "web/betrokkenen.html",
        context(
            casus,
            "betrokkenen",
            form=form,
            betrokkenen=[(b, laatste.get(b.pk)) for b in alle],
            kindcheck=vervolg.kindcheck_punten(casus, selectors.aangevinkte_signalen(casus)),
            item_teksten={item_id: tekst for item_id, (_cat, tekst) in kader.items.items()},
        ),
    )


@scripts_van_hier
@casuswerk
def signalen(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.signalen")
    kader = casus.kader_versie.kader()
    form = SignaalForm(request.POST or None, kader=kader)
    antwoord = verwerk(
        request,
        casus,
        form,
        lambda d: services.leg_signaal_vast(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            **d,  # the cleaned data whole: the form derives from dossier.invoer.SIGNAAL
        ),
        _("Het signaal is vastgelegd."),
        "web:signalen",
    )
    if antwoord:
        return antwoord
    # In another language: the lists from the framework's unofficial translation (ADR 0025).
    lijsten = kadertaal.lijsten(kader, [c for c in kader.model.catalogi if c.aanvinkbaar])
    return render(
        request,
        "web/signalen.html",
        context(
            casus,
            "signalen",
            form=form,
            signalen=selectors.signalen(casus),
            zienswijzen=selectors.zienswijzen(casus),
            kader=kader,
            catalogi=lijsten.catalogi,
            teksten=lijsten,
            gekozen=set(form["aangevinkt"].value() or []),
            veldnaam="aangevinkt",
        ),
    )


@casuswerk
def consultatie(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.consultatie")
    # A consultee picked from the sociale kaart fills who and their name (docs/sociale-kaart.md).
    gekozen = consultatie_uit_kaart(casus.organisatie_id, request.GET.get("raadpleeg"))
    form = ConsultatieForm(request.POST or None, initial=gekozen)
    antwoord = verwerk(
        request,
        casus,
        form,
        lambda d: services.leg_consultatie_vast(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            **d,  # the cleaned data whole: the form derives from dossier.invoer.CONSULTATIE
        ),
        _("De consultatie is vastgelegd."),
        "web:consultatie",
    )
    return antwoord or render(
        request,
        "web/consultatie.html",
        context(
            casus,
            "consultatie",
            form=form,
            consultaties=selectors.consultaties(casus),
            kaart=socialekaart_selectors.kaart(casus.organisatie_id),
            gekozen=gekozen,
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
        antwoord = verwerk(
            request,
            casus,
            form,
            lambda d: services.leg_gesprek_vast(
                actor=request.membership,  # type: ignore[attr-defined]
                casus=casus,
                gevoerd=True,
                **d,  # the cleaned data whole: the form derives from dossier.invoer.GESPREK
            ),
            _("Het gesprek is vastgelegd."),
            "web:gesprek",
        )
    elif soort == "geen":
        antwoord = verwerk(
            request,
            casus,
            geen_form,
            lambda d: services.leg_gesprek_vast(
                actor=request.membership,  # type: ignore[attr-defined]
                casus=casus,
                gevoerd=False,
                **d,
            ),
            _("De reden dat er geen gesprek was, is vastgelegd."),
            "web:gesprek",
        )
    return antwoord or render(
        request,
        "web/gesprek.html",
        context(
            casus,
            "gesprek",
            form=form,
            geen_form=geen_form,
            gesprekken=selectors.gesprekken(casus),
            open_form=soort,
            zorg=vervolg.zorg_bij_gesprek(casus, selectors.aangevinkte_signalen(casus)),
            zorg_deskundigen=deskundigen_voor_casus(casus),
        ),
    )


@casuswerk
def weging(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.weging")
    kader = casus.kader_versie.kader()
    form = WegingForm(request.POST or None)
    antwoord = verwerk(
        request,
        casus,
        form,
        lambda d: services.leg_weging_vast(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            **d,  # the cleaned data whole: the form derives from dossier.invoer.WEGING
        ),
        _("De weging is vastgelegd."),
        "web:weging",
    )
    naast = kadertaal.lijsten(
        kader, [c for c in kader.model.catalogi if c.soort in {"vuistregels", "risicofactoren"}]
    )
    return antwoord or render(
        request,
        "web/weging.html",
        context(
            casus,
            "weging",
            form=form,
            wegingen=selectors.wegingen(casus),
            naast=naast.catalogi,
            teksten=naast,
            aangevinkt=[kader.items[i] for i in selectors.aangevinkte_signalen(casus)],
        ),
    )


@casuswerk
def hulp_buiten_meldcode(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.hulp_buiten_meldcode")
    form = HulpBuitenMeldcodeForm(request.POST or None)
    antwoord = verwerk(
        request,
        casus,
        form,
        lambda d: services.noteer_hulp_buiten_meldcode(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            datum=d["datum"],
            omschrijving=d["omschrijving"],
            versie=d["versie"],
        ),
        _("De hulp buiten de meldcode is genoteerd."),
        "web:hulp_buiten_meldcode",
    )
    return antwoord or render(
        request,
        "web/hulp_buiten_meldcode.html",
        context(casus, "besluit", form=form, hulp=selectors.hulp_buiten_meldcode(casus)),
    )
