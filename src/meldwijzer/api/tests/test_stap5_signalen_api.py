"""Stap 5 through the API rests on recorded signalen: it does not start without a current one
(409, in Dutch), a catalogue item ticked at an afweging names the signalen it rests on or
records one on the spot, and after a correction of its basis the besluit says so and can be
decided again."""

from __future__ import annotations

from typing import Any

import pytest

from meldwijzer.accounts.models import Membership
from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import Antwoord, Casus
from meldwijzer.dossier.tests.bouwers import GISTEREN, beantwoord

pytestmark = pytest.mark.django_db

ITEM = "factor.herhaling"  # a catalogue item of the framework the casussen here run under


def _versie(casus: Casus) -> int:
    return Casus.objects.values_list("versie", flat=True).get(pk=casus.pk)


def _antwoord(api: Api, casus: Casus, **antwoord: Any) -> Any:
    return api.post(
        f"/api/casussen/{casus.uuid}/afwegingen",
        {"antwoorden": [antwoord]},
        versie=_versie(casus),
    )


def test_stap5_zonder_geldig_signaal_is_een_conflict(beroepskracht: Membership, casus_stap5: Casus):
    """The only signaal withdrawn: stap 5 cannot start. 409, not 422 — the request is fine, the
    casus is not ready — with a Dutch detail naming the missing signaal; nothing stored."""
    signaal = selectors.signalen(casus_stap5).get()
    services.trek_in(
        actor=beroepskracht,
        casus=casus_stap5,
        soort="signaal",
        item_id=signaal.pk,
        reden="verkeerde_casus",
        toelichting="Hoort bij een andere leerling.",
    )
    api = Api(token_voor(beroepskracht))
    r = _antwoord(api, casus_stap5, afweging="1", antwoord="ja")
    assert r.status_code == 409, r.content
    fout = r.json()
    assert set(fout) == {"detail", "velden"} and fout["velden"] is None
    assert fout["detail"].startswith("Stap 5 kan nog niet beginnen.")
    assert "Er is nog geen signaal vastgelegd (stap 1)" in fout["detail"]
    assert r["ETag"] == f'"{_versie(casus_stap5)}"'
    assert not Antwoord.objects.exists()
    # The stand says the same, first in what stap 5 still needs.
    stand = api.get(f"/api/casussen/{casus_stap5.uuid}/stap5").json()
    assert stand["nog_nodig"][0].startswith("Er is nog geen signaal vastgelegd")
    # Invalid input stays 422: the request itself is checked first.
    ongeldig = api.post(
        f"/api/casussen/{casus_stap5.uuid}/afwegingen",
        {"antwoorden": []},
        versie=_versie(casus_stap5),
    )
    assert ongeldig.status_code == 422


def test_stap5_zonder_signaal_noemt_eerst_het_signaal(beroepskracht: Membership, casus: Casus):
    services.leg_consultatie_vast(
        actor=beroepskracht, casus=casus, met_wie="collega", datum=GISTEREN, advies="Praten."
    )
    api = Api(token_voor(beroepskracht))
    r = _antwoord(api, casus, afweging="1", antwoord="ja")
    assert r.status_code == 409
    # Everything stap 5 still needs, the signaal first.
    assert r.json()["detail"].index("signaal") < r.json()["detail"].index("gesprek")


def test_een_nieuw_vinkje_rust_op_een_vastgelegd_signaal(
    beroepskracht: Membership, casus_stap5: Casus
):
    api = Api(token_voor(beroepskracht))
    assert _antwoord(api, casus_stap5, afweging="1", antwoord="ja").status_code == 200
    zonder_bron = _antwoord(api, casus_stap5, afweging="2", antwoord="ja", signalen=[ITEM])
    assert zonder_bron.status_code == 422
    assert "vastgelegd signaal" in zonder_bron.json()["velden"]["bronnen"][0]
    signaal = selectors.signalen(casus_stap5).get()
    vreemd = _antwoord(
        api, casus_stap5, afweging="2", antwoord="ja", signalen=[ITEM], bronnen=[signaal.pk + 99]
    )
    assert vreemd.status_code == 422 and "bronnen" in vreemd.json()["velden"]
    r = _antwoord(
        api, casus_stap5, afweging="2", antwoord="ja", signalen=[ITEM], bronnen=[signaal.pk]
    )
    assert r.status_code == 200, r.content
    assert r.json()["besluit"]["signalen"] == [ITEM]
    assert Antwoord.objects.get(afweging="2").bronnen == {ITEM: [signaal.pk]}
    signaal.refresh_from_db()
    assert signaal.aangevinkt == [ITEM]


