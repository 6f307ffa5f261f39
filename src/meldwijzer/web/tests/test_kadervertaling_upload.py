"""A beroepsorganisatie publishes the translation of its own framework from the framework's page
(ADR 0029): upload with the validator's report, refusals with their line, only by its own
kaderbeheerder, withdrawal — and stap 5 of a casus under that framework in English shows the
uploaded texts with the Dutch original one click away, a new upload at once."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meldwijzer.accounts.models import Membership, Organisatie, Rol
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.catalogus.models import KaderVersie, Kadervertaling
from meldwijzer.catalogus.tests.bouwers import vastgesteld_kader
from meldwijzer.dossier import services
from meldwijzer.dossier.tests.bouwers import maak_klaar_voor_stap5

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "catalogus" / "tests" / "data"
ENGELS = (DATA / "formaat2-opvang.en.yaml").read_text(encoding="utf-8")
NAAM = "formaat2-opvang.en.yaml"
ORIGINEEL = re.compile(r'<details class="origineel">.*?</details>', re.S)


@pytest.fixture
def kaderbeheerder(maak_lid: Callable[..., Membership]) -> Membership:
    vereniging = Organisatie.objects.create(naam="Opvangvereniging")
    return maak_lid(Rol.KADERBEHEERDER, vereniging, "karin")


@pytest.fixture
def formaat2(kaderbeheerder: Membership) -> KaderVersie:
    return vastgesteld_kader(kaderbeheerder)


def upload(client, versie: KaderVersie, tekst: str = ENGELS, naam: str = NAAM):
    bestand = SimpleUploadedFile(naam, tekst.encode(), content_type="application/yaml")
    return client.post(
        reverse("web:kader_vertaling_uploaden", args=[versie.pk]), {"bestand": bestand}
    )


def sectie(html: str) -> str:
    begin = html.index('id="vertalingen"')
    return html[begin : html.index("</section>", begin)]


def test_de_kaderbeheerder_publiceert_een_vertaling_en_ziet_het_verslag(
    kaderbeheerder, formaat2, client_van
):
    kb = client_van(kaderbeheerder)
    pagina = kb.get(reverse("web:kader_versie", args=[formaat2.pk])).content.decode()
    assert "Dit kader heeft nog geen vertaling." in sectie(pagina)
    assert "Vertaling uploaden" in sectie(pagina)

    antwoord = upload(
        kb, formaat2, ENGELS.replace("    afsluiten:\n      label: Close and record\n", "")
    )
    assert antwoord.status_code == 302
    assert antwoord.url == reverse("web:kader_versie", args=[formaat2.pk]) + "#vertalingen"
    pagina = kb.get(antwoord.url).content.decode()
    assert "De vertaling naar het Engels is gepubliceerd" in pagina
    assert "versie 0.1: 76 van 77 teksten vertaald" in pagina
    assert "nog niet vertaald (daar toont de app het Nederlands): acties.afsluiten.label" in pagina
    deel = sectie(pagina)
    assert "<strong>Engels</strong> (en)" in deel and "76 van 77 teksten" in deel
    assert "Nog niet vertaald (1)" in deel and "<code>acties.afsluiten.label</code>" in deel
    assert "vertaald door Opvangvereniging (test)" in deel
    assert "Vertaling naar het Engels intrekken" in deel
    assert Gebeurtenis.objects.filter(soort="kader.vertaling_geupload").count() == 1


def test_een_onbekende_id_wordt_geweigerd_met_de_regel(kaderbeheerder, formaat2, client_van):
    kb = client_van(kaderbeheerder)
    tekst = ENGELS.replace("    opvang.vertelt:\n", "    opvang.<b>vertelt</b>:\n")
    antwoord = upload(kb, formaat2, tekst)
    assert antwoord.status_code == 200
    deel = sectie(antwoord.content.decode())
    assert "De vertaling heeft 1 fout; er is niets opgeslagen" in deel
    assert (
        "formaat2-opvang.en.yaml:26: Er is geen item &#x27;opvang.&lt;b&gt;vertelt&lt;/b&gt;"
        "&#x27; in kader &#x27;formaat2-opvang&#x27; versie 0.1; controleer de id of "
        "verwijder deze vertaling."
    ) in deel
    assert "<b>vertelt</b>" not in deel
    assert not Kadervertaling.objects.exists()


def test_een_bestand_voor_een_andere_versie_wordt_geweigerd(kaderbeheerder, formaat2, client_van):
    kb = client_van(kaderbeheerder)
    antwoord = upload(kb, formaat2, ENGELS.replace('versies: ["0.1"]', 'versies: ["9.9"]'))
    deel = sectie(antwoord.content.decode())
    assert "formaat2-opvang.en.yaml:5: Dit bestand vertaalt versie 9.9" in deel
    assert "heeft geen versie met dat nummer (wel: 0.1)" in deel
    assert not Kadervertaling.objects.exists()


def test_geen_yaml_of_geen_bestand_geeft_een_foutmelding_bij_het_veld(
    kaderbeheerder, formaat2, client_van
):
    kb = client_van(kaderbeheerder)
    antwoord = upload(kb, formaat2, "teksten: [: :")
    assert antwoord.status_code == 200
    assert 'class="foutsamenvatting"' in antwoord.content.decode()
    leeg = kb.post(reverse("web:kader_vertaling_uploaden", args=[formaat2.pk]), {})
    assert "Kies een vertaalbestand om te uploaden." in leeg.content.decode()
    assert not Kadervertaling.objects.exists()


def test_alleen_de_eigen_kaderbeheerder_uploadt_en_trekt_in(
    kaderbeheerder, formaat2, maak_lid, beroepskracht, client_van
):
    vereniging = Organisatie.objects.create(naam="Andere vereniging")
    ander = client_van(maak_lid(Rol.KADERBEHEERDER, vereniging, "kees"))
    assert upload(ander, formaat2).status_code == 403
    bk = client_van(beroepskracht)
    assert upload(bk, formaat2).status_code == 403
    assert not Kadervertaling.objects.exists()

    assert upload(client_van(kaderbeheerder), formaat2).status_code == 302
    intrekken = reverse("web:kader_vertaling_intrekken", args=[formaat2.pk, "en"])
    assert ander.post(intrekken).status_code == 403
    assert bk.post(intrekken).status_code == 403
    assert Kadervertaling.objects.get().ingetrokken_op is None

    # Others see the language and its completeness, not the form, the history or the button.
    for client in (ander, bk):
        deel = sectie(client.get(reverse("web:kader_versie", args=[formaat2.pk])).content.decode())
        assert "<strong>Engels</strong> (en)" in deel and "77 van 77 teksten" in deel
        assert "Vertaling uploaden" not in deel and "intrekken" not in deel
        assert "Geschiedenis" not in deel and "karin" not in deel


def test_intrekken_op_de_pagina(kaderbeheerder, formaat2, client_van):
    kb = client_van(kaderbeheerder)
    upload(kb, formaat2)
    antwoord = kb.post(reverse("web:kader_vertaling_intrekken", args=[formaat2.pk, "en"]))
    assert antwoord.status_code == 302
    pagina = kb.get(antwoord.url).content.decode()
    assert "De vertaling naar het Engels is ingetrokken" in pagina
    deel = sectie(pagina)
    assert "ingetrokken; de casussen tonen hier alleen het Nederlands." in deel
    assert "Geschiedenis (1 upload)" in deel and "ingetrokken op" in deel
    assert Gebeurtenis.objects.filter(soort="kader.vertaling_ingetrokken").count() == 1
    opnieuw = kb.post(reverse("web:kader_vertaling_intrekken", args=[formaat2.pk, "en"]))
    assert "Er is geen vertaling naar" in kb.get(opnieuw.url).content.decode()


def test_tekst_uit_het_bestand_wordt_ge_escaped(kaderbeheerder, formaat2, client_van):
    kb = client_van(kaderbeheerder)
    tekst = ENGELS.replace(
        "vertaald_door: Opvangvereniging (test)", 'vertaald_door: "<script>alert(1)</script>"'
    )
    upload(kb, formaat2, tekst, naam="<img src=x>.en.yaml")
    pagina = kb.get(reverse("web:kader_versie", args=[formaat2.pk])).content.decode()
    assert "<script>alert(1)</script>" not in pagina and "<img src=x>" not in pagina
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pagina


def test_engelse_stap5_onder_het_eigen_kader_toont_de_upload_en_een_nieuwe_meteen(
    kaderbeheerder, formaat2, beroepskracht, client_van
):
    casus = services.open_casus(
        actor=beroepskracht, titel="Opvang", kader_versie=formaat2, route="thuissituatie"
    )
    maak_klaar_voor_stap5(beroepskracht, casus)
    bk = client_van(beroepskracht)
    url = reverse("web:besluit", args=[casus.uuid])
    bk.cookies["django_language"] = "en"
    zonder = bk.get(url).content.decode()
    assert "Is er een vermoeden van huiselijk geweld of kindermishandeling?" in zonder
    assert 'class="origineel"' not in zonder

    kb = client_van(kaderbeheerder)
    assert upload(kb, formaat2).status_code == 302
    engels = bk.get(url).content.decode()
    getoond = ORIGINEEL.sub("", engels)
    originelen = " ".join(ORIGINEEL.findall(engels))
    assert "Is there a suspicion of domestic violence or child abuse?" in getoond
    assert "Yes — already discussed with the parents" in getoond
    assert "Is er een vermoeden van huiselijk geweld" not in getoond
    # The Dutch original one click away (a <details> with the Dutch text, lang="nl").
    assert "Is er een vermoeden van huiselijk geweld of kindermishandeling?" in originelen
    assert '<div lang="nl">' in originelen

    beter = ENGELS.replace(
        "Is there a suspicion of domestic violence or child abuse?",
        "Do you suspect domestic violence or child abuse?",
    )
    assert upload(kb, formaat2, beter).status_code == 302
    getoond = ORIGINEEL.sub("", bk.get(url).content.decode())
    assert "Do you suspect domestic violence or child abuse?" in getoond
    assert "Is there a suspicion of domestic violence" not in getoond

    assert (
        kb.post(reverse("web:kader_vertaling_intrekken", args=[formaat2.pk, "en"])).status_code
        == 302
    )
    weer = bk.get(url).content.decode()
    assert "Is er een vermoeden van huiselijk geweld of kindermishandeling?" in weer
    assert 'class="origineel"' not in weer and "Do you suspect" not in weer

    # The Dutch page never shows the translation.
    bk.cookies["django_language"] = "nl"
    upload(kb, formaat2)
    nederlands = bk.get(url).content.decode()
    assert "Is there a suspicion" not in nederlands and 'class="origineel"' not in nederlands
