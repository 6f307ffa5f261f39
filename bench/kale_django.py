"""The floor under the floor: a bare Django project with one view and no middleware, served by
bench/web_bench.py with the same gunicorn settings as the app, so every page's CPU per request
can be read as a multiple of what Django itself costs on this machine (docs/performance.md).

    gunicorn --chdir bench kale_django:application
"""

from __future__ import annotations

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="alleen-voor-de-bench-" + "x" * 40,
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def kaal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("kaal\n", content_type="text/plain")


urlpatterns = [path("", kaal)]
application = get_wsgi_application()
