"""A casus walked end to end through the API, as an ECD would: open, record the steps, decide
stap 5, read the outcome — through the same services as the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meldwijzer.accounts.models import Rol
from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.audit.models import Gebeurtenis, Toegang
from meldwijzer.dossier.models import Besluit, Casus

pytestmark = pytest.mark.django_db


def test_een_casus_van_begin_tot_besluit(maak_lid):
    lid = maak_lid(Rol.BEROEPSKRACHT)
    api = Api(token_voor(lid))
    gisteren = (timezone.localdate() - dt.timedelta(days=1)).isoformat()

    r = api.post("/api/casussen", {"titel": "Zorgen over leerling (uit ECD)"})
    assert r.status_code == 201, r.content
    casus = r.json()
    assert r["ETag"] == '"1"' and casus["stap"] == "1" and casus["versie"] == 1
    pad = f"/api/casussen/{casus['id']}"
    assert Casus.objects.get(uuid=casus["id"]).eigenaar_id == lid.user_id

    versie = 1
    for deel, data in (
        ("betrokkenen", {"rol": "kind", "relatie": "leerling", "leeftijd": 8}),
        (
            "signalen",
            {"datum": gisteren, "bron": "eigen", "aard": "feit", "tekst": "Blauwe plek op arm."},
        ),
        ("consultaties", {"met_wie": "collega", "datum": gisteren, "advies": "Gesprek voeren."}),
        (
            "gesprekken",
            {"gevoerd": True, "met_wie": "moeder", "datum": gisteren, "reactie": "Schrok."},
        ),
        ("wegingen", {"datum": gisteren, "aard_en_ernst": "Zorgelijk, geen acuut gevaar."}),
    ):
        r = api.post(f"{pad}/{deel}", data, versie=versie)
        assert r.status_code == 201, (deel, r.content)
        versie = int(r["ETag"].strip('"'))
    r = api.post(
        f"{pad}/afwegingen",
        {
            "antwoorden": [
                {"afweging": "1", "antwoord": "ja", "toelichting": "Vermoeden blijft."},
                {"afweging": "2", "antwoord": "nee"},
            ]
        },
        versie=versie,
    )
    assert r.status_code == 200, r.content
    volgende = r.json()["volgende"]
    assert volgende["id"] == "3" and len(volgende["voorwaarden"]) == 4
    r = api.post(
        f"{pad}/afwegingen",
        {
            "antwoorden": [
                {
                    "afweging": "3",
                    "antwoord": "nee",
                    "toelichting": "Eigen hulp past niet.",
                    "voorwaarden": {
                        v: {"status": "niet_voldaan", "toelichting": "Buiten ons bereik."}
                        for v in volgende["voorwaarden"]
                    },
                }
            ]
        },
        versie=int(r["ETag"].strip('"')),
    )
    assert r.status_code == 200, r.content
    stand = r.json()
    assert stand["uitkomst"]["acties"] == ["melden"]
    assert stand["besluit"]["uitkomst"]["acties"] == ["melden"]
    assert [n["id"] for n in stand["uitkomst"]["normen"]]
    besluit = Besluit.objects.filter(casus__uuid=casus["id"]).order_by("volgnummer").last()
    assert besluit.volgnummer == 2  # afweging 2 stored the first, 3 superseded it
    assert besluit.uitkomst["acties"] == ["melden"]
    assert Gebeurtenis.objects.filter(soort="besluit.vastgelegd", casus=besluit.casus).exists()

    r = api.get(f"{pad}/besluiten")
    assert r.status_code == 200 and r.json()["count"] == 2
    assert r.json()["items"][1]["vervangt"] == 1
    r = api.get(f"{pad}/status")
    assert r.status_code == 200 and r.json()["acties"] == ["melden"]
    r = api.get("/api/casussen", stap="5")
    assert [c["id"] for c in r.json()["items"]] == [casus["id"]]
    assert api.get("/api/casussen", status="afgesloten").json()["count"] == 0

    rijen = Toegang.objects.filter(casus=besluit.casus)
    assert rijen.exists()
    assert all(r.gebruiker_id == lid.user_id for r in rijen)
    assert all(r.details["applicatie"] == "Test-ECD" for r in rijen)
