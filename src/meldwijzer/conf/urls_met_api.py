"""The URLconf of a request under /api/ (meldwijzer.api.adres): the API, and the web pages beside
it so that a name of either reverses from an API view."""

from django.urls import include, path

from meldwijzer.conf.urls import urlpatterns as web

urlpatterns = [
    path("", include("meldwijzer.api.urls")),
    *web,
]
