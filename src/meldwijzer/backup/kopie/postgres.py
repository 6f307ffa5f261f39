"""PostgreSQL: one REPEATABLE READ transaction exports its snapshot; the keys are read in it and
``pg_dump --snapshot`` dumps the rest from it. A restore sends pg_restore's SQL through psql
between BEGIN and COMMIT into a staging database, which takes the live database's name in one
step once it is checked."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from meldwijzer.backup import versleuteling
from meldwijzer.backup.kopie.basis import (
    CASUSTABEL,
    GENERATIETABEL,
    MB,
    SLEUTELTABEL,
    BackupFout,
    SchrijverMet,
    Voortgang,
    met_generaties,
)
from meldwijzer.sleutels import sleutelbestand


def programma(naam: str) -> str:
    """The path of a PostgreSQL client program (pg_dump, pg_restore, psql)."""
    pad = Path(settings.MELDWIJZER_PG_BIN) / naam
    if pad.is_file():
        return str(pad)
    gevonden = shutil.which(naam)
    if gevonden is None:
        raise BackupFout(
            f"{naam} is niet gevonden (niet in {settings.MELDWIJZER_PG_BIN}, niet in PATH). "
            "Installeer de PostgreSQL-client van dezelfde hoofdversie als de server "
            "(Debian: postgresql-client-15) of zet MELDWIJZER_PG_BIN."
        )
    return gevonden


def omgeving() -> dict[str, str]:
    """The environment that points the client programs at the configured database."""
    instelling = connection.settings_dict
    uit = dict(os.environ)
    for sleutel, naam in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if instelling.get(naam):
            uit[sleutel] = str(instelling[naam])
    opties = instelling.get("OPTIONS") or {}
    for sleutel, naam in (("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert")):
        if opties.get(naam):
            uit[sleutel] = str(opties[naam])
    return uit


def tellingen(cursor: Any) -> dict[str, int]:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY c.relname"
    )
    aantallen = {}
    for (naam,) in cursor.fetchall():
        cursor.execute(f'SELECT count(*) FROM public."{naam}"')
        aantallen[naam] = cursor.fetchone()[0]
    return aantallen


def backup(
    schrijver_met: SchrijverMet, voortgang: Voortgang | None
) -> tuple[versleuteling.Versleutelaar, list[dict[str, Any]], list[dict[str, Any]]]:
    pg_dump = programma("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        momentopname = cursor.fetchone()[0]
        cursor.execute(
            "SELECT coalesce(sum(pg_table_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = 'public'"
        )
        schatting = max(int(cursor.fetchone()[0]) // MB, 1)
        regels = sleutelbestand.regels_uit_database()
        generaties = sleutelbestand.generaties_uit_database()
        aantallen = tellingen(cursor)
        aantallen[SLEUTELTABEL] = aantallen[GENERATIETABEL] = 0  # in the key file instead
        schrijver = schrijver_met(aantallen)
        proces = subprocess.Popen(
            [
                pg_dump,
                "--format=custom",
                "--compress=0",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={momentopname}",
                f"--exclude-table-data={SLEUTELTABEL}",
                f"--exclude-table-data={GENERATIETABEL}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=omgeving(),
        )
        assert proces.stdout is not None and proces.stderr is not None
        gedaan = 0
        while data := proces.stdout.read(versleuteling.CHUNK):
            schrijver.schrijf(data)
            gedaan += len(data)
            if voortgang is not None:
                voortgang(gedaan // MB, max(schatting, gedaan // MB))
        fouten = proces.stderr.read().decode(errors="replace")
        if proces.wait() != 0:
            raise BackupFout(f"pg_dump is mislukt: {fouten.strip()[-2000:]}")
    return schrijver, regels, generaties


# --- restore -----------------------------------------------------------------------------------


def _tekst(waarde: str) -> str:
    return "'" + waarde.replace("'", "''") + "'"


def _naam(naam: str) -> str:
    return '"' + naam.replace('"', '""') + '"'


def sleutels_sql(regels: list[dict[str, Any]], generaties: list[dict[str, Any]]) -> Iterator[bytes]:
    """The key file's generation keys and wrapped data keys as INSERTs, 500 rows a statement."""
    generatie_kolom = met_generaties(regels, generaties)
    for begin in range(0, len(generaties), 500):
        waarden = ",\n".join(_generatie_waarden(g) for g in generaties[begin : begin + 500])
        yield (
            f"INSERT INTO public.{GENERATIETABEL} (id, organisatie_id, kek_id, verpakt, "
            f"te_vervangen, aangemaakt_op, verpakt_op) VALUES\n{waarden};\n"
        ).encode()
    for begin in range(0, len(regels), 500):
        waarden = ",\n".join(
            _sleutel_waarden(r, generatie_kolom) for r in regels[begin : begin + 500]
        )
        yield (
            f"INSERT INTO public.{SLEUTELTABEL} (id, organisatie_id, kek_id, verpakt, "
            "aangemaakt_op, verpakt_op" + (", generatie_id" if generatie_kolom else "") + ") "
            f"VALUES\n{waarden};\n"
        ).encode()


def _generatie_waarden(g: dict[str, Any]) -> str:
    return (
        "({}::uuid, {}, {}, decode({}, 'base64'), false, {}::timestamptz, {}::timestamptz)".format(
            _tekst(str(uuid.UUID(str(g["id"])))),
            int(g["organisatie"]),
            _tekst(str(g["kek_id"])),
            _tekst(str(g["verpakt"])),
            _tekst(str(g["aangemaakt_op"])),
            _tekst(str(g["aangemaakt_op"])),
        )
    )


