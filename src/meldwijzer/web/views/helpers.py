"""Shared view plumbing: access checks, the access log, and service errors on forms."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from csp.constants import SELF
from csp.decorators import csp_replace
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from meldwijzer.accounts.permissions import mag_casus_bewerken, ziet_casusinhoud
from meldwijzer.audit import toegang
from meldwijzer.audit.toegang import noteer
from meldwijzer.dossier import selectors
from meldwijzer.dossier.models import Casus
from meldwijzer.dossier.services.gelijktijdig import Geopend
from meldwijzer.dossier.services.samenwerken import mag_delen

View = Callable[..., HttpResponse]


def casuswerk(view: View) -> View:
    """Login required, and a role that works with casus content: else a clear 403 page on the
    casus list, and 404 on any address of one casus (its existence is never revealed)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not ziet_casusinhoud(getattr(request, "membership", None)):
            if "casus_id" in kwargs:
                raise Http404("Casus niet gevonden")
            return render(request, "403.html", {"reden": "rol"}, status=403)
        return view(request, *args, **kwargs)

    # Casus pages hold sensitive data: never kept in a (shared) browser cache.
    return login_required(never_cache(wrapper))


ip_adres = toegang.ip_adres


def casus_voor_request(request: HttpRequest, casus_id: Any, onderdeel: str | None = None) -> Casus:
    """The casus (404 when this user may not see it). The access-log middleware writes the
    read (or the refusal) once the page answers (audit.toegang); ``onderdeel`` refines the part
    named in the record."""
    membership = request.membership  # type: ignore[attr-defined]
    casus = selectors.casus_voor(membership, casus_id)
    noteer(request, casus=casus, **({"onderdeel": onderdeel} if onderdeel else {}))
    # What the page offers: forms only to whoever may record, sharing only to owner and AF.
    casus.mag_bewerken = mag_casus_bewerken(membership, casus)  # type: ignore[attr-defined]
    casus.mag_delen = mag_delen(membership, casus)  # type: ignore[attr-defined]
    return casus


def versie_uit(request: HttpRequest) -> Geopend | None:
    """The casus version the submitted form was opened with (``{% versieveld casus form %}``),
    and whether the person had seen what changed up to it (the form re-shown after a refusal).

    Absent only for a hand-made request: the services then skip the check."""
    try:
        versie = int(request.POST.get("versie", ""))
    except ValueError:
        return None
    return Geopend(versie, request.POST.get("wijzigingen_gezien") == str(versie))


def na_fout(casus: Casus, fout: ValidationError) -> None:
    """After a refused stale form, the page shows the current casus and version, so saving the
    kept input again (after looking) works."""
    if getattr(fout, "code", None) == "verouderd":
        casus.refresh_from_db()


def markeer_verouderd(form: forms.BaseForm, fout: ValidationError) -> None:
    """This form was refused as stale: its version field shows what changed since it was
    opened, and carries that the person has seen it (dossier.services.gelijktijdig)."""
    if getattr(fout, "code", None) == "verouderd":
        form.verouderd = True  # type: ignore[attr-defined]


def zet_fouten(form: forms.Form, fout: ValidationError) -> None:
    """Put a service's Dutch ValidationError on the form, per field where the form has one."""
    markeer_verouderd(form, fout)
    if hasattr(fout, "error_dict"):
        # The errors themselves, not only their messages: a form may look at their codes.
        for veld, fouten in fout.error_dict.items():
            if veld in form.fields and veld != "__all__":
                form.add_error(veld, fouten)
            else:
                form.add_error(None, fouten)
    else:
        form.add_error(None, fout.messages)


def verboden(request: HttpRequest, fout: PermissionDenied) -> HttpResponse:
    return render(request, "403.html", {"reden": str(fout)}, status=403)


# A page that loads a script of ours (ADR 0024: progressive enhancement): scripts from this
# origin only, never inline; every other page keeps script-src 'none'.
scripts_van_hier = csp_replace({"script-src": [SELF]})
