"""The web app under load, as in production, on a generated database (issue 10, item 2).

    .venv/bin/python bench/web_bench.py --casussen 10000 [--db sqlite|postgresql] [--map DIR]

1. A working folder with its own keys (SECRET_KEY, MELDWIJZER_SLEUTELS, MELDWIJZER_HMAC_SLEUTEL)
   and database: SQLite in the folder, or a throwaway PostgreSQL 15 cluster in it (fsync on, as
   in production). ``meldwijzer demo genereer`` fills it under production settings (skipped when
   the folder already holds a generated database of that size: ``--map`` reuses one).
2. gunicorn with 2 workers and ``meldwijzer.conf.production`` (encryption and access logging on,
   persistent connections). The app is HTTPS-only; as behind a TLS-terminating proxy, the bench
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
import hashlib
import hmac
import json
import os
import platform
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
RESULTATEN = ROOT / "bench" / "results"
LUA = ROOT / "bench" / "wrk"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


# --- environment ---------------------------------------------------------------------------


def _sleutel() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def omgeving(map_: Path, db: str) -> dict[str, str]:
    """The working folder's environment: keys made once and kept in the folder."""
    bestand = map_ / "omgeving.json"
    if bestand.exists():
        env = json.loads(bestand.read_text())
    else:
        env = {
            "SECRET_KEY": base64.urlsafe_b64encode(os.urandom(48)).decode(),
            "MELDWIJZER_SLEUTELS": _sleutel(),
            "MELDWIJZER_HMAC_SLEUTEL": _sleutel(),
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
        cmd = ["su", "postgres", "-c", " ".join(cmd)]
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
        "load_na": os.getloadavg(),
        "uitvoer": uit.stdout,
        "schijf_bytes": _grootte(map_),
    }
    klaar.write_text(json.dumps(gegevens, indent=1))
    return gegevens


def _grootte(map_: Path) -> int:
    return sum(p.stat().st_size for p in map_.rglob("*") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--casussen", type=int, default=10_000)
    parser.add_argument("--organisaties", type=int, default=10)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--map", type=Path, help="working folder (reused when it holds data)")
    parser.add_argument("--alleen-genereren", action="store_true")
    parser.add_argument("--duur", type=int, default=20, help="seconds of wrk per page")
    parser.add_argument("--opruimen", action="store_true", help="delete the folder afterwards")
    args = parser.parse_args()

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
        from web_bench_run import draai  # the load part, in its own module

        return draai(map_, env, args, gegenereerd)
    finally:
        if args.db == "postgresql":
            pg_stop(map_)
        if args.opruimen:
            shutil.rmtree(map_, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
