"""Correcting and withdrawing every kind of record through the API: the whole new version with a
reason, the earlier version kept, a withdrawn record gone from the lists — and the same
permission, scoping and access-log rules as every other write."""

from __future__ import annotations

from typing import Any

import pytest

from meldwijzer.accounts.models import Membership
from meldwijzer.api.tests.helpers import Api, token_voor
from meldwijzer.audit.models import Toegang
from meldwijzer.dossier import invoer, selectors, services
from meldwijzer.dossier.models import Casus, Correctie
from meldwijzer.dossier.tests.bouwers import (
    GISTEREN,
    beantwoord,
    leg_hulpplan_vast,
    maak_klaar_voor_stap5,
    open_casus,
)

pytestmark = pytest.mark.django_db

# Per kind: its list under the casus, the field a test changes, its declaration, and the extra
# fields the whole version carries beside the declared ones.
SOORTEN: dict[str, tuple[str, str, invoer.Invoer, tuple[str, ...]]] = {
    "signaal": ("signalen", "tekst", invoer.SIGNAAL, ("aangevinkt", "vormen")),
    "betrokkene": ("betrokkenen", "relatie", invoer.BETROKKENE, ()),
    "consultatie": ("consultaties", "advies", invoer.CONSULTATIE, ()),
    "gesprek": ("gesprekken", "reactie", invoer.GESPREK, ()),
    "weging": ("wegingen", "aard_en_ernst", invoer.WEGING, ()),
    "melding": ("meldingen", "vt_contact", invoer.MELDING, ()),
    "hulpplan": ("hulpplannen", "doelen", invoer.HULPPLAN, ("evaluatiedata",)),
}


@pytest.fixture
def gevulde_casus(beroepskracht: Membership) -> Casus:
    """A casus with one record of every kind that can be corrected through the API."""
    casus = open_casus(beroepskracht)
    services.voeg_betrokkene_toe(
        actor=beroepskracht, casus=casus, rol="kind", relatie="leerling", leeftijd=8
    )
    maak_klaar_voor_stap5(beroepskracht, casus)
    beantwoord(beroepskracht, casus, {"1": "ja", "2": "nee", "3": "ja", "4": "ja"})
    leg_hulpplan_vast(beroepskracht, casus)
    services.leg_melding_vast(
        actor=beroepskracht,
        casus=casus,
        datum=GISTEREN,
        wijze="telefoon",
        vt_contact="Veilig Thuis, de dienstdoende",
        vooraf_geinformeerd=True,
        hoe_geinformeerd="Telefonisch, vooraf.",
        spoed=True,
        spoed_reden="Acuut gevaar.",
    )
    return casus


def _versie(casus: Casus) -> int:
    return Casus.objects.values_list("versie", flat=True).get(pk=casus.pk)


def _eerste(api: Api, casus: Casus, soort: str) -> dict[str, Any]:
    r = api.get(f"/api/casussen/{casus.uuid}/{SOORTEN[soort][0]}")
    assert r.status_code == 200, r.content
    return dict(r.json()["items"][0])


def _adres(casus: Casus, soort: str, item: dict[str, Any]) -> str:
    sleutel = item["volgnummer"] if soort == "hulpplan" else item["id"]
    return f"/api/casussen/{casus.uuid}/{SOORTEN[soort][0]}/{sleutel}"


def _nieuwe_versie(soort: str, item: dict[str, Any]) -> dict[str, Any]:
    """The record as the API shows it, as a whole new version with one field changed."""
    _pad, veld, declaratie, extra = SOORTEN[soort]
    nieuw = {
        naam: item[naam]
        for naam in [*declaratie.namen(), *extra]
        if item.get(naam) not in (None, "")
    }
    nieuw[veld] = f"{item[veld]} (gecorrigeerd)"
    return nieuw


@pytest.mark.parametrize("soort", list(SOORTEN))
def test_elke_vastlegging_corrigeren(beroepskracht: Membership, gevulde_casus: Casus, soort: str):
    api = Api(token_voor(beroepskracht))
    item = _eerste(api, gevulde_casus, soort)
    veld = SOORTEN[soort][1]
    r = api.post(
        f"{_adres(gevulde_casus, soort, item)}/correcties",
        {
            "reden": "onjuist",
            "toelichting": "Verkeerd overgenomen uit het ECD.",
            "nieuw": _nieuwe_versie(soort, item),
        },
        versie=_versie(gevulde_casus),
    )
    assert r.status_code == 200, r.content
    uit = r.json()
    assert uit["id"] == item["id"]  # the record keeps its id
    assert uit[veld] == f"{item[veld]} (gecorrigeerd)"
    assert uit["gecorrigeerd_op"] is not None and uit["ingetrokken_op"] is None
    (correctie,) = uit["correcties"]
    assert correctie["handeling"] == "gecorrigeerd" and correctie["reden"] == "onjuist"
    assert correctie["gewijzigd"] == [veld] and correctie["vorige"][veld] == item[veld]
    assert r["ETag"] == f'"{_versie(gevulde_casus)}"'
    toegang = Toegang.objects.order_by("-pk").first()
    assert toegang is not None
    assert toegang.onderdeel == f"api.casus.{SOORTEN[soort][0]}.correctie"
    assert toegang.casus_id == gevulde_casus.pk and toegang.uitkomst == "toegestaan"
    assert toegang.details is not None and toegang.details["item"] == item["id"]
    assert toegang.details["applicatie"] == "Test-ECD"
    # The list shows the current version; the earlier one is kept as a Correctie.
    assert _eerste(Api(token_voor(beroepskracht)), gevulde_casus, soort)[veld] == uit[veld]
    assert Correctie.objects.filter(soort=soort, object_id=item["id"]).count() == 1


