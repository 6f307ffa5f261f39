from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from meldwijzer.accounts.middleware import SESSIE_SLEUTEL
from meldwijzer.accounts.permissions import mag_kaders_beheren, ziet_casusinhoud
from meldwijzer.accounts.selectors import lidmaatschappen


@require_GET
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer; 503 otherwise (DESIGN.md, 'Contracts')."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "fout", "database": "onbereikbaar"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
@require_GET
def over(request: HttpRequest) -> HttpResponse:
    """About Meldwijzer: the version and where to find the manuals. No casus data, so it is
    also the floor page of the web benchmark (bench/web_bench.py): the cost of a logged-in
    page with the base layout and nothing else."""
    from meldwijzer import __version__

    return render(request, "web/over.html", {"versie": __version__})


@login_required
def start(request: HttpRequest) -> HttpResponse:
    if ziet_casusinhoud(request.membership):  # type: ignore[attr-defined]
        return redirect("web:casussen")
    if mag_kaders_beheren(request.membership):  # type: ignore[attr-defined]
        return redirect("web:kaders")
    return render(request, "web/start.html")


@login_required
def organisatie_kiezen(request: HttpRequest) -> HttpResponse:
    keuzes = list(lidmaatschappen(request.user))  # type: ignore[arg-type]
    if request.method == "POST":
        gekozen = request.POST.get("organisatie", "")
        if any(str(m.organisatie_id) == gekozen for m in keuzes):
            request.session[SESSIE_SLEUTEL] = gekozen
            return redirect("web:start")
    return render(request, "web/organisatie.html", {"keuzes": keuzes})
