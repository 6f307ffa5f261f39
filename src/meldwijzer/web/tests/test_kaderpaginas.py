"""The framework pages (docs/adr/0006) over HTTP: upload with every error by line, preview with a
trial decision, publication, the diff with <del>/<ins>, conformance, the organisation's choice,
a casus's version and switching it, counts per version — and escaping of uploaded text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meldwijzer.accounts.models import Membership, Organisatie, Rol
from meldwijzer.audit.models import Toegang
from meldwijzer.catalogus import services as kaders
from meldwijzer.catalogus.models import KaderStatus, KaderVersie
from meldwijzer.kader import meegeleverde_kaders

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[4]
MINIMAAL = (REPO / "tests" / "kader" / "kaders" / "minimaal.yaml").read_text(encoding="utf-8")
VANDAAG = timezone.localdate()


def onderwijs(versie: str = "1.0", kader_id: str = "po-onderwijs") -> str:
    tekst = meegeleverde_kaders()["voorbeeld-onderwijs"].read_text(encoding="utf-8")
    return tekst.replace("id: voorbeeld-onderwijs", f"id: {kader_id}", 1).replace(
        'versie: "0.1"', f'versie: "{versie}"', 1
    )


def bestand(tekst: str | bytes, naam: str = "kader.yaml") -> SimpleUploadedFile:
    inhoud = tekst.encode() if isinstance(tekst, str) else tekst
    return SimpleUploadedFile(naam, inhoud, content_type="application/yaml")


@pytest.fixture
def kaderbeheerder(maak_lid: Callable[..., Membership]) -> Membership:
    return maak_lid(Rol.KADERBEHEERDER, Organisatie.objects.create(naam="PO-vereniging"), "karin")


@pytest.fixture
def beheerder(maak_lid: Callable[..., Membership], organisatie: Organisatie) -> Membership:
    return maak_lid(Rol.BEHEERDER, organisatie, "ben")


def upload(client, tekst: str | bytes, naam: str = "kader.yaml"):
    return client.post(reverse("web:kader_importeren"), {"bestand": bestand(tekst, naam)})


def test_upload_voorbeeld_proefbeslissing_en_vaststellen(kaderbeheerder, beroepskracht, client_van):
    kb = client_van(kaderbeheerder)
    assert kb.get("/").url == reverse("web:kaders")  # the kaderbeheerder's start page
    antwoord = upload(kb, onderwijs(), "po-onderwijs.yaml")
    versie = KaderVersie.objects.get(kader_id="po-onderwijs")
    assert antwoord.url == reverse("web:kader_versie", args=[versie.pk])
    pagina = kb.get(antwoord.url).content.decode()
    assert "Concept — nog niet vastgesteld." in pagina
    assert "<svg" in pagina and "Proefbeslissing" in pagina
    assert "Zorgen over de thuissituatie van een leerling" in pagina  # a route to choose
    assert "Versie vaststellen" in pagina
    # A trial: route, afweging 1 = ja, 2 = twijfel (this profession reports on doubt).
    proef = kb.get(
        antwoord.url,
        {"route": "standaard", "antwoord_1": "ja", "antwoord_2": "twijfel"},
    ).content.decode()
    assert "Afweging 3" in proef and "Melden bij Veilig Thuis" in proef
    assert "samen met Veilig Thuis" in proef
    assert 'class="norm"' in proef
    # Concepts are not for others.
    assert client_van(beroepskracht).get(antwoord.url).status_code == 404
    # Publish.
    vast = kb.post(
        reverse("web:kader_vaststellen", args=[versie.pk]),
        {"geldig_vanaf": VANDAAG.isoformat()},
    )
    assert vast.status_code == 302
    versie.refresh_from_db()
    assert versie.status == KaderStatus.VASTGESTELD and versie.geldig_vanaf == VANDAAG
    pagina = client_van(beroepskracht).get(antwoord.url).content.decode()
    assert "Vastgesteld" in pagina and "Versie vaststellen" not in pagina


def test_upload_van_een_kapot_bestand_toont_elke_fout_met_regel(kaderbeheerder, client_van):
    kb = client_van(kaderbeheerder)
    tekst = MINIMAAL.replace("titel: Minimaal kader", "titell: Minimaal kader").replace(
        "rol: onveiligheid", "rol: ernst"
    )
    antwoord = upload(kb, tekst, "mijnkader.yaml")
    assert antwoord.status_code == 200
    pagina = antwoord.content.decode()
    assert "er is niets opgeslagen" in pagina
    fouten = re.findall(r"<li><code>(mijnkader\.yaml:\d+: [^<]*)</code></li>", pagina)
    assert len(fouten) >= 3, fouten
    assert any(f.startswith("mijnkader.yaml:3: Onbekend veld") for f in fouten)
    assert not KaderVersie.objects.exists()
    onleesbaar = upload(kb, "id: [onaf", "stuk.yaml").content.decode()
    assert "geen geldige YAML" in onleesbaar
    binair = upload(kb, b"\xff\xfe\x00kader", "binair.yaml").content.decode()
    assert "geen tekstbestand in UTF-8" in binair
    leeg = kb.post(reverse("web:kader_importeren"), {}).content.decode()
    assert "Kies een kaderbestand om te importeren." in leeg


def test_overlap_bij_vaststellen_geeft_de_fout_op_het_formulier(kaderbeheerder, client_van):
    kb = client_van(kaderbeheerder)
    for versie in ("1.0", "1.1"):
        upload(kb, onderwijs(versie))
    een, twee = KaderVersie.objects.filter(kader_id="po-onderwijs").order_by("versie")
    kb.post(reverse("web:kader_vaststellen", args=[een.pk]), {"geldig_vanaf": VANDAAG})
    antwoord = kb.post(
        reverse("web:kader_vaststellen", args=[twee.pk]), {"geldig_vanaf": VANDAAG.isoformat()}
    )
    assert antwoord.status_code == 200
    assert "Deze geldigheid overlapt met versie 1.0" in antwoord.content.decode()
    twee.refresh_from_db()
    assert twee.status == KaderStatus.CONCEPT


def test_andere_versies_alleen_die_de_lezer_mag_zien(kaderbeheerder, beroepskracht, client_van):
    """The version page lists the framework's other versions through the one visibility rule
    (catalogus.selectors.zichtbare_kaderversies): a concept only for the kaderbeheerder."""
    kb = client_van(kaderbeheerder)
    for versie in ("1.0", "1.1"):
        upload(kb, onderwijs(versie))
    een, twee = KaderVersie.objects.filter(kader_id="po-onderwijs").order_by("versie")
    kb.post(reverse("web:kader_vaststellen", args=[een.pk]), {"geldig_vanaf": VANDAAG})
    adres = reverse("web:kader_versie", args=[een.pk])
    naar_concept = f'href="{reverse("web:kader_versie", args=[twee.pk])}"'
    assert naar_concept in kb.get(adres).content.decode()
    pagina = client_van(beroepskracht).get(adres).content.decode()
    assert "Vastgesteld" in pagina
    assert naar_concept not in pagina and "Versie 1.1" not in pagina


def test_verschil_en_toets_paginas(kaderbeheerder, client_van, beroepskracht):
    kb = client_van(kaderbeheerder)
    upload(kb, onderwijs("1.0"))
    tweede = onderwijs("1.1").replace(
        "tekst: Een leerling heeft een verwonding door geweld",
        "tekst: Een leerling heeft een ernstige verwonding door geweld",
    )
    assert tweede != onderwijs("1.1")
    upload(kb, tweede)
    een, twee = KaderVersie.objects.filter(kader_id="po-onderwijs").order_by("versie")
    pagina = kb.get(reverse("web:kader_verschil"), {"a": een.pk, "b": twee.pk}).content.decode()
    assert "<ins>ernstige</ins>" in pagina
    assert "versie was &#x27;1.0&#x27;, nu &#x27;1.1&#x27;" in pagina
    # Without a: the version before it.
    standaard = kb.get(reverse("web:kader_verschil"), {"b": twee.pk}).content.decode()
    assert "<ins>ernstige</ins>" in standaard
    basis = kaders.actuele_kaderversie()
    toets = client_van(beroepskracht).get(reverse("web:kader_toets", args=[basis.pk]))
    assert "het wettelijk minimum is gehaald" in toets.content.decode()
    toets_eigen = kb.get(reverse("web:kader_toets", args=[een.pk])).content.decode()
    assert "herschreven" in toets_eigen and "<del>" in toets_eigen
    assert "acuut.verzinnen_klachten" in toets_eigen and "ontbreekt" in toets_eigen
    # A concept in the diff is not shown to someone who may not see it.
    verborgen = client_van(beroepskracht).get(
        reverse("web:kader_verschil"), {"a": basis.pk, "b": twee.pk}
    )
    assert "Kies twee kaderversies uit de lijst." in verborgen.content.decode()


def test_beheerder_kiest_en_nieuwe_casus_volgt_met_route(
    kaderbeheerder, beheerder, beroepskracht, client_van
):
    kb = client_van(kaderbeheerder)
    upload(kb, onderwijs())
    versie = KaderVersie.objects.get(kader_id="po-onderwijs")
    kb.post(reverse("web:kader_vaststellen", args=[versie.pk]), {"geldig_vanaf": VANDAAG})
    bh = client_van(beheerder)
    pagina = bh.get(reverse("web:beheer_kader")).content.decode()
    assert "po-onderwijs" in pagina and "Nieuwe casussen volgen nu" in pagina
    assert bh.post(reverse("web:beheer_kader"), {"kader": "po-onderwijs"}).status_code == 302
    assert bh.get(reverse("web:casussen")).status_code == 403  # still no casus content
    assert client_van(kaderbeheerder).post(reverse("web:beheer_kader"), {}).status_code == 403
    bk = client_van(beroepskracht)
    nieuw = bk.get(reverse("web:casus_nieuw")).content.decode()
    assert "Route" in nieuw and "versie 1.0" in nieuw
    zonder = bk.post(reverse("web:casus_nieuw"), {"titel": "Zorgen"}).content.decode()
    assert "Kies de route die bij deze zorg past." in zonder
    met = bk.post(reverse("web:casus_nieuw"), {"titel": "Zorgen", "route": "standaard"})
    assert met.status_code == 302
    casus = beroepskracht.user.casussen.get()
    assert casus.kader_versie == versie and casus.route == "standaard"
    overzicht = bk.get(met.url).content.decode()
    assert "Kader po-onderwijs, versie 1.0" in overzicht


def test_org_beheerder_importeert_niet_en_kaderbeheerder_ziet_geen_casus(
    kaderbeheerder, beheerder, client_van, casus
):
    bh = client_van(beheerder)
    assert bh.get(reverse("web:kader_importeren")).status_code == 403
    assert upload(bh, MINIMAAL).status_code == 403
    assert not KaderVersie.objects.filter(kader_id="minimaal").exists()
    kb = client_van(kaderbeheerder)
    assert kb.get(reverse("web:casussen")).status_code == 403
    assert kb.get(reverse("web:casus", args=[casus.uuid])).status_code == 404
    assert kb.get(reverse("web:kader_gebruik")).status_code == 403


def test_casus_toont_zijn_versie_en_wisselt_met_reden(
    beroepskracht, aandachtsfunctionaris, collega, casus, client_van
):
    bk = client_van(beroepskracht)
    pad = reverse("web:kader_wisselen", args=[casus.uuid])
    pagina = bk.get(pad).content.decode()
    assert "versie 2018.2" in pagina and "Er is geen nieuwere versie" in pagina
    tekst = meegeleverde_kaders()["basis"].read_text(encoding="utf-8")
    uitslag = kaders.importeer_kadertekst(
        tekst.replace('versie: "2018.2"', 'versie: "2026.1"'), "basis.yaml"
    )
    nieuw = kaders.publiceer_kaderversie(uitslag.versie, geldig_vanaf=VANDAAG)
    pagina = bk.get(pad).content.decode()
    assert "Naar versie 2026.1" in pagina
    onzin = bk.post(pad, {"naar": "abc", "reden": "Nieuw", "versie": casus.versie})
    assert "Deze casus kan niet naar die versie." in onzin.content.decode()
    geen_reden = bk.post(pad, {"naar": nieuw.pk, "reden": "", "versie": casus.versie})
    assert "Vul in waarom deze casus naar de nieuwe versie gaat." in geen_reden.content.decode()
    af = client_van(aandachtsfunctionaris)
    gelukt = af.post(
        pad, {"naar": nieuw.pk, "reden": "Nieuwe versie van basis", "versie": casus.versie}
    )
    assert gelukt.status_code == 302
    casus.refresh_from_db()
    assert casus.kader_versie == nieuw
    tijdlijn = bk.get(reverse("web:tijdlijn", args=[casus.uuid])).content.decode()
    assert "Naar een nieuwere kaderversie gewisseld" in tijdlijn
    assert "Nieuwe versie van basis" in tijdlijn and "basis@2026.1" in tijdlijn
    assert Toegang.objects.filter(casus=casus, onderdeel="casus.kader").exists()


def test_aandachtsfunctionaris_ziet_aantallen_per_versie(
    aandachtsfunctionaris, beroepskracht, casus, client_van
):
    af = client_van(aandachtsfunctionaris)
    pagina = af.get(reverse("web:kader_gebruik")).content.decode()
    versie = casus.kader_versie
    assert f"?kaderversie={versie.pk}" in pagina
    assert re.search(r"<td>1</td>\s*<td>0</td>", pagina)  # one casus, no besluit yet
    lijst = af.get(reverse("web:casussen"), {"kaderversie": versie.pk}).content.decode()
    assert casus.kenmerk in lijst and "Alleen casussen onder kader basis" in lijst
    leeg = af.get(reverse("web:casussen"), {"kaderversie": 999999}).content.decode()
    assert casus.kenmerk not in leeg
    assert client_van(beroepskracht).get(reverse("web:kader_gebruik")).status_code == 403


XSS = '<script>alert("xss")</script>'


def test_geuploade_tekst_komt_overal_ontsnapt_terug(kaderbeheerder, client_van):
    """A kaderbeheerder's text ends up in pages and in the inline flowchart: always escaped."""
    kb = client_van(kaderbeheerder)
    tekst = (
        MINIMAAL.replace("titel: Minimaal kader", f"titel: '{XSS}'")
        .replace("vraag: Onveilig?", f"vraag: '{XSS} onveilig?'")
        .replace("tekst: Signaal een", f"tekst: '{XSS}'")
    )
    assert upload(kb, tekst).status_code == 302
    versie = KaderVersie.objects.get(kader_id="minimaal")
    paginas = [
        reverse("web:kaders"),
        reverse("web:kader_versie", args=[versie.pk]),
        reverse("web:kader_versie", args=[versie.pk]) + "?antwoord_1=ja&signalen=s.een",
        reverse("web:kader_toets", args=[versie.pk]),
        reverse("web:kader_verschil") + f"?a={kaders.actuele_kaderversie().pk}&b={versie.pk}",
    ]
    for pad in paginas:
        pagina = kb.get(pad).content.decode()
        assert "<script" not in pagina, pad
        assert "&lt;script&gt;" in pagina, pad


