"""The pages to correct and withdraw what was recorded, and stap 5 on recorded signalen
(docs/adr/0019)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meldwijzer.audit.models import Toegang
from meldwijzer.dossier import selectors, services
from meldwijzer.dossier.models import Antwoord, Correctie, Signaal
from meldwijzer.dossier.tests.bouwers import GISTEREN, beantwoord, maak_klaar_voor_stap5

pytestmark = pytest.mark.django_db

SIGNAAL = {
    "datum": GISTEREN.isoformat(),
    "bron": "eigen",
    "aard": "feit",
    "tekst": "Blauwe plek op de arm.",
}


def url(naam, casus, *extra):
    return reverse(f"web:{naam}", args=[casus.uuid, *extra])


def test_een_signaal_corrigeren_op_de_pagina(beroepskracht, casus_stap5, client_van):
    client = client_van(beroepskracht)
    signaal = selectors.signalen(casus_stap5).get()
    lijst = client.get(url("signalen", casus_stap5)).content.decode()
    corrigeer = url("corrigeren", casus_stap5, "signaal", signaal.pk)
    assert corrigeer in lijst and url("intrekken", casus_stap5, "signaal", signaal.pk) in lijst
    pagina = client.get(corrigeer).content.decode()
    assert "Blauwe plek op de bovenarm." in pagina  # the current version, to edit
    # Without a reason nothing is stored, and the page says what to fill in.
    fout = client.post(corrigeer, {**SIGNAAL, "correctie-reden": "onjuist"})
    assert fout.status_code == 200
    assert "Licht toe wat er onjuist was" in fout.content.decode()
    assert not Correctie.objects.exists()
    goed = client.post(
        corrigeer,
        {**SIGNAAL, "correctie-reden": "onjuist", "correctie-toelichting": "Arm, niet rug."},
    )
    assert goed.status_code == 302
    signaal.refresh_from_db()
    assert signaal.tekst == "Blauwe plek op de arm."
    lijst = client.get(url("signalen", casus_stap5)).content.decode()
    assert "Gecorrigeerd" in lijst and "Blauwe plek op de bovenarm." not in lijst
    tijdlijn = client.get(url("tijdlijn", casus_stap5)).content.decode()
    assert "Signaal gecorrigeerd" in tijdlijn
    assert "onjuist vastgelegd" in tijdlijn and "Arm, niet rug." in tijdlijn
    assert Toegang.objects.filter(casus=casus_stap5, onderdeel="casus.correctie").exists()


def test_een_gesprek_corrigeren_houdt_zijn_eigen_toelichting_apart(
    beroepskracht, casus, client_van
):
    """A gesprek has its own ``toelichting``; the reason's field is prefixed."""
    gesprek = services.leg_gesprek_vast(
        actor=beroepskracht,
        casus=casus,
        gevoerd=False,
        reden_geen_gesprek="veiligheid_kind",
        toelichting="Eerst afstemmen met Veilig Thuis.",
    )
    client = client_van(beroepskracht)
    antwoord = client.post(
        url("corrigeren", casus, "gesprek", gesprek.pk),
        {
            "reden_geen_gesprek": "veiligheid_anderen",
            "toelichting": "Zus loopt gevaar.",
            "correctie-reden": "onjuist",
            "correctie-toelichting": "Verkeerde reden gekozen.",
        },
    )
    assert antwoord.status_code == 302
    gesprek.refresh_from_db()
    assert (gesprek.reden_geen_gesprek, gesprek.toelichting) == (
        "veiligheid_anderen",
        "Zus loopt gevaar.",
    )
    assert Correctie.objects.get().toelichting == "Verkeerde reden gekozen."


def test_intrekken_op_de_pagina(beroepskracht, casus_stap5, client_van):
    client = client_van(beroepskracht)
    consultatie = selectors.consultaties(casus_stap5).get()
    adres = url("intrekken", casus_stap5, "consultatie", consultatie.pk)
    assert "Niets wordt gewist" in client.get(adres).content.decode()
    assert (
        client.post(
            adres,
            {"correctie-reden": "verkeerde_casus", "correctie-toelichting": "Andere leerling."},
        ).status_code
        == 302
    )
    assert consultatie.advies not in client.get(url("consultatie", casus_stap5)).content.decode()
    # Withdrawn: the page to correct it is gone, and stap 5 says a consultatie is missing.
    assert (
        client.get(url("corrigeren", casus_stap5, "consultatie", consultatie.pk)).status_code == 404
    )
    besluit = client.get(url("besluit", casus_stap5)).content.decode()
    assert "Stap 5 kan nog niet beginnen" in besluit and "consultatie" in besluit


def test_niet_van_een_ander(beroepskracht, casus_stap5, buitenstaander, client_van, collega):
    signaal = selectors.signalen(casus_stap5).get()
    for lid in (buitenstaander, collega):  # another organisation; a colleague it is not shared with
        client = client_van(lid)
        assert client.get(url("corrigeren", casus_stap5, "signaal", signaal.pk)).status_code == 404
        assert client.get(url("intrekken", casus_stap5, "signaal", signaal.pk)).status_code == 404
    eigen = client_van(beroepskracht)
    assert eigen.get(url("corrigeren", casus_stap5, "besluit", 1)).status_code == 404
    assert eigen.get(url("corrigeren", casus_stap5, "signaal", signaal.pk + 999)).status_code == 404


