from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # Browsers and tools ask /favicon.ico of any site; the pages link the SVG itself.
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg"), permanent=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("meldwijzer.api.urls")),
    path("", include("meldwijzer.web.urls")),
]
