"""Stap 5: the afwegingen one at a time, the besluit, its history and the flowchart."""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meldwijzer.dossier import historie, selectors, services, stap5, veilig_thuis, vervolg
from meldwijzer.dossier import voortgang as stapvoortgang
from meldwijzer.dossier.models import Casus
from meldwijzer.dossier.selectors import Stap5Stand
from meldwijzer.gedeeld.svg import inline_svg
from meldwijzer.kader import Afwegingskader, Beslissing
from meldwijzer.kader.model import CatalogusSoort, Rol
from meldwijzer.kader.stroomschema import TeGrootOmTeTekenen, teken_svg
from meldwijzer.web import kadertaal
from meldwijzer.web.forms import AntwoordForm
from meldwijzer.web.views.helpers import (
    casus_voor_request,
    casuswerk,
    na_fout,
    verboden,
    versie_uit,
    zet_fouten,
)

logger = logging.getLogger(__name__)


def stroomschema_svg(kader: Afwegingskader, beslissing: Beslissing) -> SafeString | None:
    """The flowchart with this casus's route highlighted (the text route is always shown too)."""
    try:
        # After a handover (kaderformaat 2) the route the casus is in now, as the trial decision.
        svg = teken_svg(kader, route=beslissing.route_nu, pad=beslissing)
    except TeGrootOmTeTekenen:  # too many afwegingen to draw (docs/kader-formaat.md, 'Grenzen')
        return None
    except Exception:  # the page stays usable without the drawing; the text route is shown
        logger.exception("stroomschema failed")
        return None
    return inline_svg(svg)


def route_overzicht(kader: Afwegingskader, beslissing: Beslissing) -> list[dict[str, Any]]:
    """The route's afwegingen with the answers on this casus's path: the flowchart as text.
    After a handover (kaderformaat 2) the route handed over to follows, its first row carrying
    ``verder_in``: the title of that route."""
    gekozen = {(s.route or beslissing.route, s.afweging): s.antwoord for s in beslissing.pad}
    routes = [beslissing.route, *(o.naar_route for o in beslissing.overdrachten)]
    rijen = []
    for route_id in routes:
        route = stap5.route_model(kader, route_id)
        for n, afweging in enumerate(route.afwegingen):
            sleutel = (route_id, afweging.id)
            opties = []
            for optie in stap5.ja_eerst(afweging.opties):
                gevolg = [kader.actie_label[a] for a in optie.acties]
                opties.append(
                    {
                        "label": optie.label,
                        "gekozen": gekozen.get(sleutel) == optie.id,
                        "gevolg": gevolg,
                        "volgende": optie.volgende,
                    }
                )
            rijen.append(
                {
                    "id": afweging.id,
                    "kort": afweging.kort,
                    "vraag": afweging.vraag,
                    "op_pad": sleutel in gekozen,
                    "huidig": route_id == beslissing.route_nu
                    and afweging.id == beslissing.volgende_afweging,
                    "opties": opties,
                    "verder_in": route.titel if n == 0 and route_id != beslissing.route else None,
                }
            )
    return rijen


def _pagina(
    request: HttpRequest, casus: Casus, stand: Stap5Stand, form: AntwoordForm | None
) -> HttpResponse:
    kader = stand.kader
    naast: list[Any] = []
    aanvinkbaar: list[Any] = []
    if stand.volgende is not None:
        for catalogus in kader.model.catalogi:
            if catalogus.id not in stand.volgende.catalogi:
                continue
            if form is not None and catalogus.soort is CatalogusSoort.VOORWAARDEN:
                continue  # the form itself asks each voorwaarde
            (aanvinkbaar if catalogus.aanvinkbaar else naast).append(catalogus)
    gekozen = set(form["signalen"].value() or []) if form is not None else set()
    # In another language: the framework's texts from its unofficial translation, each with
    # the Dutch original beside it (web.kadertaal; ADR 0025).
    teksten = kadertaal.stap5_teksten(stand, naast + aanvinkbaar, gekozen)
    naast, aanvinkbaar = teksten.catalogi[: len(naast)], teksten.catalogi[len(naast) :]
    toon = teksten.kader
    beantwoord = []
    for antwoord in stand.antwoorden:
        afweging = stap5.afweging_model(toon, stand.beslissing.route, antwoord.afweging)
        origineel = stap5.afweging_model(kader, stand.beslissing.route, antwoord.afweging)
        beantwoord.append(
            {
                "antwoord": antwoord,
                "afweging": afweging,
                "naam": stap5.afweging_naam(afweging),
                "route": stap5.route_titel_van_sleutel(
                    toon, stand.beslissing.route, antwoord.afweging
                ),
                "vraag": afweging.vraag,
                "label": stap5.optie_model(afweging, antwoord.antwoord).label,
                "origineel": origineel.vraag if teksten.vertaald else None,
            }
        )
    volgt = vervolg.vervolg(casus, stand)
    return render(
        request,
        "web/besluit.html",
        {
            "casus": casus,
            "tab": "besluit",
            "voortgang": stapvoortgang.voortgang(casus),
            "stand": stand,
            "vervolg": volgt,
            "evaluatie_aan_de_beurt": stand.volgende is not None
            and stand.volgende.rol is Rol.RESULTAAT,
            "beantwoord": beantwoord,
            "form": form,
            "naast": naast,
            "catalogi": aanvinkbaar,
            "gekozen": gekozen,
            "al_aangevinkt": set(stand.signalen),
            "herkomst": historie.bronnen_per_item(casus),
            "basis_gewijzigd": volgt.basis_gewijzigd,
            "veldnaam": "signalen",
            "beslissende_items": stap5.beslissende_items(toon, aanvinkbaar),
            "acties": [kader.actie_label[a] for a in stand.beslissing.acties],
            "normen": teksten.normen,
            "teksten": teksten,
            "route": route_overzicht(toon, stand.beslissing),
            "route_origineel": route_overzicht(kader, stand.beslissing)
            if teksten.vertaald
            else None,
            "svg": stroomschema_svg(toon, stand.beslissing) if stand.antwoorden else None,
            "besluiten": selectors.besluiten(casus).order_by("-volgnummer"),
            "route_titels": {r.id: r.titel for r in toon.model.routes},
            "volgende_bron": stand.volgende.bron.als_tekst()
            if stand.volgende is not None and stand.volgende.bron
            else "",
        },
    )


