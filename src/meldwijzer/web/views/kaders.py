"""The framework pages (docs/adr/0006): the list of frameworks and versions, import by the
kaderbeheerder, a version's preview (flowchart, catalogues, a trial decision) and publication,
the conformance report, the differences between two versions, and how many casussen of the
organisation each version decided (for the aandachtsfunctionaris).

Published versions are readable by every logged-in user; concepts only by kaderbeheerders
(another role gets 404, as for any object it may not see).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meldwijzer.accounts.permissions import (
    mag_kader_kiezen,
    mag_kaders_beheren,
    mag_kaderversie_beheren,
    ziet_alle_casussen,
)
from meldwijzer.audit.toegang import noteer
from meldwijzer.catalogus import beheer
from meldwijzer.catalogus import selectors as kaderselectors
from meldwijzer.catalogus.beheer import MAX_BESTAND, lees_upload
from meldwijzer.catalogus.models import KaderVersie
from meldwijzer.catalogus.services import actuele_kaderversie, kaderversie_voor_organisatie
from meldwijzer.catalogus.vertalingen import Vertaaluitslag
from meldwijzer.dossier.lijsten import gebruik_per_versie
from meldwijzer.gedeeld.svg import inline_svg
from meldwijzer.kader import BASIS, OnleesbaarKader
from meldwijzer.kader.stroomschema import TeGrootOmTeTekenen, teken_svg
from meldwijzer.kader.tekstverschil import Tekstverschil
from meldwijzer.kader.toets import Status, toets
from meldwijzer.kader.toets_weergave import route_zin, samenvatting
from meldwijzer.kader.verschil import ONDERDEEL_TITEL, verschil, zin
from meldwijzer.web import kadertaal, vertaaloverzicht
from meldwijzer.web.forms_kader import ImportForm, KaderkeuzeForm, VaststelForm, VertaalForm
from meldwijzer.web.proefbeslissing import VOORVOEGSEL, proef
from meldwijzer.web.views.helpers import View, verboden, zet_fouten

logger = logging.getLogger(__name__)


def kaderbeheer(view: View) -> View:
    """Login required, and the kaderbeheerder role (else a clear 403 page)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not mag_kaders_beheren(getattr(request, "membership", None)):
            return render(request, "403.html", {"reden": "kaders"}, status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _svg(maak: Any) -> SafeString | None:
    """The flowchart inline. Its texts come from the framework file (written by a
    kaderbeheerder): ``stroomschema`` escapes every text it puts in the SVG."""
    try:
        svg = maak()
    except TeGrootOmTeTekenen:  # too many afwegingen to draw (docs/kader-formaat.md, 'Grenzen')
        return None
    except Exception:  # the page stays usable without the drawing; the text is shown too
        logger.exception("stroomschema failed")
        return None
    return inline_svg(svg)


@login_required
def lijst(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    return render(
        request,
        "kaders/lijst.html",
        {"kaders": kaderselectors.kaderoverzicht(membership), "tab": "kaders"},
    )


@kaderbeheer
def importeren(request: HttpRequest) -> HttpResponse:
    actor = request.membership  # type: ignore[attr-defined]
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    uitslag = None
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        naam = bestand.name or "kader.yaml"
        try:
            # Refused on its size before it is read into memory.
            tekst = lees_upload(bestand.read(MAX_BESTAND + 1), naam)
            uitslag = beheer.importeer_kader(actor=actor, tekst=tekst, bestandsnaam=naam)
        except OnleesbaarKader as fout:
            form.add_error("bestand", str(fout))
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            if uitslag.versie is not None:
                if uitslag.bestond_al:
                    messages.info(
                        request,
                        _("Deze versie stond er al (status: %(status)s); er is niets veranderd.")
                        % {"status": uitslag.versie.get_status_display().lower()},
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Kader %(kader)s is geïmporteerd als concept. Bekijk het, probeer een "
                            "beslissing en stel het daarna vast."
                        )
                        % {"kader": uitslag.versie.verwijzing},
                    )
                return redirect("web:kader_versie", kaderversie_id=uitslag.versie.pk)
    return render(
        request,
        "kaders/importeren.html",
        {"form": form, "uitslag": uitslag, "tab": "kaders"},
        status=200,
    )


def versiepagina(
    request: HttpRequest,
    versie: KaderVersie,
    vaststel_form: VaststelForm | None = None,
    status: int = 200,
    vertaal_form: VertaalForm | None = None,
    vertaal_uitslag: Vertaaluitslag | None = None,
) -> HttpResponse:
    membership = getattr(request, "membership", None)
    kader = versie.kader()
    # In another language the trial decision speaks the framework's unofficial translation where
    # it has one (ADR 0025); the ids, and so the query string, are the same.
    weergave = kadertaal.kader_in_taal(kader)
    toon = weergave or kader
    uitslag = proef(toon, request.GET)
    if uitslag.beslissing is not None and uitslag.antwoorden:
        beslissing = uitslag.beslissing
        uitslag.svg = _svg(lambda: teken_svg(toon, route=beslissing.route_nu, pad=beslissing))
    svg = None if uitslag.svg is not None else _svg(lambda: teken_svg(kader))
    perioden = kaderselectors.geldigheden(versie.kader_id)
    mag_beheren = mag_kaderversie_beheren(membership, versie.beroepsorganisatie_id)
    if vaststel_form is None and mag_beheren and not versie.is_vastgesteld:
        # The file's own date, unless that lies in the past (never retroactively).
        vanaf = max(kader.model.geldig_vanaf, timezone.localdate())
        vaststel_form = VaststelForm(initial={"geldig_vanaf": vanaf})
    andere = (
        kaderselectors.zichtbare_kaderversies(membership)
        .filter(kader_id=versie.kader_id)
        .exclude(pk=versie.pk)
        .order_by("-geladen_op")
    )
    return render(
        request,
        "kaders/versie.html",
        {
            "versie": versie,
            "kader": kader,
            "model": kader.model,
            "geldigheid": perioden.get(versie.pk),
            "svg": svg,
            "proef": uitslag,
            "proef_vertaald": weergave is not None,
            "voorvoegsel": VOORVOEGSEL,
            "acties": (
                [toon.actie_label[a] for a in uitslag.beslissing.acties]
                if uitslag.beslissing
                else []
            ),
            "normen": (
                [toon.norm_als_dict(n) for n in uitslag.beslissing.normen]
                if uitslag.beslissing
                else []
            ),
            "aanvinkbare_catalogi": [c for c in toon.model.catalogi if c.aanvinkbaar],
            "mag_beheren": mag_beheren,
            "vaststel_form": vaststel_form,
            "andere_versies": andere,
            "vertalingen": vertaaloverzicht.talen(versie),
            "vertaal_form": (vertaal_form or VertaalForm()) if mag_beheren else None,
            "vertaal_uitslag": vertaal_uitslag,
            "tab": "kaders",
        },
        status=status,
    )


@login_required
def versie(request: HttpRequest, kaderversie_id: int) -> HttpResponse:
    versie = kaderselectors.kaderversie_voor(request.membership, kaderversie_id)  # type: ignore[attr-defined]
    return versiepagina(request, versie)


@kaderbeheer
@require_POST
def vaststellen(request: HttpRequest, kaderversie_id: int) -> HttpResponse:
    actor = request.membership  # type: ignore[attr-defined]
    versie = kaderselectors.kaderversie_voor(actor, kaderversie_id)
    form = VaststelForm(request.POST)
    if form.is_valid():
        try:
            beheer.stel_kader_vast(
                actor=actor,
                versie=versie,
                geldig_vanaf=form.cleaned_data["geldig_vanaf"],
                geldig_tot=form.cleaned_data["geldig_tot"],
            )
        except PermissionDenied as fout:
            return verboden(request, fout)
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(
                request,
                _(
                    "Versie %(versie)s van %(kader)s is vastgesteld. Organisaties kunnen het kader "
                    "nu kiezen; de versie verandert niet meer."
                )
                % {"versie": versie.versie, "kader": versie.kader_id},
            )
            return redirect("web:kader_versie", kaderversie_id=versie.pk)
    versie.refresh_from_db()
    return versiepagina(request, versie, vaststel_form=form)


@kaderbeheer
@require_POST
def verwijderen(request: HttpRequest, kaderversie_id: int) -> HttpResponse:
    actor = request.membership  # type: ignore[attr-defined]
    versie = kaderselectors.kaderversie_voor(actor, kaderversie_id)
    try:
        beheer.verwijder_conceptkader(actor=actor, versie=versie)
    except PermissionDenied as fout:
        return verboden(request, fout)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return redirect("web:kader_versie", kaderversie_id=versie.pk)
    messages.success(
        request, _("Het concept %(kader)s is verwijderd.") % {"kader": versie.verwijzing}
    )
    return redirect("web:kaders")


@login_required
def toets_view(request: HttpRequest, kaderversie_id: int) -> HttpResponse:
    versie = kaderselectors.kaderversie_voor(request.membership, kaderversie_id)  # type: ignore[attr-defined]
    rapport = toets(versie.kader())
    groepen: dict[str, dict[str, Any]] = {}
    for v in rapport.vergelijkingen:
        groep = groepen.setdefault(v.groep_id, {"titel": v.groep, "items": []})
        groep["items"].append(v)
    return render(
        request,
        "kaders/toets.html",
        {
            "versie": versie,
            "rapport": rapport,
            "samenvatting": samenvatting(rapport),
            "routes": [(r, route_zin(r)) for r in rapport.routes],
            "groepen": groepen,
            "status": {s.value: s for s in Status},
            "tab": "kaders",
        },
    )


def _html_verschil(t: Tekstverschil) -> str:
    return t.als_html()


@login_required
def verschil_view(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    zichtbaar = kaderselectors.zichtbare_kaderversies(membership).order_by(
        "kader_id", "-geladen_op"
    )
    a = b = None
    try:
        if request.GET.get("b"):
            b = kaderselectors.kaderversie_voor(membership, request.GET["b"])
        if request.GET.get("a"):
            a = kaderselectors.kaderversie_voor(membership, request.GET["a"])
    except Http404:
        messages.error(request, _("Kies twee kaderversies uit de lijst."))
        a = b = None
    if b is not None and a is None:
        # The version before it, or basis for a profession's first version.
        a = zichtbaar.filter(kader_id=b.kader_id, geladen_op__lt=b.geladen_op).first()
        if a is None and b.kader_id != BASIS:
            try:
                a = actuele_kaderversie(BASIS)
            except ValidationError:
                a = None
    regels: list[dict[str, Any]] = []
    uitkomst = None
    if a is not None and b is not None:
        uitkomst = verschil(a.kader(), b.kader())
        for onderdeel, wijzigingen in uitkomst.per_onderdeel():
            regels.append(
                {
                    "titel": ONDERDEEL_TITEL[onderdeel],
                    # escape() for the values, als_html (escaping too) for <del>/<ins>.
                    "zinnen": [
                        mark_safe(zin(w, lambda s: str(escape(s)), _html_verschil))  # noqa: S308
                        for w in wijzigingen
                    ],
                }
            )
    return render(
        request,
        "kaders/verschil.html",
        {
            "versies": zichtbaar,
            "a": a,
            "b": b,
            "verschil": uitkomst,
            "groepen": regels,
            "tab": "kaders",
        },
    )


@login_required
def gebruik(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    if not ziet_alle_casussen(membership):
        return render(request, "403.html", {"reden": "gebruik"}, status=403)
    rijen = gebruik_per_versie(membership)
    # The access record is written by the middleware once the page answers (audit.toegang).
    noteer(request, details={"versies": len(rijen)})
    return render(request, "kaders/gebruik.html", {"rijen": rijen, "tab": "kaders"})


@login_required
def kaderkeuze(request: HttpRequest) -> HttpResponse:
    """The organisation's beheerder chooses the framework new casussen use."""
    actor = getattr(request, "membership", None)
    if actor is None or not mag_kader_kiezen(actor):
        return render(request, "403.html", {"reden": "beheer"}, status=403)
    kiesbaar = kaderselectors.kiesbare_kaders()
    keuzes = [(k, f"{v.titel} ({k}, versie {v.versie})") for k, v in kiesbaar]
    huidig = kaderselectors.huidige_keuze(actor)
    form = KaderkeuzeForm(request.POST or None, keuzes=keuzes, initial={"kader": huidig})
    if request.method == "POST" and form.is_valid():
        try:
            gekozen = beheer.kies_kader(actor=actor, kader_id=form.cleaned_data["kader"])
        except PermissionDenied as fout:
            return verboden(request, fout)
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            if gekozen is None:
                messages.info(request, _("Dit kader was al gekozen; er is niets veranderd."))
            else:
                messages.success(
                    request,
                    _(
                        "Nieuwe casussen volgen vanaf nu kader %(kader)s. Lopende casussen houden "
                        "hun versie."
                    )
                    % {"kader": gekozen.kader_id},
                )
            return redirect("web:beheer_kader")
    try:
        nu = kaderversie_voor_organisatie(actor.organisatie_id)
    except ValidationError:
        nu = None
    return render(
        request,
        "kaders/keuze.html",
        {"form": form, "huidig": huidig, "nu": nu, "kiesbaar": kiesbaar},
    )
