"""A token that reads casus content is minted only by the person it acts for (docs/adr/0010):
the beheerder asks, the person approves on *Mijn account* with a fresh code from their own app,
and only they see the token. The access log names the application on the page and in the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from meldwijzer.accounts.middleware import SESSIE_BEGIN, SESSIE_LAATST
from meldwijzer.accounts.models import Rol
from meldwijzer.accounts.testing import huidige_code, meld_aan
from meldwijzer.api.tests.helpers import Api, beheerder_van
from meldwijzer.applicaties.models import Applicatie
from meldwijzer.audit.models import Gebeurtenis, Toegang
from meldwijzer.dossier import services as dossier

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"mw_[0-9a-f]{12}_[\w-]+")


def _over(dagen: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=dagen)


def _aanvragen(beheerder, namens, naam: str = "ECD De Linde") -> tuple[Client, str]:
    client = meld_aan(Client(), beheerder.user)
    r = client.post(
        "/beheer/applicaties/",
        {
            "naam": naam,
            "scopes": ["casus:lezen"],
            "namens": namens.pk,
            "verloopt_op": _over(30).isoformat(),
        },
        follow=True,
    )
    assert r.status_code == 200, r.content
    return client, r.content.decode()


def _goedkeuren(lid, applicatie: Applicatie, code: str | None = None) -> tuple[int, str]:
    client = meld_aan(Client(), lid.user)
    r = client.post(
        "/account/applicaties/goedkeuren/",
        {"applicatie": applicatie.pk, "code": code if code is not None else huidige_code(lid.user)},
    )
    return r.status_code, r.content.decode()


def test_de_beheerder_krijgt_nooit_een_token_dat_casusinhoud_leest(maak_lid):
    """The attack: the beheerder registers an application for the aandachtsfunctionaris and
    reads every casus with its token. Now no token reaches the beheerder, and the request does
    nothing until the aandachtsfunctionaris approves it."""
    af = maak_lid(Rol.AANDACHTSFUNCTIONARIS)
    bk = maak_lid(Rol.BEROEPSKRACHT, organisatie=af.organisatie)
    dossier.open_casus(actor=bk, titel="GEHEIM-signalen")
    beheerder = beheerder_van(af)
    client, pagina = _aanvragen(beheerder, af)
    assert not TOKEN.search(pagina)
    app = Applicatie.objects.get()
    assert not app.is_bruikbaar and app.goedgekeurd_op is None
    assert "wacht op goedkeuring" in client.get("/beheer/applicaties/").content.decode()
    # Nothing the beheerder holds opens the API: not the list, not a guess at the prefix.
    assert not TOKEN.search(client.get("/beheer/applicaties/").content.decode())
    assert Gebeurtenis.objects.filter(soort="applicatie.aangevraagd").count() == 1


def test_wie_de_applicatie_machtigt_keurt_goed_met_de_eigen_code_en_ziet_het_token(maak_lid):
    af = maak_lid(Rol.AANDACHTSFUNCTIONARIS)
    _aanvragen(beheerder_van(af), af)
    app = Applicatie.objects.get()
    pagina = meld_aan(Client(), af.user).get("/account/applicaties/").content.decode()
    assert "ECD De Linde" in pagina and "Goedkeuren" in pagina
    status, pagina = _goedkeuren(af, app)
    assert status == 200
    token = TOKEN.search(pagina).group(0)
    assert Api(token).get("/api/casussen").status_code == 200
    app.refresh_from_db()
    assert app.is_bruikbaar and app.goedgekeurd_via == Applicatie.Goedkeuring.MIJN_ACCOUNT
    gebeurtenis = Gebeurtenis.objects.get(soort="applicatie.goedgekeurd")
    assert gebeurtenis.actor_id == af.user_id
    # Shown once.
    assert token not in meld_aan(Client(), af.user).get("/account/applicaties/").content.decode()


def test_zonder_juiste_code_geen_token(maak_lid):
    af = maak_lid(Rol.AANDACHTSFUNCTIONARIS)
    _aanvragen(beheerder_van(af), af)
    app = Applicatie.objects.get()
    for code in ("", "000000", "abcdef"):
        status, pagina = _goedkeuren(af, app, code=code)
        assert status == 200 and not TOKEN.search(pagina)
        assert "code" in pagina.lower()
    app.refresh_from_db()
    assert app.goedgekeurd_op is None


def test_een_ander_keurt_niet_goed(maak_lid):
    af = maak_lid(Rol.AANDACHTSFUNCTIONARIS)
    bk = maak_lid(Rol.BEROEPSKRACHT, organisatie=af.organisatie)
    beheerder = beheerder_van(af)
    _aanvragen(beheerder, af)
    app = Applicatie.objects.get()
    for ander in (bk, beheerder):
        status, pagina = _goedkeuren(ander, app)
        assert status in (200, 403) and not TOKEN.search(pagina)
    eigen = meld_aan(Client(), bk.user).get("/account/applicaties/").content.decode()
    assert "ECD De Linde" not in eigen
    app.refresh_from_db()
    assert app.goedgekeurd_op is None


def test_wie_via_de_organisatie_inlogt_keurt_goed_vlak_na_het_inloggen(maak_lid):
    """Without an app of their own (single sign-on with the organisation's second factor), the
    login itself must be fresh."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from meldwijzer.accounts.models import IdpApparaat

    af = maak_lid(Rol.AANDACHTSFUNCTIONARIS)
    _aanvragen(beheerder_van(af), af)
    app = Applicatie.objects.get()
    client = meld_aan(Client(), af.user)
    TOTPDevice.objects.filter(user=af.user).delete()
    idp = IdpApparaat.objects.create(user=af.user, name="Identity provider", confirmed=True)
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = idp.persistent_id
    sessie[SESSIE_BEGIN] = timezone.now().timestamp() - 3600
    sessie[SESSIE_LAATST] = timezone.now().timestamp()
    sessie.save()
    r = client.post("/account/applicaties/goedkeuren/", {"applicatie": app.pk, "code": ""})
    assert r.status_code == 200 and not TOKEN.search(r.content.decode())
    assert "opnieuw in" in r.content.decode()
    sessie = client.session
    sessie[SESSIE_BEGIN] = timezone.now().timestamp()
    sessie.save()
    r = client.post("/account/applicaties/goedkeuren/", {"applicatie": app.pk, "code": ""})
    assert TOKEN.search(r.content.decode())


def test_wie_de_applicatie_machtigt_trekt_hem_in_op_mijn_account(maak_lid):
    af = maak_lid(Rol.AANDACHTSFUNCTIONARIS)
    _aanvragen(beheerder_van(af), af)
    app = Applicatie.objects.get()
    token = TOKEN.search(_goedkeuren(af, app)[1]).group(0)
    client = meld_aan(Client(), af.user)
    r = client.post("/account/applicaties/intrekken/", {"applicatie": app.pk})
    assert r.status_code == 302
    assert Api(token).get("/api/casussen").status_code == 401
    assert Gebeurtenis.objects.get(soort="applicatie.ingetrokken").actor_id == af.user_id


def test_een_verlopen_aanvraag_wordt_niet_meer_goedgekeurd(maak_lid):
    af = maak_lid(Rol.AANDACHTSFUNCTIONARIS)
    _aanvragen(beheerder_van(af), af)
    app = Applicatie.objects.get()
    with time_machine.travel(timezone.now() + dt.timedelta(days=40)):
        _status, pagina = _goedkeuren(af, app)
    assert not TOKEN.search(pagina)


def test_het_logboek_noemt_de_applicatie_op_de_pagina_en_in_de_csv(maak_lid):
    af = maak_lid(Rol.AANDACHTSFUNCTIONARIS)
    po = maak_lid(Rol.PRIVACY_OFFICER, organisatie=af.organisatie)
    _aanvragen(beheerder_van(af), af, naam="Leerlingvolgsysteem Parnassys")
    token = TOKEN.search(_goedkeuren(af, Applicatie.objects.get())[1]).group(0)
    assert Api(token).get("/api/casussen").status_code == 200
    assert Toegang.objects.filter(details__applicatie="Leerlingvolgsysteem Parnassys").exists()
    client = meld_aan(Client(), po.user)
    pagina = client.get("/logboek/?soort=toegang").content.decode()
    assert "Leerlingvolgsysteem Parnassys" in pagina
    export = client.get("/logboek/export/?soort=toegang")
    tekst = b"".join(export.streaming_content).decode()
    rijen = list(csv.DictReader(io.StringIO(tekst)))
    assert "applicatie" in rijen[0]
    assert any(r["applicatie"] == "Leerlingvolgsysteem Parnassys" for r in rijen)


def test_de_opdrachtregel_registreert_direct_en_legt_dat_vast(maak_lid):
    """The server's operator holds the database and the keys anyway: the command line keeps
    registering a usable token at once, recorded as such."""
    from contextlib import redirect_stderr, redirect_stdout

    from meldwijzer.cli import main

    af = maak_lid(Rol.AANDACHTSFUNCTIONARIS)
    beheerder = beheerder_van(af)
    uit, fout = io.StringIO(), io.StringIO()
    with redirect_stdout(uit), redirect_stderr(fout):
        code = main(
            [
                "applicatie",
                "registreer",
                "--beheerder",
                beheerder.user.username,
                "--naam",
                "HIS",
                "--scope",
                "casus:lezen",
                "--namens",
                af.user.username,
                "--tot",
                _over(10).isoformat(),
            ]
        )
    assert code == 0, fout.getvalue()
    assert Api(uit.getvalue().strip()).get("/api/casussen").status_code == 200
    app = Applicatie.objects.get()
    assert app.goedgekeurd_via == Applicatie.Goedkeuring.OPDRACHTREGEL
    assert Gebeurtenis.objects.filter(soort="applicatie.geregistreerd").count() == 1
