"""Backup and restore round trip, timed: ``meldwijzer backup`` of a filled database, then
``meldwijzer restore`` into a new empty one, each as the command an operator runs.

Fills a throwaway database (SQLite in a temporary folder, or a new database on the PostgreSQL
server of DATABASE_URL) through the services — casussen with notes and answers, their audit and
access rows — or, with ``--bestaand``, uses the database of DATABASE_URL as it is (for example
one filled by ``meldwijzer demo genereer``). Prints sizes, seconds and MB/s; asserts nothing.

    .venv/bin/python bench/backup_bench.py --casussen 300
    DATABASE_URL=postgres://… .venv/bin/python bench/backup_bench.py --casussen 300
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
BIN = Path(sys.executable).parent
TEKST = "Het kind vertelde in de kring over het weekend; de leerkracht noteerde wat zij zag. " * 4


def _vul(casussen: int, notities: int) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("laadkaders", verbosity=0)
    from meldwijzer.accounts.models import Membership, Organisatie, Rol, User
    from meldwijzer.audit.services import log_toegang
    from meldwijzer.dossier import services
    from meldwijzer.dossier.models import Signaal

    leden = []
    for i in range(4):
        org = Organisatie.objects.create(naam=f"Benchorganisatie {i}")
        user = User.objects.create_user(username=f"bench{i}", password=uuid.uuid4().hex)
        leden.append(Membership.objects.create(user=user, organisatie=org, rol=Rol.BEROEPSKRACHT))
    begin = time.monotonic()
    extra: list[Signaal] = []
    for n in range(casussen):
        lid = leden[n % len(leden)]
        casus = services.open_casus(actor=lid, titel=f"Benchcasus {n}")
        # One note and one read through the services (audit and access rows, chained) …
        services.leg_signaal_vast(
            actor=lid, casus=casus, datum=dt.date.today(), bron="eigen", aard="feit", tekst=TEKST
        )
        log_toegang(membership=lid, onderdeel="casus.overzicht", casus=casus)
        # … the other notes in bulk (encrypted all the same; notes are not in the chain).
        extra.extend(
            Signaal(
                casus=casus,
                vastgelegd_door=lid.user,
                datum=dt.date.today() - dt.timedelta(days=j + 1),
                bron="eigen",
                aard="feit",
                tekst=f"Waarneming {j}: {TEKST}",
            )
            for j in range(notities - 1)
        )
        if len(extra) >= 2000:
            Signaal.objects.bulk_create(extra)
            extra.clear()
        if n % 500 == 499:
            print(f"  {n + 1} casussen ({time.monotonic() - begin:.0f} s)", file=sys.stderr)
    Signaal.objects.bulk_create(extra)


def _draai(argv: list[str], omgeving: dict[str, str]) -> float:
    begin = time.monotonic()
    subprocess.run([str(BIN / "meldwijzer"), *argv], env=omgeving, check=True)
    return time.monotonic() - begin


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--casussen", type=int, default=300)
    parser.add_argument("--notities", type=int, default=8, help="notes per casus")
    parser.add_argument("--bestaand", action="store_true", help="use DATABASE_URL as it is")
    parser.add_argument("--json", metavar="BESTAND", help="write the figures as JSON too")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="meldwijzer-backupbench-"))
    os.environ.setdefault("MELDWIJZER_DATA_DIR", str(tmp))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldwijzer.conf.dev")
    url = os.environ.get("DATABASE_URL", "")
    nieuw_pg = ""
    if url.startswith("postgres") and not args.bestaand:
        import psycopg

        nieuw_pg = f"backupbench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(url, autocommit=True) as beheer:
            beheer.execute(f"CREATE DATABASE {nieuw_pg}")
        url = url.rsplit("/", 1)[0] + "/" + nieuw_pg
    elif not url:
        url = f"sqlite:///{tmp / 'bron.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.db import connection

    if not args.bestaand:
        begin = time.monotonic()
        _vul(args.casussen, args.notities)
        print(f"gevuld in {time.monotonic() - begin:.0f} s", file=sys.stderr)
    tellingen = _tellingen(connection)
    connection.close()

    doel_pg = ""
    if connection.vendor == "postgresql":
        import psycopg

        doel_pg = f"herstelbench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(url, autocommit=True) as beheer:
            beheer.execute(f"CREATE DATABASE {doel_pg}")
        doel_url = url.rsplit("/", 1)[0] + "/" + doel_pg
    else:
        doel_url = f"sqlite:///{tmp / 'doel.sqlite3'}"
    omgeving = dict(os.environ)
    snapshot, sleutels = tmp / "snap.mwb", tmp / "snap.sleutels.json"
    try:
        backup_s = _draai(["backup", str(snapshot), "--sleutelbestand", str(sleutels)], omgeving)
        herstel_s = _draai(
            ["restore", str(snapshot), "--sleutelbestand", str(sleutels)],
            {**omgeving, "DATABASE_URL": doel_url},
        )
        os.environ["DATABASE_URL"] = doel_url
        connection.settings_dict.update(_instellingen(doel_url))
        connection.close()
        na = _tellingen(connection)
        connection.close()
        assert {k: v for k, v in na.items() if k != "sleutels_datasleutel"} == {
            k: v for k, v in tellingen.items() if k != "sleutels_datasleutel"
        }, "rijen verschillen na herstel"
        bron_mb = _grootte_mb(connection.vendor, url, tmp / "bron.sqlite3")
        uitkomst = {
            "machine": f"{os.cpu_count()} cores",
            "database": connection.vendor,
            "casussen": tellingen.get("dossier_casus"),
            "rijen": sum(tellingen.values()),
            "database_mb": round(bron_mb, 1),
            "snapshot_mb": round(snapshot.stat().st_size / 1024 / 1024, 1),
            "backup_s": round(backup_s, 2),
            "restore_s": round(herstel_s, 2),
            "backup_mb_per_s": round(bron_mb / backup_s, 1),
            "restore_mb_per_s": round(bron_mb / herstel_s, 1),
        }
        print(json.dumps(uitkomst, indent=2))
        if args.json:
            Path(args.json).write_text(json.dumps(uitkomst, indent=2) + "\n")
    finally:
        if connection.vendor == "postgresql":
            import psycopg

            beheer_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
            with psycopg.connect(beheer_url, autocommit=True) as beheer:
                for naam in (nieuw_pg, doel_pg):
                    if naam:
                        beheer.execute(f"DROP DATABASE IF EXISTS {naam} WITH (FORCE)")
        for pad in tmp.iterdir():
            pad.unlink()
        tmp.rmdir()
    return 0


def _instellingen(url: str) -> dict[str, object]:
    from meldwijzer.conf.base import database_from_env

    os.environ["DATABASE_URL"] = url
    return database_from_env(":memory:")


def _tellingen(connection) -> dict[str, int]:
    tellingen = {}
    with connection.cursor() as cursor:
        for tabel in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(tabel)}")  # noqa: S608
            tellingen[tabel] = cursor.fetchone()[0]
    return tellingen


def _grootte_mb(vendor: str, url: str, sqlite_pad: Path) -> float:
    if vendor == "sqlite":
        return sqlite_pad.stat().st_size / 1024 / 1024
    import psycopg

    with psycopg.connect(url) as verbinding:
        return (
            int(verbinding.execute("SELECT pg_database_size(current_database())").fetchone()[0])
            / 1024
            / 1024
        )


if __name__ == "__main__":
    sys.exit(main())
