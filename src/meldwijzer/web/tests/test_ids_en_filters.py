"""Ids from a URL or a query string are range-checked, and a filter names only what the user may
see: an id beyond the database's integer range answers 404 (and is logged), never 500; a concept
framework's name never shows through a filter (docs/security.md § 12)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from meldwijzer.accounts.models import Rol
from meldwijzer.accounts.testing import meld_aan
from meldwijzer.audit.models import Toegang
from meldwijzer.catalogus.models import KaderStatus
from meldwijzer.catalogus.services import importeer_kadertekst
from meldwijzer.kader import meegeleverde_kaders
from meldwijzer.web.tests.wereld import alle_adressen, bouw_wereld, url, zonder_gevolgen

pytestmark = pytest.mark.django_db

# One past the largest 64-bit integer, and one far past it: both overflow a bigint column.
TE_GROOT = (2**63, 10**23)


# Parameters that are no integer ids: uuids (a casus, an oefencasus, a practice attempt) and a word.
GEEN_GETAL = frozenset({"casus_id", "actie", "oefencasus_id", "poging_id"})


def _int_parameters(adres) -> list[str]:
    return [p for p in adres.parameters if p not in GEEN_GETAL]


def test_een_te_groot_id_in_een_adres_geeft_404_en_wordt_gelogd():
    wereld = bouw_wereld()
    adressen = [a for a in alle_adressen() if _int_parameters(a) and a.naam.startswith("web:")]
    assert len(adressen) >= 8, [a.naam for a in adressen]
    rollen = ("eigenaar", "af", "beheerder", "po", "kb")
    for wie in rollen:
        client = wereld.client(wie)
        for adres in adressen:
            for getal in TE_GROOT:
                waarden = {**wereld.waarden, **dict.fromkeys(_int_parameters(adres), getal)}
                pad = url(adres, waarden)
                for methode in ("get", "post"):
                    antwoord = zonder_gevolgen(lambda c=client, m=methode, p=pad: getattr(c, m)(p))
                    assert antwoord.status_code in (403, 404, 405), (
                        f"{wie} {methode.upper()} {pad}: {antwoord.status_code}"
                    )


def test_de_geweigerde_toegang_met_een_te_groot_id_staat_in_het_log():
    wereld = bouw_wereld()
    client = wereld.client("eigenaar")
    casus = wereld.casus_a
    voor = Toegang.objects.filter(uitkomst=Toegang.Uitkomst.GEWEIGERD).count()
    pad = f"/casussen/{casus.uuid}/betrokkenen/99999999999999999999999/kindcheck/"
    assert client.get(pad).status_code == 404
    geweigerd = Toegang.objects.filter(uitkomst=Toegang.Uitkomst.GEWEIGERD).order_by("pk")
    assert geweigerd.count() == voor + 1
    regel = geweigerd.last()
    assert regel.casus_id == casus.pk and regel.gebruiker_id == wereld.leden["eigenaar"].user_id


@pytest.mark.parametrize("waarde", ["9223372036854775808", "99999999999999999999999", "-1", "1e3"])
def test_een_te_groot_id_in_een_filter_geeft_geen_fout(waarde):
    wereld = bouw_wereld()
    for wie, pad in (
        ("eigenaar", "/casussen/?kaderversie="),
        ("af", "/casussen/?kaderversie="),
        ("af", "/casussen/?pagina="),
        ("po", "/logboek/?gebruiker="),
        ("po", "/logboek/export/?gebruiker="),
        ("po", "/logboek/?pagina="),
        ("beheerder", "/beheer/gebruikers/?pagina="),
    ):
        antwoord = wereld.client(wie).get(pad + waarde)
        assert antwoord.status_code == 200, (wie, pad, antwoord.status_code)


def test_een_filter_noemt_geen_kaderversie_die_de_gebruiker_niet_mag_zien():
    """A concept is visible to kaderbeheerders only: the casus list's filter must not resolve
    its name for a beroepskracht (the framework page itself answers 404)."""
    wereld = bouw_wereld()
    tekst = meegeleverde_kaders()["voorbeeld-huisarts"].read_text(encoding="utf-8")
    tekst = tekst.replace("id: voorbeeld-huisarts", "id: geheim-concept", 1)
    uitslag = importeer_kadertekst(tekst, "geheim.yaml", beroepsorganisatie=wereld.org_a)
    concept = uitslag.versie
    assert concept is not None and concept.status == KaderStatus.CONCEPT
    for wie in ("eigenaar", "af"):
        client = wereld.client(wie)
        assert client.get(reverse("web:kader_versie", args=[concept.pk])).status_code == 404
        tekst = client.get(f"/casussen/?kaderversie={concept.pk}").content.decode()
        assert "geheim-concept" not in tekst


def test_een_filter_noemt_wel_de_kaderversie_van_de_eigen_casussen(beroepskracht):
    client = meld_aan(Client(), beroepskracht.user)
    from meldwijzer.dossier import services

    casus = services.open_casus(actor=beroepskracht, titel="Zorgen")
    tekst = client.get(f"/casussen/?kaderversie={casus.kader_versie_id}").content.decode()
    assert casus.kader_versie.kader_id in tekst
    assert Rol.BEROEPSKRACHT  # the role the filter was tried with


# Every field name of the app's forms that carries an id, a number or a choice.
GETALVELDEN = [
    "applicatie",
    "betrokkene",
    "signalen",
    "organisatie",
    "naar",
    "namens",
    "met",
    "nieuwe_eigenaar",
    "gebruiker",
    "ontvanger",
    "kaderversie",
    "jaar",
    "a",
    "b",
    "casus",
    "versie",
    "leeftijd",
    "geboortejaar",
    "termijn_aantal",
    "jaren",
    "aangevinkt",
    "voor",
    "kies",
    "afweging",
    "stap",
    "pagina",
]


def test_een_te_groot_getal_in_elk_formulierveld_geeft_geen_serverfout():
    wereld = bouw_wereld()
    data = dict.fromkeys(GETALVELDEN, str(10**23))
    fouten = []
    for wie in ("eigenaar", "af", "beheerder", "po", "kb"):
        client = wereld.client(wie)
        for adres in alle_adressen():
            if adres.naam.startswith("api"):
                continue
            pad = url(adres, wereld.waarden)
            for methode in ("get", "post"):
                antwoord = zonder_gevolgen(
                    lambda c=client, m=methode, p=pad: getattr(c, m)(p, data)
                )
                if antwoord.status_code >= 500:
                    fouten.append(f"{wie} {methode.upper()} {pad}: {antwoord.status_code}")
    assert not fouten, "\n".join(fouten)
