"""The sociale kaart: every member reads it, the beheerder keeps it (docs/sociale-kaart.md)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import mag_sociale_kaart_beheren, ziet_sociale_kaart
from meldwijzer.dossier import selectors as dossier_selectors
from meldwijzer.dossier.models import Casus, MetWie
from meldwijzer.ids import id_uit
from meldwijzer.socialekaart import selectors, services
from meldwijzer.socialekaart.models import Contact, Soort
from meldwijzer.web.forms_socialekaart import ContactForm
from meldwijzer.web.views.helpers import verboden, zet_fouten


def _lid(request: HttpRequest) -> Membership | None:
    return getattr(request, "membership", None)


@login_required
def kaart(request: HttpRequest) -> HttpResponse:
    lid = _lid(request)
    if not ziet_sociale_kaart(lid):
        return render(request, "403.html", {"reden": "sociale_kaart"}, status=403)
    assert lid is not None
    return render(
        request,
        "socialekaart/kaart.html",
        {
            "kaart": selectors.kaart(lid.organisatie_id),
            "mag_beheren": mag_sociale_kaart_beheren(lid),
        },
    )


def _initieel(contact: Contact) -> dict[str, object]:
    return {
        "soort": contact.soort,
        "naam": contact.naam,
        "waarvoor": contact.waarvoor,
        "telefoon": contact.telefoon,
        "email": contact.email,
        "url": contact.url,
        "anoniem_raadplegen": "ja" if contact.anoniem_raadplegen else "nee",
        "deskundig_bij": contact.deskundig_bij,
        "opmerking": contact.opmerking,
    }


@login_required
def contact(request: HttpRequest, contact_id: int | None = None) -> HttpResponse:
    """Add a contact (no id) or change one of the organisation's own."""
    lid = _lid(request)
    if not mag_sociale_kaart_beheren(lid):
        return render(request, "403.html", {"reden": "sociale_kaart_beheer"}, status=403)
    assert lid is not None
    bestaand = None
    if contact_id is not None:
        bestaand = selectors.contact(lid.organisatie_id, contact_id)
        if bestaand is None:
            raise Http404
    form = ContactForm(
        request.POST or None,
        initial=_initieel(bestaand) if bestaand else {"anoniem_raadplegen": "nee"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            if bestaand is None:
                services.voeg_contact_toe(actor=lid, **form.gegevens())
                bericht = _("Het contact is toegevoegd aan de sociale kaart.")
            else:
                services.wijzig_contact(actor=lid, contact_id=bestaand.pk, **form.gegevens())
                bericht = _("Het contact is gewijzigd.")
        except ValidationError as fout:
            zet_fouten(form, fout)
        except PermissionDenied as fout:
            return verboden(request, fout)
        else:
            messages.success(request, bericht)
            return redirect("web:sociale_kaart")
    return render(request, "socialekaart/contact.html", {"form": form, "contact": bestaand})


@login_required
@require_POST
def verwijderen(request: HttpRequest, contact_id: int) -> HttpResponse:
    lid = _lid(request)
    try:
        services.verwijder_contact(actor=lid, contact_id=contact_id)
    except PermissionDenied as fout:
        return verboden(request, fout)
    messages.success(request, _("Het contact is van de sociale kaart verwijderd."))
    return redirect("web:sociale_kaart")


def consultatie_uit_kaart(organisatie_id: int, keuze: str | None) -> dict[str, object]:
    """The consultatie form's initial values for the consultee picked from the sociale kaart
    (``?raadpleeg=af-<membership>`` or ``contact-<id>``); empty for anything else, and for an
    entry of another organisation."""
    soort, _streep, rest = (keuze or "").partition("-")
    nummer = id_uit(rest)
    if nummer is None:
        return {}
    if soort == "af":
        for af in selectors.aandachtsfunctionarissen(organisatie_id):
            if af.membership_id == nummer:
                return {"met_wie": MetWie.AANDACHTSFUNCTIONARIS, "naam_functie": af.naam}
        return {}
    if soort == "contact":
        gekozen = selectors.contact(organisatie_id, nummer)
        if gekozen is not None:
            met_wie = (
                MetWie.VEILIG_THUIS if gekozen.soort == Soort.VEILIG_THUIS else MetWie.DESKUNDIGE
            )
            return {"met_wie": met_wie, "naam_functie": gekozen.naam}
    return {}


def deskundigen_voor_casus(casus: Casus) -> list[Contact]:
    """The experts on the sociale kaart for the forms of violence recorded in this casus
    (eergerelateerd geweld, huwelijksdwang, …), whom the Basisdocument advises consulting before
    talking to those involved (hoofdstuk 3, Afweging 2 (c))."""
    vormen = dossier_selectors.bijzondere_vormen(casus)
    if not vormen:
        return []
    return selectors.deskundigen_bij(casus.organisatie_id, vormen)