def test_stap5_vraagt_waarop_een_nieuw_vinkje_rust(beroepskracht, casus_stap5, client_van):
    client = client_van(beroepskracht)
    beantwoord(beroepskracht, casus_stap5, {"1": "ja"})
    adres = url("besluit", casus_stap5)
    signaal = selectors.signalen(casus_stap5).get()
    pagina = client.get(adres).content.decode()
    assert "Op welke vastgelegde signalen rust wat u nu aanvinkt?" in pagina
    zonder = client.post(
        adres, {"afweging": "2", "antwoord": "ja", "signalen": ["factor.herhaling"]}
    )
    assert zonder.status_code == 200
    assert "Kies op welk vastgelegd signaal het rust" in zonder.content.decode()
    assert not Antwoord.objects.filter(afweging="2").exists()
    # On the spot: a new signaal with date and source, which then carries the tick.
    ter_plekke = client.post(
        adres,
        {
            "afweging": "2",
            "antwoord": "ja",
            "signalen": ["factor.herhaling"],
            "nieuw_signaal": "on",
            "signaal_datum": GISTEREN.isoformat(),
            "signaal_bron": "verteld",
            "signaal_bron_wie": "De leerling zelf",
            "signaal_aard": "feit",
            "signaal_tekst": "Het gebeurde vaker, zegt de leerling.",
        },
    )
    assert ter_plekke.status_code == 302
    nieuw = Signaal.objects.exclude(pk=signaal.pk).get()
    assert nieuw.aangevinkt == ["factor.herhaling"] and nieuw.bron_wie == "De leerling zelf"
    assert Antwoord.objects.get(afweging="2").bronnen == {"factor.herhaling": [nieuw.pk]}
    # The signaal recorded on the spot is on the signalen page, to correct like any other.
    pagina = client.get(url("signalen", casus_stap5)).content.decode()
    assert "Het gebeurde vaker" in pagina
    assert url("corrigeren", casus_stap5, "signaal", nieuw.pk) in pagina


def test_besluit_met_gewijzigde_basis_en_opnieuw_beslissen(beroepskracht, casus_stap5, client_van):
    client = client_van(beroepskracht)
    beantwoord(beroepskracht, casus_stap5, {"1": "ja", "2": "nee", "3": "nee"})
    signaal = selectors.signalen(casus_stap5).get()
    assert "is veranderd" not in client.get(url("besluit", casus_stap5)).content.decode()
    services.trek_in(
        actor=beroepskracht,
        casus=casus_stap5,
        soort="signaal",
        item_id=signaal.pk,
        reden="verkeerde_casus",
        toelichting="Hoort bij een ander kind.",
    )
    services.leg_signaal_vast(
        actor=beroepskracht, casus=casus_stap5, **{**SIGNAAL, "datum": GISTEREN}
    )
    pagina = client.get(url("besluit", casus_stap5)).content.decode()
    assert "De basis van besluit 2 is veranderd" in pagina
    overzicht = client.get(url("casus", casus_stap5)).content.decode()
    assert "De basis van besluit 2 is veranderd" in overzicht
    opnieuw = url("opnieuw_beslissen", casus_stap5)
    client.post(opnieuw, {"toelichting": ""})
    assert selectors.huidige_antwoorden(casus_stap5)  # a reason is required
    assert client.post(opnieuw, {"toelichting": "Signaal hoorde niet hier."}).status_code == 302
    assert selectors.huidige_antwoorden(casus_stap5) == []
    assert "Afweging 1" in client.get(url("besluit", casus_stap5)).content.decode()


def test_een_eerder_vinkje_toont_zijn_bron(beroepskracht, casus, client_van):
    """Ticked at stap 1, shown at afweging 2 with the signaal it rests on and the way to
    untick it: a correction of that signaal (it used to say only 'al aangevinkt')."""
    maak_klaar_voor_stap5(beroepskracht, casus, signalen=["factor.herhaling"])
    beantwoord(beroepskracht, casus, {"1": "ja"})
    signaal = selectors.signalen(casus).get()
    pagina = client_van(beroepskracht).get(url("besluit", casus)).content.decode()
    assert "(al aangevinkt)" in pagina and "Rust op:" in pagina
    assert url("corrigeren", casus, "signaal", signaal.pk) in pagina


def test_het_besluit_toont_elk_vinkje_met_zijn_bron(beroepskracht, casus, client_van):
    maak_klaar_voor_stap5(beroepskracht, casus, signalen=["factor.herhaling"])
    beantwoord(beroepskracht, casus, {"1": "ja", "2": "ja"})
    signaal = selectors.signalen(casus).get()
    client = client_van(beroepskracht)
    adres = url("besluit_detail", casus, 1)
    pagina = client.get(adres).content.decode()
    assert "Rust op:" in pagina and "feit van" in pagina
    services.trek_in(
        actor=beroepskracht,
        casus=casus,
        soort="signaal",
        item_id=signaal.pk,
        reden="onjuist",
        toelichting="Onjuist.",
    )
    pagina = client.get(adres).content.decode()
    assert "label--ingetrokken" in pagina  # the basis as it was, and what became of it
    assert "Na dit besluit is gecorrigeerd of ingetrokken" in pagina
