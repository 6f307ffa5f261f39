"""Crash safety (deploy.md): the real server (gunicorn, production settings, two workers) takes a
burst of writes — signals added through the real page, logged in with both factors — and is
killed with SIGKILL in the middle. After a restart every write that was answered with success is
there, readable, and the database passes its checks: SQLite ``PRAGMA integrity_check``,
PostgreSQL ``pg_amcheck`` (B-tree and heap), both ``meldwijzer audit verifieer``.

Runs on SQLite (a database file of its own) and, in the PostgreSQL run, on a database of its own
on the test server."""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from meldwijzer.sleutels.crypto import maak_sleutel

pytestmark = pytest.mark.django_db(transaction=True)

BIN = Path(sys.executable).parent
SCHRIJVERS = 2

VOORBEREIDING = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from meldwijzer.accounts.models import Membership, Organisatie, Rol, User
from meldwijzer.accounts.testing import meld_aan
from meldwijzer.dossier import services
call_command("migrate", verbosity=0)  # nothing left to do when the schema was copied
call_command("laadkaders", verbosity=0)
org = Organisatie.objects.create(naam="Crashschool")
user = User.objects.create_user(username="crash", password="een-lang-crashwachtwoord")
lid = Membership.objects.create(user=user, organisatie=org, rol=Rol.BEROEPSKRACHT)
casussen = [str(services.open_casus(actor=lid, titel=f"Crash {i}").uuid) for i in range(%d)]
client = meld_aan(Client(), user)
print(json.dumps({"sessie": client.cookies[settings.SESSION_COOKIE_NAME].value,
                  "casussen": casussen}))
