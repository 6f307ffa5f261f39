"""`meldwijzer demo genereer` timed on its own: wall time, CPU time and the load average.

    .venv/bin/python bench/genereer_bench.py --casussen 20000 [--db sqlite|postgresql]
        [--organisaties 10] [--processen 2] [--profiel FILE]

A fresh working folder each run (keys, database: SQLite in the folder, or a throwaway PostgreSQL
15 cluster in it with fsync on, started as ``web_bench`` starts one), migrated first (not timed).
Reported: the generator's wall time and casussen/s, its CPU time (user + system, with its
child processes), on PostgreSQL also the server's CPU time, and the 1-minute load average before
and after. With ``--profiel`` the generator runs under cProfile (use ``--processen 1``). The
folder is deleted afterwards unless ``--bewaar``. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_bench import BIN, ROOT, omgeving, pg_start, pg_stop


def _server_cpu(map_: Path) -> float:
    """CPU seconds of the PostgreSQL server: the postmaster and its finished and live children."""
    pidbestand = map_ / "pg" / "postmaster.pid"
    if not pidbestand.exists():
        return 0.0
    hoofd = int(pidbestand.read_text().split()[0])
    tik = os.sysconf("SC_CLK_TCK")
    totaal = 0.0
    for pid in [hoofd, *_kinderen(hoofd)]:
        try:
            velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime, cutime, cstime (fields 14-17; after the name, index 11-14)
        totaal += sum(int(v) for v in velden[11:15]) / tik
    return totaal


def _kinderen(pid: int) -> list[int]:
    pad = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in pad.read_text().split()] if pad.exists() else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--casussen", type=int, default=20_000)
    parser.add_argument("--organisaties", type=int, default=10)
    parser.add_argument("--processen", type=int, default=2)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--profiel", type=Path, help="cProfile output file")
    parser.add_argument("--bewaar", action="store_true", help="keep the working folder")
    args = parser.parse_args()

    map_ = Path(tempfile.mkdtemp(prefix="meldwijzer-genbench-"))
    env = omgeving(map_, args.db)
    if args.db == "postgresql":
        pg_start(map_)
    try:
        subprocess.run(
            [str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        opdracht = [
            "demo", "genereer", "--organisaties", str(args.organisaties),
            "--casussen", str(args.casussen), "--processen", str(args.processen),
            "--inloggegevens", str(map_ / "inloggegevens.json"),
        ]  # fmt: skip
        if args.profiel:
            opdracht = [
                str(BIN / "python"), "-m", "cProfile", "-o", str(args.profiel.resolve()),
                str(BIN / "meldwijzer"), *opdracht,
            ]  # fmt: skip
        else:
            opdracht = [str(BIN / "meldwijzer"), *opdracht]
        load_voor = os.getloadavg()[0]
        server_voor = _server_cpu(map_)
        cpu_voor = resource.getrusage(resource.RUSAGE_CHILDREN)
        begin = time.monotonic()
        uit = subprocess.run(opdracht, env=env, check=True, text=True, stdout=subprocess.PIPE)
        duur = time.monotonic() - begin
        cpu_na = resource.getrusage(resource.RUSAGE_CHILDREN)
        server = _server_cpu(map_) - server_voor
        cpu = (cpu_na.ru_utime - cpu_voor.ru_utime) + (cpu_na.ru_stime - cpu_voor.ru_stime)
        gegevens = {
            "db": args.db,
            "casussen": args.casussen,
            "organisaties": args.organisaties,
            "processen": args.processen,
            "seconden": round(duur, 1),
            "casussen_per_seconde": round(args.casussen / duur, 1),
            "cpu_generator_s": round(cpu, 1),
            "cpu_generator_ms_per_casus": round(1000 * cpu / args.casussen, 3),
            "cpu_server_s": round(server, 1),
            "load_voor": round(load_voor, 2),
            "load_na": round(os.getloadavg()[0], 2),
            "schijf_bytes": sum(p.stat().st_size for p in map_.rglob("*") if p.is_file()),
        }
        print(uit.stdout, file=sys.stderr)
        print(json.dumps(gegevens))
        return 0
    finally:
        if args.db == "postgresql":
            pg_stop(map_)
        if not args.bewaar:
            shutil.rmtree(map_, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
