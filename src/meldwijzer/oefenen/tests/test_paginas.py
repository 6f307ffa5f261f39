"""The practice pages as people use them: writing a vignette (refused with the reason, or
started from a situatie), practising with feedback, and OEFENING on every page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from meldwijzer.oefenen.models import Oefencasus, Oefenpoging
from meldwijzer.oefenen.tests.bouwers import VIGNET, maak_oefencasus

pytestmark = pytest.mark.django_db


def _tekst(antwoord) -> str:
    return re.sub(r"\s+", " ", antwoord.content.decode())


def _nieuw(client, **velden):
    data = {"titel": "Mes", "vignet": VIGNET, "route": "standaard", **velden}
    return client.post(reverse("web:oefencasus_nieuw"), data)


def test_schrijven_en_geweigerd_met_reden(aandachtsfunctionaris, client_van):
    client = client_van(aandachtsfunctionaris)
    tekst = _tekst(client.get(reverse("web:oefencasus_nieuw")))
    assert "OEFENING" in tekst and "Beginnen met een situatie uit het afwegingskader" in tekst
    # The path stops at afweging 3: refused, the reason in the error summary.
    antwoord = _nieuw(client, verwacht_1="ja", verwacht_2="ja")
    assert antwoord.status_code == 200
    tekst = _tekst(antwoord)
    assert "foutsamenvatting" in tekst and "afweging 3" in tekst
    assert not Oefencasus.objects.exists()
    # The whole path: stored, and the page of the new oefencasus shows it to its writer.
    antwoord = _nieuw(
        client,
        verwacht_1="ja",
        verwacht_2="ja",
        verwacht_3="nee",
        signalen=["acuut.wapen"],
    )
    o = Oefencasus.objects.get()
    assert antwoord.status_code == 302 and antwoord["Location"].endswith(f"/oefenen/{o.uuid}/")
    assert o.verwachte_antwoorden == {"1": "ja", "2": "ja", "3": "nee"}
    tekst = _tekst(client.get(antwoord["Location"]))
    assert "Wat het kader verwacht (alleen voor u)" in tekst


def test_beginnen_met_een_situatie(aandachtsfunctionaris, client_van):
    client = client_van(aandachtsfunctionaris)
    tekst = _tekst(client.get(reverse("web:oefencasus_nieuw") + "?situatie=1"))
    assert "U begint met de situatie ‘Geen vermoeden — afsluiten’" in tekst
    assert 'value="Geen vermoeden — afsluiten"' in tekst  # the title, to change or keep
    antwoord = client.post(
        reverse("web:oefencasus_nieuw") + "?situatie=1",
        {"titel": "Geen zorgen", "vignet": VIGNET, "route": "standaard", "verwacht_1": "nee"},
    )
    assert antwoord.status_code == 302
    assert Oefencasus.objects.get().uit_situatie == "Geen vermoeden — afsluiten"


def test_oefenen_met_terugkoppeling(aandachtsfunctionaris, beroepskracht, client_van):
    o = maak_oefencasus(aandachtsfunctionaris)
    client = client_van(beroepskracht)
    tekst = _tekst(client.get(reverse("web:oefenen")))
    assert "OEFENING" in tekst and o.titel in tekst
    antwoord = client.post(reverse("web:oefenen_beginnen", args=[o.uuid]))
    poging = Oefenpoging.objects.get()
    pad = reverse("web:oefening", args=[poging.uuid])
    assert antwoord["Location"] == pad
    tekst = _tekst(client.get(pad))
    assert "OEFENING" in tekst and VIGNET[:40] in tekst
    assert "Heb ik op basis van de stappen 1 tot en met 4" in tekst  # the framework's question
    # No answer: the form says so, as on stap 5.
    tekst = _tekst(client.post(pad, {"afweging": "1"}))
    assert "Kies een antwoord op afweging 1" in tekst
    client.post(pad, {"afweging": "1", "antwoord": "ja"})
    tekst = _tekst(client.get(pad))
    assert "Terugkoppeling op uw antwoord" in tekst and "past bij wat het afwegingskader" in tekst
    # Afweging 2 answered nee without ticking the knife: feedback cites N2 and the warning.
    client.post(pad, {"afweging": "2", "antwoord": "nee", "toelichting": "Twijfel."})
    tekst = _tekst(client.get(pad))
    assert "het afwegingskader verwacht hier ‘Ja’" in tekst
    assert "hoofdstuk 3" in tekst and "Het verwachte antwoord rust op deze norm" in tekst
    assert "Niet aangevinkt, maar wel in de situatie" in tekst
    assert "Twijfel." in tekst
    client.post(pad, {"afweging": "3", "antwoord": "nee"})
    poging.refresh_from_db()
    assert poging.afgerond
    tekst = _tekst(client.get(pad))
    assert "Uw route naast de verwachte route" in tekst
    assert tekst.count('class="stroomschema"') == 2
    assert "1 van de 3 antwoorden past" in tekst


def test_elke_oefenpagina_is_gemarkeerd(aandachtsfunctionaris, client_van):
    from meldwijzer.oefenen.tests.bouwers import oefen

    o = maak_oefencasus(aandachtsfunctionaris)
    poging = oefen(aandachtsfunctionaris, o, {"1": "nee"})
    client = client_van(aandachtsfunctionaris)
    for pad in (
        reverse("web:oefenen"),
        reverse("web:oefencasus_nieuw"),
        reverse("web:oefencasus", args=[o.uuid]),
        reverse("web:oefencasus_totalen", args=[o.uuid]),
        reverse("web:oefening", args=[poging.uuid]),
    ):
        tekst = _tekst(client.get(pad))
        assert "<title>OEFENING" in tekst, pad
        assert 'class="oefenband"' in tekst, pad


def test_intrekken(aandachtsfunctionaris, beroepskracht, client_van):
    o = maak_oefencasus(aandachtsfunctionaris)
    client_van(aandachtsfunctionaris).post(reverse("web:oefencasus_intrekken", args=[o.uuid]))
    o.refresh_from_db()
    assert o.ingetrokken
    client = client_van(beroepskracht)
    assert o.titel not in _tekst(client.get(reverse("web:oefenen")))
    assert client.get(reverse("web:oefencasus", args=[o.uuid])).status_code == 404


def test_kader_met_twee_routes(aandachtsfunctionaris, organisatie, client_van):
    """A framework with several routes (the school example: a route for a suspicion against an
    employee, outside the meldcode): first the route, then the afwegingen of that route."""
    from meldwijzer.oefenen.tests.bouwers import kies_onderwijskader

    kies_onderwijskader(organisatie)
    client = client_van(aandachtsfunctionaris)
    tekst = _tekst(client.get(reverse("web:oefencasus_nieuw")))
    assert "Over welke route gaat de oefencasus?" in tekst and "id_verwacht_1" not in tekst
    tekst = _tekst(client.get(reverse("web:oefencasus_nieuw") + "?route=medewerker"))
    assert 'id="id_verwacht_m1"' in tekst and 'id="id_verwacht_2"' not in tekst
    # The acute examples are ticked beside afweging 2 of the other route: not offered here.
    antwoord = _nieuw(client, route="medewerker", verwacht_m1="ja", signalen=["school.acuut.wapen"])
    assert antwoord.status_code == 200 and not Oefencasus.objects.exists()
    antwoord = _nieuw(client, route="medewerker", verwacht_m1="ja")
    assert antwoord.status_code == 302, _tekst(antwoord)
    o = Oefencasus.objects.get()
    assert (o.kader_versie.kader_id, o.route) == ("po-onderwijs", "medewerker")
    assert o.verwachte_antwoorden == {"m1": "ja"}


def test_oefenpagina_groeit_niet_met_antwoorden(aandachtsfunctionaris, beroepskracht, client_van):
    """The engine recomputes feedback and routes in memory: the page costs the same number of
    queries after one answer as after five."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meldwijzer.oefenen.tests.bouwers import VERWACHT, oefen

    o = maak_oefencasus(aandachtsfunctionaris)
    client = client_van(beroepskracht)
    aantallen = []
    for antwoorden in ({"1": "ja"}, VERWACHT):
        poging = oefen(beroepskracht, o, antwoorden, ["acuut.wapen"])
        pad = reverse("web:oefening", args=[poging.uuid])
        client.get(pad)  # warm: the framework version's compiled engine is cached
        with CaptureQueriesContext(connection) as vragen:
            assert client.get(pad).status_code == 200
        aantallen.append(len(vragen))
    assert aantallen[0] == aantallen[1], aantallen
    assert aantallen[1] <= 8, aantallen  # 6 measured: session, user, membership, attempt, key


