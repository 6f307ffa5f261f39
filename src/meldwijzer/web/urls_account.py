"""Addresses of logging in and out, the own account, user management and the logs.

Included in web/urls.py, so every name is in the ``web:`` namespace.
"""

from django.urls import path

import meldwijzer.ids  # noqa: F401  (registers the <id:…> converter)
from meldwijzer.web.views import applicaties, auth, beheer, logboek, sso, taken

urlpatterns = [
    path("inloggen/", auth.inloggen, name="inloggen"),
    path("inloggen/code/", auth.inloggen_code, name="inloggen_code"),
    path("inloggen/tweestaps-instellen/", auth.tweestaps_instellen, name="tweestaps_instellen"),
    path("inloggen/organisatie/", sso.sso_inloggen, name="sso_inloggen"),
    path("inloggen/organisatie/terug/", sso.sso_terug, name="sso_terug"),
    path("uitloggen/", auth.uitloggen, name="uitloggen"),
    path("account/", auth.account, name="account"),
    path("account/wachtwoord/", auth.wachtwoord_wijzigen, name="wachtwoord_wijzigen"),
    path("account/herstelcodes/", auth.herstelcodes_vernieuwen, name="herstelcodes_vernieuwen"),
    path("account/overal-uitloggen/", auth.overal_uitloggen, name="overal_uitloggen"),
    path("account/applicaties/", applicaties.mijn_applicaties, name="mijn_applicaties"),
    path(
        "account/applicaties/goedkeuren/",
        applicaties.goedkeuren,
        name="mijn_applicatie_goedkeuren",
    ),
    path(
        "account/applicaties/intrekken/",
        applicaties.mijn_applicatie_intrekken,
        name="mijn_applicatie_intrekken",
    ),
    path("beheer/gebruikers/", beheer.gebruikers, name="beheer_gebruikers"),
    path("beheer/gebruikers/<id:membership_id>/", beheer.gebruiker, name="beheer_gebruiker"),
    path(
        "beheer/gebruikers/<id:membership_id>/<slug:actie>/",
        beheer.gebruiker_actie,
        name="beheer_gebruiker_actie",
    ),
    path("beheer/applicaties/", applicaties.applicaties, name="beheer_applicaties"),
    path(
        "beheer/applicaties/intrekken/",
        applicaties.intrekken,
        name="beheer_applicatie_intrekken",
    ),
    path("beheer/taken/", taken.taken, name="beheer_taken"),
    path("logboek/", logboek.logboek, name="logboek"),
    path("logboek/export/", logboek.export, name="logboek_export"),
]