"""

CONTROLE = """
import json, django
django.setup()
from meldwijzer.cli import main
from meldwijzer.dossier.models import Signaal
audit = main(["audit", "verifieer"])
print(json.dumps({"audit": audit, "teksten": sorted(s.tekst for s in Signaal.objects.all())}))
"""


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _omgeving(database_url: str, map_: Path) -> dict[str, str]:
    omgeving = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "MELDWIJZER"))
    }
    omgeving.update(
        DJANGO_SETTINGS_MODULE="meldwijzer.conf.production",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        MELDWIJZER_SLEUTELS=maak_sleutel(),
        MELDWIJZER_HMAC_SLEUTEL=maak_sleutel(),
        MELDWIJZER_DATA_DIR=str(map_),
        MELDWIJZER_BASE_DIR=str(map_),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
    )
    return omgeving


def _python(code: str, omgeving: dict[str, str]) -> str:
    uit = subprocess.run(
        [sys.executable, "-c", code], env=omgeving, capture_output=True, text=True, timeout=120
    )
    assert uit.returncode == 0, uit.stderr[-3000:]
    return uit.stdout.strip().splitlines()[-1]


def _start(poort: int, omgeving: dict[str, str], map_: Path) -> subprocess.Popen[bytes]:
    proces = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "meldwijzer.conf.wsgi:application",
            "--workers=2",
            f"--bind=127.0.0.1:{poort}",
            "--no-control-socket",
            f"--pid={map_ / 'gunicorn.pid'}",
        ],
        env=omgeving,
        stdout=subprocess.DEVNULL,
        stderr=(map_ / "gunicorn.log").open("ab"),
        start_new_session=True,  # its own process group: master and workers die together
    )
    # Ready when a worker answers (not only when the master listens): on a busy machine booting
    # a worker takes seconds.
    einde = time.monotonic() + 120
    while time.monotonic() < einde and proces.poll() is None:
        verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=10)
        try:
            verbinding.request("GET", "/", headers={"X-Forwarded-Proto": "https"})
            verbinding.getresponse().read()
            return proces
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
        finally:
            verbinding.close()
    os.killpg(proces.pid, signal.SIGKILL)
    proces.wait()
    raise AssertionError("gunicorn start niet: " + (map_ / "gunicorn.log").read_text()[-2000:])


class Schrijver:
    """Adds signals to one casus, one after another, through the real form."""

    def __init__(self, poort: int, sessie: str, casus: str, naam: str) -> None:
        self.poort, self.casus, self.naam = poort, casus, naam
        self.csrf = secrets.token_hex(16)  # 32 characters: Django's unmasked secret
        self.cookie = f"__Host-sessionid={sessie}; __Host-csrftoken={self.csrf}"
        self.bevestigd: list[str] = []
        self.fout: BaseException | None = None  # anything but the server going away
        self.stop = threading.Event()

    def _verzoek(self, methode: str, body: str | None = None) -> tuple[int, str]:
        verbinding = http.client.HTTPConnection("127.0.0.1", self.poort, timeout=30)
        try:
            kop = {
                "Cookie": self.cookie,
                "X-Forwarded-Proto": "https",
                "Origin": f"https://127.0.0.1:{self.poort}",
            }
            if body is not None:
                kop["Content-Type"] = "application/x-www-form-urlencoded"
            verbinding.request(methode, f"/casussen/{self.casus}/signalen/", body=body, headers=kop)
            antwoord = verbinding.getresponse()
            return antwoord.status, antwoord.read().decode(errors="replace")
        finally:
            verbinding.close()

    def run(self) -> None:
        # An exception in a thread does not fail the test by itself: keep it for the test.
        try:
            self._schrijf()
        except BaseException as fout:
            self.fout = fout

    def _schrijf(self) -> None:
        n = 0
        while not self.stop.is_set():
            try:
                status, html = self._verzoek("GET")
                assert status == 200, status
                versie = re.search(r'name="versie" value="(\d+)"', html)
                assert versie is not None
                tekst = f"crash-{self.naam}-{n}"
                status, _html = self._verzoek(
                    "POST",
                    urlencode(
                        {
                            "csrfmiddlewaretoken": self.csrf,
                            "versie": versie.group(1),
                            "datum": time.strftime("%Y-%m-%d"),
                            "bron": "eigen",
                            "aard": "mening",
                            "tekst": tekst,
                        }
                    ),
                )
            except (OSError, http.client.HTTPException):
                return  # the server is gone: what was in flight is not acknowledged
            assert status == 302, f"{status}: {_html[:2000]}"
            self.bevestigd.append(tekst)  # answered with success
            n += 1


def _burst_en_kill(poort: int, omgeving: dict[str, str], map_: Path, gegevens: dict) -> list[str]:
    server = _start(poort, omgeving, map_)
    schrijvers = [
        Schrijver(poort, gegevens["sessie"], casus, str(i))
        for i, casus in enumerate(gegevens["casussen"])
    ]
    draden = [threading.Thread(target=s.run) for s in schrijvers]
    for d in draden:
        d.start()
    try:
        deadline = time.monotonic() + 90  # normally reached in a few seconds
        while sum(len(s.bevestigd) for s in schrijvers) < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        os.killpg(server.pid, signal.SIGKILL)  # mid-burst: writes are in flight
        server.wait()
        for s in schrijvers:
            s.stop.set()
        for d in draden:
            d.join(timeout=30)
    bevestigd = [t for s in schrijvers for t in s.bevestigd]
    # Before the kill every request succeeded (an error page is not a crash).
    fouten = [repr(s.fout) for s in schrijvers if s.fout is not None]
    assert not fouten, (fouten, (map_ / "gunicorn.log").read_text()[-3000:])
    assert len(bevestigd) >= 10, (map_ / "gunicorn.log").read_text()[-3000:]

    # Restarted on the same database, it serves the casus again.
    server = _start(poort, omgeving, map_)
    try:
        status, _html = Schrijver(
            poort, gegevens["sessie"], gegevens["casussen"][0], "na"
        )._verzoek("GET")
        assert status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return bevestigd


def _controleer(omgeving: dict[str, str], bevestigd: list[str]) -> None:
    """Every acknowledged write is there and readable; the audit chains verify
    (``meldwijzer audit verifieer``, exit code 0)."""
    uitkomst = json.loads(_python(CONTROLE, omgeving))
    ontbreekt = sorted(set(bevestigd) - set(uitkomst["teksten"]))
    assert not ontbreekt, f"bevestigde schrijfacties verloren: {ontbreekt}"
    assert uitkomst["audit"] == 0


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="de SQLite-variant")
def test_sigkill_midden_in_schrijven_sqlite(tmp_path):
    db = tmp_path / "crash.sqlite3"
    # The migrated (and, after the previous test, empty) test database as a start: saves running
    # every migration again with a sync per commit.
    kopie = sqlite3.connect(db)
    connection.ensure_connection()
    connection.connection.backup(kopie)
    kopie.close()
    omgeving = _omgeving(f"sqlite:///{db}", tmp_path)
    gegevens = json.loads(_python(VOORBEREIDING % SCHRIJVERS, omgeving))
    bevestigd = _burst_en_kill(_vrije_poort(), omgeving, tmp_path, gegevens)
    verbinding = sqlite3.connect(db)
    try:
        assert verbinding.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert verbinding.execute("PRAGMA foreign_key_check").fetchall() == []
        assert verbinding.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        verbinding.close()
    _controleer(omgeving, bevestigd)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="de PostgreSQL-variant")
def test_sigkill_midden_in_schrijven_postgresql(tmp_path):
    instelling = connection.settings_dict
    naam = f"crash_{uuid.uuid4().hex[:12]}"
    # A copy of the migrated (and, after the previous test, empty) test database: saves running
    # every migration again. The template may have no other session, so ours closes first.
    connection.close()
    with _beheer(instelling) as beheer:
        beheer.execute(f'CREATE DATABASE {naam} TEMPLATE "{instelling["NAME"]}"')
    try:
        wachtwoord = f":{instelling['PASSWORD']}" if instelling.get("PASSWORD") else ""
        url = (
            f"postgres://{instelling['USER']}{wachtwoord}@{instelling['HOST']}:"
            f"{instelling['PORT']}/{naam}"
        )
        omgeving = _omgeving(url, tmp_path)
        gegevens = json.loads(_python(VOORBEREIDING % SCHRIJVERS, omgeving))
        bevestigd = _burst_en_kill(_vrije_poort(), omgeving, tmp_path, gegevens)
        _controleer(omgeving, bevestigd)
        pg_amcheck = Path(settings.MELDWIJZER_PG_BIN) / "pg_amcheck"
        if not pg_amcheck.exists():
            pg_amcheck = Path(shutil.which("pg_amcheck") or "pg_amcheck")
        check = subprocess.run(
            [
                str(pg_amcheck),
                "--install-missing",
                "--heapallindexed",
                f"--host={instelling['HOST']}",
                f"--port={instelling['PORT']}",
                f"--username={instelling['USER']}",
                naam,
            ],
            env={**os.environ, "PGPASSWORD": str(instelling.get("PASSWORD") or "")},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert check.returncode == 0, check.stdout + check.stderr
    finally:
        with _beheer(instelling) as beheer:
            beheer.execute(f"DROP DATABASE IF EXISTS {naam} WITH (FORCE)")


def _beheer(instelling: dict) -> psycopg.Connection:
    return psycopg.connect(
        host=instelling["HOST"],
        port=instelling["PORT"],
        user=instelling["USER"],
        password=instelling.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )
