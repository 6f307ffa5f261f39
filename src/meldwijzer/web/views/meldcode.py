"""The organisation's meldcode document: staff read the adopted version, the beheerder writes
its own sections, generates versions and adopts one (docs/meldcode.md)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_sociale_kaart_beheren, ziet_sociale_kaart
from meldwijzer.meldcode import document, selectors, services
from meldwijzer.meldcode.inhoud import eigen_teksten
from meldwijzer.meldcode.models import MeldcodeVersie
from meldwijzer.meldcode.secties import sectie
from meldwijzer.web.forms_socialekaart import EigenTekstenForm, VaststellenForm
from meldwijzer.web.pdf import naar_pdf
from meldwijzer.web.views.helpers import verboden, zet_fouten


def _lid(request: HttpRequest) -> Membership | None:
    return getattr(request, "membership", None)


@login_required
def meldcode(request: HttpRequest) -> HttpResponse:
    """The adopted meldcode, for every member of the organisation."""
    lid = _lid(request)
    if not ziet_sociale_kaart(lid):
        return render(request, "403.html", {"reden": "sociale_kaart"}, status=403)
    assert lid is not None
    stand = selectors.stand(lid.organisatie_id)
    return render(
        request,
        "meldcode/meldcode.html",
        {"stand": stand, "mag_beheren": mag_sociale_kaart_beheren(lid)},
    )


def _leesbare_versie(request: HttpRequest, volgnummer: int) -> MeldcodeVersie:
    """Staff read the adopted version; the beheerder every version of the organisation."""
    lid = _lid(request)
    if not ziet_sociale_kaart(lid):
        raise PermissionDenied(_("De meldcode is voor de medewerkers van de organisatie."))
    assert lid is not None
    versie = selectors.versie(lid.organisatie_id, volgnummer)
    if versie is None:
        raise Http404
    if not mag_sociale_kaart_beheren(lid):
        geldend = selectors.vastgestelde(lid.organisatie_id)
        if geldend is None or geldend.pk != versie.pk:
            raise Http404
    return versie


@login_required
def versie_lezen(request: HttpRequest, volgnummer: int, formaat: str = "html") -> HttpResponse:
    try:
        versie = _leesbare_versie(request, volgnummer)
    except PermissionDenied as fout:
        return verboden(request, fout)
    doc = document.van_versie(versie)
    naam = f"meldcode-versie-{versie.volgnummer}"
    if formaat == "pdf":
        antwoord = HttpResponse(
            naar_pdf(document.html(doc, pdf=True)), content_type="application/pdf"
        )
        antwoord["Content-Disposition"] = f'attachment; filename="{naam}.pdf"'
        return antwoord
    if formaat == "odt":
        antwoord = HttpResponse(
            document.odt(doc), content_type="application/vnd.oasis.opendocument.text"
        )
        antwoord["Content-Disposition"] = f'attachment; filename="{naam}.odt"'
        return antwoord
    return HttpResponse(
        document.html(
            doc,
            pdf=False,
            terug=reverse("web:meldcode"),
            pdf_url=reverse("web:meldcode_versie_pdf", args=[versie.volgnummer]),
            odt_url=reverse("web:meldcode_versie_odt", args=[versie.volgnummer]),
        )
    )


def _beheerder(request: HttpRequest) -> Membership | None:
    lid = _lid(request)
    return lid if mag_sociale_kaart_beheren(lid) else None


@login_required
def beheer(request: HttpRequest) -> HttpResponse:
    lid = _beheerder(request)
    if lid is None:
        return render(request, "403.html", {"reden": "sociale_kaart_beheer"}, status=403)
    form = EigenTekstenForm(request.POST or None, initial=eigen_teksten(lid.organisatie_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.sla_eigen_teksten_op(actor=lid, teksten=form.cleaned_data)
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(
                request,
                _(
                    "De eigen teksten zijn opgeslagen. Maak een nieuwe versie om ze in de meldcode "
                    "op te nemen."
                ),
            )
            return redirect("web:meldcode_beheer")
    return _beheerpagina(request, lid, form=form)


def _beheerpagina(
    request: HttpRequest,
    lid: Membership,
    *,
    form: EigenTekstenForm | None = None,
    vaststellen: tuple[int, VaststellenForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    versies = selectors.versies(lid.organisatie_id)
    formulieren = {}
    for v in versies:
        if not v.concept and v.vastgesteld_op is None:
            formulieren[v.volgnummer] = (
                vaststellen[1]
                if vaststellen and vaststellen[0] == v.volgnummer
                else VaststellenForm(prefix=f"v{v.volgnummer}")
            )
    rijen = [
        {
            "versie": v,
            "form": formulieren.get(v.volgnummer),
            "ontbrekend": [str(s.titel) for k in v.ontbrekend if (s := sectie(k))],
        }
        for v in versies
    ]
    return render(
        request,
        "meldcode/beheer.html",
        {
            "form": form or EigenTekstenForm(initial=eigen_teksten(lid.organisatie_id)),
            "stand": selectors.stand(lid.organisatie_id),
            "rijen": rijen,
            "vaststel_fout": vaststellen[1] if vaststellen else None,
        },
        status=status,
    )


@login_required
@require_POST
def nieuwe_versie(request: HttpRequest) -> HttpResponse:
    lid = _beheerder(request)
    if lid is None:
        return render(request, "403.html", {"reden": "sociale_kaart_beheer"}, status=403)
    try:
        versie = services.maak_versie(actor=lid)
    except PermissionDenied as fout:
        return verboden(request, fout)
    if versie.concept:
        messages.warning(
            request,
            _("Versie %(nr)s is gemaakt als concept: er zijn nog secties in te vullen.")
            % {"nr": versie.volgnummer},
        )
    else:
        messages.success(request, _("Versie %(nr)s is gemaakt.") % {"nr": versie.volgnummer})
    return redirect("web:meldcode_beheer")


@login_required
@require_POST
def vaststellen(request: HttpRequest, volgnummer: int) -> HttpResponse:
    lid = _beheerder(request)
    if lid is None:
        return render(request, "403.html", {"reden": "sociale_kaart_beheer"}, status=403)
    versie = selectors.versie(lid.organisatie_id, volgnummer)
    if versie is None:
        raise Http404
    form = VaststellenForm(request.POST, prefix=f"v{volgnummer}")
    if form.is_valid():
        try:
            services.stel_vast(
                actor=lid, versie_id=versie.pk, vastgesteld_op=form.cleaned_data["vastgesteld_op"]
            )
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            messages.success(
                request, _("Versie %(nr)s is vastgesteld.") % {"nr": versie.volgnummer}
            )
            return redirect("web:meldcode_beheer")
    return _beheerpagina(request, lid, vaststellen=(volgnummer, form), status=400)