def _sleutel_waarden(r: dict[str, Any], generatie_kolom: bool) -> str:
    generatie = ""
    if generatie_kolom:
        generatie = (
            ", " + _tekst(str(uuid.UUID(str(r["generatie"])))) + "::uuid"
            if r.get("generatie")
            else ", NULL"
        )
    return "({}::uuid, {}, {}, decode({}, 'base64'), {}::timestamptz, {}::timestamptz{})".format(
        _tekst(str(uuid.UUID(str(r["id"])))),
        int(r["organisatie"]),
        _tekst(str(r["kek_id"])),
        _tekst(str(r["verpakt"])),
        _tekst(str(r["aangemaakt_op"])),
        _tekst(str(r["aangemaakt_op"])),
        generatie,
    )


def proefdatabase_maken() -> str:
    live = str(connection.settings_dict["NAME"])
    naam = f"{live[:40]}_herstel_{uuid.uuid4().hex[:10]}"
    try:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {_naam(naam)} TEMPLATE template0 ENCODING 'UTF8'")
    except DatabaseError as fout:
        raise BackupFout(
            f"Kan geen tijdelijke database voor het herstel maken ({fout}). Herstel als een "
            "databaserol die databases mag maken (CREATEDB). Er is niets vervangen."
        ) from fout
    return naam


def proefdatabase_weg(naam: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {_naam(naam)}")


def wissel(proef: str) -> None:
    """The checked staging database takes the live database's name in one transaction (both
    renames or neither); the old one is dropped after."""
    live = str(connection.settings_dict["NAME"])
    oud = f"{live[:40]}_oud_{uuid.uuid4().hex[:10]}"
    connection.close()
    try:
        with connection._nodb_cursor() as cursor:
            cursor.execute("BEGIN")
            try:
                cursor.execute(f"ALTER DATABASE {_naam(live)} RENAME TO {_naam(oud)}")
                cursor.execute(f"ALTER DATABASE {_naam(proef)} RENAME TO {_naam(live)}")
            except DatabaseError:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")
            cursor.execute(f"DROP DATABASE IF EXISTS {_naam(oud)}")
    except DatabaseError as fout:
        raise BackupFout(
            f"De gecontroleerde back-up kan de database {live} niet vervangen ({fout}). Stop "
            "de app en andere verbindingen met de database en probeer het opnieuw; er is niets "
            "vervangen."
        ) from fout


def herstel(
    dump: Path, regels: list[dict[str, Any]], generaties: list[dict[str, Any]], *, database: str
) -> None:
    """pg_restore's SQL and the keys into the (new, empty) staging database, in one
    transaction."""
    pg_restore, psql = programma("pg_restore"), programma("psql")
    naar_proef = {**omgeving(), "PGDATABASE": database}
    lijst = subprocess.run(
        [pg_restore, "--list", str(dump)], capture_output=True, env=naar_proef, check=False
    )
    if lijst.returncode != 0:
        raise BackupFout("De snapshot bevat geen leesbare dump van PostgreSQL. Niets hersteld.")
    psql_proces = subprocess.Popen(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=naar_proef,
    )
    assert psql_proces.stdin is not None and psql_proces.stderr is not None
    try:
        _voer(psql_proces.stdin, pg_restore, dump, regels, generaties, naar_proef)
    except BrokenPipeError:
        pass  # psql stopped at an error (ON_ERROR_STOP): its message follows
    except BaseException:
        psql_proces.kill()
        psql_proces.wait()
        raise
    fout_tekst = psql_proces.stderr.read().decode(errors="replace")
    if psql_proces.wait() != 0:
        raise BackupFout(
            f"Herstellen is mislukt en teruggedraaid; er is niets hersteld. psql: "
            f"{fout_tekst.strip()[-2000:]}"
        )


def _voer(
    invoer: IO[bytes],
    pg_restore: str,
    dump: Path,
    regels: list[dict[str, Any]],
    generaties: list[dict[str, Any]],
    naar_proef: dict[str, str],
) -> None:
    """psql's input: the dump's schema and data, the keys, the casussen without a key let go,
    then the indexes and constraints, in one transaction."""
    # Our own BEGIN; COMMIT only once every part arrived whole: psql reaching the end of its
    # input earlier ends the session and PostgreSQL rolls the transaction back.
    invoer.write(b"BEGIN;\n")
    _restore_naar(pg_restore, dump, ["--section=pre-data", "--section=data"], invoer, naar_proef)
    for stuk in sleutels_sql(regels, generaties):
        invoer.write(stuk)
    invoer.write(
        (
            f"UPDATE public.{CASUSTABEL} c SET sleutel_id = NULL WHERE c.sleutel_id IS NOT "
            f"NULL AND NOT EXISTS (SELECT 1 FROM public.{SLEUTELTABEL} d WHERE "
            "d.id = c.sleutel_id);\n"
        ).encode()
    )
    _restore_naar(pg_restore, dump, ["--section=post-data"], invoer, naar_proef)
    invoer.write(b"COMMIT;\n")
    invoer.close()


def _restore_naar(
    pg_restore: str, dump: Path, secties: list[str], uit: IO[bytes], naar_proef: dict[str, str]
) -> None:
    proces = subprocess.Popen(
        [pg_restore, "--no-owner", "--no-privileges", *secties, "-f", "-", str(dump)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=naar_proef,
    )
    assert proces.stdout is not None and proces.stderr is not None
    while data := proces.stdout.read(MB):
        uit.write(data)
    fouten = proces.stderr.read().decode(errors="replace")
    if proces.wait() != 0:
        raise BackupFout(f"pg_restore is mislukt; er is niets hersteld: {fouten.strip()[-2000:]}")
