from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from meldwijzer.accounts.permissions import (
    mag_dashboard_zien,
    mag_gebruikers_beheren,
    mag_jaarcijfers_zien,
    mag_kader_kiezen,
    mag_kaders_beheren,
    mag_logboek_lezen,
    mag_oefenen,
    ziet_alle_casussen,
    ziet_casusinhoud,
)
from meldwijzer.accounts.selectors import lidmaatschappen
from meldwijzer.web.menu import beheermenu, hoofdmenu


def meldwijzer(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    meerdere = False
    if user is not None and user.is_authenticated:
        # Counted by MembershipMiddleware with the membership itself; counted here only for a
        # request that did not pass it.
        aantal = getattr(request, "aantal_lidmaatschappen", None)
        meerdere = (lidmaatschappen(user).count() if aantal is None else aantal) > 1
    rechten = {
        "ziet_casusinhoud": ziet_casusinhoud(membership),
        "ziet_alle_casussen": ziet_alle_casussen(membership),
        "mag_gebruikers_beheren": mag_gebruikers_beheren(membership),
        "mag_logboek_lezen": mag_logboek_lezen(membership),
        "mag_dashboard_zien": mag_dashboard_zien(membership),
        "mag_jaarcijfers_zien": mag_jaarcijfers_zien(membership),
        "mag_kaders_beheren": mag_kaders_beheren(membership),
        "mag_kader_kiezen": mag_kader_kiezen(membership),
        "mag_oefenen": mag_oefenen(membership),
    }
    ingelogd = user is not None and user.is_authenticated
    match = getattr(request, "resolver_match", None)
    huidige = match.url_name if match is not None else None
    return {
        "membership": membership,
        **rechten,
        "meerdere_organisaties": meerdere,
        # The work menu, then the management menu (base.html draws each that has items).
        "menubalken": [hoofdmenu(rechten, huidige), beheermenu(rechten, huidige)]
        if ingelogd
        else [],
    }
