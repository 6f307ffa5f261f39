"""Shared view plumbing: access checks, the access log, and service errors on forms."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from meldwijzer.accounts.permissions import ziet_casusinhoud
from meldwijzer.audit.services import log_toegang
from meldwijzer.dossier import selectors
from meldwijzer.dossier.models import Casus

View = Callable[..., HttpResponse]


def casuswerk(view: View) -> View:
    """Login required, and a role that works with casus content (else a clear 403 page)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not ziet_casusinhoud(getattr(request, "membership", None)):
            return render(request, "403.html", {"reden": "rol"}, status=403)
        return view(request, *args, **kwargs)

    # Casus pages hold sensitive data: never kept in a (shared) browser cache.
    return login_required(never_cache(wrapper))


def ip_adres(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def casus_voor_request(request: HttpRequest, casus_id: Any, onderdeel: str) -> Casus:
    """The casus (404 when this user may not see it); a read is written to the access log."""
    membership = request.membership  # type: ignore[attr-defined]
    casus = selectors.casus_voor(membership, casus_id)
    if request.method == "GET":
        log_toegang(
            membership=membership, onderdeel=onderdeel, casus=casus, ip_adres=ip_adres(request)
        )
    return casus


def zet_fouten(form: forms.Form, fout: ValidationError) -> None:
    """Put a service's Dutch ValidationError on the form, per field where the form has one."""
    if hasattr(fout, "error_dict"):
        for veld, fouten in fout.message_dict.items():
            if veld in form.fields and veld != "__all__":
                form.add_error(veld, fouten)
            else:
                form.add_error(None, fouten)
    else:
        form.add_error(None, fout.messages)


def verboden(request: HttpRequest, fout: PermissionDenied) -> HttpResponse:
    return render(request, "403.html", {"reden": str(fout)}, status=403)
