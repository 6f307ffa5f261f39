"""Attacks that must fail: reading another organisation's data (canaries), stored XSS, SQL
injection, requests without CSRF token, guessing object ids."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from meldwijzer.accounts import permissions
from meldwijzer.accounts.models import Inloggebeurtenis
from meldwijzer.api.adres import URLCONF_MET_API
from meldwijzer.audit.models import Gebeurtenis
from meldwijzer.dossier import services
from meldwijzer.dossier.models import Casus
from meldwijzer.web.tests.wereld import (
    Wereld,
    alle_adressen,
    bouw_wereld,
    inhoud,
    url,
    vul_tekstvelden,
    zonder_gevolgen,
)

pytestmark = pytest.mark.django_db

KANARIE = "KANARIE"
ORGANISATIE_A = ("eigenaar", "collega", "lezer", "schrijver", "af", "beheerder", "po")


def kanarie(veld: str, max_length: int | None) -> str:
    return f"{KANARIE}-{veld}"[: max_length or None]


def kruip(client: Client, wereld: Wereld) -> Iterator[tuple[str, str, str]]:
    """Every address of the app, with organisation A's and B's object ids, GET and an empty
    POST, and the lists with their filters: (method, path, body)."""
    extra = [
        reverse("web:casussen") + "?eigen=1",
        reverse("web:casussen") + "?stap=1",
        reverse("web:logboek") + "?soort=wijzigingen",
        reverse("web:logboek") + "?soort=inloggen",
    ]

    for casus in (wereld.casus_a, wereld.casus_b):  # the JSON export for inzage
        extra.append(reverse("web:inzage_bestand", args=[casus.uuid]) + "?formaat=json&doel=inzage")

    def tekst(antwoord: Any) -> str:
        # A download (CSV, JSON: an attachment, nosniff) is never rendered as markup: compare
        # it as escaped text, so canaries still show and markup in it is no XSS finding.
        if not antwoord.get("Content-Type", "").startswith("text/html"):
            return escape(inhoud(antwoord))
        return inhoud(antwoord)

    for pad in extra:
        yield "GET", pad, tekst(zonder_gevolgen(functools.partial(client.get, pad)))
    for adres in alle_adressen():
        if adres.naam in {"web:uitloggen", "web:overal_uitloggen"}:
            continue  # would end the crawl's own session
        for waarden in (wereld.waarden, wereld.waarden_b):
            pad = url(adres, waarden)
            yield "GET", pad, tekst(zonder_gevolgen(functools.partial(client.get, pad)))
            yield "POST", pad, tekst(zonder_gevolgen(functools.partial(client.post, pad, {})))


def lekken(wereld: Wereld, wie: str) -> list[str]:
    client = wereld.client(wie)
    return [f"{m} {pad}" for m, pad, tekst in kruip(client, wereld) if KANARIE in tekst]


@pytest.fixture
def wereld_met_kanaries() -> Wereld:
    """Organisation B's casus carries a canary in every text field, its users in their names,
    and B's users leave traces in B's logs."""
    wereld = bouw_wereld(tekst_b=kanarie)
    for wie in ("bk_b", "af_b", "po_b"):
        client = wereld.client(wie)
        client.get(reverse("web:casus", args=[wereld.casus_b.uuid]))
        client.get(reverse("web:logboek"))
    # Titles are encrypted in the database: compare the decrypted values.
    assert any(c.titel.startswith(KANARIE) for c in Casus.objects.all())
    return wereld


@pytest.mark.parametrize("wie", ORGANISATIE_A)
def test_geen_kanarie_van_organisatie_b_bij_organisatie_a(wereld_met_kanaries, wie):
    assert lekken(wereld_met_kanaries, wie) == []


def test_de_kanariecontrole_vangt_een_lek(wereld_met_kanaries, monkeypatch):
    """Scoping deliberately switched off: the same crawl finds organisation B's canaries. So the
    test above would notice a leak, rather than pass because it looks in the wrong place."""
    monkeypatch.setattr(permissions, "_organisatie_filter", lambda membership: Q())
    gevonden = lekken(wereld_met_kanaries, "af")
    assert any("/casussen/" in regel for regel in gevonden), gevonden


def test_beheerder_en_privacy_officer_zien_geen_casusinhoud(wereld_met_kanaries):
    """Organisation A's own casus gets canaries too: only those who may see it find them.

    The kenmerk is left out: it is the casus's reference, not its content, and the privacy
    officer needs it to answer who saw which casus (docs/security.md)."""
    wereld = wereld_met_kanaries
    vul_tekstvelden(
        wereld.casus_a, wereld.leden["eigenaar"].user, kanarie, overslaan=frozenset({"kenmerk"})
    )
    for wie in ("beheerder", "po", "collega"):
        assert lekken(wereld, wie) == [], wie
    assert lekken(wereld, "eigenaar") and lekken(wereld, "lezer")


def test_raden_van_ids_geeft_404(wereld_met_kanaries):
    """Ids of another organisation's casus, besluit and member, and ids that do not exist,
    answer alike: 404, nothing to tell them apart."""
    wereld = wereld_met_kanaries
    client = wereld.client("af")
    onbekend = "00000000-0000-4000-8000-000000000000"
    for casus_id in (wereld.casus_b.uuid, onbekend):
        for naam in ("web:casus", "web:tijdlijn", "web:besluit", "web:signalen"):
            assert client.get(reverse(naam, args=[casus_id])).status_code == 404
        pad = reverse("web:besluit_detail", args=[casus_id, 1])
        assert client.get(pad).status_code == 404
    beheerder = wereld.client("beheerder")
    for pk in (wereld.leden["bk_b"].pk, 999999):
        assert beheerder.get(reverse("web:beheer_gebruiker", args=[pk])).status_code == 404
        pad = reverse("web:beheer_gebruiker_actie", args=[pk, "deactiveren"])
        assert beheerder.post(pad).status_code == 404
    assert wereld.leden["bk_b"].user.is_active


# --- stored XSS -----------------------------------------------------------------------------

XSS = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
XSS_KORT = "<i>x</i>"


def xss(veld: str, max_length: int | None) -> str:
    return XSS if (max_length or 10_000) >= len(XSS) else XSS_KORT[: max_length or 8]


# A script file of ours (an empty element with src under /static/, ADR 0024) is not the payload.
ONVEILIG = re.compile(
    r'<script(?! src="/static/[^"]+" defer></script>)|<img[^>]*onerror|<i>x</i>', re.IGNORECASE
)


def test_xss_in_elk_tekstveld_komt_ontsnapt_terug(wereld_met_kanaries):
    """The payload in every free-text field of every dossier model, in the users' names and the
    organisation name; every page the owner, the aandachtsfunctionaris, the beheerder and the
    privacy officer can reach shows it escaped, never as markup."""
    wereld = wereld_met_kanaries
    vul_tekstvelden(wereld.casus_a, wereld.leden["eigenaar"].user, xss)
    for lid in wereld.leden.values():
        lid.user.first_name = XSS
        lid.user.save(update_fields=["first_name"])
    wereld.org_a.naam = XSS
    wereld.org_a.save()
    ontsnapt = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;"
    gezien = 0
    for wie in ("eigenaar", "af", "beheerder", "po"):
        client = wereld.client(wie)
        client.get(reverse("web:casus", args=[wereld.casus_a.uuid]))  # a trace in the logs
        for methode, pad, tekst in kruip(client, wereld):
            if pad == reverse("api:openapi-view", urlconf=URLCONF_MET_API):
                continue  # Swagger UI's own <script src> tags; the page holds no data at all
            assert not ONVEILIG.search(tekst), f"{wie} {methode} {pad}: unescaped payload"
            gezien += ontsnapt in tekst
    assert gezien > 20  # the payload was shown (escaped) on many pages, not just absent


def test_sql_injectie_wordt_letterlijk_opgeslagen(beroepskracht, client_van):
    aanval = "'; DROP TABLE dossier_casus; -- \" OR 1=1 --"
    casus = services.open_casus(actor=beroepskracht, titel=aanval)
    client = client_van(beroepskracht)
    assert (
        aanval.replace("'", "&#x27;").replace('"', "&quot;")
        in client.get(reverse("web:casus", args=[casus.uuid])).content.decode()
    )
    assert Casus.objects.get(pk=casus.pk).titel == aanval
    for query in ("?stap=1' OR '1'='1", "?pagina=1;DROP TABLE x", "?eigen=1' --"):
        assert client.get(reverse("web:casussen") + query).status_code == 200
    assert client.get("/casussen/1%20OR%201=1/").status_code == 404
    inlog = Client().post(reverse("web:inloggen"), {"username": "' OR '1'='1", "password": "x"})
    assert "Inloggen is niet gelukt" in inlog.content.decode()
    assert Casus.objects.count() == 1


# --- CSRF -----------------------------------------------------------------------------------


def test_geen_enkele_post_zonder_csrf_token(wereld_met_kanaries):
    """Every address, POSTed without token by someone allowed to use it: refused with the Dutch
    403 page, and nothing written."""
    from meldwijzer.accounts.testing import meld_aan

    wereld = wereld_met_kanaries
    rollen = {"eigenaar": None, "beheerder": None, "po": None}
    voor = (Gebeurtenis.objects.count(), Casus.objects.count())
    for adres in alle_adressen():
        for wie in rollen:
            client = meld_aan(Client(enforce_csrf_checks=True), wereld.leden[wie].user)
            antwoord = client.post(url(adres, wereld.waarden), {"titel": "x", "reden": "x"})
            if adres.naam.startswith("api:"):
                # The API takes no session or cookie (a bearer token only), so a forged
                # cross-site POST carries no credentials: 401, nothing written (checked below).
                assert antwoord.status_code in (401, 403, 405), (adres.naam, antwoord.status_code)
                continue
            assert antwoord.status_code in (403, 405), (adres.naam, wie, antwoord.status_code)
            if antwoord.status_code == 403 and adres.route.startswith("/api/"):
                # The API's own pages (its description, the docs) answer as the API does: JSON.
                assert antwoord.json()["detail"] == "Dit verzoek is niet toegestaan."
            elif antwoord.status_code == 403:
                assert "Het formulier kon niet worden verwerkt" in antwoord.content.decode()
    assert (Gebeurtenis.objects.count(), Casus.objects.count()) == voor
    anoniem = Client(enforce_csrf_checks=True)
    antwoord = anoniem.post(reverse("web:inloggen"), {"username": "eigenaar", "password": "x"})
    assert antwoord.status_code == 403
    assert not Inloggebeurtenis.objects.filter(gebruikersnaam="eigenaar").exists()
