"""Writing an oefencasus: expected answers the framework cannot produce are refused with the
reason; starting from the framework's own situaties works for every usable one."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meldwijzer.catalogus.services import kaderversie_voor_organisatie
from meldwijzer.oefenen import services
from meldwijzer.oefenen.models import Oefencasus
from meldwijzer.oefenen.tests.bouwers import VERWACHT, maak_oefencasus
from meldwijzer.oefenen.verwachting import situaties_van

pytestmark = pytest.mark.django_db


def test_aandachtsfunctionaris_schrijft_een_oefencasus(aandachtsfunctionaris):
    o = maak_oefencasus(aandachtsfunctionaris)
    o.refresh_from_db()
    assert o.verwachte_antwoorden == VERWACHT
    assert o.verwachte_signalen == ["acuut.wapen"]
    assert o.kader_versie.kader_id == "basis"
    assert o.vignet.startswith("Een leerling")
    assert o.organisatie_id == aandachtsfunctionaris.organisatie_id


def test_vignet_staat_versleuteld_in_de_database(aandachtsfunctionaris):
    from django.db import connection

    o = maak_oefencasus(aandachtsfunctionaris)
    with connection.cursor() as cur:
        cur.execute("SELECT vignet, titel FROM oefenen_oefencasus WHERE id = %s", [o.pk])
        vignet, titel = cur.fetchone()
    assert "leerling" not in vignet
    assert "mes" not in titel


@pytest.mark.parametrize(
    ("antwoorden", "signalen", "in_reden"),
    [
        ({}, [], "eerste afweging"),
        ({"1": "ja", "2": "ja"}, [], "afweging 3"),  # the path does not end
        ({"1": "nee", "2": "ja"}, [], "pad eindigt al"),  # 2 is not reached after 1 = nee
        ({"1": "ja", "3": "ja"}, [], "afweging '2' ontbreekt"),
        ({"1": "misschien"}, [], "bestaat niet"),
        ({"1": "ja", "2": "nee", "3": "nee"}, ["acuut.wapen"], "waarschuwt"),
        ({"1": "nee"}, ["bestaat.niet"], "Onbekend of niet aan te vinken signaal"),
    ],
)
def test_onmogelijke_verwachting_geweigerd_met_reden(
    aandachtsfunctionaris, antwoorden, signalen, in_reden
):
    with pytest.raises(ValidationError) as fout:
        maak_oefencasus(aandachtsfunctionaris, antwoorden=antwoorden, signalen=signalen)
    assert any(in_reden in tekst for tekst in fout.value.messages), fout.value.messages
    assert not Oefencasus.objects.exists()


def test_waarschuwing_noemt_het_signaal_in_de_woorden_van_het_kader(aandachtsfunctionaris):
    with pytest.raises(ValidationError) as fout:
        maak_oefencasus(aandachtsfunctionaris, antwoorden={"1": "ja", "2": "nee", "3": "nee"})
    tekst = " ".join(fout.value.messages)
    assert "wapen" in tekst.lower() and "afweging 2" in tekst


def test_beroepskracht_schrijft_geen_oefencasus(beroepskracht):
    with pytest.raises(PermissionDenied):
        maak_oefencasus(beroepskracht)


def test_lege_titel_en_vignet_geweigerd(aandachtsfunctionaris):
    with pytest.raises(ValidationError) as fout:
        services.schrijf_oefencasus(
            actor=aandachtsfunctionaris,
            titel="  ",
            vignet="x",
            route="standaard",
            antwoorden=VERWACHT,
        )
    assert "titel" in fout.value.message_dict


def test_situaties_van_het_kader(aandachtsfunctionaris):
    kader = kaderversie_voor_organisatie(aandachtsfunctionaris.organisatie_id).kader()
    situaties = situaties_van(kader)
    assert len(situaties) == 19
    bruikbaar = [s for s in situaties if s.bruikbaar]
    onbruikbaar = [s for s in situaties if not s.bruikbaar]
    assert bruikbaar and onbruikbaar
    # A situation that stops halfway is refused as it stands, with the afweging that still
    # follows, but offered as a start to complete; one the framework warns against is not.
    tussen = next(s for s in situaties if s.naam == "Vermoeden — door naar afweging 2")
    assert any("afweging 2" in r for r in tussen.redenen)
    assert tussen.aan_te_vullen and tussen.startpunt and tussen.antwoorden == {"1": "ja"}
    gewaarschuwd = [s for s in situaties if any("waarschuwt" in r for r in s.redenen)]
    assert gewaarschuwd and not any(s.startpunt for s in gewaarschuwd)
    # Every usable one can be written as an oefencasus as it stands.
    for s in bruikbaar:
        o = maak_oefencasus(
            aandachtsfunctionaris, antwoorden=s.antwoorden, signalen=s.signalen, titel=s.naam
        )
        assert o.verwachte_antwoorden == s.antwoorden


def test_signaal_buiten_de_route_geweigerd(aandachtsfunctionaris, organisatie):
    from meldwijzer.oefenen.tests.bouwers import kies_onderwijskader

    kies_onderwijskader(organisatie)
    with pytest.raises(ValidationError) as fout:
        services.schrijf_oefencasus(
            actor=aandachtsfunctionaris,
            titel="Een leraar",
            vignet="Een ouder vertelt over een leraar.",
            route="medewerker",
            antwoorden={"m1": "ja"},
            signalen=["school.acuut.wapen"],
        )
    assert any("staat bij geen afweging van deze route" in t for t in fout.value.messages)