def test_een_nieuw_vinkje_met_een_signaal_ter_plekke(beroepskracht: Membership, casus_stap5: Casus):
    api = Api(token_voor(beroepskracht))
    assert _antwoord(api, casus_stap5, afweging="1", antwoord="ja").status_code == 200
    nieuw_signaal = {
        "datum": GISTEREN.isoformat(),
        "bron": "eigen",
        "aard": "feit",
        "tekst": "Leerling vertelt dat het vaker gebeurt.",
    }
    fout = _antwoord(
        api,
        casus_stap5,
        afweging="2",
        antwoord="ja",
        signalen=[ITEM],
        nieuw_signaal={**nieuw_signaal, "datum": "2999-01-01"},
    )
    assert fout.status_code == 422 and "signaal_datum" in fout.json()["velden"]
    assert selectors.signalen(casus_stap5).count() == 1
    r = _antwoord(
        api, casus_stap5, afweging="2", antwoord="ja", signalen=[ITEM], nieuw_signaal=nieuw_signaal
    )
    assert r.status_code == 200, r.content
    ter_plekke = selectors.signalen(casus_stap5).order_by("pk").last()
    assert ter_plekke is not None and ter_plekke.tekst == nieuw_signaal["tekst"]
    assert ter_plekke.aangevinkt == [ITEM]
    assert Antwoord.objects.get(afweging="2").bronnen == {ITEM: [ter_plekke.pk]}
    lijst = api.get(f"/api/casussen/{casus_stap5.uuid}/signalen").json()
    assert lijst["count"] == 2


def test_de_basis_gewijzigd_en_opnieuw_beslissen(beroepskracht: Membership, casus_stap5: Casus):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    api = Api(token_voor(beroepskracht))
    stand = api.get(f"/api/casussen/{casus_stap5.uuid}/stap5").json()
    besluit = stand["besluit"]
    assert besluit["basis_gewijzigd"] is False
    signaal = api.get(f"/api/casussen/{casus_stap5.uuid}/signalen").json()["items"][0]
    r = api.post(
        f"/api/casussen/{casus_stap5.uuid}/signalen/{signaal['id']}/correcties",
        {
            "reden": "onjuist",
            "toelichting": "De plek zat op de rug.",
            "nieuw": {**{k: signaal[k] for k in ("datum", "bron", "aard")}, "tekst": "Rug."},
        },
        versie=_versie(casus_stap5),
    )
    assert r.status_code == 200, r.content
    assert api.get(f"/api/casussen/{casus_stap5.uuid}/stap5").json()["besluit"]["basis_gewijzigd"]
    lijst = api.get(f"/api/casussen/{casus_stap5.uuid}/besluiten").json()["items"]
    assert lijst[-1]["volgnummer"] == besluit["volgnummer"] and lijst[-1]["basis_gewijzigd"]

    adres = f"/api/casussen/{casus_stap5.uuid}/besluiten/{besluit['volgnummer']}/opnieuw-beslissen"
    leeg = api.post(adres, {"toelichting": ""}, versie=_versie(casus_stap5))
    assert leeg.status_code == 422 and "toelichting" in leeg.json()["velden"]
    onbekend = api.post(
        f"/api/casussen/{casus_stap5.uuid}/besluiten/99/opnieuw-beslissen",
        {"toelichting": "x"},
        versie=_versie(casus_stap5),
    )
    assert onbekend.status_code == 404
    r = api.post(adres, {"toelichting": "De plek zat elders."}, versie=_versie(casus_stap5))
    assert r.status_code == 200, r.content
    nu = r.json()
    assert nu["antwoorden"] == {} and nu["volgende"]["id"] == "1"
    assert nu["besluit"]["volgnummer"] == besluit["volgnummer"]  # the besluit itself stays
    assert selectors.huidige_antwoorden(casus_stap5) == []


def test_opnieuw_beslissen_alleen_met_schrijfrecht_en_eigen_organisatie(
    beroepskracht: Membership, buitenstaander: Membership, casus_stap5: Casus
):
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    adres = f"/api/casussen/{casus_stap5.uuid}/besluiten/1/opnieuw-beslissen"
    data = {"toelichting": "Opnieuw."}
    lezen = Api(token_voor(beroepskracht, scopes=("casus:lezen",)))
    assert lezen.post(adres, data, versie=_versie(casus_stap5)).status_code == 403
    vreemd = Api(token_voor(buitenstaander))
    assert vreemd.post(adres, data, versie=_versie(casus_stap5)).status_code == 404
    assert len(selectors.huidige_antwoorden(casus_stap5)) == 4
