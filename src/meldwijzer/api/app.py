"""The API object: OpenAPI 3.1 at /api/openapi.json, docs at /api/docs, one router per resource.

A new resource is a module with a ``router`` that is added to ``ROUTERS`` (the FHIR exports are
added
Questionnaire and casus transfer this way); its addresses must be classified in
``audit/toegang.py`` (REGELS) and in ``api/tests/test_matrix.py``.
"""

from __future__ import annotations

import json
from typing import Any

from csp.constants import SELF
from csp.decorators import csp_replace
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import OpenAPISchema

from meldwijzer.api import (
    besluit,
    betrokkenen,
    casussen,
    correcties,
    fhir,
    fouten,
    hulpplannen,
    kaders,
    meldingen,
    signalen,
    stappen,
    termijnen,
)
from meldwijzer.api.adres import URLCONF_MET_API
from meldwijzer.api.gemeen import PerToken

ROUTERS = (
    casussen.router,
    betrokkenen.router,
    signalen.router,
    stappen.router,
    besluit.router,
    meldingen.router,
    hulpplannen.router,
    correcties.router,
    termijnen.router,
    kaders.router,
    fhir.router,
)

BESCHRIJVING = """\
De API van Meldwijzer voor koppelingen (ECD, HIS, leerlingvolgsysteem, JGZ-dossier).
Zie docs/api.md voor aanmelden met een token, rechten (scopes), fouten, paginering en versies.
Elke aanroep handelt namens één gebruiker van de organisatie en wordt in het toegangslog
vastgelegd met de naam van de applicatie."""

# The docs page runs Swagger UI from our own static files (django-ninja ships them; no CDN):
# scripts and the schema from this origin, its icons as data: URIs. No 'unsafe-inline' — the
# page's settings are a JSON block, started by a script file (ninja/swagger-ui-init.js).
DOCS_CSP = csp_replace({"script-src": [SELF], "connect-src": [SELF], "img-src": [SELF, "data:"]})


class SwaggerVanHier(Swagger):
    """Swagger UI from django-ninja's template and static files. django-ninja renders its own
    template only when it is an installed app, and otherwise a page that loads Swagger UI from
    a CDN; it is not one here (its import would cost every worker, meldwijzer.api.adres), and
    the settings find its template and files in its package folder (conf/base.py)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": False,  # the API authenticates with tokens, never with the session
        }
        return render(request, self.template, context)


class MeldwijzerAPI(NinjaAPI):
    """Builds its OpenAPI schema once per address prefix and language, not per call.

    The operations are fixed once the routers are added (below, at import), and building the
    schema costs ~130 ms of CPU — which the public, unthrottled /api/openapi.json would otherwise
    spend on every request. Callers get the shared schema: read it, never change it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._schemas: dict[tuple[str, str | None], OpenAPISchema] = {}

    def get_root_path(self, path_params: dict[str, Any]) -> str:
        # The API's addresses are in the URLconf of API requests (meldwijzer.api.adres), also
        # when the schema is asked for outside one (a test, a command).
        return reverse(
            f"{self.urls_namespace}:api-root", kwargs=path_params, urlconf=URLCONF_MET_API
        )

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        sleutel = (path_prefix, translation.get_language())
        if sleutel not in self._schemas:
            self._schemas[sleutel] = super().get_openapi_schema(path_prefix=path_prefix)
        return self._schemas[sleutel]


api = MeldwijzerAPI(
    title="Meldwijzer API",
    version="1",
    description=BESCHRIJVING,
    urls_namespace="api",
    docs=SwaggerVanHier(settings={"persistAuthorization": False}),
    docs_url="/docs",
    docs_decorator=DOCS_CSP,
    openapi_url="/openapi.json",
    throttle=[PerToken()],
)
fouten.registreer(api)
for router in ROUTERS:
    api.add_router("", router)
