"""The OpenAPI schema is built once per address prefix and language, and served as built."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import translation

from meldwijzer.api.app import api


def test_het_schema_wordt_eenmaal_per_taal_gebouwd():
    with translation.override("nl"):
        nl = api.get_openapi_schema()
        assert api.get_openapi_schema() is nl
    with translation.override("en"):
        en = api.get_openapi_schema()
        assert en is not nl and api.get_openapi_schema() is en


@pytest.mark.django_db
def test_openapi_json_geeft_het_gebouwde_schema():
    eerste = Client().get("/api/openapi.json")
    tweede = Client().get("/api/openapi.json")
    assert eerste.status_code == tweede.status_code == 200
    assert eerste.json() == tweede.json()
    assert len(eerste.json()["paths"]) >= 15
    with translation.override("nl"):
        verwacht = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    assert eerste.json() == verwacht
