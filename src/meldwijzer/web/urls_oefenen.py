"""Addresses of practice mode (docs/handleiding-oefenen.md), in the ``web:`` namespace."""

from django.urls import path

from meldwijzer.web.views import oefenen

urlpatterns = [
    path("oefenen/", oefenen.overzicht, name="oefenen"),
    path("oefenen/nieuw/", oefenen.nieuw, name="oefencasus_nieuw"),
    path("oefenen/<uuid:oefencasus_id>/", oefenen.oefencasus, name="oefencasus"),
    path("oefenen/<uuid:oefencasus_id>/beginnen/", oefenen.beginnen, name="oefenen_beginnen"),
    path("oefenen/<uuid:oefencasus_id>/intrekken/", oefenen.intrekken, name="oefencasus_intrekken"),
    path("oefenen/<uuid:oefencasus_id>/totalen/", oefenen.totalen, name="oefencasus_totalen"),
    path("oefenen/oefening/<uuid:poging_id>/", oefenen.oefening, name="oefening"),
]
