"""Security headers, cookie flags and the production settings, attacked from outside."""

from __future__ import annotations

import os
import re
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.urls import reverse

from meldwijzer.accounts.models import Membership, Rol, User
from meldwijzer.accounts.testing import huidige_code
from meldwijzer.conf import base
from meldwijzer.sleutels.testing import productie_sleutels

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[4]
PRODUCTIE = REPO / "src" / "meldwijzer" / "conf" / "production.py"


def controleer_beleid(antwoord) -> None:
    csp = antwoord["Content-Security-Policy"]
    richtlijnen = dict(
        [*deel.strip().split(" ", 1), ""][:2] for deel in csp.split(";") if deel.strip()
    )
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert richtlijnen["default-src"] == "'none'"
    assert richtlijnen["script-src"] == "'none'"
    assert richtlijnen["style-src"] == "'self'"
    assert richtlijnen["frame-ancestors"] == "'none'"
    assert richtlijnen["form-action"] == "'self'"
    assert richtlijnen["base-uri"] == "'none'"
    assert richtlijnen["object-src"] == "'none'"
    assert antwoord["X-Frame-Options"] == "DENY"
    assert antwoord["X-Content-Type-Options"] == "nosniff"
    assert antwoord["Referrer-Policy"] == "same-origin"
    assert antwoord["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in antwoord["Permissions-Policy"]
    assert "no-store" in antwoord["Cache-Control"]


def test_koppen_op_openbare_en_casuspaginas(beroepskracht, casus, client_van):
    controleer_beleid(Client().get(reverse("web:inloggen")))
    client = client_van(beroepskracht)
    for pad in (
        reverse("web:casussen"),
        reverse("web:casus", args=[casus.uuid]),
        reverse("web:besluit", args=[casus.uuid]),
        reverse("web:account"),
    ):
        antwoord = client.get(pad)
        assert antwoord.status_code == 200, pad
        controleer_beleid(antwoord)
        assert "private" in antwoord["Cache-Control"]


def test_paginas_hebben_geen_inline_script_of_stijl(beroepskracht, casus_stap5, client_van):
    """The policy has no 'unsafe-inline'; so no page may need it: no inline <script> (a script
    file of ours, empty element with src under /static/, is allowed: ADR 0024), no <style>, no
    style="" or on…="" attributes (they would be blocked, or be a hole if allowed)."""
    from meldwijzer.dossier import services

    services.beantwoord_afweging(
        actor=beroepskracht, casus=casus_stap5, afweging="1", antwoord="ja"
    )
    client = client_van(beroepskracht)
    paginas = [
        reverse(naam, args=[casus_stap5.uuid])
        for naam in (
            "web:casus",
            "web:besluit",
            "web:signalen",
            "web:tijdlijn",
            # The printable documents on screen: an inline <style> there was blocked.
            "web:dossier_afdruk",
            "web:melding_voorbereiden",
        )
    ] + [reverse("web:account"), reverse("web:casussen")]
    verboden = re.compile(
        r'<script(?! src="/static/[^"]+" defer></script>)|<style|\sstyle=|\son[a-z]+=',
        re.IGNORECASE,
    )
    for pad in paginas:
        tekst = client.get(pad).content.decode()
        assert not verboden.search(tekst), (pad, verboden.search(tekst))
    assert "<svg" in client.get(reverse("web:besluit", args=[casus_stap5.uuid])).content.decode()


def test_inlogpagina_in_een_frame_geweigerd():
    antwoord = Client().get(reverse("web:inloggen"))
    assert antwoord["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in antwoord["Content-Security-Policy"]


def productie_instellingen(monkeypatch) -> dict[str, object]:
    """The real production module's values, read with a production-like environment."""
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver,meldwijzer.example")
    for naam, waarde in productie_sleutels().items():
        monkeypatch.setenv(naam, waarde)
    waarden = runpy.run_path(str(PRODUCTIE))
    behouden = {"DATABASES", "STORAGES", "LOGGING", "STATIC_ROOT", "BASE_DIR", "DATA_DIR"}
    return {k: v for k, v in waarden.items() if k.isupper() and k not in behouden}


def test_productie_https_hsts_en_veilige_cookies(monkeypatch, organisatie):
    prod = productie_instellingen(monkeypatch)
    assert prod["SECURE_HSTS_SECONDS"] >= 31536000
    with override_settings(**prod):
        # Plain HTTP is sent to HTTPS.
        onveilig = Client().get(reverse("web:inloggen"))
        assert onveilig.status_code == 301 and onveilig.url.startswith("https://")
        client = Client()
        pagina = client.get(reverse("web:inloggen"), secure=True)
        assert pagina.status_code == 200
        hsts = pagina["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
        controleer_beleid(pagina)
        csrf = pagina.cookies[django_settings.CSRF_COOKIE_NAME]
        assert django_settings.CSRF_COOKIE_NAME == "__Host-csrftoken"
        assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
        user = User.objects.create_user("prod", password="een lange wachtzin voor productie")
        assert user.password.startswith("argon2$")
        Membership.objects.create(user=user, organisatie=organisatie, rol=Rol.BEROEPSKRACHT)
        code = huidige_code(user)
        client.post(
            reverse("web:inloggen"),
            {"username": "prod", "password": "een lange wachtzin voor productie"},
            secure=True,
        )
        antwoord = client.post(reverse("web:inloggen_code"), {"code": code}, secure=True)
        assert antwoord.status_code == 302
        sessie = antwoord.cookies["__Host-sessionid"]
        assert sessie["secure"] and sessie["httponly"] and sessie["samesite"] == "Lax"
        assert sessie["path"] == "/" and not sessie["domain"]
        assert not sessie["max-age"]  # ends with the browser; the server ends it sooner
        taal = client.post(reverse("set_language"), {"language": "en"}, secure=True)
        assert taal.cookies[django_settings.LANGUAGE_COOKIE_NAME]["secure"]
        assert client.get(reverse("web:casussen"), secure=True).status_code == 200


def _start_productie(sleutel: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    omgeving = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "meldwijzer.conf.production",
        "SECRET_KEY": sleutel,
        "ALLOWED_HOSTS": "meldwijzer.example",
        "MELDWIJZER_DATA_DIR": str(tmp_path),
        **productie_sleutels(),
    }
    omgeving.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check"],
        env=omgeving,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "sleutel",
    [
        "",
        "kort",
        "dev-only-onveilige-sleutel-niet-in-productie",  # dev.py's
        "test-only-sleutel" + "x" * 20,  # test.py's, lengthened
        "a" * 64,
        "django-insecure-" + "abcdefghij" * 4,
    ],
)
def test_productie_weigert_te_starten_met_een_standaardsleutel(sleutel, tmp_path):
    resultaat = _start_productie(sleutel, tmp_path)
    assert resultaat.returncode != 0
    assert "SECRET_KEY" in resultaat.stderr


def test_productie_start_met_een_echte_sleutel(tmp_path):
    assert _start_productie(secrets.token_urlsafe(50), tmp_path).returncode == 0


def test_geen_instelling_zet_tweestaps_uit(monkeypatch):
    """Two factors, lockout and session rules have no switch: the test settings (and production)
    run the same middleware and authentication backends as base.py, and django-axes is on."""
    assert django_settings.MIDDLEWARE == base.MIDDLEWARE
    assert django_settings.AUTHENTICATION_BACKENDS == base.AUTHENTICATION_BACKENDS
    assert getattr(django_settings, "AXES_ENABLED", True)
    prod = productie_instellingen(monkeypatch)
    assert prod["MIDDLEWARE"] == base.MIDDLEWARE
    assert prod["AUTHENTICATION_BACKENDS"] == base.AUTHENTICATION_BACKENDS
    for vereist in (
        "meldwijzer.accounts.middleware.TweedeFactorMiddleware",
        "meldwijzer.accounts.middleware.SessieMiddleware",
        "axes.middleware.AxesMiddleware",
        "csp.middleware.CSPMiddleware",
    ):
        assert vereist in base.MIDDLEWARE
