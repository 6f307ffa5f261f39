"""Practice mode at /oefenen/ (docs/handleiding-oefenen.md): oefencasussen, practising on the
stap-5 forms with feedback per answer, and the totals for the aandachtsfunctionaris.

No casus is read here, so nothing is written to the access log (it records reads of casus
data); every page is marked OEFENING by its template (oefenen/_basis.html).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_oefencasussen_schrijven, mag_oefenen
from meldwijzer.catalogus.services import kaderversie_voor_organisatie
from meldwijzer.dossier import stap5
from meldwijzer.kader import Afwegingskader, beslis
from meldwijzer.oefenen import selectors, services, terugkoppeling
from meldwijzer.oefenen.models import Oefencasus, Oefenpoging
from meldwijzer.oefenen.verwachting import situaties_van
from meldwijzer.sleutels.sleutelring import vooraf_laden
from meldwijzer.web import kadertaal
from meldwijzer.web.forms_oefenen import VOORVOEGSEL, OefenAntwoordForm, OefencasusForm
from meldwijzer.web.views.besluit import route_overzicht, stroomschema_svg
from meldwijzer.web.views.helpers import View, zet_fouten


def _alleen(mag: Callable[[Membership | None], bool], reden: str) -> Callable[[View], View]:
    """Login required and this right (else a 403 page that says who may); never cached."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not mag(getattr(request, "membership", None)):
                return render(request, "403.html", {"reden": reden}, status=403)
            return view(request, *args, **kwargs)

        return login_required(never_cache(wrapper))

    return decorator


oefenwerk = _alleen(mag_oefenen, "oefenen")
schrijfwerk = _alleen(mag_oefencasussen_schrijven, "oefencasussen")


