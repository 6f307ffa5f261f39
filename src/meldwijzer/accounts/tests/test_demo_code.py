"""`meldwijzer demo code`: the current second-factor code of a demo account, so a newcomer logs in
without a phone — only for demo accounts, and only where demo accounts are allowed (the
development settings); the production settings refuse it."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from meldwijzer.accounts.models import User
from meldwijzer.accounts.tweestaps import totp_apparaat
from meldwijzer.cli import main
from meldwijzer.sleutels.testing import productie_sleutels

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[4]


@pytest.fixture
def demo():
    call_command("demo", "--zonder-qr", "--zonder-casussen", stdout=StringIO())


def test_code_van_een_demo_account_is_geldig(demo, capsys):
    assert main(["demo", "code", "aandachtsfunctionaris"]) == 0
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    apparaat = totp_apparaat(User.objects.get(username="aandachtsfunctionaris"))
    assert apparaat.verify_token(code)


def test_zonder_naam_de_beroepskracht(demo, capsys):
    assert main(["demo", "code"]) == 0
    code = capsys.readouterr().out.strip()
    assert totp_apparaat(User.objects.get(username="beroepskracht")).verify_token(code)


def test_geen_code_voor_een_echt_account(demo, capsys):
    echt = User.objects.create_user("echte.collega", None, "x" * 20)
    assert main(["demo", "code", echt.username]) == 2
    uit = capsys.readouterr()
    assert uit.out == ""
    assert "geen demo-account" in uit.err and "beroepskracht" in uit.err


def test_geen_code_waar_demo_niet_mag(demo, capsys):
    with override_settings(MELDWIJZER_DEMO_TOEGESTAAN=False):
        assert main(["demo", "code", "beroepskracht"]) == 2
    uit = capsys.readouterr()
    assert uit.out == "" and "niet toegestaan" in uit.err


def test_productie_instellingen_weigeren_de_code(tmp_path):
    """With the real production settings module the command prints no code and exits 2."""
    omgeving = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "meldwijzer.conf.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "meldwijzer.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        **productie_sleutels(),
    }
    omgeving.pop("PYTEST_XDIST_WORKER", None)
    resultaat = subprocess.run(
        [sys.executable, "-m", "meldwijzer.cli", "demo", "code", "beroepskracht"],
        env=omgeving,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert resultaat.returncode == 2, resultaat.stderr
    assert resultaat.stdout == ""
    assert "niet toegestaan" in resultaat.stderr
