"""Memory of a web worker, as in production (target in docs/performance.md: < 150 MB peak RSS
per worker).

    .venv/bin/python bench/geheugen_bench.py [--map DIR] [--verzoeken 400]
        [--gunicorn-arg=--preload] [--label NAAM] [--venv DIR] [--groei]

1. *Imports.* In a fresh process with ``meldwijzer.conf.production``: the resident memory
   (VmRSS) after ``import django``, after ``django.setup()``, after the URLconf (every view
   module) and after the WSGI application (the middleware), then what each further module of
   the app still adds when imported on top. Then, in a second process, the memory that Python
   allocated while importing, per top-level package (tracemalloc), which names the heavy
   packages; and ``python -X importtime``'s slowest packages.
2. *Workers.* gunicorn as ``bench/web_bench.py`` starts it (2 workers, production settings and
   keys, behind a TLS-terminating proxy), on a small generated database (``meldwijzer demo
   genereer --organisaties 2 --casussen 2000``, kept in the working folder for a next run with
   ``--map``). Logged-in users send a few hundred requests over four connections to the pages
   of the web bench (the floor page ``/over/``, the casus list, casus details, the dashboard and
   the stap-5 POST), and then give the password eight more times (a check after the worker has
   grown). Per worker: the peak resident memory (VmHWM) and the proportional memory (Pss, shared
   pages divided among the processes that share them), at start and afterwards.

3. *Growth* (``--groei``, only this): the app served inside one process (wsgiref, production
   settings), the same requests, and tracemalloc's snapshots before and after them — the Python
   allocations still held afterwards, by package and by allocating line (slow: ~6 minutes).

``--venv DIR`` runs the app from another virtualenv, e.g. one with only the ``web`` extra as a
deployment installs it (``uv venv DIR && VIRTUAL_ENV=DIR uv pip install -e '.[web]'``): the
dev extra brings packages that production never has (jinja2, which ``django.test`` imports
when it can; django-ninja imports ``django.test``).

The figures are printed as JSON (and a short table) and written to bench/results/geheugen*.json;
nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import web_bench as wb  # bench/ is on the path: this script runs from there

MB = 1024 * 1024


def _status_mb(pid: int | str, veld: str) -> float:
    for regel in Path(f"/proc/{pid}/status").read_text().splitlines():
        if regel.startswith(veld + ":"):
            return round(int(regel.split()[1]) / 1024, 1)
    return 0.0


# --- 1. imports (run inside a fresh process with the production settings) --------------------


def _modules_van_de_app() -> list[str]:
    import pkgutil

    import meldwijzer

    namen = []
    for info in pkgutil.walk_packages(meldwijzer.__path__, "meldwijzer."):
        delen = info.name.split(".")
        if {"tests", "migrations", "conftest", "synthetisch", "cli", "backup"} & set(delen):
            continue
        namen.append(info.name)
    return sorted(namen)


def importkosten() -> dict[str, Any]:
    """RSS after each stage of starting a worker, then what importing each app module adds."""
    import importlib

    stappen: dict[str, float] = {"python": _status_mb("self", "VmRSS")}
    import django

    stappen["import django"] = _status_mb("self", "VmRSS")
    django.setup()
    stappen["django.setup()"] = _status_mb("self", "VmRSS")
    from django.conf import settings

    importlib.import_module(settings.ROOT_URLCONF)
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (resolving loads every view module)
    stappen["+ URLconf (views)"] = _status_mb("self", "VmRSS")
    importlib.import_module("meldwijzer.conf.wsgi")
    stappen["+ WSGI-applicatie (middleware)"] = _status_mb("self", "VmRSS")
    voor = set(sys.modules)
    per_module: list[tuple[str, float, int]] = []
    for naam in _modules_van_de_app():
        if naam in sys.modules:
            continue
        rss = _status_mb("self", "VmRSS")
        aantal = len(sys.modules)
        try:
            importlib.import_module(naam)
        except Exception as fout:  # measure what imports; report the rest
            per_module.append((f"{naam} (fout: {type(fout).__name__})", 0.0, 0))
            continue
        per_module.append(
            (naam, round(_status_mb("self", "VmRSS") - rss, 1), len(sys.modules) - aantal)
        )
    stappen["+ alle overige app-modules"] = _status_mb("self", "VmRSS")
    nieuw = sorted({m.split(".")[0] for m in set(sys.modules) - voor})
    return {
        "rss_mb_per_stap": stappen,
        "app_modules_niet_bij_start": sorted(per_module, key=lambda r: -r[1]),
        "pakketten_pas_daarna_geladen": nieuw,
    }


def importgeheugen_per_pakket() -> dict[str, Any]:
    """Python memory allocated by imports while a worker starts, per top-level package."""
    import tracemalloc

    tracemalloc.start()
    import django

    django.setup()
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
    import meldwijzer.conf.wsgi  # noqa: F401

    momentopname = tracemalloc.take_snapshot()
    per_pakket: dict[str, int] = {}
    for stat in momentopname.statistics("filename"):
        pad = stat.traceback[0].filename
        if "site-packages/" in pad:
            pakket = pad.split("site-packages/", 1)[1].split("/", 1)[0]
        elif "/src/meldwijzer/" in pad:
            pakket = "meldwijzer." + pad.split("/src/meldwijzer/", 1)[1].split("/", 1)[0]
        elif "<frozen" in pad:
            pakket = "<frozen>"
        else:
            pakket = "stdlib:" + Path(pad).parts[-2] if "/lib/python" in pad else pad
        per_pakket[pakket] = per_pakket.get(pakket, 0) + stat.size
    totaal = sum(per_pakket.values())
    top = sorted(per_pakket.items(), key=lambda kv: -kv[1])[:25]
    return {
        "tracemalloc_totaal_mb": round(totaal / MB, 1),
        "tracemalloc_mb_per_pakket": {k: round(v / MB, 2) for k, v in top},
    }


def importtijd(env: dict[str, str]) -> list[tuple[str, float]]:
    """``python -X importtime``: cumulative import time (ms) per top-level package."""
    code = (
        "import django; django.setup(); from django.urls import get_resolver; "
        "get_resolver().url_patterns; import meldwijzer.conf.wsgi"
    )
    uit = subprocess.run(
        [str(wb.BIN / "python"), "-X", "importtime", "-c", code],
        env=env, cwd=wb.ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    per_pakket: dict[str, float] = {}
    for regel in uit.stderr.splitlines():
        if not regel.startswith("import time:") or "|" not in regel:
            continue
        delen = [d.strip() for d in regel[len("import time:") :].split("|")]
        if not delen[0].isdigit():
            continue
        naam = delen[2].strip()
        top = naam.split(".")[0]
        per_pakket[top] = per_pakket.get(top, 0.0) + int(delen[0]) / 1000
    return sorted(((k, round(v, 1)) for k, v in per_pakket.items()), key=lambda kv: -kv[1])[:15]


def _in_apart_proces(env: dict[str, str], functie: str) -> dict[str, Any]:
    uit = subprocess.run(
        [str(wb.BIN / "python"), __file__, "--binnen", functie],
        env=env, cwd=wb.ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if uit.returncode:
        raise RuntimeError(uit.stderr)
    return json.loads(uit.stdout.strip().splitlines()[-1])


# --- 2. workers under requests ---------------------------------------------------------------


def _doelen(env: dict[str, str]) -> dict[str, Any]:
    return wb._dbquery(
        env,
        """
