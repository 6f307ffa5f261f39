"""Uploading and withdrawing the translation of a beroepsorganisatie's own framework, from the
'Vertalingen' section of a version's page (ADR 0029). The rules are in catalogus.vertalingen."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from meldwijzer.catalogus import selectors as kaderselectors
from meldwijzer.catalogus import vertalingen
from meldwijzer.catalogus.beheer import MAX_BESTAND, lees_upload
from meldwijzer.kader import OnleesbaarKader
from meldwijzer.kader.vertaalbaar import sleutel_als_tekst
from meldwijzer.web.forms_kader import VertaalForm
from meldwijzer.web.vertaaloverzicht import MAX_GENOEMD, taalnaam
from meldwijzer.web.views.helpers import verboden, zet_fouten
from meldwijzer.web.views.kaders import kaderbeheer, versiepagina


def _naar_sectie(kaderversie_id: int) -> HttpResponse:
    return redirect(reverse("web:kader_versie", args=[kaderversie_id]) + "#vertalingen")


def _verslag(uitslag: vertalingen.Vertaaluitslag, taal: str) -> str:
    """'Engels: 76 van 77 teksten vertaald; nog niet vertaald: …' for the message."""
    zinnen = []
    for versie, verslag in uitslag.verslagen:
        vertaald = verslag.totaal - len(verslag.onvertaald)
        zin = ngettext(
            "versie %(versie)s: %(vertaald)d van %(totaal)d tekst vertaald",
            "versie %(versie)s: %(vertaald)d van %(totaal)d teksten vertaald",
            verslag.totaal,
        ) % {"versie": versie.versie, "vertaald": vertaald, "totaal": verslag.totaal}
        if verslag.onvertaald:
            namen = [sleutel_als_tekst(t.sleutel) for t in verslag.onvertaald[:MAX_GENOEMD]]
            rest = len(verslag.onvertaald) - len(namen)
            zin += _("; nog niet vertaald (daar toont de app het Nederlands): %(namen)s") % {
                "namen": ", ".join(namen)
            }
            if rest:
                zin += _(" en nog %(aantal)d") % {"aantal": rest}
        zinnen.append(zin)
    return _("%(taal)s: %(zinnen)s.") % {"taal": taalnaam(taal), "zinnen": "; ".join(zinnen)}


@kaderbeheer
@require_POST
def vertaling_uploaden(request: HttpRequest, kaderversie_id: int) -> HttpResponse:
    actor = request.membership  # type: ignore[attr-defined]
    versie = kaderselectors.kaderversie_voor(actor, kaderversie_id)
    form = VertaalForm(request.POST, request.FILES)
    uitslag = None
    if form.is_valid():
        bestand = form.cleaned_data["bestand"]
        naam = bestand.name or f"{versie.kader_id}.yaml"
        try:
            # Refused on its size before it is read into memory.
            tekst = lees_upload(bestand.read(MAX_BESTAND + 1), naam)
            uitslag = vertalingen.upload_vertaling(
                actor=actor, kader_id=versie.kader_id, tekst=tekst, bestandsnaam=naam
            )
        except PermissionDenied as fout:
            return verboden(request, fout)
        except OnleesbaarKader as fout:
            form.add_error("bestand", str(fout))
        except ValidationError as fout:
            zet_fouten(form, fout)
        else:
            if uitslag.vertaling is not None:
                taal = uitslag.vertaling.taal
                if uitslag.bestond_al:
                    messages.info(
                        request,
                        _("Deze vertaling werd al getoond; er is niets veranderd.")
                        + " "
                        + _verslag(uitslag, taal),
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "De vertaling naar het %(taal)s is gepubliceerd en wordt nu getoond "
                            "bij de casussen onder dit kader."
                        )
                        % {"taal": taalnaam(taal)}
                        + " "
                        + _verslag(uitslag, taal),
                    )
                for opmerking in uitslag.opmerkingen:
                    messages.warning(request, opmerking.als_tekst())
                return _naar_sectie(versie.pk)
    return versiepagina(request, versie, vertaal_form=form, vertaal_uitslag=uitslag)


@kaderbeheer
@require_POST
def vertaling_intrekken(request: HttpRequest, kaderversie_id: int, taal: str) -> HttpResponse:
    actor = request.membership  # type: ignore[attr-defined]
    versie = kaderselectors.kaderversie_voor(actor, kaderversie_id)
    try:
        vertalingen.trek_vertaling_in(actor=actor, kader_id=versie.kader_id, taal=taal)
    except PermissionDenied as fout:
        return verboden(request, fout)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request,
            _(
                "De vertaling naar het %(taal)s is ingetrokken: casussen onder dit kader tonen "
                "daar weer alleen het Nederlands. Het bestand blijft in de geschiedenis."
            )
            % {"taal": taalnaam(taal)},
        )
    return _naar_sectie(versie.pk)
