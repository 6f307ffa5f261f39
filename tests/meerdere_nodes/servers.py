"""The servers of the two-node test, each started and stopped by the test itself, all on
loopback: a database of its own in the PostgreSQL cluster of DATABASE_URL, Debian's
redis-server, two gunicorn nodes with the same keys on two ports, and Debian's nginx balancing
between them. Started the way bench/web_bench.py starts gunicorn."""

from __future__ import annotations

import base64
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
REDIS = Path("/usr/bin/redis-server")
NGINX = Path("/usr/sbin/nginx")
HOST = "meldwijzer.test"  # the Host of every request, through nginx and to a node directly


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wacht_op_poort(poort: int, proces: subprocess.Popen[Any], naam: str) -> None:
    for _i in range(300):
        if proces.poll() is not None:
            raise RuntimeError(f"{naam} stopte bij het starten (exitcode {proces.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", poort), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{naam} luistert niet op {poort}")


def stop(proces: subprocess.Popen[Any] | None) -> None:
    if proces is not None and proces.poll() is None:
        proces.send_signal(signal.SIGTERM)
        try:
            proces.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait()


def maak_database(basis_url: str, naam: str) -> str:
    import psycopg

    with psycopg.connect(basis_url, autocommit=True) as verbinding:
        verbinding.execute(f'CREATE DATABASE "{naam}"')
    return urllib.parse.urlsplit(basis_url)._replace(path=f"/{naam}").geturl()


def verwijder_database(basis_url: str, naam: str) -> None:
    import psycopg

    with psycopg.connect(basis_url, autocommit=True) as verbinding:
        verbinding.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')


def omgeving(map_: Path, database_url: str, redis_poort: int, smtp_poort: int) -> dict[str, str]:
    from meldwijzer.sleutels.crypto import maak_sleutel

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MELDWIJZER_", "DJANGO_", "REDIS_", "EMAIL_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "meldwijzer.conf.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "MELDWIJZER_SLEUTELS": maak_sleutel(),
            "MELDWIJZER_HMAC_SLEUTEL": maak_sleutel(),
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_poort}/0",
            "ALLOWED_HOSTS": HOST,
            "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
            "MELDWIJZER_DATA_DIR": str(map_),
            "MELDWIJZER_PROXY_AANTAL": "1",
            "MELDWIJZER_API_LIMIET": "60/min",
            "MELDWIJZER_INLOGADRES_LIMIET": "6",
            "MELDWIJZER_SYNTHETISCH_TOEGESTAAN": "ja",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_poort),
            "EMAIL_TIMEOUT": "10",
            "MELDWIJZER_HERINNERING_CLAIM_VERVALT_NA": "300",
        }
    )
    return env


def meldwijzer(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "meldwijzer"), *args], env=env, cwd=ROOT, text=True, capture_output=True
    )


class Node:
    """gunicorn with 2 workers, as in production, on a port of its own."""

    def __init__(self, naam: str, map_: Path, env: dict[str, str]) -> None:
        self.naam = naam
        self.poort = vrije_poort()
        self.log = open(map_ / f"{naam}.log", "w")  # noqa: SIM115
        self.proces: subprocess.Popen[Any] = subprocess.Popen(
            [
                str(BIN / "gunicorn"), "meldwijzer.conf.wsgi:application", "--workers", "2",
                "--bind", f"127.0.0.1:{self.poort}", "--no-control-socket",
                "-p", str(map_ / f"{naam}.pid"), "--log-level", "warning", "--timeout", "60",
            ],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log,
            start_new_session=True,
        )  # fmt: skip
        wacht_op_poort(self.poort, self.proces, naam)

    def workers(self) -> list[int]:
        uit = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.proces.pid)], capture_output=True, text=True
        )
        return [int(p) for p in uit.stdout.split()]

    def doden(self) -> None:
        """SIGKILL to the master and its workers at once: a crash, nothing cleaned up."""
        os.killpg(self.proces.pid, signal.SIGKILL)
        self.proces.wait()

    def stop(self) -> None:
        stop(self.proces)
        self.log.close()


NGINX_CONF = """
%(gebruiker)s
daemon off;
worker_processes 1;
pid %(map)s/nginx.pid;
error_log %(map)s/nginx-fout.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path %(map)s/nginx-body;
    proxy_temp_path %(map)s/nginx-proxy;
    fastcgi_temp_path %(map)s/nginx-fastcgi;
    uwsgi_temp_path %(map)s/nginx-uwsgi;
    scgi_temp_path %(map)s/nginx-scgi;
    upstream meldwijzer {
        server 127.0.0.1:%(poort1)d max_fails=1 fail_timeout=10s;
        server 127.0.0.1:%(poort2)d max_fails=1 fail_timeout=10s;
    }
    server {
        listen 127.0.0.1:%(poort)d;
        client_max_body_size 2m;
        location / {
            proxy_pass http://meldwijzer;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
            proxy_next_upstream error timeout http_502;
            add_header X-Node $upstream_addr always;
        }
    }
}
"""