from meldwijzer.dossier.models import Casus
detail = list(Casus.objects.filter(fase="5").order_by("pk").values_list("uuid", "eigenaar_id")[:40])
post = list(Casus.objects.filter(fase="4").order_by("pk")
    .values_list("uuid", "eigenaar_id", "versie")[:20])
print(json.dumps({"detail": [[str(u), e] for u, e in detail],
                  "post": [[str(u), e, v] for u, e, v in post]}))
""",
    )


def stuur_verzoeken(map_: Path, env: dict[str, str], poort: int, verzoeken: int) -> dict[str, Any]:
    """The bench's requests to a server on ``poort``: logins, GETs over four connections, the
    stap-5 POSTs, then the password step eight more times. Returns the statuses and the time."""
    gebruikers = json.loads((map_ / "inloggegevens.json").read_text())["gebruikers"]
    per_user = {g["user_id"]: g for g in gebruikers}
    keuze = _doelen(env)
    sessies: dict[int, wb.Sessie] = {}

    def sessie(user_id: int) -> wb.Sessie:
        if user_id not in sessies:
            s = wb.Sessie(poort)
            s.log_in(per_user[user_id])
            sessies[user_id] = s
        return sessies[user_id]

    beroeps = [g for g in gebruikers if g["rol"] == "beroepskracht"][:6]
    afs = [g for g in gebruikers if g["rol"] == "aandachtsfunctionaris"][:2]
    gets: list[tuple[wb.Sessie, str]] = []
    for g in beroeps:
        gets += [(sessie(g["user_id"]), "/over/"), (sessie(g["user_id"]), "/casussen/")]
    gets += [(sessie(g["user_id"]), "/dashboard/") for g in afs]
    gets += [(sessie(e), f"/casussen/{u}/") for u, e in keuze["detail"]]
    posts = [(sessie(e), u, v) for u, e, v in keuze["post"]]

    def stap5(s: wb.Sessie, uuid_: str, versie: int, n: int) -> int:
        # answer afweging 1 and withdraw it again, with the casus's current version
        pad = f"/casussen/{uuid_}/besluit/"
        if n % 2 == 0:
            velden = {"afweging": "1", "antwoord": "ja", "versie": str(versie)}
        else:
            pad, velden = pad + "intrekken/", {"versie": str(versie)}
        return s.vraag("POST", pad, velden)[0]

    werk: list[Any] = []
    for n in range(verzoeken):
        if n % 10 == 9 and posts:
            werk.append(("post", n // 10))
        else:
            werk.append(("get", n))
    statussen: dict[int, int] = {}
    post_stand = dict.fromkeys(range(len(posts)), 0)

    def doe(taak: tuple[str, int]) -> int:
        soort, n = taak
        if soort == "get":
            s, pad = gets[n % len(gets)]
            # A fresh session object per request: sessions are not thread-safe (cookies).
            kopie = wb.Sessie(poort)
            kopie.cookies = dict(s.cookies)
            return int(kopie.vraag("GET", pad)[0])
        i = n % len(posts)
        s, uuid_, versie = posts[i]
        stand = post_stand[i]
        post_stand[i] += 1
        return stap5(s, uuid_, versie + stand, stand)

    gets_werk = [t for t in werk if t[0] == "get"]
    begin = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        for status in pool.map(doe, gets_werk):
            statussen[status] = statussen.get(status, 0) + 1
    # The POSTs one after another per casus (each needs the version the previous made).
    for taak in (t for t in werk if t[0] == "post"):
        status = doe(taak)
        statussen[status] = statussen.get(status, 0) + 1
    duur = time.monotonic() - begin
    # Logins also come after a worker has grown: Argon2 then allocates its memory cost on
    # top of that. The password step again (new sessions; a TOTP code works only once),
    # enough times to reach both workers.
    for g in (beroeps + afs)[:8]:
        nieuw = wb.Sessie(poort)
        nieuw.vraag("GET", "/inloggen/")
        velden = {"username": g["gebruikersnaam"], "password": g["wachtwoord"]}
        status = nieuw.vraag("POST", "/inloggen/", velden)[0]
        statussen[status] = statussen.get(status, 0) + 1
    return {"statussen": statussen, "seconden": round(duur, 1)}


def workers_onder_verzoeken(
    map_: Path, env: dict[str, str], verzoeken: int, gunicorn_args: list[str]
) -> dict[str, Any]:
    server = wb.Server(map_, env, extra=gunicorn_args)
    try:
        master = server.proces.pid
        # The workers load the app after the fork (unless --preload): wait until they stop
        # growing, so "at start" means a loaded app that has not served a request yet.
        vorige: list[float] = []
        for _i in range(40):
            time.sleep(0.5)
            nu = [_status_mb(w, "VmRSS") for w in server.workers()]
            if nu == vorige:
                break
            vorige = nu
        bij_start = {
            "master": {"rss": _status_mb(master, "VmRSS"), "pss": round(wb.pss_mb(master), 1)},
            **{
                str(w): {"rss": _status_mb(w, "VmRSS"), "pss": round(wb.pss_mb(w), 1)}
                for w in server.workers()
            },
        }
        gestuurd = stuur_verzoeken(map_, env, server.poort, verzoeken)
        na_afloop = {
            str(w): {
                "piek_rss": wb.piek_rss_mb(w) and round(wb.piek_rss_mb(w), 1),
                "rss": _status_mb(w, "VmRSS"),
                "pss": round(wb.pss_mb(w), 1),
            }
            for w in server.workers()
        }
        na_afloop["master"] = {
            "piek_rss": round(wb.piek_rss_mb(master), 1),
            "rss": _status_mb(master, "VmRSS"),
            "pss": round(wb.pss_mb(master), 1),
        }
    finally:
        server.stop()
    return {
        "gunicorn_args": gunicorn_args,
        "verzoeken": verzoeken,
        **gestuurd,
        "bij_start_mb": bij_start,
        "na_afloop_mb": na_afloop,
        "load": os.getloadavg(),
    }


# --- 3. what grows while serving (one process, tracemalloc) ----------------------------------


def groei_in_een_proces(map_: Path, verzoeken: int, regels: int = 30) -> dict[str, Any]:
    """The app served in this process (wsgiref, production settings), the same requests as
    above, and tracemalloc's snapshots before and after them: the allocations still held
    afterwards, grouped by the line that made them and by package. Run with the working
    folder's environment (``--groei``). tracemalloc sees Python's allocations only, not the
    SQLite page cache or the allocator's free pages; RSS is reported beside it."""
    import threading
    import tracemalloc
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    class Stil(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    class Draadserver(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    tracemalloc.start(12)
    import django

    django.setup()
    from django.urls import get_resolver

    from meldwijzer.conf.wsgi import application

    get_resolver().url_patterns  # noqa: B018 (as a worker at its first request)
    server = make_server("127.0.0.1", 0, application, server_class=Draadserver, handler_class=Stil)
    draad = threading.Thread(target=server.serve_forever, daemon=True)
    draad.start()
    env = dict(os.environ)
    rss_voor = _status_mb("self", "VmRSS")
    voor = tracemalloc.take_snapshot()
    try:
        gestuurd = stuur_verzoeken(map_, env, server.server_port, verzoeken)
    finally:
        server.shutdown()
    import gc

    gc.collect()
    rss_na = _status_mb("self", "VmRSS")
    na = tracemalloc.take_snapshot()
    filters = [tracemalloc.Filter(False, tracemalloc.__file__)]
    voor, na = voor.filter_traces(filters), na.filter_traces(filters)

    def eigenaar(pad: str) -> str:
        if "site-packages/" in pad:
            return pad.split("site-packages/", 1)[1].split("/", 1)[0]
        if "/src/meldwijzer/" in pad:
            return "meldwijzer." + pad.split("/src/meldwijzer/", 1)[1].split("/", 1)[0]
        return "stdlib" if "/lib/python" in pad else pad

    per_pakket: dict[str, int] = {}
    for stat in na.compare_to(voor, "filename"):
        sleutel = eigenaar(stat.traceback[0].filename)
        per_pakket[sleutel] = per_pakket.get(sleutel, 0) + stat.size_diff
    per_regel = [
        {
            "kb": round(stat.size_diff / 1024),
            "blokken": stat.count_diff,
            # most recent frame first (tracemalloc keeps them oldest first)
            "waar": [
                f"{f.filename.split('site-packages/')[-1].split('/src/')[-1]}:{f.lineno}"
                for f in reversed(stat.traceback)
            ][:8],
        }
        for stat in na.compare_to(voor, "traceback")[:regels]
    ]
    return {
        **gestuurd,
        "rss_mb_voor": rss_voor,
        "rss_mb_na": rss_na,
        "tracemalloc_mb_voor": round(sum(s.size for s in voor.statistics("filename")) / MB, 1),
        "tracemalloc_mb_na": round(sum(s.size for s in na.statistics("filename")) / MB, 1),
        "groei_mb_per_pakket": {
            k: round(v / MB, 2) for k, v in sorted(per_pakket.items(), key=lambda kv: -kv[1])[:20]
        },
        "grootste_groei": per_regel,
    }


def _ongerepte_database(map_: Path) -> None:
    """Every run starts from the database as generated: the stap-5 POSTs move casussen out of
    fase 4 (20 per run), so without this later runs send fewer POSTs and do not compare."""
    import shutil

    db = map_ / "meldwijzer.sqlite3"
    kopie = map_ / "meldwijzer.sqlite3.ongerept"
    if not db.exists():
        return  # PostgreSQL or no database yet
    if not kopie.exists():
        import sqlite3

        with sqlite3.connect(db) as verbinding:  # everything in the main file first
            verbinding.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(db, kopie)
        return
    for rest in ("-wal", "-shm"):
        Path(f"{db}{rest}").unlink(missing_ok=True)
    shutil.copy2(kopie, db)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--map", type=Path, help="working folder (reused when it holds data)")
    parser.add_argument("--casussen", type=int, default=2000)
    parser.add_argument("--organisaties", type=int, default=2)
    parser.add_argument("--verzoeken", type=int, default=400)
    parser.add_argument("--gunicorn-arg", action="append", default=[], dest="gunicorn_args")
    parser.add_argument("--label", default="", help="suffix of the result file")
    parser.add_argument("--zonder-imports", action="store_true", help="only the workers")
    parser.add_argument(
        "--venv",
        type=Path,
        help="run the app from this virtualenv (e.g. one with only the web extra, as a "
        "deployment installs it: no dev packages such as jinja2); default .venv",
    )
    parser.add_argument(
        "--groei", action="store_true", help="only: what grows while serving (tracemalloc)"
    )
    parser.add_argument("--binnen", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.venv:
        wb.BIN = args.venv.resolve() / "bin"
    if args.binnen == "groei":
        print(
            json.dumps(groei_in_een_proces(Path(os.environ["MELDWIJZER_DATA_DIR"]), args.verzoeken))
        )
        return 0
    if args.binnen:
        functie = {"importkosten": importkosten, "per_pakket": importgeheugen_per_pakket}
        print(json.dumps(functie[args.binnen]()))
        return 0

    map_ = args.map or Path(tempfile.mkdtemp(prefix="meldwijzer-geheugenbench-"))
    map_.mkdir(parents=True, exist_ok=True)
    env = wb.omgeving(map_, "sqlite")
    wb.genereer(map_, env, args.casussen, args.organisaties)
    _ongerepte_database(map_)
    uitslag: dict[str, Any] = {"machine": wb.machine(), "venv": str(wb.BIN.parent)}
    if args.groei:
        uit = subprocess.run(
            [str(wb.BIN / "python"), __file__, "--binnen", "groei", "--verzoeken",
             str(args.verzoeken)],
            env=env, cwd=wb.ROOT, capture_output=True, text=True,
        )  # fmt: skip
        if uit.returncode:
            raise RuntimeError(uit.stderr)
        uitslag["groei"] = json.loads(uit.stdout.strip().splitlines()[-1])
        bestand = wb.RESULTATEN / f"geheugen-groei{'-' + args.label if args.label else ''}.json"
        bestand.write_text(json.dumps(uitslag, indent=1))
        print(json.dumps(uitslag, indent=1))
        print(f"Geschreven: {bestand}")
        return 0
    if not args.zonder_imports:
        uitslag["imports"] = _in_apart_proces(env, "importkosten")
        uitslag["imports"].update(_in_apart_proces(env, "per_pakket"))
        uitslag["imports"]["importtijd_ms_per_pakket"] = importtijd(env)
    uitslag["workers"] = workers_onder_verzoeken(map_, env, args.verzoeken, args.gunicorn_args)
    wb.RESULTATEN.mkdir(parents=True, exist_ok=True)
    bestand = wb.RESULTATEN / f"geheugen{'-' + args.label if args.label else ''}.json"
    bestand.write_text(json.dumps(uitslag, indent=1))
    print(json.dumps(uitslag, indent=1))
    print(f"Map: {map_}\nGeschreven: {bestand}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
