"""Feit or mening (ADR 0024): a *feit* with speculative wording is asked about once, in one
block, with one button that records it as mening — on the signalen page and on the correction of
a signaal. The script that asks while typing loads from this origin only, on those pages only."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from meldwijzer.dossier import selectors
from meldwijzer.dossier.formulering import woordenlijst
from meldwijzer.dossier.models import Aard, Casus, Correctie, Signaal
from meldwijzer.dossier.tests.bouwers import GISTEREN

pytestmark = pytest.mark.django_db

SPECULATIEF = {
    "datum": GISTEREN.isoformat(),
    "bron": "eigen",
    "aard": "feit",
    "tekst": "Vader is waarschijnlijk dronken en lijkt boos.",
}


def url(naam, casus, *extra):
    return reverse(f"web:{naam}", args=[casus.uuid, *extra])


def vers(casus):
    return Casus.objects.get(pk=casus.pk).versie


def _een_vraag(html: str) -> None:
    """One message: the feit-or-mening block, focused, with the words; no error summary, no
    field error repeating it."""
    assert html.count("speculatieve woorden") == 1, html
    assert "foutsamenvatting" not in html
    assert "veld__fout" not in html
    blok = re.search(r'<div class="waarschuwing" id="feit-of-mening"[^>]*>', html)
    assert blok and "autofocus" in blok.group(0) and "hidden" not in blok.group(0)
    assert "‘lijkt’, ‘waarschijnlijk’" in html  # in the order of the word list
    # The textarea is described by the block's sentence and marked invalid.
    veld = re.search(r"<textarea[^>]*>", html)
    assert veld and 'aria-describedby="feit-of-mening-tekst"' in veld.group(0)
    assert 'aria-invalid="true"' in veld.group(0)
    # Enter in a field uses the form's first submit button: the plain one, not "als mening".
    eerste = re.search(r"<button[^>]*>", html[html.index("<form") :])
    assert eerste and 'name="vastleggen_als"' not in eerste.group(0)
    assert 'name="vastleggen_als" value="mening"' in html


def test_een_speculatief_feit_geeft_een_vraag_en_een_knop(beroepskracht, casus, client_van):
    client = client_van(beroepskracht)
    fout = client.post(url("signalen", casus), {**SPECULATIEF, "versie": vers(casus)})
    assert fout.status_code == 200
    _een_vraag(fout.content.decode())
    assert not Signaal.objects.exists()

    gelukt = client.post(
        url("signalen", casus),
        {**SPECULATIEF, "versie": vers(casus), "vastleggen_als": "mening"},
    )
    assert gelukt.status_code == 302
    signaal = Signaal.objects.get()
    assert signaal.aard == Aard.MENING and not signaal.speculatief_bevestigd
    assert signaal.tekst == SPECULATIEF["tekst"]


def test_bevestigd_als_feit_blijft_een_feit(beroepskracht, casus, client_van):
    client = client_van(beroepskracht)
    gelukt = client.post(
        url("signalen", casus),
        {**SPECULATIEF, "versie": vers(casus), "feit_bevestigd": "on"},
    )
    assert gelukt.status_code == 302
    signaal = Signaal.objects.get()
    assert signaal.aard == Aard.FEIT and signaal.speculatief_bevestigd


def test_een_andere_fout_blijft_in_de_samenvatting(beroepskracht, casus, client_van):
    """Only the speculative question has its own block; an empty text is an ordinary error."""
    client = client_van(beroepskracht)
    html = client.post(
        url("signalen", casus), {**SPECULATIEF, "tekst": "", "versie": vers(casus)}
    ).content.decode()
    assert "foutsamenvatting" in html and "veld__fout" in html
    assert re.search(r'id="feit-of-mening"[^>]*hidden', html)


def test_een_te_lange_tekst_met_speculatieve_woorden_zegt_dat_hij_te_lang_is(
    beroepskracht, casus, client_van
):
    """The block answers only the speculative refusal: another error on the text, here its
    length, stays in the summary and under the field, even when the text has such words."""
    client = client_van(beroepskracht)
    te_lang = "Vader lijkt boos. " * 2000
    html = client.post(
        url("signalen", casus), {**SPECULATIEF, "tekst": te_lang, "versie": vers(casus)}
    ).content.decode()
    assert "foutsamenvatting" in html and "veld__fout" in html
    assert re.search(r'id="feit-of-mening"[^>]*hidden', html)
    assert not Signaal.objects.exists()


def test_de_correctie_van_een_signaal_vraagt_hetzelfde(beroepskracht, casus_stap5, client_van):
    client = client_van(beroepskracht)
    signaal = selectors.signalen(casus_stap5).get()
    corrigeer = url("corrigeren", casus_stap5, "signaal", signaal.pk)
    data = {
        **SPECULATIEF,
        "versie": vers(casus_stap5),
        "correctie-reden": "onvolledig",
        "correctie-toelichting": "Aangevuld.",
    }
    fout = client.post(corrigeer, data)
    assert fout.status_code == 200
    _een_vraag(fout.content.decode())
    assert not Correctie.objects.exists()
    assert client.post(corrigeer, {**data, "vastleggen_als": "mening"}).status_code == 302
    signaal.refresh_from_db()
    assert signaal.aard == Aard.MENING and signaal.tekst == SPECULATIEF["tekst"]


def test_het_script_komt_alleen_van_hier(beroepskracht, casus, client_van):
    client = client_van(beroepskracht)
    pagina = client.get(url("signalen", casus))
    richtlijnen = dict(
        d.strip().split(" ", 1) for d in pagina["Content-Security-Policy"].split(";") if d.strip()
    )
    assert richtlijnen["script-src"] == "'self'"
    html = pagina.content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == ['<script src="/static/web/feit-of-mening.js" defer>']
    assert "</script>" in html and re.search(r"<script[^>]*>\s*</script>", html)
    # The word list the script matches with is the server's, form by form.
    lijst = re.search(r'data-woordenlijst="([^"]*)"', html)
    assert lijst
    vormen = json.loads(lijst.group(1).replace("&quot;", '"'))
    assert vormen == [[list(v) for v in ingang.vormen] for ingang in woordenlijst()]
    # Elsewhere no script at all.
    lijstpagina = client.get(reverse("web:casussen"))
    assert "script-src 'none'" in lijstpagina["Content-Security-Policy"]