def _lid(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


@oefenwerk
def overzicht(request: HttpRequest) -> HttpResponse:
    lid = _lid(request)
    schrijver = mag_oefencasussen_schrijven(lid)
    casussen = Paginator(
        selectors.oefencasussen(lid, ook_ingetrokken=schrijver), settings.MELDWIJZER_PAGINA_GROOTTE
    ).get_page(request.GET.get("pagina"))
    pogingen = list(selectors.mijn_pogingen(lid)[:20])
    # Each title is encrypted under its oefencasus's own key: load the keys in one query.
    sleutels = [c.sleutel_id for c in casussen.object_list]
    vooraf_laden([*sleutels, *(p.oefencasus.sleutel_id for p in pogingen)])
    return render(
        request,
        "oefenen/overzicht.html",
        {"oefencasussen": casussen, "pogingen": pogingen, "schrijver": schrijver},
    )


def _route_keuze(kader: Afwegingskader, request: HttpRequest) -> str:
    routes = list(kader.routes)
    gevraagd = request.POST.get("route") or request.GET.get("route") or ""
    if gevraagd in routes:
        return gevraagd
    return routes[0] if len(routes) == 1 else ""


@schrijfwerk
def nieuw(request: HttpRequest) -> HttpResponse:
    lid = _lid(request)
    try:
        versie = kaderversie_voor_organisatie(lid.organisatie_id)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return redirect("web:oefenen")
    kader = versie.kader()
    situaties = situaties_van(kader)
    situatie = next(
        (s for s in situaties if str(s.nummer) == request.GET.get("situatie") and s.startpunt),
        None,
    )
    route = situatie.route if situatie is not None else _route_keuze(kader, request)
    context: dict[str, Any] = {
        "kader": kader,
        "versie": versie,
        "routes": kader.model.routes,
        "route": route,
        "situaties": [s for s in situaties if s.startpunt],
        "niet_te_gebruiken": [s for s in situaties if not s.startpunt],
        "situatie": situatie,
    }
    if not route:  # a framework with several routes: first choose one
        return render(request, "oefenen/nieuw.html", context)
    initial: dict[str, Any] = {}
    if situatie is not None:
        initial = {
            "titel": situatie.naam,
            "vignet": situatie.toelichting,
            "signalen": situatie.signalen,
            **{VOORVOEGSEL + a: o for a, o in situatie.antwoorden.items()},
        }
    form = OefencasusForm(
        request.POST if request.method == "POST" else None,
        kader=kader,
        route=route,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            oefencasus = services.schrijf_oefencasus(
                actor=lid,
                titel=d["titel"],
                vignet=d["vignet"],
                route=route,
                antwoorden=form.verwachte_antwoorden(),
                signalen=d["signalen"],
                uit_situatie=situatie.naam if situatie is not None else "",
            )
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(
                request, _("De oefencasus is opgeslagen; collega's kunnen ermee oefenen.")
            )
            return redirect("web:oefencasus", oefencasus_id=oefencasus.uuid)
    bij_route = {c for a in stap5.route_model(kader, route).afwegingen for c in a.catalogi}
    catalogi = [c for c in kader.model.catalogi if c.aanvinkbaar and c.id in bij_route]
    context.update(
        {
            "form": form,
            "catalogi": catalogi,
            "gekozen": set(form["signalen"].value() or []),
            "al_aangevinkt": set(),
            "veldnaam": "signalen",
            "open_lijsten": False,
        }
    )
    return render(request, "oefenen/nieuw.html", context)


def _verwachte_route(oefencasus: Oefencasus, kader: Afwegingskader) -> list[dict[str, Any]]:
    uit = []
    for afweging_id, optie_id in oefencasus.verwachte_antwoorden.items():
        afweging = stap5.afweging_model(kader, oefencasus.route, afweging_id)
        uit.append({"afweging": afweging, "optie": stap5.optie_model(afweging, optie_id)})
    return uit


@oefenwerk
def oefencasus(request: HttpRequest, oefencasus_id: UUID) -> HttpResponse:
    lid = _lid(request)
    gevonden = selectors.oefencasus_voor(lid, oefencasus_id)
    kader = gevonden.kader()
    schrijver = mag_oefencasussen_schrijven(lid)
    return render(
        request,
        "oefenen/oefencasus.html",
        {
            "oefencasus": gevonden,
            "kader": kader,
            "route_titel": stap5.route_model(kader, gevonden.route).titel,
            "schrijver": schrijver,
            # The expected answers are the writer's; a learner meets them only in the feedback.
            "verwacht": _verwachte_route(gevonden, kader) if schrijver else [],
            "signalen": [kader.items[i][1] for i in gevonden.verwachte_signalen]
            if schrijver
            else [],
            "pogingen": selectors.mijn_pogingen(lid).filter(oefencasus=gevonden)[:10],
        },
    )


@oefenwerk
@require_POST
def beginnen(request: HttpRequest, oefencasus_id: UUID) -> HttpResponse:
    lid = _lid(request)
    gevonden = selectors.oefencasus_voor(lid, oefencasus_id)
    try:
        poging = services.begin_poging(actor=lid, oefencasus=gevonden)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return redirect("web:oefencasus", oefencasus_id=gevonden.uuid)
    return redirect("web:oefening", poging_id=poging.uuid)


@schrijfwerk
@require_POST
def intrekken(request: HttpRequest, oefencasus_id: UUID) -> HttpResponse:
    lid = _lid(request)
    gevonden = selectors.oefencasus_voor(lid, oefencasus_id)
    try:
        services.trek_oefencasus_in(actor=lid, oefencasus=gevonden)
    except PermissionDenied:
        return render(request, "403.html", {"reden": "oefencasussen"}, status=403)
    messages.success(request, _("De oefencasus is ingetrokken; de totalen blijven zichtbaar."))
    return redirect("web:oefencasus", oefencasus_id=gevonden.uuid)


def _oefenpagina(
    request: HttpRequest, poging: Oefenpoging, form: OefenAntwoordForm | None
) -> HttpResponse:
    oefencasus = poging.oefencasus
    kader = oefencasus.kader()
    route = oefencasus.route
    # In another language the feedback speaks the framework's unofficial translation, each
    # answer's Dutch original one click away (ADR 0025); the judgement is the same.
    vertaald = kadertaal.kader_in_taal(kader)

    def per_antwoord(k: Afwegingskader) -> terugkoppeling.Terugkoppeling:
        return terugkoppeling.per_antwoord(
            k,
            route,
            oefencasus.verwachte_antwoorden,
            oefencasus.verwachte_signalen,
            poging.antwoorden,
            poging.signalen,
            poging.toelichtingen or {},
        )

    feedback = per_antwoord(vertaald or kader)
    if vertaald is not None:
        feedback = terugkoppeling.Terugkoppeling(
            [
                replace(t, origineel=o)
                for t, o in zip(feedback.antwoorden, per_antwoord(kader).antwoorden, strict=True)
            ]
        )
    context: dict[str, Any] = {
        "poging": poging,
        "oefencasus": oefencasus,
        "kader": kader,
        "terugkoppeling": feedback,
        "laatste": feedback.antwoorden[-1] if feedback.antwoorden else None,
        "form": form,
    }
    if form is not None:
        afweging = form.afweging_model
        gekozen = set(form["signalen"].value() or [])
        bij = [c for c in kader.model.catalogi if c.id in afweging.catalogi]
        # In another language: the unofficial translation beside the Dutch (ADR 0025).
        teksten = kadertaal.oefen_teksten(
            kader,
            route,
            afweging,
            poging.antwoorden,
            poging.signalen,
            bij,
            sleutel=form.fields["afweging"].initial,
        )
        context.update(
            {
                "teksten": teksten,
                "afweging": teksten.afweging,
                "opties": teksten.opties,
                "bron": afweging.bron.als_tekst() if afweging.bron else "",
                "catalogi": [c for c in teksten.catalogi if c.aanvinkbaar],
                "naast": [c for c in teksten.catalogi if not c.aanvinkbaar],
                "gekozen": gekozen,
                "al_aangevinkt": set(poging.signalen),
                "veldnaam": "signalen",
                "herkomst": {},
            }
        )
    if poging.afgerond:
        vergelijking = terugkoppeling.vergelijk_route(
            vertaald or kader,
            route,
            oefencasus.verwachte_antwoorden,
            oefencasus.verwachte_signalen,
            poging.antwoorden,
            poging.signalen,
        )
        context.update(
            {
                "vergelijking": vergelijking,
                "svg_genomen": stroomschema_svg(kader, vergelijking.genomen.beslissing),
                "svg_verwacht": stroomschema_svg(kader, vergelijking.verwacht.beslissing),
                "route_genomen": route_overzicht(kader, vergelijking.genomen.beslissing),
                "route_verwacht": route_overzicht(kader, vergelijking.verwacht.beslissing),
            }
        )
    return render(request, "oefenen/oefening.html", context)


def _antwoordform(poging: Oefenpoging, data: Any = None) -> OefenAntwoordForm | None:
    if poging.afgerond:
        return None
    oefencasus = poging.oefencasus
    kader = oefencasus.kader()
    nu = beslis(kader, poging.antwoorden, poging.signalen, route=oefencasus.route)
    afweging = stap5.volgende_afweging(kader, nu)
    if afweging is None:
        return None
    return OefenAntwoordForm(data, kader=kader, afweging=afweging, sleutel=nu.volgende_sleutel)


@oefenwerk
def oefening(request: HttpRequest, poging_id: UUID) -> HttpResponse:
    lid = _lid(request)
    poging = selectors.poging_voor(lid, poging_id)
    form = _antwoordform(poging, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            services.beantwoord_oefening(
                actor=lid,
                poging=poging,
                afweging=d["afweging"],
                antwoord=d["antwoord"],
                signalen=d["signalen"],
                toelichting=d["toelichting"],
            )
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            return redirect("web:oefening", poging_id=poging.uuid)
    return _oefenpagina(request, poging, form)


@schrijfwerk
def totalen(request: HttpRequest, oefencasus_id: UUID) -> HttpResponse:
    lid = _lid(request)
    gevonden = selectors.oefencasus_voor(lid, oefencasus_id)
    return render(
        request,
        "oefenen/totalen.html",
        {
            "oefencasus": gevonden,
            "totalen": selectors.totalen(lid, gevonden),
            "minimum": selectors.MINIMUM_GROEP,
        },
    )
