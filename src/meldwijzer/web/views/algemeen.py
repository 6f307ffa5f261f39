from __future__ import annotations

import time

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from meldwijzer.accounts.middleware import SESSIE_SLEUTEL
from meldwijzer.accounts.permissions import mag_kaders_beheren, ziet_casusinhoud
from meldwijzer.accounts.selectors import lidmaatschappen
from meldwijzer.audit.services import schrijfproef
from meldwijzer.gedeeld.cache import toestand as cachetoestand

# At most one write probe per process in this many seconds: /health is public and polled.
SCHRIJFPROEF_SECONDEN = 10
_laatste_schrijfproef: dict[str, float] = {}


@require_GET
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer and accept writes (DESIGN.md, 'Contracts');
    503 otherwise: ``onbereikbaar`` when the database does not answer, ``beperkt`` when it reads
    but cannot write — then no casus can be opened, because no read can be logged. When Redis
    does not answer the node still serves (on the database cache): 200 with ``verminderd``, so a
    load balancer keeps it and the monitoring sees it (docs/deploy.md, 'Gezondheid')."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "fout", "database": "onbereikbaar"}, status=503)
    nu = time.monotonic()
    if nu - _laatste_schrijfproef.get("ok", -SCHRIJFPROEF_SECONDEN) >= SCHRIJFPROEF_SECONDEN:
        try:
            schrijfproef()
        except DatabaseError:
            _laatste_schrijfproef.pop("ok", None)
            return JsonResponse(
                {"status": "beperkt", "database": "ok", "schrijven": "mislukt"}, status=503
            )
        _laatste_schrijfproef["ok"] = nu
    cache = cachetoestand()
    status = "ok" if cache == "ok" else "verminderd"
    return JsonResponse({"status": status, "database": "ok", "schrijven": "ok", "cache": cache})


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