def test_oefenen_in_het_engels_met_het_nederlandse_origineel(
    aandachtsfunctionaris, beroepskracht, client_van
):
    """The practice page asks the afweging from the framework's unofficial translation, with
    the Dutch original one click away (docs/kader-formaat.md, 'Vertalingen')."""
    o = maak_oefencasus(aandachtsfunctionaris)
    client = client_van(beroepskracht)
    client.post(reverse("web:oefenen_beginnen", args=[o.uuid]))
    pad = reverse("web:oefening", args=[Oefenpoging.objects.get().uuid])
    client.post(pad, {"afweging": "1", "antwoord": "ja"})
    nederlands = _tekst(client.get(pad))
    assert "Schat ik op basis van de stappen 1 tot en met 4" in nederlands
    assert 'class="origineel"' not in nederlands
    client.cookies["django_language"] = "en"
    engels = _tekst(client.get(pad))
    origineel = " ".join(re.findall(r'<details class="origineel">.*?</details>', engels))
    zonder = re.sub(r'<details class="origineel">.*?</details>', "", engels)
    assert "do I judge that there is acute unsafety" in zonder
    assert "Use of a weapon" in zonder and "Wapengebruik" not in zonder
    assert "Schat ik op basis van de stappen 1 tot en met 4" in origineel
    assert "Wapengebruik" in origineel
    # The feedback on afweging 1 in the translation too, its Dutch original one click away
    # (seen failing: the feedback stayed Dutch on the English page).
    terug = re.search(r'<section aria-labelledby="laatste-titel".*?</section>', engels)
    assert terug is not None
    zonder_terug = re.sub(r'<details class="origineel">.*?</details>', "", terug[0])
    assert "Based on steps 1 to 4 of the reporting code" in zonder_terug
    assert "Heb ik op basis van de stappen 1 tot en met 4" not in zonder_terug
    assert 'lang="nl"' in terug[0] and "Heb ik op basis van de stappen 1 tot en met 4" in terug[0]
    # Answering from the English page stores the same answer id.
    client.post(pad, {"afweging": "2", "antwoord": "ja"})
    assert Oefenpoging.objects.get().antwoorden == {"1": "ja", "2": "ja"}


