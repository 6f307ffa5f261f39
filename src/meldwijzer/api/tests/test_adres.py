"""A worker that only serves pages loads neither the API (django-ninja) nor Redis
(meldwijzer.api.adres, docs/performance.md 'Geheugen per worker'); a request under /api/ finds
the API all the same, and its documentation page is served from our own static files."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

# In a fresh process, as a gunicorn worker starts: the WSGI app, the root URLconf, /health and
# the login page; then the modules of the API, django-ninja and redis it loaded (pydantic is
# loaded anyway: the framework model is written in it).
WORKER = """
import django, sys
django.setup()
from django.core.wsgi import get_wsgi_application
from django.test import Client
from django.urls import get_resolver
get_wsgi_application(); get_resolver().url_patterns
c = Client()
assert c.get("/health", secure=True).status_code in (200, 503)
assert c.get("/inloggen/", secure=True).status_code == 200
zwaar = ("redis", "ninja", "meldwijzer.api.app")
print(sorted(m for m in sys.modules if m.split(".")[0] in zwaar or m in zwaar))
"""


def test_een_worker_die_alleen_paginas_serveert_laadt_de_api_en_redis_niet():
    uit = subprocess.run(
        [sys.executable, "-c", WORKER],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "meldwijzer.conf.test", "REDIS_URL": ""},
    )
    assert uit.returncode == 0, uit.stderr[-2000:]
    assert uit.stdout.strip().splitlines()[-1] == "[]", uit.stdout[-800:]


def test_onder_api_gelden_de_adressen_van_de_api():
    c = Client()
    assert c.get("/api/", secure=True).url == "/api/docs"
    schema = c.get("/api/openapi.json", secure=True)
    assert schema.status_code == 200 and schema.json()["info"]["title"] == "Meldwijzer API"
    onbekend = c.get("/api/bestaat-niet", secure=True)
    assert onbekend.status_code == 404 and onbekend["Content-Type"] == "application/json"
    # Outside /api/ the API's addresses do not exist, and the web pages answer as before.
    assert c.get("/openapi.json", secure=True).status_code == 404
    assert c.get("/inloggen/", secure=True).status_code == 200


def test_de_documentatie_laadt_swagger_ui_van_hier():
    pagina = Client().get("/api/docs", secure=True)
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