@pytest.mark.parametrize("soort", list(SOORTEN))
def test_elke_vastlegging_intrekken(beroepskracht: Membership, gevulde_casus: Casus, soort: str):
    api = Api(token_voor(beroepskracht))
    item = _eerste(api, gevulde_casus, soort)
    r = api.post(
        f"{_adres(gevulde_casus, soort, item)}/intrekking",
        {"reden": "verkeerde_casus", "toelichting": "Hoort bij een andere leerling."},
        versie=_versie(gevulde_casus),
    )
    assert r.status_code == 200, r.content
    assert r.json()["ingetrokken_op"] is not None
    assert r.json()["correcties"][0]["handeling"] == "ingetrokken"
    # A withdrawn record is no longer listed.
    lijst = api.get(f"/api/casussen/{gevulde_casus.uuid}/{SOORTEN[soort][0]}").json()
    assert item["id"] not in {i["id"] for i in lijst["items"]}
    # And it changes no more.
    nog_eens = api.post(
        f"{_adres(gevulde_casus, soort, item)}/intrekking",
        {"reden": "anders", "toelichting": "Nog een keer."},
        versie=_versie(gevulde_casus),
    )
    assert nog_eens.status_code == 422
    assert "al ingetrokken" in nog_eens.json()["detail"]


def test_een_gesprek_met_een_eigen_toelichting(beroepskracht: Membership, casus: Casus):
    """A gesprek's own field ``toelichting`` is not the correction's: both arrive."""
    services.leg_gesprek_vast(
        actor=beroepskracht,
        casus=casus,
        gevoerd=False,
        reden_geen_gesprek="veiligheid_beroepskracht",
        toelichting="Vader is agressief.",
    )
    api = Api(token_voor(beroepskracht))
    item = _eerste(api, casus, "gesprek")
    r = api.post(
        f"{_adres(casus, 'gesprek', item)}/correcties",
        {
            "reden": "onvolledig",
            "toelichting": "De dreiging stond er niet bij.",
            "nieuw": {
                "gevoerd": False,
                "reden_geen_gesprek": "veiligheid_beroepskracht",
                "toelichting": "Vader is agressief en dreigde de school.",
            },
        },
        versie=_versie(casus),
    )
    assert r.status_code == 200, r.content
    assert r.json()["toelichting"] == "Vader is agressief en dreigde de school."
    (correctie,) = r.json()["correcties"]
    assert correctie["toelichting"] == "De dreiging stond er niet bij."
    assert correctie["vorige"]["toelichting"] == "Vader is agressief."


def test_ingetrokken_signaal_niet_in_de_lijst_wel_met_status(
    beroepskracht: Membership, casus_stap5: Casus
):
    api = Api(token_voor(beroepskracht))
    signaal = _eerste(api, casus_stap5, "signaal")
    assert signaal["gecorrigeerd_op"] is None and signaal["ingetrokken_op"] is None
    services.trek_in(
        actor=beroepskracht,
        casus=casus_stap5,
        soort="signaal",
        item_id=signaal["id"],
        reden="onjuist",
        toelichting="Dubbel vastgelegd.",
    )
    assert api.get(f"/api/casussen/{casus_stap5.uuid}/signalen").json()["count"] == 0


