from django.contrib.auth import views as auth_views
from django.urls import path

from meldwijzer.web.views import algemeen, besluit, casussen, stappen

app_name = "web"

urlpatterns = [
    path("health", algemeen.health, name="health"),
    path("", algemeen.start, name="start"),
    path("inloggen/", algemeen.InlogView.as_view(), name="inloggen"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="uitloggen"),
    path("organisatie/", algemeen.organisatie_kiezen, name="organisatie"),
    path("casussen/", casussen.lijst, name="casussen"),
    path("casussen/nieuw/", casussen.nieuw, name="casus_nieuw"),
    path("casussen/<uuid:casus_id>/", casussen.overzicht, name="casus"),
    path("casussen/<uuid:casus_id>/tijdlijn/", casussen.tijdlijn_view, name="tijdlijn"),
    path("casussen/<uuid:casus_id>/heropenen/", casussen.heropenen, name="heropenen"),
    path("casussen/<uuid:casus_id>/betrokkenen/", stappen.betrokkenen, name="betrokkenen"),
    path("casussen/<uuid:casus_id>/signalen/", stappen.signalen, name="signalen"),
    path("casussen/<uuid:casus_id>/consultatie/", stappen.consultatie, name="consultatie"),
    path("casussen/<uuid:casus_id>/gesprek/", stappen.gesprek, name="gesprek"),
    path("casussen/<uuid:casus_id>/weging/", stappen.weging, name="weging"),
    path("casussen/<uuid:casus_id>/besluit/", besluit.besluit, name="besluit"),
    path(
        "casussen/<uuid:casus_id>/besluit/intrekken/",
        besluit.concept_intrekken,
        name="concept_intrekken",
    ),
    path(
        "casussen/<uuid:casus_id>/besluiten/<int:volgnummer>/",
        besluit.besluit_detail,
        name="besluit_detail",
    ),
    path("casussen/<uuid:casus_id>/melding/", stappen.melding, name="melding"),
    path(
        "casussen/<uuid:casus_id>/hulp-buiten-meldcode/",
        stappen.hulp_buiten_meldcode,
        name="hulp_buiten_meldcode",
    ),
]
