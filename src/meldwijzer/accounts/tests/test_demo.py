"""The demo organisation: idempotent, printed login details, refused in production."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldwijzer.accounts.models import Membership, Organisatie, Rol, User
from meldwijzer.accounts.services import DEMO_ACCOUNTS
from meldwijzer.accounts.tweestaps import geheim, totp_apparaat
from meldwijzer.sleutels.testing import productie_sleutels

DEMO_BK = DEMO_ACCOUNTS[0]

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[4]


def _verzoek():
    """django-axes checks every authentication against its request."""
    return RequestFactory().post("/inloggen/")


def test_demo_is_idempotent_en_noemt_de_inloggegevens():
    uit = StringIO()
    call_command("demo", stdout=uit)
    call_command("demo", stdout=StringIO())
    assert Organisatie.objects.filter(is_demo=True).count() == 1
    assert set(Membership.objects.values_list("rol", flat=True)) == set(Rol.values)
    tekst = uit.getvalue()
    assert "gebruikersnaam: beroepskracht" in tekst and "wachtwoord: demo-beroepskracht" in tekst
    assert "gebruikersnaam: aandachtsfunctionaris" in tekst
    assert authenticate(_verzoek(), username="beroepskracht", password=DEMO_BK.wachtwoord)


def test_demo_accounts_hebben_tweestaps_en_de_uitvoer_toont_geheim_en_qr():
    """Every demo account has a confirmed TOTP device; its secret and a QR code are printed,
    and the secret stays the same when the command runs again (no new app setup)."""
    uit = StringIO()
    call_command("demo", stdout=uit)
    tekst = uit.getvalue()
    for user in User.objects.filter(is_demo=True):
        apparaat = totp_apparaat(user)
        assert apparaat is not None and apparaat.confirmed
        assert f"TOTP-geheim: {geheim(apparaat)}" in tekst
    assert tekst.count("▀▀▀▀▀▀▀▀▀▀") >= len(DEMO_ACCOUNTS)  # a QR code per account
    opnieuw = StringIO()
    call_command("demo", "--zonder-qr", stdout=opnieuw)
    bk = User.objects.get(username="beroepskracht")
    assert f"TOTP-geheim: {geheim(totp_apparaat(bk))}" in opnieuw.getvalue()
    assert "▀▀▀▀▀▀▀▀▀▀" not in opnieuw.getvalue()
    assert TOTPDevice.objects.filter(user=bk).count() == 1


def test_demo_geweigerd_zonder_toestemming():
    with (
        override_settings(MELDWIJZER_DEMO_TOEGESTAAN=False),
        pytest.raises(CommandError, match="niet toegestaan"),
    ):
        call_command("demo", stdout=StringIO())
    assert not User.objects.exists()


def test_demo_account_kan_niet_inloggen_zonder_toestemming():
    call_command("demo", stdout=StringIO())
    with override_settings(MELDWIJZER_DEMO_TOEGESTAAN=False):
        assert (
            authenticate(_verzoek(), username="beroepskracht", password=DEMO_BK.wachtwoord) is None
        )


def test_demo_bestaande_echte_gebruiker_wordt_niet_overgenomen():
    User.objects.create_user("beroepskracht", None, "x" * 20)
    with pytest.raises(CommandError, match="echte gebruiker"):
        call_command("demo", stdout=StringIO())


def test_productie_instellingen_weigeren_demo(tmp_path):
    """With the real production settings module, the demo command fails with a Dutch message."""
    omgeving = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "meldwijzer.conf.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "meldwijzer.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        **productie_sleutels(),
    }
    omgeving.pop("PYTEST_XDIST_WORKER", None)
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "migrate", "--noinput"],
        env=omgeving,
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    resultaat = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "demo"],
        env=omgeving,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert resultaat.returncode != 0
    assert "niet toegestaan" in resultaat.stderr


def test_productie_vraagt_een_geheime_sleutel(tmp_path):
    omgeving = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "meldwijzer.conf.production",
        "SECRET_KEY": "",
    }
    resultaat = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check"],
        env=omgeving,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert resultaat.returncode != 0
    assert "SECRET_KEY" in resultaat.stderr
