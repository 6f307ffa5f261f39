"""The root URLconf: the web pages. The API is not here: a request under /api/ is resolved with
``urls_met_api`` (set per request by ``meldwijzer.api.adres.ApiAdresMiddleware``), so a worker
loads the API only when it serves one."""

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("meldwijzer.web.urls")),
]