def test_aliasbom_en_diepe_nesting_geven_een_formulierfout(kaderbeheerder, client_van):
    """A few hundred bytes of nested aliases that would expand to millions of values, and a
    file nested thousands deep: refused on the form, in Dutch, with nothing stored
    (docs/kader-formaat.md, 'Grenzen')."""
    kb = client_van(kaderbeheerder)
    voor = KaderVersie.objects.count()
    regels = ["n0: &n0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    regels += [f"n{i}: &n{i} [{', '.join([f'*n{i - 1}'] * 9)}]" for i in range(1, 7)]
    bom = upload(kb, "\n".join(regels) + "\n", "bom.yaml")
    assert bom.status_code == 200
    pagina = bom.content.decode()
    assert "bom.yaml:6: het bestand is te groot" in pagina
    assert "geen ankers (&amp;naam) en verwijzingen (*naam) nodig" in pagina
    diep = upload(kb, "a: " + "[" * 5_000 + "]" * 5_000 + "\n", "diep.yaml")
    assert diep.status_code == 200
    assert "diep.yaml:1: het bestand is dieper genest dan 50 niveaus" in diep.content.decode()
    assert KaderVersie.objects.count() == voor


def test_keten_van_3000_afwegingen_importeren_bekijken_toetsen_vergelijken(
    kaderbeheerder, client_van, monkeypatch
):
    """A framework of 3,000 afwegingen in a row works on every page; only the drawing is left
    out (more than a drawing holds: docs/kader-formaat.md, 'Grenzen')."""
    monkeypatch.syspath_prepend(str(REPO / "tests" / "kader"))
    from kadergenerator import genereer_keten

    kb = client_van(kaderbeheerder)
    tekst = genereer_keten(3_000, kader_id="lange-keten")
    assert upload(kb, tekst, "keten.yaml").status_code == 302
    tweede = tekst.replace("versie: '1.0'", "versie: '1.1'").replace("Vraag 3000?", "Vraag z?")
    assert upload(kb, tweede, "keten2.yaml").status_code == 302
    een, twee = KaderVersie.objects.filter(kader_id="lange-keten").order_by("versie")
    versie = reverse("web:kader_versie", args=[een.pk])
    for pad, verwacht in [
        (versie, "Keten van 3000 afwegingen"),
        (versie + "?route=keten&antwoord_a1=ja&antwoord_a2=nee", "Uitkomst tot nu toe"),
        (reverse("web:kader_toets", args=[een.pk]), "het wettelijk minimum is gehaald"),
        (reverse("web:kader_verschil") + f"?a={een.pk}&b={twee.pk}", "Vraag z?"),
    ]:
        antwoord = kb.get(pad)
        assert antwoord.status_code == 200, pad
        assert verwacht in antwoord.content.decode(), pad


def test_proefbeslissing_over_een_overdracht_en_een_beslissend_signaal(kaderbeheerder, client_van):
    """Kaderformaat 2 in the trial decision: the acute route hands the casus over to the
    standard route, where the path goes on; a ticked signal decides by itself; termijnen and the
    short labels are shown."""
    tekst = (REPO / "tests" / "kader" / "kaders" / "formaat2.yaml").read_text(encoding="utf-8")
    kb = client_van(kaderbeheerder)
    antwoord = upload(kb, tekst, "formaat2.yaml")
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    start = kb.get(antwoord.url, {"route": "acuut"}).content.decode()
    assert "Afweging a1 · ACUUT" in start
    proef = kb.get(antwoord.url, {"route": "acuut", "antwoord_a1": "ja"}).content.decode()
    assert "het pad gaat verder in de route ‘Zorgen over de thuissituatie’" in proef
    assert 'name="antwoord_thuissituatie/3"' in proef  # the next afweging, in the other route
    assert "Afweging 3 · HULP" in proef
    assert "Binnen 5 werkdagen: Veilig Thuis beslist of het de melding onderzoekt" in proef
    verder = kb.get(
        antwoord.url,
        {"route": "acuut", "antwoord_a1": "ja", "antwoord_thuissituatie/3": "nee"},
    ).content.decode()
    assert "Zorgen over de thuissituatie — Afweging 3 · HULP" in verder
    assert "Uitkomst</h3>" in verder
    signaal = kb.get(
        antwoord.url,
        {"route": "thuissituatie", "antwoord_1": "ja", "signalen": "opvang.vertelt"},
    ).content.decode()
    assert "Het aangevinkte signaal ‘Het kind vertelt uit zichzelf over geweld thuis.’ beslist" in (
        signaal
    )
    assert "Melden bij Veilig Thuis" in signaal
