"""The periodic jobs for the functioneel beheerder: when each last ran, on which node, and what
failed (meldwijzer.taken; docs/deploy.md, 'Periodieke taken'). Installation-wide and free of
casus data: the summaries hold counts and file names only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

from meldwijzer.accounts.permissions import mag_gebruikers_beheren
from meldwijzer.taken import selectors


@login_required
def taken(request: HttpRequest) -> HttpResponse:
    if not mag_gebruikers_beheren(getattr(request, "membership", None)):
        return render(request, "403.html", {"reden": "beheer"}, status=403)
    if request.method != "GET":  # a page to read; after the permission, as every page does
        return HttpResponseNotAllowed(["GET"])
    return render(
        request,
        "beheer/taken.html",
        {
            "standen": selectors.standen(),
            "aandacht": selectors.mislukte_sinds_gelukt(),
            "uitvoeringen": selectors.laatste_uitvoeringen(),
        },
    )
