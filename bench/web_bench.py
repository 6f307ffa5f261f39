"""The web app under load, as in production, on a generated database (docs/performance.md,
"De webapplicatie onder belasting").

    .venv/bin/python bench/web_bench.py --casussen 10000 [--db sqlite|postgresql] [--map DIR]

1. A working folder with its own keys (SECRET_KEY, MELDWIJZER_SLEUTELS, MELDWIJZER_HMAC_SLEUTEL)
   and database: SQLite in the folder, or a throwaway PostgreSQL 15 cluster in it (fsync on, as
   in production). ``meldwijzer demo genereer`` fills it under production settings (skipped when
   the folder already holds a generated database of that size: ``--map`` reuses one).
2. gunicorn with 2 workers and ``meldwijzer.conf.production`` (encryption and access logging on,
   persistent connections), with the database cache, or with ``--redis`` the shared cache of
   several nodes (a redis-server on loopback; its CPU counts as the server's, like
   PostgreSQL's). The app is HTTPS-only; as behind a TLS-terminating proxy, the bench
   sends ``X-Forwarded-Proto: https``, which the production settings trust
   (SECURE_PROXY_SSL_HEADER), so no request is redirected and the secure cookies are used.
3. Logs in real generated users (password, then a TOTP code from their secret) and drives the
   pages with wrk at 8 connections: a floor page (the account page: base layout, no casus
   data), the casus list, a casus detail with a realistic history, the dashboard, and the stap-5
   decision POST (withdrawing and answering again, spread over many casussen, with each
   casus's current version).
4. Writes JSON to bench/results/ and prints a Markdown table for docs/performance.md. With
   ``--opruimen`` the working folder (the large database) is deleted afterwards.

No timing is asserted anywhere: the figures are printed and recorded.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from meldwijzer.sleutels.crypto import maak_sleutel

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
RESULTATEN = ROOT / "bench" / "results"
LUA = ROOT / "bench" / "wrk"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
REDIS = "/usr/bin/redis-server"


# --- environment ---------------------------------------------------------------------------


def omgeving(map_: Path, db: str) -> dict[str, str]:
    """The working folder's environment: keys made once and kept in the folder."""
    bestand = map_ / "omgeving.json"
    if bestand.exists():
        env = json.loads(bestand.read_text())
    else:
        env = {
            "SECRET_KEY": base64.urlsafe_b64encode(os.urandom(48)).decode(),
            "MELDWIJZER_SLEUTELS": maak_sleutel(),
            "MELDWIJZER_HMAC_SLEUTEL": maak_sleutel(),
        }
        bestand.write_text(json.dumps(env))
        bestand.chmod(0o600)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "meldwijzer.conf.production",
            "MELDWIJZER_DATA_DIR": str(map_),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1,https://localhost",
            "MELDWIJZER_SYNTHETISCH_TOEGESTAAN": "ja",
        }
    )
    if db == "postgresql":
        env["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:{pg_poort(map_)}/postgres"
    return {**os.environ, **env}


def pg_poort(map_: Path) -> int:
    bestand = map_ / "pg.poort"
    if not bestand.exists():
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            bestand.write_text(str(s.getsockname()[1]))
    return int(bestand.read_text())


def pg_start(map_: Path) -> None:
    data = map_ / "pg"
    als_postgres = os.geteuid() == 0
    if not data.exists():
        data.mkdir()
        if als_postgres:
            shutil.chown(data, "postgres")
            shutil.chown(map_, "postgres")
        _pg(
            als_postgres,
            [str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E",
             "UTF8", "--locale=C.UTF-8"],
        )  # fmt: skip
    _pg(
        als_postgres,
        [
            str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(data / "server.log"), "-w", "-o",
            f"-p {pg_poort(map_)} -k {data} -c listen_addresses=127.0.0.1 "
            "-c shared_buffers=256MB -c max_wal_size=4GB -c checkpoint_timeout=15min",
            "start",
        ],
    )  # fmt: skip


def pg_stop(map_: Path) -> None:
    data = map_ / "pg"
    if (data / "postmaster.pid").exists():
        _pg(os.geteuid() == 0, [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"])


def _pg(als_postgres: bool, cmd: list[str]) -> None:
    if als_postgres:
        cmd = ["su", "postgres", "-c", shlex.join(cmd)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def meldwijzer(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "meldwijzer"), *args], env=env, check=True, text=True, capture_output=True
    )


def genereer(map_: Path, env: dict[str, str], casussen: int, organisaties: int) -> dict[str, Any]:
    klaar = map_ / "gegenereerd.json"
    if klaar.exists():
        return json.loads(klaar.read_text())
    subprocess.run(
        [str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    load_voor = os.getloadavg()
    begin = time.monotonic()
    uit = subprocess.run(
        [
            str(BIN / "meldwijzer"), "demo", "genereer", "--organisaties", str(organisaties),
            "--casussen", str(casussen), "--inloggegevens", str(map_ / "inloggegevens.json"),
        ],
        env=env, check=True, text=True, stdout=subprocess.PIPE,
    )  # fmt: skip
    duur = time.monotonic() - begin
    gegevens = {
        "casussen": casussen,
        "organisaties": organisaties,
        "seconden": round(duur, 1),
        "casussen_per_seconde": round(casussen / duur, 1),
        "load_voor": load_voor,
        "load_na": os.getloadavg(),
        "uitvoer": uit.stdout,
        "schijf_bytes": _grootte(map_),
    }
    klaar.write_text(json.dumps(gegevens, indent=1))
    return gegevens


def _grootte(map_: Path) -> int:
    return sum(p.stat().st_size for p in map_.rglob("*") if p.is_file())


# --- the server ------------------------------------------------------------------------------


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(
        self,
        map_: Path,
        env: dict[str, str],
        extra: Sequence[str] = (),
        app: str = "meldwijzer.conf.wsgi:application",
        map_app: Path = ROOT,
    ) -> None:
        self.poort = vrije_poort()
        self.pidbestand = map_ / f"gunicorn-{app.split(':')[0]}.pid"
        self.log = open(map_ / f"gunicorn-{app.split(':')[0]}.log", "w")  # noqa: SIM115
        self.proces = subprocess.Popen(
            [
                str(BIN / "gunicorn"), app, "--workers", "2",
                "--bind", f"127.0.0.1:{self.poort}", "--no-control-socket", "-p",
                str(self.pidbestand), "--access-logfile", "-", "--log-level", "warning", *extra,
            ],
            cwd=map_app, env=env, stdout=subprocess.DEVNULL, stderr=self.log,
        )  # fmt: skip
        for _i in range(150):
            try:
                with socket.create_connection(("127.0.0.1", self.poort), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn start niet")

    def workers(self) -> list[int]:
        uit = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.proces.pid)], capture_output=True, text=True
        )
        return [int(p) for p in uit.stdout.split()]

    def stop(self) -> None:
        self.proces.send_signal(signal.SIGTERM)
        self.proces.wait(timeout=30)
        self.log.close()


def _kinderen(pid: int) -> list[int]:
    try:
        tekst = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in tekst.split()]


def cpu_seconden(wortels: list[int]) -> float:
    """CPU time (user + system) of these processes and their children: the server's own work,
    which the other load on a shared machine does not inflate the way it inflates latency."""
    tik = os.sysconf("SC_CLK_TCK")
    totaal = 0.0
    te_doen = list(wortels)
    while te_doen:
        pid = te_doen.pop()
        try:
            velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime + stime, and cutime + cstime: the time of children already reaped (PostgreSQL
        # backends that ended during the run move their CPU time into the postmaster's).
        totaal += sum(int(v) for v in velden[11:15]) / tik
        te_doen += _kinderen(pid)
    return totaal


def piek_rss_mb(pid: int) -> float:
    """The peak resident memory (VmHWM) of a process, in MB."""
    for regel in Path(f"/proc/{pid}/status").read_text().splitlines():
        if regel.startswith("VmHWM:"):
            return int(regel.split()[1]) / 1024
    return 0.0


def pss_mb(pid: int) -> float:
    """The proportional memory (Pss) of a process now, in MB: pages shared with the master and
    the other worker counted in proportion, so it adds up over the processes."""
    try:
        tekst = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    for regel in tekst.splitlines():
        if regel.startswith("Pss:"):
            return int(regel.split()[1]) / 1024
    return 0.0


# --- logging in as a generated user ---------------------------------------------------------


class Sessie:
    """A logged-in user over plain HTTP, as behind a TLS-terminating proxy."""

    def __init__(self, poort: int) -> None:
        self.poort = poort
        self.cookies: dict[str, str] = {}

    def vraag(self, methode: str, pad: str, velden: dict[str, str] | None = None) -> Any:
        import http.client
        import urllib.parse

        verbinding = http.client.HTTPConnection("127.0.0.1", self.poort, timeout=30)
        kop = {
            "X-Forwarded-Proto": "https",
            "Host": f"127.0.0.1:{self.poort}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        lichaam = None
        if velden is not None:
            velden = {"csrfmiddlewaretoken": self.cookies.get("__Host-csrftoken", ""), **velden}
            lichaam = urllib.parse.urlencode(velden, doseq=True)
            kop["Content-Type"] = "application/x-www-form-urlencoded"
            kop["Referer"] = f"https://127.0.0.1:{self.poort}{pad}"
        verbinding.request(methode, pad, body=lichaam, headers=kop)
        antwoord = verbinding.getresponse()
        tekst = antwoord.read().decode("utf-8", "replace")
        for naam, waarde in antwoord.getheaders():
            if naam.lower() == "set-cookie":
                sleutel, _sep, rest = waarde.partition("=")
                self.cookies[sleutel.strip()] = rest.split(";", 1)[0]
        verbinding.close()
        return antwoord.status, antwoord.getheader("Location"), tekst

    def log_in(self, gebruiker: dict[str, Any]) -> None:
        from django_otp.oath import TOTP

        self.vraag("GET", "/inloggen/")
        status, _waar, _t = self.vraag(
            "POST",
            "/inloggen/",
            {"username": gebruiker["gebruikersnaam"], "password": gebruiker["wachtwoord"]},
        )
        assert status == 302, f"wachtwoord geweigerd voor {gebruiker['gebruikersnaam']}: {status}"
        for poging in range(2):
            code = TOTP(base64.b32decode(gebruiker["totp_geheim"])).token()
            status, _waar, _t = self.vraag("POST", "/inloggen/code/", {"code": f"{code:06d}"})
            if status == 302 or poging:
                break
            # The app accepts each code once (django-otp): a code this user already used in
            # this 30-second step (a bench run moments before) is refused. Wait for the next.
            time.sleep(31 - time.time() % 30)
        assert status == 302, f"code geweigerd voor {gebruiker['gebruikersnaam']}: {status}"
        status, _w, _t = self.vraag("GET", "/over/")
        assert status == 200, f"niet ingelogd: {status}"

    def cookie_kop(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


# --- wrk ------------------------------------------------------------------------------------

LUA_KOP = r"""
local doelen = {%(doelen)s}
local teller = 0
-- Each wrk thread starts elsewhere in the list, so two threads do not send the same requests
-- in lockstep (which matters for the uncached dashboard: each period asked once).
local volgende = 0
function setup(thread)
  thread:set("start", volgende * 7919)
  volgende = volgende + 1
end
function init(args)
  teller = start or 0
end
local fouten = 0
local proto = {["X-Forwarded-Proto"] = "https"}
function request()
  teller = teller + 1
  local d = doelen[(teller %% #doelen) + 1]
  local kop = {["X-Forwarded-Proto"] = "https", ["Cookie"] = d.cookie, ["Host"] = d.host}
  if d.post then
    -- stap 5: answer afweging 1 'ja' (a concept), then withdraw it, with the casus's version
    kop["Content-Type"] = "application/x-www-form-urlencoded"
    kop["Referer"] = "https://" .. d.host .. d.pad
    local body
    local pad
    if d.stand %% 2 == 0 then
      pad = d.pad
      body = "csrfmiddlewaretoken=" .. d.csrf .. "&afweging=1&antwoord=ja&versie=" .. d.versie
    else
      pad = d.intrekken
      body = "csrfmiddlewaretoken=" .. d.csrf .. "&versie=" .. d.versie
    end
    d.stand = d.stand + 1
    d.versie = d.versie + 1
    return wrk.format("POST", pad, kop, body)
  end
  return wrk.format("GET", d.pad, kop)
end
function response(status, headers, body)
  if status ~= %(verwacht)d then fouten = fouten + 1 end
end
function done(summary, latency, requests)
  local p = {}
  for _, q in ipairs({50, 95, 99}) do p[#p + 1] = latency:percentile(q) / 1000.0 end
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_s": %%.3f, "p50_ms": %%.2f, "p95_ms": %%.2f, ' ..
    '"p99_ms": %%.2f, "socket_errors": %%d, "non_2xx_3xx": %%d, "timeouts": %%d}\n',
    summary.requests, summary.duration / 1e6, p[1], p[2], p[3],
    summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
"""


def _dagen_terug(vanaf: int, aantal: int) -> list[str]:
    """``aantal`` consecutive days, the first ``vanaf`` days before today (ISO dates)."""
    eerste = dt.date.today() - dt.timedelta(days=vanaf)
    return [(eerste + dt.timedelta(days=i)).isoformat() for i in range(aantal)]


def _lua_doel(d: dict[str, Any]) -> str:
    delen = [f"{k} = {json.dumps(v)}" for k, v in d.items()]
    return "{" + ", ".join(delen) + "}"


def db_pids(map_: Path, db: str) -> list[int]:
    """The PostgreSQL postmaster (its backends are its children) and redis-server where the
    bench runs with the shared cache: their CPU counts as the server's. SQLite runs in the
    workers."""
    pids = []
    pidbestand = map_ / "pg" / "postmaster.pid"
    if db == "postgresql" and pidbestand.exists():
        pids.append(int(pidbestand.read_text().split()[0]))
    if (map_ / "redis.pid").exists():
        pids.append(int((map_ / "redis.pid").read_text()))
    return pids


class Redis:
    """redis-server from Debian on loopback, without persistence: the shared cache of several
    nodes (REDIS_URL, docs/deploy.md 'Redis'), so the bench measures production's cache."""

    def __init__(self, map_: Path) -> None:
        self.pidbestand = map_ / "redis.pid"
        self.poort = vrije_poort()
        self.proces = subprocess.Popen(
            [
                REDIS, "--port", str(self.poort), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", str(map_),
            ],
            stdout=open(map_ / "redis.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
        )  # fmt: skip
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.poort)):
                self.pidbestand.write_text(str(self.proces.pid))
                return
            time.sleep(0.1)
        self.proces.kill()
        raise RuntimeError("redis-server start niet; zie redis.log in de werkmap")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.poort}/0"

    def stop(self) -> None:
        self.pidbestand.unlink(missing_ok=True)
        self.proces.terminate()
        self.proces.wait(timeout=10)


def wrk(poort: int, naam: str, doelen: list[dict[str, Any]], duur: int, verwacht: int,
        map_: Path) -> dict[str, Any]:  # fmt: skip
    script = map_ / f"{naam}.lua"
    script.write_text(
        LUA_KOP % {"doelen": ",\n".join(_lua_doel(d) for d in doelen), "verwacht": verwacht}
    )
    begin_load = os.getloadavg()
    uit = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{duur}s", "--timeout", "10s", "--latency", "-s", str(script),
         f"http://127.0.0.1:{poort}/"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    regel = next(r for r in uit.stdout.splitlines() if r.startswith("WRKJSON "))
    resultaat = json.loads(regel[len("WRKJSON ") :])
    resultaat["req_s"] = round(resultaat["requests"] / resultaat["duration_s"], 1)
    resultaat["fouten"] = (
        resultaat["socket_errors"] + resultaat["non_2xx_3xx"] + resultaat["timeouts"]
    )
    resultaat["load_voor"] = begin_load
    resultaat["load_na"] = os.getloadavg()
    return resultaat


def _dbquery(env: dict[str, str], code: str) -> Any:
    """Ask the database something, with the bench's settings, in a separate process."""
    uit = subprocess.run(
        [str(BIN / "python"), "-c",
         "import django, json; django.setup()\n" + code],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if uit.returncode:
        raise RuntimeError(uit.stderr)
    return json.loads(uit.stdout.strip().splitlines()[-1])


def machine() -> dict[str, Any]:
    cpu = next(
        (r.split(":", 1)[1].strip() for r in Path("/proc/cpuinfo").read_text().splitlines()
         if r.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    geheugen = next(
        int(r.split()[1]) for r in Path("/proc/meminfo").read_text().splitlines()
        if r.startswith("MemTotal:")
    )  # fmt: skip
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(geheugen / 1024 / 1024, 1),
        "python": platform.python_version(),
        "load": os.getloadavg(),
    }


def meet(map_: Path, env: dict[str, str], args: argparse.Namespace,
         gegenereerd: dict[str, Any]) -> int:  # fmt: skip
    gebruikers = json.loads((map_ / "inloggegevens.json").read_text())["gebruikers"]
    # Casussen to read and to decide on, with their owners: a detail with a realistic history
    # (fase 5, several notes and a besluit), and casussen at stap 4 for the POST.
    keuze = _dbquery(
        env,
        """
from meldwijzer.dossier.models import Casus
from django.db.models import Count
ids = list(Casus.objects.filter(fase="5").order_by("pk").values_list("pk", flat=True)[:2000])
detail = list(Casus.objects.filter(pk__in=ids).annotate(n=Count("signaal_set"))
    .filter(n__gte=7, besluiten__isnull=False).distinct().order_by("pk")
    .values_list("uuid", "eigenaar_id")[:400])
post = list(Casus.objects.filter(fase="4").order_by("pk")
    .values_list("uuid", "eigenaar_id", "versie")[:400])
print(json.dumps({"detail": [[str(u), e] for u, e in detail],
                  "post": [[str(u), e, v] for u, e, v in post]}))
""",
    )
    per_user = {g["user_id"]: g for g in gebruikers}
    server = Server(map_, env)
    sessies: dict[int, Sessie] = {}

    def sessie(user_id: int) -> Sessie:
        if user_id not in sessies:
            s = Sessie(server.poort)
            s.log_in(per_user[user_id])
            sessies[user_id] = s
        return sessies[user_id]

    try:
        host = f"127.0.0.1:{server.poort}"
        # Beroepskrachten of every organisation in turn, so the 'spread' runs cross many
        # organisations' audit chains.
        per_org: dict[int, list[dict[str, Any]]] = {}
        for g in gebruikers:
            if g["rol"] == "beroepskracht":
                per_org.setdefault(g["organisatie"], []).append(g)
        beroeps = [lijst[i] for i in range(4) for lijst in per_org.values() if i < len(lijst)][:16]
        afs = [g for g in gebruikers if g["rol"] == "aandachtsfunctionaris"][:8]
        detail_doelen = []
        for uuid_, eigenaar in keuze["detail"][:64]:
            s = sessie(eigenaar)
            detail_doelen.append({"pad": f"/casussen/{uuid_}/", "cookie": s.cookie_kop(),
                                  "host": host})  # fmt: skip
        post_doelen = []
        for uuid_, eigenaar, versie in keuze["post"][:64]:
            s = sessie(eigenaar)
            post_doelen.append(
                {
                    "pad": f"/casussen/{uuid_}/besluit/",
                    "intrekken": f"/casussen/{uuid_}/besluit/intrekken/",
                    "cookie": s.cookie_kop(),
                    "csrf": s.cookies.get("__Host-csrftoken", ""),
                    "host": host,
                    "post": True,
                    "stand": 0,
                    "versie": versie,
                }
            )
        lijst_doelen = [
            {"pad": "/casussen/", "cookie": sessie(g["user_id"]).cookie_kop(), "host": host}
            for g in beroeps
        ]
        vloer_doelen = [
            {"pad": "/over/", "cookie": sessie(g["user_id"]).cookie_kop(), "host": host}
            for g in beroeps
        ]
        dashboard_doelen = [
            {"pad": "/dashboard/", "cookie": sessie(g["user_id"]).cookie_kop(),
             "host": host}
            for g in afs
        ]  # fmt: skip
        # The dashboard's counts are cached until the organisation's next dossier write
        # (rapportage/dashboard.py). To measure the counting itself, every request here asks
        # for another period (a different first day), so it misses the cache.
        vandaag = dt.date.today().isoformat()
        dashboard_telling_doelen = [
            {"pad": f"/dashboard/?van={van}&tot={vandaag}",
             "cookie": sessie(g["user_id"]).cookie_kop(), "host": host}
            for g in afs
            for van in _dagen_terug(400, 300)
        ]  # fmt: skip
        # The chain-head lock: the floor page does not log; the casus list does (one access
        # row per request). Users of one organisation against users of many.
        een_org = [g for g in gebruikers if g["rol"] == "beroepskracht"
                   and g["organisatie"] == beroeps[0]["organisatie"]]  # fmt: skip
        lijst_een_org = [
            {"pad": "/casussen/", "cookie": sessie(g["user_id"]).cookie_kop(), "host": host}
            for g in een_org[:8]
        ]
        pagina_s = [
            ("vloer", vloer_doelen, 200),
            ("casuslijst", lijst_doelen, 200),
            ("casusdetail", detail_doelen, 200),
            ("dashboard", dashboard_doelen, 200),
            ("dashboard_telling", dashboard_telling_doelen, 200),
            ("stap5_post", post_doelen, 302),
            ("casuslijst_een_organisatie", lijst_een_org, 200),
        ]
        resultaten: dict[str, Any] = {}
        if args.paginas:
            gevraagd = set(args.paginas.split(",")) | {"vloer"}
            pagina_s = [p for p in pagina_s if p[0] in gevraagd]
        for naam, doelen, verwacht in pagina_s:
            if not doelen:
                continue
            resultaten[naam] = meet_pagina(server, naam, doelen, verwacht, args, map_)
            print(naam, json.dumps(resultaten[naam]), flush=True)
        if args.profiel:
            for naam, doelen, verwacht in pagina_s:
                if naam in PROFIELPAGINAS and doelen:
                    resultaten[naam]["profiel"] = profileer(
                        server, naam, doelen, verwacht, args, map_,
                        resultaten[naam]["server_cpu_ms_per_verzoek"],
                    )  # fmt: skip
        resultaten["kaal_django"] = meet_kaal(map_, args)
        print("kaal_django", json.dumps(resultaten["kaal_django"]), flush=True)
        vloer = resultaten["vloer"]["req_s"]
        vloer_cpu = resultaten["vloer"]["server_cpu_ms_per_verzoek"]
        kaal_cpu = resultaten["kaal_django"]["server_cpu_ms_per_verzoek"]
        for r in resultaten.values():
            r["verhouding_vloer"] = round(r["req_s"] / vloer, 3) if vloer else None
            cpu = r["server_cpu_ms_per_verzoek"]
            r["cpu_x_vloer"] = round(cpu / vloer_cpu, 2) if vloer_cpu else None
            r["cpu_x_kaal_django"] = round(cpu / kaal_cpu, 1) if kaal_cpu else None
        rss = {str(pid): round(piek_rss_mb(pid), 1) for pid in server.workers()}
        pss = {str(pid): round(pss_mb(pid), 1) for pid in server.workers()}
    finally:
        server.stop()
    uitslag = {
        "db": args.db,
        "casussen": args.casussen,
        "organisaties": args.organisaties,
        "cache": "redis" if args.redis else "database",
        "generatie": {k: v for k, v in gegenereerd.items() if k != "uitvoer"},
        "machine": machine(),
        "paginas": resultaten,
        "piek_rss_mb_per_worker": rss,
        "pss_mb_per_worker_na_afloop": pss,
        "gebruikers_ingelogd": len(sessies),
    }
    if not args.paginas:
        RESULTATEN.mkdir(parents=True, exist_ok=True)
        bestand = RESULTATEN / f"web-{args.db}-{args.casussen}.json"
        bestand.write_text(json.dumps(uitslag, indent=1))
        print(f"Geschreven: {bestand}")
    print(tabel(uitslag))
    return 0


PROFIELPAGINAS = (
    "vloer",
    "casusdetail",
    "casuslijst",
    "dashboard",
    "dashboard_telling",
    "stap5_post",
)


def _warm(server: Server, naam: str, doelen: list[dict[str, Any]], verwacht: int,
          map_: Path) -> None:  # fmt: skip
    """Warm up the workers (lazy imports, key caches): a few requests one by one with a long
    timeout, so a slow first request is not counted, then a short wrk run."""
    if naam == "stap5_post":
        return
    for d in doelen[:6]:
        warm = Sessie(server.poort)
        warm.cookies = dict(c.split("=", 1) for c in d["cookie"].split("; ") if "=" in c)
        warm.vraag("GET", d["pad"])
    wrk(server.poort, naam + "-warm", doelen, 3, verwacht, map_)


def meet_pagina(server: Server, naam: str, doelen: list[dict[str, Any]], verwacht: int,
                args: argparse.Namespace, map_: Path) -> dict[str, Any]:  # fmt: skip
    _warm(server, naam, doelen, verwacht, map_)
    wortels = [server.proces.pid, *db_pids(map_, args.db)]
    cpu_voor = cpu_seconden(wortels)
    resultaat = wrk(server.poort, naam, doelen, args.duur, verwacht, map_)
    cpu = cpu_seconden(wortels) - cpu_voor
    resultaat["server_cpu_ms_per_verzoek"] = round(1000 * cpu / max(1, resultaat["requests"]), 2)
    return resultaat


def meet_kaal(map_: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The bare Django project (bench/kale_django.py) under the same gunicorn settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MELDWIJZER_"))}
    server = Server(map_, env, app="kale_django:application", map_app=ROOT / "bench")
    try:
        doelen = [{"pad": "/", "cookie": "", "host": f"127.0.0.1:{server.poort}"}]
        wrk(server.poort, "kaal-warm", doelen, 3, 200, map_)
        cpu_voor = cpu_seconden([server.proces.pid])
        resultaat = wrk(server.poort, "kaal_django", doelen, args.duur, 200, map_)
        cpu = cpu_seconden([server.proces.pid]) - cpu_voor
    finally:
        server.stop()
    resultaat["server_cpu_ms_per_verzoek"] = round(1000 * cpu / max(1, resultaat["requests"]), 3)
    return resultaat


def profileer(server: Server, naam: str, doelen: list[dict[str, Any]], verwacht: int,
              args: argparse.Namespace, map_: Path, cpu_ms: float) -> dict[str, Any]:  # fmt: skip
    """A py-spy recording of both workers while wrk drives the page (bench/profiel.py): the
    shares per part go into the results, the flame graph to bench/results/profielen/."""
    import threading

    import profiel

    gevouwen = map_ / f"profiel-{naam}.folded"
    opname = threading.Thread(
        target=profiel.neem_op, args=(server.proces.pid, args.profielduur, gevouwen)
    )
    opname.start()
    time.sleep(0.5)
    wrk(server.poort, naam + "-profiel", doelen, args.profielduur, verwacht, map_)
    opname.join()
    svg = RESULTATEN / "profielen" / f"{args.db}-{args.casussen}-{naam}.svg"
    verdeling = profiel.schrijf(
        gevouwen, svg, f"{naam} — {args.db}, {args.casussen:,} casussen ({cpu_ms} ms CPU/verzoek)"
    )
    print(f"Profiel: {svg}")
    return verdeling


def tabel(u: dict[str, Any]) -> str:
    regels = [
        f"{u['db']}, {u['casussen']:,} casussen, cache: {u.get('cache', 'database')} "
        f"(load {u['machine']['load'][0]:.1f})",
        "",
        "| pagina | server-CPU ms | × vloer | × kaal Django | req/s | p50 ms | p95 ms | p99 ms "
        "| fouten |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for naam, r in u["paginas"].items():
        regels.append(
            f"| {naam} | {r['server_cpu_ms_per_verzoek']} | {r.get('cpu_x_vloer', '–')} | "
            f"{r.get('cpu_x_kaal_django', '–')} | {r['req_s']:.0f} | {r['p50_ms']:.1f} | "
            f"{r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['fouten']} |"
        )
    regels.append(f"\nPiek-RSS per worker (MB): {u['piek_rss_mb_per_worker']}")
    regels.append(f"Pss per worker na afloop (MB): {u.get('pss_mb_per_worker_na_afloop')}")
    return "\n".join(regels)


# Server CPU per request (ms) that each page should stay under (docs/performance.md, "Doelen").
CPU_DOELEN = {
    "vloer": 3.0,
    "casuslijst": 8.0,
    "casusdetail": 10.0,
    "dashboard": 5.0,
    "dashboard_telling": 15.0,
    "stap5_post": 12.0,
}
P95_DOEL_PAGINAS = ("vloer", "casuslijst", "casusdetail", "dashboard")
RSS_DOEL_MB = 120


def overzicht() -> str:
    """All results in bench/results/ as one Markdown table, with the targets judged at the
    largest size per database: server CPU per request under its target, p95 < 50 ms for the
    pages people wait on, CPU at most 1.25 x that at the smallest size, no errors, and under
    120 MB peak RSS per worker."""
    uitslagen = [json.loads(p.read_text()) for p in sorted(RESULTATEN.glob("web-*.json"))]
    regels = [
        "| db | casussen | pagina | server-CPU ms/verzoek | × vloer | × kaal Django | req/s | "
        "p50 ms | p95 ms | p99 ms | fouten | load (1 min) |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for u in sorted(uitslagen, key=lambda u: (u["db"], u["casussen"])):
        for naam, r in u["paginas"].items():
            regels.append(
                f"| {u['db']} | {u['casussen']:,} | {naam} | "
                f"{r.get('server_cpu_ms_per_verzoek', '–')} | {r.get('cpu_x_vloer', '–')} | "
                f"{r.get('cpu_x_kaal_django', '–')} | {r['req_s']:.0f} | {r['p50_ms']:.0f} | "
                f"{r['p95_ms']:.0f} | {r['p99_ms']:.0f} | {r['fouten']} | "
                f"{r['load_voor'][0]:.1f} |"
            )
    regels += ["", "| db | casussen | cache | piek-RSS per worker (MB) | generatie (casussen/s) |",
               "|---|---:|---|---|---:|"]  # fmt: skip
    for u in sorted(uitslagen, key=lambda u: (u["db"], u["casussen"])):
        rss = ", ".join(f"{v:.0f}" for v in u["piek_rss_mb_per_worker"].values())
        regels.append(
            f"| {u['db']} | {u['casussen']:,} | {u.get('cache', 'database')} | {rss} | "
            f"{u['generatie'].get('casussen_per_seconde', '')} |"
        )
    regels += ["", "Doelen (grootste gemeten omvang per database):", ""]
    for db in sorted({u["db"] for u in uitslagen}):
        eigen = sorted((u for u in uitslagen if u["db"] == db), key=lambda u: u["casussen"])
        klein, groot = eigen[0], eigen[-1]
        for naam, doel in CPU_DOELEN.items():
            r = groot["paginas"].get(naam)
            if r is None:
                continue
            cpu = r["server_cpu_ms_per_verzoek"]
            oordelen = [
                (f"CPU ≤ {doel:g} ms", cpu <= doel, f"{cpu} ms"),
                ("geen fouten", r["fouten"] == 0, str(r["fouten"])),
            ]
            if naam in P95_DOEL_PAGINAS:
                oordelen.append(("p95 < 50 ms", r["p95_ms"] < 50, f"{r['p95_ms']:.0f} ms"))
            if klein is not groot and naam in klein["paginas"]:
                factor = cpu / klein["paginas"][naam]["server_cpu_ms_per_verzoek"]
                oordelen.append(
                    (f"CPU ≤ 1,25 × bij {klein['casussen']:,}", factor <= 1.25, f"{factor:.2f}×")
                )
            tekst = "; ".join(
                f"{t}: {w} ({'gehaald' if ok else 'niet gehaald'})" for t, ok, w in oordelen
            )
            regels.append(f"- {db}, {groot['casussen']:,} casussen, {naam}: {tekst}.")
        rss = max(groot["piek_rss_mb_per_worker"].values())
        regels.append(
            f"- {db}: piek-RSS {rss:.0f} MB per worker "
            f"({'gehaald' if rss < RSS_DOEL_MB else 'niet gehaald'}, doel < {RSS_DOEL_MB} MB)."
        )
    return "\n".join(regels)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--casussen", type=int, default=10_000)
    parser.add_argument("--organisaties", type=int, default=10)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--map", type=Path, help="working folder (reused when it holds data)")
    parser.add_argument("--alleen-genereren", action="store_true")
    parser.add_argument("--duur", type=int, default=20, help="seconds of wrk per page")
    parser.add_argument("--opruimen", action="store_true", help="delete the folder afterwards")
    parser.add_argument(
        "--profiel", action="store_true", help="also record a py-spy profile per page"
    )
    parser.add_argument("--profielduur", type=int, default=15, help="seconds per profile")
    parser.add_argument(
        "--paginas",
        help="only these pages (comma-separated; the floor page always), for a quick look while "
        "cutting; the results file is then not written",
    )
    parser.add_argument(
        "--redis",
        action="store_true",
        help="the shared cache of several nodes (redis-server, REDIS_URL) instead of the "
        "database cache, as production with more than one node runs",
    )
    parser.add_argument(
        "--overzicht", action="store_true", help="print the table of all results and stop"
    )
    args = parser.parse_args()
    if args.overzicht:
        print(overzicht())
        return 0

    map_ = args.map or Path(tempfile.mkdtemp(prefix="meldwijzer-webbench-"))
    map_.mkdir(parents=True, exist_ok=True)
    env = omgeving(map_, args.db)
    if args.db == "postgresql":
        pg_start(map_)
    try:
        gegenereerd = genereer(map_, env, args.casussen, args.organisaties)
        print(json.dumps({k: v for k, v in gegenereerd.items() if k != "uitvoer"}))
        if args.alleen_genereren:
            return 0
        if not args.redis:
            return meet(map_, env, args, gegenereerd)
        redis = Redis(map_)
        try:
            return meet(map_, {**env, "REDIS_URL": redis.url}, args, gegenereerd)
        finally:
            redis.stop()
    finally:
        if args.db == "postgresql":
            pg_stop(map_)
        if args.opruimen:
            shutil.rmtree(map_, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
