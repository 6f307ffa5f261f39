"""The access log (NEN 7513) at the one place every request passes: which addresses show casus
data or the log, and the middleware that writes exactly one access record for each of them.

``REGELS`` classifies every named address of the app. A page of casus data or of the log writes
one record when it answers (2xx) — who, role, organisation, casus or betrokkene, action, basis
and on whose behalf, address, time (UTC) — and one *refused* record when the permission check
fails (403 or 404). A redirect (a saved form) writes none: the change itself is in the audit
trail. ``web/tests/test_toegangslog.py`` walks every address from the URL resolver: an address
missing here fails that test.

A view of casus data tells the middleware which casus it showed (``casus_voor_request`` in the
pages, ``casus_voor`` in the API), and may refine the action, the part or the details with
``noteer``. A casus page that answers without naming its casus is an error (500): an unlogged
read never leaves the server.

Both faces — the pages and the API — pass through this one middleware; the log knows a casus by
its id only, and the dossier app tells it how to find the id of a refused address
(``zoek_eigen_casus_met``, docs/adr/0015).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meldwijzer.accounts.adresrem import klantadres
from meldwijzer.accounts.permissions import toegangsgrond
from meldwijzer.audit.models import Toegang
from meldwijzer.audit.services import log_toegang

logger = logging.getLogger(__name__)

INZIEN = Toegang.Actie.INZIEN
ZOEKEN = Toegang.Actie.ZOEKEN
EXPORTEREN = Toegang.Actie.EXPORTEREN
PRINTEN = Toegang.Actie.PRINTEN


@dataclass(frozen=True)
class Regel:
    """What an address shows: ``actie`` None means no casus data and no log (nothing written);
    ``casus`` means the view must name the casus it showed."""

    actie: str | None
    onderdeel: str = ""
    casus: bool = False


GEEN = Regel(None)


def casus(onderdeel: str, actie: str = INZIEN) -> Regel:
    return Regel(actie, onderdeel, casus=True)


def lijst(onderdeel: str, actie: str = ZOEKEN) -> Regel:
    return Regel(actie, onderdeel)


REGELS: dict[str, Regel] = {
    # Practice mode (docs/handleiding-oefenen.md): oefencasussen are no casus data, so their
    # pages write no access-log record (docs/adr/0021).
    "web:oefenen": GEEN,
    "web:oefencasus_nieuw": GEEN,
    "web:oefencasus": GEEN,
    "web:oefenen_beginnen": GEEN,
    "web:oefencasus_intrekken": GEEN,
    "web:oefencasus_totalen": GEEN,
    "web:oefening": GEEN,
    # Logging in, the own account, user management, framework pages: no casus data.
    "set_language": GEEN,
    "web:health": GEEN,
    "web:start": GEEN,
    "web:inloggen": GEEN,
    "web:inloggen_code": GEEN,
    "web:tweestaps_instellen": GEEN,
    "web:sso_inloggen": GEEN,  # single sign-on (docs/sso.md)
    "web:sso_terug": GEEN,
    "web:uitloggen": GEEN,
    "web:account": GEEN,
    "web:over": GEEN,
    "web:wachtwoord_wijzigen": GEEN,
    "web:herstelcodes_vernieuwen": GEEN,
    "web:overal_uitloggen": GEEN,
    "web:organisatie": GEEN,
    "web:beheer_gebruikers": GEEN,
    "web:beheer_gebruiker": GEEN,
    "web:beheer_gebruiker_actie": GEEN,
    "web:beheer_bewaartermijn": GEEN,
    # The sociale kaart and the meldcode document: the organisation's register and its own
    # document, no casus data (docs/sociale-kaart.md, docs/meldcode.md).
    "web:sociale_kaart": GEEN,
    "web:sociale_kaart_nieuw": GEEN,
    "web:sociale_kaart_contact": GEEN,
    "web:sociale_kaart_verwijderen": GEEN,
    "web:meldcode": GEEN,
    "web:meldcode_versie": GEEN,
    "web:meldcode_versie_pdf": GEEN,
    "web:meldcode_versie_odt": GEEN,
    "web:meldcode_beheer": GEEN,
    "web:meldcode_nieuwe_versie": GEEN,
    "web:meldcode_vaststellen": GEEN,
    "web:beheer_taken": GEEN,  # the periodic jobs: counts and times, no casus data
    "web:beheer_kader": GEEN,
    "web:casus_nieuw": GEEN,  # an empty form; the new casus is in the audit trail
    "web:kaders": GEEN,
    "web:kader_importeren": GEEN,
    "web:kader_verschil": GEEN,
    "web:kader_versie": GEEN,
    "web:kader_toets": GEEN,
    "web:kader_vaststellen": GEEN,
    "web:kader_verwijderen": GEEN,
    # A framework's translation (ADR 0029): no casus data; uploads and withdrawals are in the
    # audit trail.
    "web:kader_vertaling_uploaden": GEEN,
    "web:kader_vertaling_intrekken": GEEN,
    # Lists and searches over casussen.
    "web:casussen": lijst("casussen.lijst"),
    "web:casus_zoeken": lijst("casussen.zoeken"),
    "web:kader_gebruik": lijst("kaders.gebruik"),
    # The log itself: reading and exporting it are logged too.
    "web:logboek": lijst("logboek", INZIEN),
    "web:logboek_export": lijst("logboek.export", EXPORTEREN),
    # Termijnen, dashboard and annual figures (docs/handleiding-termijnen.md): lists of casussen
    # and counts.
    "web:termijnen": lijst("rapportage.termijnen"),
    "web:dashboard": lijst("rapportage.dashboard"),
    "web:jaarcijfers": lijst("rapportage.jaarcijfers", INZIEN),
    "web:jaarcijfers_csv": lijst("rapportage.jaarcijfers", EXPORTEREN),
    # One casus.
    "web:casus": casus("casus.overzicht"),
    "web:tijdlijn": casus("casus.tijdlijn"),
    "web:heropenen": casus("casus.heropenen"),
    "web:betrokkenen": casus("casus.betrokkenen"),
    "web:signalen": casus("casus.signalen"),
    "web:consultatie": casus("casus.consultatie"),
    "web:gesprek": casus("casus.gesprek"),
    "web:weging": casus("casus.weging"),
    "web:besluit": casus("casus.besluit"),
    "web:concept_intrekken": casus("casus.besluit"),
    "web:opnieuw_beslissen": casus("casus.besluit"),
    # Correcting and withdrawing one recorded item (docs/adr/0019).
    "web:corrigeren": casus("casus.correctie"),
    "web:intrekken": casus("casus.intrekking"),
    "web:besluit_detail": casus("casus.besluit_detail"),
    "web:melding": casus("casus.melding"),
    "web:melding_afspraak": casus("casus.melding.afspraak"),
    "web:melding_terugkoppeling": casus("casus.melding.terugkoppeling"),
    "web:hulpplan": casus("casus.hulpplan"),
    "web:evaluatie": casus("casus.evaluatie"),
    "web:afsluiten": casus("casus.afsluiten"),
    "web:zienswijzen": casus("casus.zienswijzen"),
    "web:kindcheck": casus("casus.kindcheck"),
    "web:samenwerken": casus("casus.samenwerken"),
    "web:deling_intrekken": casus("casus.samenwerken"),
    "web:hulp_buiten_meldcode": casus("casus.hulp_buiten_meldcode"),
    "web:kader_wisselen": casus("casus.kader"),
    "web:dossier_afdruk": casus("casus.dossier", PRINTEN),
    "web:dossier_pdf": casus("casus.dossier", EXPORTEREN),
    "web:melding_voorbereiden": casus("casus.melding_voorbereiden", PRINTEN),
    "web:melding_voorbereiden_pdf": casus("casus.melding_voorbereiden", EXPORTEREN),
    "web:inzage": casus("casus.inzage"),
    "web:inzage_bestand": casus("casus.inzage", EXPORTEREN),
    # Transfer to another organisation (docs/handleiding-casus.md): the form is a read of the
    # casus; the export
    # itself is written by dossier.services.transfer (exporteren), as is the import
    # (importeren, in the receiving organisation).
    "web:casus_exporteren": casus("casus.overdracht"),
    "web:casus_importeren": GEEN,
    # Applications (docs/api.md): the beheerder registers and revokes them; no casus data.
    "web:beheer_applicaties": GEEN,
    "web:beheer_applicatie_intrekken": GEEN,
    "web:mijn_applicaties": GEEN,
    "web:mijn_applicatie_goedkeuren": GEEN,
    "web:mijn_applicatie_intrekken": GEEN,
    # The REST API (docs/api.md): the same records as the pages, for the user the token acts for,
    # with the application named in the details (api/gemeen.py).
    "api_start": GEEN,
    "api:api-root": GEEN,
    "api:openapi-json": GEEN,
    "api:openapi-view": GEEN,
    "api:kaders": GEEN,
    "api:kader": GEEN,
    "api:casussen": lijst("api.casussen"),
    "api:termijnen": lijst("api.termijnen"),
    "api:casus": casus("api.casus"),
    "api:casus_status": casus("api.casus.status"),
    "api:betrokkenen": casus("api.casus.betrokkenen"),
    "api:signalen": casus("api.casus.signalen"),
    "api:consultaties": casus("api.casus.consultaties"),
    "api:gesprekken": casus("api.casus.gesprekken"),
    "api:wegingen": casus("api.casus.wegingen"),
    "api:stap5": casus("api.casus.stap5"),
    "api:afwegingen": casus("api.casus.stap5"),
    "api:besluiten": casus("api.casus.besluiten"),
    "api:meldingen": casus("api.casus.meldingen"),
    "api:afspraken_veilig_thuis": casus("api.casus.afspraken_veilig_thuis"),
    "api:hulpplannen": casus("api.casus.hulpplannen"),
    "api:casus_termijnen": casus("api.casus.termijnen"),
    # The framework as FHIR Questionnaire (no casus data); a besluit exported as FHIR
    # QuestionnaireResponse or in the BDS JGZ afwegingsvragen.
    "api:kader_fhir": GEEN,
    "api:besluit_fhir": casus("api.casus.besluit.fhir", EXPORTEREN),
    "api:besluit_bds": casus("api.casus.besluit.bds", EXPORTEREN),
}


@dataclass
class Genoteerd:
    """What a view adds to its access record."""

    casus: Any = None
    onderdeel: str | None = None
    actie: str | None = None
    details: dict[str, Any] | None = None
    # The service behind the view wrote this request's access record itself (a casus
    # transferred to another organisation: dossier.services.transfer); nothing more to write.
    vastgelegd: bool = False


def noteer(request: HttpRequest, **waarden: Any) -> None:
    """For the access record of this request: ``casus``, ``onderdeel``, ``actie``, ``details``."""
    genoteerd = getattr(request, "_toegang", None)
    if genoteerd is None:
        genoteerd = Genoteerd()
        request._toegang = genoteerd  # type: ignore[attr-defined]
    for naam, waarde in waarden.items():
        setattr(genoteerd, naam, waarde)


class OngelogdeToegang(RuntimeError):
    """A page of casus data answered without naming its casus: it would leave the log."""


def ip_adres(request: HttpRequest) -> str | None:
    """The client's address, behind reverse proxies the one they passed on: the same address the
    per-address login limit counts (accounts.adresrem, docs/deploy.md)."""
    return klantadres(request)


# How to find the id of a casus of the user's own organisation from the address's ``casus_id``
# (a uuid), for a refused request. The dossier app registers it when it is ready: the log
# refers to a casus by its id and imports nothing of the dossier.
EigenCasus = Callable[[Any, Any], "int | None"]
_eigen_casus: EigenCasus | None = None


def zoek_eigen_casus_met(zoeker: EigenCasus) -> None:
    global _eigen_casus
    _eigen_casus = zoeker


class ToegangMiddleware:
    """Writes the access record of each request to casus data or the log (after the view)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        antwoord = self.get_response(request)
        try:
            self._leg_vast(request, antwoord)
        except DatabaseError:
            # The read cannot be logged (a full disk, a database gone read-only): then it is not
            # shown either — a plain refusal instead of a 500 (docs/security.md § 6).
            logger.exception("toegangsregel niet vastgelegd: %s", request.path)
            return render(request, "niet_vast_te_leggen.html", status=503)
        return antwoord

    def process_exception(self, request: HttpRequest, fout: Exception) -> HttpResponse | None:
        """A write (or read) the database cannot do at all — a full disk, a database gone
        read-only or away — is said plainly (503) instead of a 500; the transaction of the
        request rolled back, so nothing is half-stored. Under /api/ the JSON middleware turns
        the page into the API's JSON error."""
        if not isinstance(fout, OperationalError):
            return None
        logger.exception("opslag niet beschikbaar: %s", request.path)
        sjabloon = (
            "niet_op_te_slaan.html" if request.method == "POST" else "niet_vast_te_leggen.html"
        )
        return render(request, sjabloon, status=503)

    def _leg_vast(self, request: HttpRequest, antwoord: HttpResponse) -> None:
        match = getattr(request, "resolver_match", None)
        membership = getattr(request, "membership", None)
        if match is None or membership is None:
            return
        regel = REGELS.get(match.view_name)
        if regel is None:  # unclassified: treat a casus address as one (the test still fails)
            regel = casus(f"casus.{match.url_name}") if "casus_id" in match.kwargs else GEEN
        if regel.actie is None:
            return
        status = antwoord.status_code
        if 200 <= status < 300:
            uitkomst = Toegang.Uitkomst.TOEGESTAAN
        elif status in (403, 404):
            uitkomst = Toegang.Uitkomst.GEWEIGERD
        else:
            return
        genoteerd: Genoteerd = getattr(request, "_toegang", None) or Genoteerd()
        if genoteerd.vastgelegd and uitkomst == Toegang.Uitkomst.TOEGESTAAN:
            return
        gezien = genoteerd.casus
        if regel.casus and gezien is None and uitkomst == Toegang.Uitkomst.TOEGESTAAN:
            raise OngelogdeToegang(
                f"{match.view_name} toont casusgegevens maar noemt de casus niet "
                "(casus_voor_request of noteer(request, casus=...))."
            )
        grondslag, namens = toegangsgrond(membership, gezien) if gezien is not None else ("", None)
        details = dict(genoteerd.details or {})
        casus_id = gezien.pk if gezien is not None else None
        if uitkomst == Toegang.Uitkomst.GEWEIGERD:
            details.update({"status": status, "methode": request.method})
            if casus_id is None and "casus_id" in match.kwargs:
                casus_id = _eigen_casus_id(membership, match.kwargs["casus_id"])
        log_toegang(
            membership=membership,
            onderdeel=genoteerd.onderdeel or regel.onderdeel,
            casus_id=casus_id,
            betrokkene_id=match.kwargs.get("betrokkene_id"),
            actie=genoteerd.actie or regel.actie,
            uitkomst=uitkomst,
            grondslag=grondslag,
            namens_id=namens,
            details=details or None,
            ip_adres=ip_adres(request),
        )


def _eigen_casus_id(membership: Any, casus_uuid: Any) -> int | None:
    """A refused casus of the user's own organisation is named in the record (the privacy
    officer asks who tried to open it); one of another organisation is not (that would tell
    this organisation it exists)."""
    if _eigen_casus is None:
        raise RuntimeError("Geen casuszoeker geregistreerd (dossier.apps registreert die).")
    return _eigen_casus(membership, casus_uuid)