class Balancer:
    def __init__(self, map_: Path, nodes: list[Node]) -> None:
        self.poort = vrije_poort()
        conf = map_ / "nginx.conf"
        conf.write_text(
            NGINX_CONF
            % {
                "gebruiker": "user root;" if os.geteuid() == 0 else "",
                "map": map_,
                "poort": self.poort,
                "poort1": nodes[0].poort,
                "poort2": nodes[1].poort,
            }
        )
        self.proces: subprocess.Popen[Any] = subprocess.Popen(
            [str(NGINX), "-c", str(conf), "-p", str(map_)],
            stdout=subprocess.DEVNULL,
            stderr=open(map_ / "nginx-start.log", "w"),  # noqa: SIM115
        )
        wacht_op_poort(self.poort, self.proces, "nginx")

    def stop(self) -> None:
        stop(self.proces)


class Redis:
    def __init__(self, map_: Path) -> None:
        self.poort = vrije_poort()
        self.proces: subprocess.Popen[Any] = subprocess.Popen(
            [
                str(REDIS), "--port", str(self.poort), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", str(map_), "--protected-mode", "yes",
            ],
            stdout=open(map_ / "redis.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
        )  # fmt: skip
        wacht_op_poort(self.poort, self.proces, "redis-server")

    def client(self) -> Any:
        import redis

        return redis.Redis(host="127.0.0.1", port=self.poort)

    def stop(self) -> None:
        stop(self.proces)


@dataclass
class Antwoord:
    status: int
    koppen: dict[str, str]
    tekst: str

    def json(self) -> Any:
        return json.loads(self.tekst)


@dataclass
class Browser:
    """One client with its cookies; each request to the port asked (nginx or a node)."""

    adres: str = "127.0.0.1"  # the client address a node sees (X-Forwarded-For, PROXY_AANTAL=1)
    cookies: dict[str, str] = field(default_factory=dict)

    def vraag(
        self,
        poort: int,
        methode: str,
        pad: str,
        velden: dict[str, str] | None = None,
        *,
        direct: bool = True,
    ) -> Antwoord:
        kop = {"Host": HOST, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if direct:  # what nginx adds, when the test talks to a node itself
            kop |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": self.adres}
        lichaam = None
        if velden is not None:
            velden = {"csrfmiddlewaretoken": self.cookies.get("__Host-csrftoken", ""), **velden}
            lichaam = urllib.parse.urlencode(velden)
            kop |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://{HOST}{pad}",
            }
        return _verstuur(poort, methode, pad, lichaam, kop, self.cookies)

    def log_in(self, poort: int, gebruiker: dict[str, Any], *, direct: bool = False) -> None:
        from django_otp.oath import TOTP

        self.vraag(poort, "GET", "/inloggen/", direct=direct)
        a = self.vraag(
            poort,
            "POST",
            "/inloggen/",
            {"username": gebruiker["gebruikersnaam"], "password": gebruiker["wachtwoord"]},
            direct=direct,
        )
        assert a.status == 302, (a.status, a.tekst[:300])
        code = TOTP(base64.b32decode(gebruiker["totp_geheim"])).token()
        a = self.vraag(poort, "POST", "/inloggen/code/", {"code": f"{code:06d}"}, direct=direct)
        assert a.status == 302, (a.status, a.tekst[:300])


def api(poort: int, methode: str, pad: str, token: str, body: Any = None) -> Antwoord:
    kop = {
        "Host": HOST,
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "127.0.0.1",
        "Authorization": f"Bearer {token}",
    }
    lichaam = None
    if body is not None:
        lichaam = json.dumps(body)
        kop["Content-Type"] = "application/json"
    return _verstuur(poort, methode, pad, lichaam, kop, None)


def _verstuur(
    poort: int,
    methode: str,
    pad: str,
    lichaam: str | None,
    kop: dict[str, str],
    cookies: dict[str, str] | None,
) -> Antwoord:
    verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=60)
    try:
        verbinding.request(methode, pad, body=lichaam, headers=kop)
        antwoord = verbinding.getresponse()
        tekst = antwoord.read().decode("utf-8", "replace")
        koppen = {k.lower(): v for k, v in antwoord.getheaders()}
        if cookies is not None:
            for naam, waarde in antwoord.getheaders():
                if naam.lower() == "set-cookie":
                    sleutel, _sep, rest = waarde.partition("=")
                    cookies[sleutel.strip()] = rest.split(";", 1)[0]
        return Antwoord(antwoord.status, koppen, tekst)
    finally:
        verbinding.close()


def opruimen(map_: Path) -> None:
    shutil.rmtree(map_, ignore_errors=True)
