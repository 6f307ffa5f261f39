"""Open termijnen through the API: what the schema promises is what a casus with a termijn gets,
and reading them costs the same number of queries however many there are."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from ninja import Schema

from meldwijzer.accounts.models import Rol
from meldwijzer.api.app import api
from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.rapportage.models import Termijn

pytestmark = pytest.mark.django_db


def _met_spoedmelding(maak_lid: Any) -> tuple[Api, str]:
    """A casus opened through the API with a spoedmelding, which opens a termijn (five working
    days for the steps after it)."""
    client = Api(token_voor(maak_lid(Rol.BEROEPSKRACHT)))
    r = client.post("/api/casussen", {"titel": "Acuut gevaar (uit ECD)"})
    assert r.status_code == 201, r.content
    pad = f"/api/casussen/{r.json()['id']}"
    gisteren = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    melding = {
        "datum": gisteren,
        "wijze": "telefoon",
        "vt_contact": "Veilig Thuis, de dienstdoende",
        "vooraf_geinformeerd": True,
        "hoe_geinformeerd": "Telefonisch, vooraf.",
        "spoed": True,
        "spoed_reden": "Acuut gevaar.",
    }
    r = client.post(f"{pad}/meldingen", melding, versie=r["ETag"].strip('"'))
    assert r.status_code == 201, r.content
    return client, pad


def _component(ref: dict[str, Any]) -> dict[str, Any]:
    schema = api.get_openapi_schema()
    naam = ref["$ref"].rsplit("/", 1)[1]
    return dict(schema["components"]["schemas"][naam])


def test_status_geeft_open_termijnen_zoals_het_schema_ze_beschrijft(maak_lid):
    client, pad = _met_spoedmelding(maak_lid)
    r = client.get(f"{pad}/status")
    assert r.status_code == 200, r.content
    [termijn] = r.json()["open_termijnen"]
    assert termijn["soort"] == "spoedmelding"

    status = _component({"$ref": "#/components/schemas/StatusUit"})
    item = _component(status["properties"]["open_termijnen"]["items"])
    assert set(item["properties"]) == set(termijn)
    assert set(item["required"]) <= set(termijn)


def test_elke_schemanaam_hoort_bij_een_klasse() -> None:
    """django-ninja names components by class name: a second class of the same name replaces
    the first in the schema without a word, so the schema lies about one of the operations."""
    gezien: dict[str, str] = {}
    dubbel = []
    te_doen: list[type[Schema]] = [Schema]
    while te_doen:
        for klasse in te_doen.pop().__subclasses__():
            te_doen.append(klasse)
            module = klasse.__module__
            if not module.startswith("meldwijzer.api.") or ".tests." in module:
                continue
            volledig = f"{module}.{klasse.__qualname__}"
            if gezien.setdefault(klasse.__name__, volledig) != volledig:
                dubbel.append((gezien[klasse.__name__], volledig))
    assert "TermijnUit" in gezien and "StatusTermijn" in gezien
    assert dubbel == []


def _vragen(client: Api, pad: str) -> int:
    with CaptureQueriesContext(connection) as vragen:
        r = client.get(pad)
    assert r.status_code == 200, r.content
    return len(vragen)


def test_termijnen_van_een_casus_zonder_vraag_per_termijn(maak_lid):
    client, pad = _met_spoedmelding(maak_lid)
    [eerste] = Termijn.objects.filter(casus__uuid=pad.rsplit("/", 1)[1], open=True)
    client.get(f"{pad}/termijnen")  # the first call notes the application's last use
    een = _vragen(client, f"{pad}/termijnen")
    for n in range(4):
        eerste.pk = None
        eerste.sleutel = f"extra:{n}"
        eerste.save()
    r = client.get(f"{pad}/termijnen")
    assert r.json()["count"] == 5
    wie = {t["verantwoordelijke"] for t in r.json()["items"]}
    assert wie == {eerste.verantwoordelijke.username}
    assert _vragen(client, f"{pad}/termijnen") == een
