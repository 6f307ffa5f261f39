"""Stap 5 in English: the framework's unofficial translation, with the Dutch original one click
away; the Dutch page and everything stored stay Dutch (docs/kader-formaat.md, 'Vertalingen')."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from meldwijzer.dossier import services
from meldwijzer.dossier.models import Antwoord, Besluit

pytestmark = pytest.mark.django_db

ORIGINEEL = re.compile(r'<details class="origineel">.*?</details>', re.S)


def _klaar_voor_stap5(beroepskracht):
    casus = services.open_casus(actor=beroepskracht, titel="Casus")
    datum = casus.aangemaakt_op.date()
    services.leg_signaal_vast(
        actor=beroepskracht,
        casus=casus,
        datum=datum,
        bron="eigen",
        aard="feit",
        tekst="Wapen gezien.",
        aangevinkt=["acuut.wapen"],
    )
    services.leg_consultatie_vast(
        actor=beroepskracht, casus=casus, met_wie="collega", datum=datum, advies="x"
    )
    services.leg_gesprek_vast(
        actor=beroepskracht,
        casus=casus,
        gevoerd=False,
        reden_geen_gesprek="veiligheid_kind",
        toelichting="x",
    )
    services.leg_weging_vast(actor=beroepskracht, casus=casus, datum=datum, aard_en_ernst="x")
    return casus


def _originelen(html: str) -> str:
    return " ".join(ORIGINEEL.findall(html))


def test_engelse_stap5_toont_vertaling_met_het_nederlandse_origineel(beroepskracht, client_van):
    casus = _klaar_voor_stap5(beroepskracht)
    client = client_van(beroepskracht)
    url = reverse("web:besluit", args=[casus.uuid])
    assert client.post(url, {"afweging": "1", "antwoord": "ja"}).status_code == 302

    nederlands = client.get(url).content.decode()
    assert "Schat ik op basis van de stappen 1 tot en met 4" in nederlands
    assert "Wapengebruik" in nederlands and "Let op bij ‘Nee’" in nederlands
    assert 'class="origineel"' not in nederlands
    assert "Use of a weapon" not in nederlands and "do I judge" not in nederlands

    client.cookies["django_language"] = "en"
    engels = client.get(url).content.decode()
    zonder_originelen = ORIGINEEL.sub("", engels)
    originelen = _originelen(engels)
    # The question, help, answers, lists and the warning in English ...
    assert "do I judge that there is acute unsafety and/or structural unsafety?" in engels
    assert "This is the weightiest question." in zonder_originelen
    assert ">Yes</label>" in zonder_originelen and ">No</label>" in zonder_originelen
    assert "Use of a weapon" in zonder_originelen
    assert "Examples of acutely unsafe situations" in zonder_originelen
    assert "Risk factors have no predictive value with certainty." in zonder_originelen
    assert "You ticked ‘Use of a weapon’" in zonder_originelen
    assert "Schat ik op basis" not in zonder_originelen
    assert "Wapengebruik" not in zonder_originelen
    # ... and the Dutch original one click away, marked as such.
    assert "Schat ik op basis van de stappen 1 tot en met 4" in originelen
    assert "Dit is de zwaarstwegende vraag." in originelen
    assert "U hebt ‘Wapengebruik’ aangevinkt" in originelen
    assert "Wapengebruik" in originelen
    assert "Risicofactoren hebben geen met zekerheid voorspellende waarde." in originelen
    assert originelen.count('<div lang="nl">') >= 3
    # The answered afweging, the route as text and the flowchart too, with the Dutch beside.
    assert "Based on steps 1 to 4 of the reporting code, do I have a suspicion" in (
        zonder_originelen
    )
    assert "Heb ik op basis van de stappen 1 tot en met 4" in originelen
    assert "<svg" in zonder_originelen and "Heb ik op basis" not in zonder_originelen
    # Citations stay those of the Dutch document.
    assert "Afweging 2" in zonder_originelen

    # Answering from the English page stores the same ids and the Dutch outcome.
    client.post(url, {"afweging": "2", "antwoord": "ja"})
    besluit = Besluit.objects.get()
    assert besluit.uitkomst["acties"] == ["melden"]
    assert [a.antwoord for a in Antwoord.objects.order_by("pk")] == ["ja", "ja"]
    engels = client.get(url).content.decode()
    zonder_originelen = ORIGINEEL.sub("", engels)
    assert (
        "Reporting suspicions of domestic violence and/or child abuse is a professional norm"
        in (zonder_originelen)
    )
    assert "Het melden van vermoedens van huiselijk geweld" in _originelen(engels)

    client.cookies["django_language"] = "nl"
    nederlands = client.get(url).content.decode()
    assert "Het melden van vermoedens van huiselijk geweld" in nederlands
    assert 'class="origineel"' not in nederlands and "Reporting suspicions" not in nederlands


def test_engelse_voorwaarden_bij_afweging_3(beroepskracht, client_van):
    casus = _klaar_voor_stap5(beroepskracht)
    client = client_van(beroepskracht)
    url = reverse("web:besluit", args=[casus.uuid])
    client.post(url, {"afweging": "1", "antwoord": "ja"})
    client.post(url, {"afweging": "2", "antwoord": "ja"})
    client.cookies["django_language"] = "en"
    engels = client.get(url).content.decode()
    zonder_originelen = ORIGINEEL.sub("", engels)
    assert "Am I able to offer or organise effective help" in zonder_originelen
    assert "All professionals involved focus on stopping the violence" in zonder_originelen
    assert "Alle betrokken beroepskrachten hebben de focus" not in zonder_originelen
    assert "Alle betrokken beroepskrachten hebben de focus" in _originelen(engels)
    client.cookies["django_language"] = "nl"
    nederlands = client.get(url).content.decode()
    assert "Alle betrokken beroepskrachten hebben de focus" in nederlands
    assert 'class="origineel"' not in nederlands


def test_zonder_vertaling_in_die_taal_blijft_alles_nederlands(beroepskracht, client_van):
    """A framework version the translation does not name is shown in Dutch only."""
    from meldwijzer.kader import laad_kader
    from meldwijzer.kader.vertaling import vertaald_kader

    basis = laad_kader("basis")
    assert vertaald_kader(basis, "en") is not None
    assert vertaald_kader(basis, "de") is None
    assert vertaald_kader(basis, "nl") is None


def test_lijsten_van_stap_1_en_4_in_het_engels(beroepskracht, client_van):
    casus = _klaar_voor_stap5(beroepskracht)
    client = client_van(beroepskracht)
    signalen = reverse("web:signalen", args=[casus.uuid])
    weging = reverse("web:weging", args=[casus.uuid])
    for url in (signalen, weging):
        assert 'class="origineel"' not in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    engels = client.get(signalen).content.decode()
    zonder = ORIGINEEL.sub("", engels)
    assert "Attempted strangulation" in zonder and "Poging tot verwurging" not in zonder
    assert "Poging tot verwurging" in _originelen(engels)
    # The recorded signal's ticked item: English, its Dutch original beside it.
    assert re.search(r"<li>Use of a weapon<details class=\"origineel\">.*?Wapengebruik", engels)
    engels = client.get(weging).content.decode()
    zonder = ORIGINEEL.sub("", engels)
    assert "Risk factors have no predictive value with certainty." in zonder
    assert "Risicofactoren hebben geen met zekerheid voorspellende waarde." in _originelen(engels)
    # Ticking a signal from the English page stores the same item id.
    client.post(
        signalen,
        {
            "bron": "eigen",
            "aard": "feit",
            "datum": casus.aangemaakt_op.date().isoformat(),
            "tekst": "Greep naar de keel.",
            "aangevinkt": ["acuut.verwurging"],
        },
    )
    from meldwijzer.dossier.selectors import aangevinkte_signalen

    assert "acuut.verwurging" in aangevinkte_signalen(casus)
