from django.urls import path
from django.views.generic import RedirectView

from meldwijzer.api.app import api

urlpatterns = [
    # /api/ itself: to the documentation (django-ninja's own root answers 404).
    path("api/", RedirectView.as_view(url="/api/docs", permanent=False), name="api_start"),
    path("api/", api.urls),
]
