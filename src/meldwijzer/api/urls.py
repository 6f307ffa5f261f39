from django.urls import path

from meldwijzer.api.app import api

urlpatterns = [path("api/", api.urls)]
