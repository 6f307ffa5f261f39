"""Database connections on two nodes: Django's psycopg pool against persistent connections
(CONN_MAX_AGE=60), measured on the two-node setup of tests/meerdere_nodes (docs/performance.md,
'Verbindingen').

    DATABASE_URL=postgres://postgres@127.0.0.1:PORT/meldwijzer \\
        .venv/bin/python bench/verbindingen_bench.py [--pool 2 --pool 4] [--duur 10]

One database of its own in that cluster, generated once; Redis, two gunicorn nodes (2 workers
each) and nginx as in the test. For each way of connecting the nodes are started afresh with the
same sessions, and wrk drives two pages through nginx at 16 connections: the floor page (session,
user, membership: reads only) and the casus list (reads, and a row in the access log). Per page:
requests per second, p50/p95, the server's CPU time per request (gunicorn and PostgreSQL
processes) and the number of PostgreSQL connections open at the end. No timing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from meerdere_nodes import servers  # noqa: E402
from web_bench import cpu_seconden  # noqa: E402

PAGINAS = (("vloer", "/over/"), ("casuslijst", "/casussen/"))


def _wrk(poort: int, pad: str, cookie: str, duur: int) -> dict[str, Any]:
    uit = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{duur}s", "--latency", "-H", f"Host: {servers.HOST}",
         "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{poort}{pad}"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    tekst = uit.stdout
    if " 0 requests in" in tekst:
        print(tekst, file=sys.stderr)

    def ms(regel: str) -> float:
        m = re.search(rf"^\s*{regel}%\s+([\d.]+)(us|ms|s)\s*$", tekst, re.M)
        assert m, tekst
        return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]

    aantal = int(re.search(r"(\d+) requests in", tekst).group(1))  # type: ignore[union-attr]
    fouten = re.search(r"Non-2xx or 3xx responses: (\d+)", tekst)
    return {
        "verzoeken": aantal,
        "req_s": float(re.search(r"Requests/sec:\s+([\d.]+)", tekst).group(1)),  # type: ignore[union-attr]
        "p50_ms": ms("50"),
        "p95_ms": ms("90") if "95%" not in tekst else ms("95"),
        "p99_ms": ms("99"),
        "fouten": int(fouten.group(1)) if fouten else 0,
    }


def _pg_pids(database_url: str) -> list[int]:
    """The postmaster of the cluster (its backends are its children)."""
    import psycopg

    with psycopg.connect(database_url) as v:
        pad = v.execute("SHOW data_directory").fetchone()[0]  # type: ignore[index]
    return [int(Path(pad, "postmaster.pid").read_text().split()[0])]


def _verbindingen(database_url: str, naam: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as v:
        rij = v.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [naam]
        ).fetchone()
    return int(rij[0]) - 1 if rij else 0  # without this connection


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=int, action="append", help="pool size per process")
    parser.add_argument("--duur", type=int, default=10)
    args = parser.parse_args()
    basis = os.environ["DATABASE_URL"]
    map_ = Path(tempfile.mkdtemp(prefix="meldwijzer-verbindingen-"))
    map_.chmod(0o755)
    naam = f"meldwijzer_verbindingen_{secrets.token_hex(3)}"
    database_url = servers.maak_database(basis, naam)
    resultaten: dict[str, Any] = {}
    redis = None
    try:
        redis = servers.Redis(map_)
        env = servers.omgeving(map_, database_url, redis.poort, 25)
        inlog = str(map_ / "inlog.json")
        stappen = (
            ["python", "-m", "django", "migrate", "--noinput", "-v0"],
            ["meldwijzer", "demo", "genereer", "--organisaties", "2", "--casussen", "400",
             "--processen", "1", "--inloggegevens", inlog],
        )  # fmt: skip
        for stap in stappen:
            subprocess.run(
                [str(servers.BIN / stap[0]), *stap[1:]], env=env, cwd=ROOT, check=True,
                capture_output=True,
            )  # fmt: skip
        gebruikers = json.loads((map_ / "inlog.json").read_text())["gebruikers"]
        bk = next(g for g in gebruikers if g["rol"] == "beroepskracht")
        wijzen = [("blijvend (CONN_MAX_AGE=60)", "")] + [
            (f"pool (max {n} per proces)", str(n)) for n in (args.pool or [2, 4])
        ]
        cookie = ""
        for titel, pool in wijzen:
            env_wijze = {**env, "MELDWIJZER_DB_POOL": pool}
            nodes = [servers.Node("node1", map_, env_wijze), servers.Node("node2", map_, env_wijze)]
            nginx = servers.Balancer(map_, nodes)
            try:
                if not cookie:
                    b = servers.Browser()
                    b.log_in(nginx.poort, bk)
                    cookie = "; ".join(f"{k}={v}" for k, v in b.cookies.items())
                per_pagina = {}
                for pagina, pad in PAGINAS:
                    _wrk(nginx.poort, pad, cookie, 2)  # warm up
                    wortels = [n.proces.pid for n in nodes] + _pg_pids(database_url)
                    cpu = cpu_seconden(wortels)
                    r = _wrk(nginx.poort, pad, cookie, args.duur)
                    r["server_cpu_ms_per_verzoek"] = round(
                        1000 * (cpu_seconden(wortels) - cpu) / max(1, r["verzoeken"]), 2
                    )
                    r["pg_verbindingen"] = _verbindingen(database_url, naam)
                    per_pagina[pagina] = r
                    print(titel, pagina, json.dumps(r), flush=True)
                resultaten[titel] = per_pagina
            finally:
                nginx.stop()
                for n in nodes:
                    n.stop()
    finally:
        if redis is not None:
            redis.stop()
        servers.verwijder_database(basis, naam)
        if not os.environ.get("BEWAAR"):
            servers.opruimen(map_)
    uit = ROOT / "bench" / "results" / "verbindingen.json"
    uit.parent.mkdir(exist_ok=True)
    uit.write_text(json.dumps({"load": os.getloadavg(), "resultaten": resultaten}, indent=1))
    print("| verbindingen | pagina | req/s | p50 ms | p95 ms | CPU ms/verzoek | PG-verbindingen |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for titel, per_pagina in resultaten.items():
        for pagina, r in per_pagina.items():
            print(
                f"| {titel} | {pagina} | {r['req_s']:.0f} | {r['p50_ms']:.1f} | "
                f"{r['p95_ms']:.1f} | {r['server_cpu_ms_per_verzoek']} | "
                f"{r['pg_verbindingen']} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