def test_verwachte_route_door_een_overdracht(aandachtsfunctionaris, organisatie, client_van):
    """A framework in format 2 whose route hands over (the childcare example: between children,
    then the home situation): the vignette form offers the afwegingen of the route handed over
    to as well, under the engine's key, and the expected route passes the handover (seen
    failing: only the start route's afwegingen were offered)."""
    from meldwijzer.accounts.models import Rol
    from meldwijzer.catalogus import beheer
    from meldwijzer.catalogus import services as catalogus
    from meldwijzer.catalogus.tests.bouwers import VANDAAG
    from meldwijzer.kader import meegeleverde_kaders
    from meldwijzer.oefenen.tests.bouwers import maak_lid

    tekst = meegeleverde_kaders()["voorbeeld-kinderopvang"].read_text(encoding="utf-8")
    tekst = tekst.replace("id: voorbeeld-kinderopvang", "id: eigen-opvang", 1)
    uitslag = catalogus.importeer_kadertekst(tekst, "eigen-opvang.yaml")
    assert uitslag.versie is not None
    catalogus.publiceer_kaderversie(uitslag.versie, geldig_vanaf=VANDAAG)
    beheer.kies_kader(actor=maak_lid(Rol.BEHEERDER, organisatie), kader_id="eigen-opvang")
    client = client_van(aandachtsfunctionaris)
    pagina = _tekst(client.get(reverse("web:oefencasus_nieuw") + "?route=kinderen"))
    assert 'id="id_verwacht_k3"' in pagina and 'id="id_verwacht_thuissituatie/1"' in pagina
    antwoord = _nieuw(
        client,
        route="kinderen",
        verwacht_k1="ja",
        verwacht_k2="ja",
        verwacht_k3="ja_thuis",
        **{"verwacht_thuissituatie/1": "nee"},
    )
    assert antwoord.status_code == 302, _tekst(antwoord)
    o = Oefencasus.objects.get()
    assert o.verwachte_antwoorden == {
        "k1": "ja",
        "k2": "ja",
        "k3": "ja_thuis",
        "thuissituatie/1": "nee",
    }