def test_een_correctie_vraagt_een_reden_en_een_wijziging(
    beroepskracht: Membership, casus_stap5: Casus
):
    api = Api(token_voor(beroepskracht))
    item = _eerste(api, casus_stap5, "signaal")
    adres = f"{_adres(casus_stap5, 'signaal', item)}/correcties"
    nieuw = _nieuwe_versie("signaal", item)
    geen_reden = api.post(
        adres, {"reden": "omdat", "toelichting": "x", "nieuw": nieuw}, versie=casus_stap5.versie
    )
    assert geen_reden.status_code == 422 and "reden" in geen_reden.json()["velden"]
    lege_toelichting = api.post(
        adres, {"reden": "onjuist", "toelichting": " ", "nieuw": nieuw}, versie=casus_stap5.versie
    )
    assert lege_toelichting.status_code == 422
    assert "Licht toe" in lege_toelichting.json()["velden"]["toelichting"][0]
    ongewijzigd = {**nieuw, "tekst": item["tekst"]}
    niets = api.post(
        adres,
        {"reden": "onjuist", "toelichting": "Toch niet.", "nieuw": ongewijzigd},
        versie=casus_stap5.versie,
    )
    assert niets.status_code == 422 and "wijzigde niets" in niets.json()["detail"]
    # The same checks as recording it: a date in the future is refused in Dutch.
    toekomst = api.post(
        adres,
        {"reden": "onjuist", "toelichting": "Datum.", "nieuw": {**nieuw, "datum": "2999-01-01"}},
        versie=casus_stap5.versie,
    )
    assert toekomst.status_code == 422 and "datum" in toekomst.json()["velden"]
    zonder_versie = api.post(adres, {"reden": "onjuist", "toelichting": "x", "nieuw": nieuw})
    assert zonder_versie.status_code == 428
    assert not Correctie.objects.exists()


def test_een_andere_organisatie_krijgt_404(
    beroepskracht: Membership, buitenstaander: Membership, casus_stap5: Casus
):
    item = _eerste(Api(token_voor(beroepskracht)), casus_stap5, "signaal")
    api = Api(token_voor(buitenstaander))
    nieuw = _nieuwe_versie("signaal", item)
    for deel, data in (
        ("correcties", {"reden": "onjuist", "toelichting": "x", "nieuw": nieuw}),
        ("intrekking", {"reden": "onjuist", "toelichting": "Weg ermee."}),
    ):
        r = api.post(
            f"{_adres(casus_stap5, 'signaal', item)}/{deel}", data, versie=casus_stap5.versie
        )
        assert r.status_code == 404, r.content
        assert casus_stap5.kenmerk not in r.content.decode()
        rij = Toegang.objects.order_by("-pk").first()
        assert rij is not None and rij.uitkomst == "geweigerd" and rij.casus_id is None
    assert selectors.signalen(casus_stap5).count() == 1 and not Correctie.objects.exists()


def test_een_item_van_een_andere_casus_bestaat_hier_niet(
    beroepskracht: Membership, casus_stap5: Casus
):
    andere = maak_klaar_voor_stap5(beroepskracht, open_casus(beroepskracht, "Andere casus"))
    vreemd = selectors.signalen(andere).get()
    api = Api(token_voor(beroepskracht))
    for sleutel in (vreemd.pk, 9_223_372_036_854_775_807):
        r = api.post(
            f"/api/casussen/{casus_stap5.uuid}/signalen/{sleutel}/intrekking",
            {"reden": "onjuist", "toelichting": "Weg ermee."},
            versie=casus_stap5.versie,
        )
        assert r.status_code == 404, r.content
    te_groot = api.post(
        f"/api/casussen/{casus_stap5.uuid}/signalen/9223372036854775808/intrekking",
        {"reden": "onjuist", "toelichting": "Weg ermee."},
        versie=casus_stap5.versie,
    )
    assert te_groot.status_code == 422
    assert selectors.signalen(andere).count() == 1


def test_alleen_lezen_mag_niet_corrigeren_of_intrekken(
    beroepskracht: Membership, collega: Membership, casus_stap5: Casus
):
    item = _eerste(Api(token_voor(beroepskracht)), casus_stap5, "signaal")
    adres = _adres(casus_stap5, "signaal", item)
    intrekking = {"reden": "onjuist", "toelichting": "Weg ermee."}
    # A token without casus:schrijven.
    lezen = Api(token_voor(beroepskracht, scopes=("casus:lezen",)))
    r = lezen.post(f"{adres}/intrekking", intrekking, versie=casus_stap5.versie)
    assert r.status_code == 403 and "casus:schrijven" in r.json()["detail"]
    # A colleague the casus is shared with to read only.
    services.deel_casus(actor=beroepskracht, casus=casus_stap5, met=collega.user_id, recht="lezen")
    lezer = Api(token_voor(collega))
    versie = _versie(casus_stap5)
    r = lezer.post(f"{adres}/intrekking", intrekking, versie=versie)
    assert r.status_code == 403 and "niets vastleggen" in r.json()["detail"]
    r = lezer.post(
        f"{adres}/correcties",
        {"reden": "onjuist", "toelichting": "x", "nieuw": _nieuwe_versie("signaal", item)},
        versie=versie,
    )
    assert r.status_code == 403
    assert selectors.signalen(casus_stap5).count() == 1 and not Correctie.objects.exists()