def _form(casus: Casus, stand: Stap5Stand, data: Any = None) -> AntwoordForm | None:
    if stand.volgende is None or not stand.kan_beginnen:
        return None
    if stand.volgende.rol is Rol.RESULTAAT:  # answered in an evaluation of the hulpplan
        return None
    samen = stand.samen_met_veilig_thuis
    return AntwoordForm(
        data,
        kader=stand.kader,
        afweging=stand.volgende,
        samen_met_veilig_thuis=samen,
        sleutel=stand.volgende_sleutel,
        signalen=list(selectors.signalen(casus).order_by("datum", "pk")),
        # The contact at Veilig Thuis named before in this casus, offered again.
        initial=veilig_thuis.laatste_contact(casus).als_initial("vt_contact") if samen else None,
    )


@casuswerk
def besluit(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.besluit")
    extra = request.POST.getlist("signalen") if request.method == "POST" else []
    # An answer's form needs only the afweging whose turn it is; the service reads the rest
    # under the casus lock, so the besluit in force is read here only when the page is shown
    # (docs/performance.md, "Minder ORM op de casuspagina's").
    stand = selectors.stap5_stand(casus, extra_signalen=extra, met_besluit=request.method != "POST")
    form = _form(casus, stand, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            resultaat = services.beantwoord_afweging(
                actor=request.membership,  # type: ignore[attr-defined]
                casus=casus,
                afweging=d["afweging"],
                antwoord=d["antwoord"],
                toelichting=d["toelichting"],
                signalen=d["signalen"],
                bronnen=d["bronnen"],
                nieuw_signaal=form.nieuw_signaal_gegevens(),
                vt_contact=d.get("vt_contact", ""),
                vt_datum=d.get("vt_datum"),
                voorwaarden=form.voorwaarden(),
                versie=versie_uit(request),
            )
        except ValidationError as fout:
            na_fout(casus, fout)
            zet_fouten(form, fout)
        except PermissionDenied as fout:
            return verboden(request, fout)
        else:
            if resultaat.besluit is not None:
                messages.success(
                    request,
                    _("Besluit %(nr)s is vastgelegd.") % {"nr": resultaat.besluit.volgnummer},
                )
            else:
                messages.success(request, _("Uw antwoord is vastgelegd."))
            return redirect("web:besluit", casus_id=casus.uuid)
    if request.method == "POST":
        selectors.vul_besluit_aan(stand, casus)
    return _pagina(request, casus, stand, form)


@casuswerk
@require_POST
def concept_intrekken(request: HttpRequest, casus_id: UUID) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.besluit")
    try:
        services.trek_concept_in(
            actor=request.membership,  # type: ignore[attr-defined]
            casus=casus,
            versie=versie_uit(request),
        )
    except ValidationError as fout:
        na_fout(casus, fout)
        for tekst in fout.messages:
            messages.error(request, tekst)
    except PermissionDenied as fout:
        return verboden(request, fout)
    else:
        messages.success(request, _("Uw antwoord is ingetrokken; beantwoord de afweging opnieuw."))
    return redirect("web:besluit", casus_id=casus.uuid)


@casuswerk
def besluit_detail(request: HttpRequest, casus_id: UUID, volgnummer: int) -> HttpResponse:
    casus = casus_voor_request(request, casus_id, "casus.besluit_detail")
    gevonden = selectors.besluiten(casus).filter(volgnummer=volgnummer).first()
    if gevonden is None:
        raise Http404
    herberekend = gevonden.herbereken()
    kader = gevonden.kader_versie.kader()
    uitkomst = gevonden.uitkomst
    return render(
        request,
        "web/besluit_detail.html",
        {
            "casus": casus,
            "tab": "besluit",
            "voortgang": stapvoortgang.voortgang(casus),
            "besluit": gevonden,
            "uitkomst": uitkomst,
            "gelijk": herberekend == uitkomst,
            # Kaderformaat 2: the route of each answer, the handovers, the deciding signals.
            "routes": stap5.besluit_route(kader, gevonden.antwoorden, uitkomst),
            "signalen": [(i, kader.items.get(i, ("", i))[1]) for i in gevonden.signalen],
            "bronnen": historie.bronnen_van_besluit(casus, gevonden),
            "basis_gewijzigd": historie.basis_gewijzigd(casus, gevonden),
        },
    )
