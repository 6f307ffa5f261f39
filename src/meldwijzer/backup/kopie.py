"""Backup and restore of the whole database while the app runs (issue 10; docs/deploy.md).

``maak_backup`` writes two files:

- the **snapshot**: every table, as one consistent view, encrypted (backup.versleuteling) — but
  the tables of wrapped data keys (``sleutels_datasleutel``) and generation keys
  (``sleutels_generatie``) left empty;
- the **key file**: those wrapped keys, from the same view (sleutels.sleutelbestand), named after
  the snapshot. Retention removes destroyed keys from it and re-wraps the rest under the new
  generation key (``MELDWIJZER_SLEUTELBESTANDEN``), so a casus erased after the backup stays
  unreadable when the backup is restored (docs/adr/0012-wissen-door-sleutelrotatie.md).

SQLite: the online backup API copies the pages inside one read transaction (WAL: writers carry
on, the copy does not restart); the key tables are emptied and the copy vacuumed before it is
encrypted, so no wrapped key is left in a free page. PostgreSQL: one REPEATABLE READ transaction
exports its snapshot; the keys are read in it and ``pg_dump --snapshot`` dumps the rest from it.

``herstel`` puts a snapshot and its key file back into an empty database, in one transaction
(SQLite: the backup API in the other direction; PostgreSQL: pg_restore's SQL through psql between
BEGIN and COMMIT), or not at all. A casus whose key is not in the key file (destroyed by
retention) comes back without a key: its text stays unreadable.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from meldwijzer.backup import versleuteling
from meldwijzer.backup.versleuteling import SnapshotFout
from meldwijzer.sleutels import sleutelbestand, sleutelring
from meldwijzer.sleutels.crypto import SleutelFout

SLEUTELTABEL = "sleutels_datasleutel"
GENERATIETABEL = "sleutels_generatie"
CASUSTABEL = "dossier_casus"
# Tables that `migrate` fills itself: a database holding only these counts as empty.
VAN_MIGRATE = {"contenttypes.contenttype", "auth.permission"}
MB = 1024 * 1024
SQLITE_STAP = 2048  # pages per step of the online backup (progress between steps)

Voortgang = Callable[[int, int], None]


class BackupFout(Exception):
    """Backup or restore refused or failed; the message (Dutch) says why. Nothing was changed."""


@dataclass
class BackupResultaat:
    backup_id: str
    snapshot: Path
    sleutelbestand: Path
    sleutels: int
    grootte: int
    seconden: float


@dataclass
class HerstelResultaat:
    backup_id: str
    gemaakt_op: str
    sleutels: int
    zonder_sleutel: int
    seconden: float


def _backup_sleutels() -> dict[str, bytes]:
    try:
        return versleuteling.backup_sleutels(list(settings.MELDWIJZER_BACKUP_SLEUTELS))
    except SleutelFout as fout:
        raise BackupFout(str(fout)) from fout


def _pg_bin(naam: str) -> str:
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


def _pg_omgeving() -> dict[str, str]:
    instelling = connection.settings_dict
    omgeving = dict(os.environ)
    for sleutel, naam in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if instelling.get(naam):
            omgeving[sleutel] = str(instelling[naam])
    opties = instelling.get("OPTIONS") or {}
    for sleutel, naam in (("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert")):
        if opties.get(naam):
            omgeving[sleutel] = str(opties[naam])
    return omgeving


@contextmanager
def _tijdelijk_bestand(map_: Path, voorvoegsel: str) -> Iterator[Path]:
    map_.mkdir(parents=True, exist_ok=True)
    fd, naam = tempfile.mkstemp(prefix=voorvoegsel, dir=map_)
    os.close(fd)
    os.chmod(naam, 0o600)
    try:
        yield Path(naam)
    finally:
        Path(naam).unlink(missing_ok=True)


def _sqlite_map() -> Path:
    """Plaintext copies go beside the live database (the same protection), not beside the
    snapshots (which may be on a backup disk); an in-memory database uses the temp folder."""
    if connection.is_in_memory_db():
        return Path(tempfile.gettempdir())
    return Path(str(connection.settings_dict["NAME"])).resolve().parent


# --- backup ------------------------------------------------------------------------------------


def maak_backup(
    snapshot: Path | str,
    sleutelbestand_pad: Path | str,
    *,
    voortgang: Voortgang | None = None,
) -> BackupResultaat:
    """Write an encrypted snapshot and its key file. Both appear whole or not at all."""
    begin = time.monotonic()
    snapshot, sleutelbestand_pad = Path(snapshot), Path(sleutelbestand_pad)
    if snapshot.resolve() == sleutelbestand_pad.resolve():
        raise BackupFout(
            "De snapshot en het sleutelbestand moeten twee verschillende bestanden zijn."
        )
    sleutel = next(iter(_backup_sleutels().values()))
    header = {
        "backup": uuid.uuid4().hex,
        "gemaakt_op": timezone.now().isoformat(),
        "database": connection.vendor,
    }
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    fd, tijdelijk = tempfile.mkstemp(prefix=".backup-", dir=snapshot.parent)
    try:
        with os.fdopen(fd, "wb") as uit:
            os.chmod(tijdelijk, 0o600)
            schrijver = versleuteling.Versleutelaar(uit, sleutel, header)
            if connection.vendor == "sqlite":
                regels, generaties = _sqlite_backup(schrijver, voortgang)
            elif connection.vendor == "postgresql":
                regels, generaties = _pg_backup(schrijver, voortgang)
            else:
                raise BackupFout(f"Back-ups van {connection.vendor} worden niet ondersteund.")
            schrijver.sluit()
            os.fsync(uit.fileno())
        aantal = sleutelbestand.schrijf(
            sleutelbestand_pad,
            regels=regels,
            generaties=generaties,
            extra={"backup": header["backup"], "database": header["database"]},
        )
        os.replace(tijdelijk, snapshot)
    except BaseException:
        Path(tijdelijk).unlink(missing_ok=True)
        raise
    return BackupResultaat(
        backup_id=header["backup"],
        snapshot=snapshot,
        sleutelbestand=sleutelbestand_pad,
        sleutels=aantal,
        grootte=snapshot.stat().st_size,
        seconden=time.monotonic() - begin,
    )


def _utc(waarde: str) -> dt.datetime:
    """A datetime as Django stores it in SQLite (UTC, no offset)."""
    return dt.datetime.fromisoformat(waarde).replace(tzinfo=dt.UTC)


def _uuid_of_none(waarde: object) -> uuid.UUID | None:
    return uuid.UUID(str(waarde)) if waarde else None


def _uuid_hex(waarde: object) -> str | None:
    return uuid.UUID(str(waarde)).hex if waarde else None


def _sqlite_backup(
    schrijver: versleuteling.Versleutelaar, voortgang: Voortgang | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    connection.ensure_connection()
    if connection.is_in_memory_db():
        bron = connection.connection  # the test database: only this connection sees it
        eigen = False
    else:
        bron = sqlite3.connect(
            str(connection.settings_dict["NAME"]), timeout=20, isolation_level=None
        )
        eigen = True
    with _tijdelijk_bestand(_sqlite_map(), ".backup-kopie-") as kopie_pad:
        kopie = sqlite3.connect(kopie_pad, isolation_level=None)
        try:
            # One read transaction for the whole copy: in WAL mode writers go on, and the copy
            # neither restarts nor mixes two moments.
            bron.execute("BEGIN")
            bron.execute("SELECT count(*) FROM sqlite_master").fetchone()

            def stap(_status: int, rest: int, totaal: int) -> None:
                if voortgang is not None:
                    voortgang(totaal - rest, totaal)

            bron.backup(kopie, pages=SQLITE_STAP, progress=stap)
        finally:
            bron.execute("ROLLBACK")
            if eigen:
                bron.close()
        try:
            rijen = kopie.execute(
                f"SELECT id, organisatie_id, kek_id, verpakt, aangemaakt_op, generatie_id FROM "
                f"{SLEUTELTABEL} ORDER BY aangemaakt_op, id"
            ).fetchall()
            regels = [
                sleutelbestand.regel(
                    uuid.UUID(str(i)),
                    int(org),
                    str(kek),
                    bytes(verpakt),
                    _utc(str(op)),
                    _uuid_of_none(generatie),
                )
                for i, org, kek, verpakt, op, generatie in rijen
            ]
            generaties = [
                sleutelbestand.generatie_regel(
                    uuid.UUID(str(i)), int(org), str(kek), bytes(verpakt), _utc(str(op))
                )
                for i, org, kek, verpakt, op in kopie.execute(
                    f"SELECT id, organisatie_id, kek_id, verpakt, aangemaakt_op FROM "
                    f"{GENERATIETABEL} ORDER BY aangemaakt_op, id"
                )
            ]
            # The wrapped keys leave the copy for good: deleted, their pages overwritten, the
            # file rebuilt without free pages.
            kopie.execute("PRAGMA secure_delete=ON")
            kopie.execute(f"DELETE FROM {SLEUTELTABEL}")
            kopie.execute(f"DELETE FROM {GENERATIETABEL}")
            kopie.execute("PRAGMA journal_mode=DELETE")
            kopie.execute("VACUUM")
        finally:
            kopie.close()
        grootte = kopie_pad.stat().st_size
        with kopie_pad.open("rb") as invoer:
            gedaan = 0
            while data := invoer.read(versleuteling.CHUNK):
                schrijver.schrijf(data)
                gedaan += len(data)
                if voortgang is not None:
                    voortgang(gedaan // MB, max(grootte // MB, 1))
    return regels, generaties


def _pg_backup(
    schrijver: versleuteling.Versleutelaar, voortgang: Voortgang | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    pg_dump = _pg_bin("pg_dump")
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
            env=_pg_omgeving(),
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
    return regels, generaties


# --- restore -----------------------------------------------------------------------------------


def is_leeg() -> bool:
    """True when no Meldwijzer table holds a row (tables filled by `migrate` itself excepted)."""
    tabellen = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label_lower in VAN_MIGRATE or model._meta.db_table not in tabellen:
            continue
        if model._base_manager.exists():
            return False
    return True


def lees_header(snapshot: Path | str) -> dict[str, Any]:
    try:
        with Path(snapshot).open("rb") as invoer:
            return versleuteling.lees_header(invoer)
    except OSError as fout:
        raise BackupFout(f"{snapshot}: niet te lezen ({fout}).") from fout
    except SnapshotFout as fout:
        raise BackupFout(f"{snapshot}: {fout}.") from fout


def herstel(
    snapshot: Path | str,
    sleutelbestand_pad: Path | str,
    *,
    overschrijf: bool = False,
    voortgang: Voortgang | None = None,
) -> HerstelResultaat:
    """Restore a snapshot and its key file into this database: all of it, or nothing."""
    begin = time.monotonic()
    snapshot = Path(snapshot)
    sleutels = _backup_sleutels()
    try:
        inhoud = sleutelbestand.lees(sleutelbestand_pad)
    except sleutelbestand.SleutelbestandFout as fout:
        raise BackupFout(str(fout)) from fout
    header = lees_header(snapshot)
    if inhoud.get("backup") != header.get("backup"):
        raise BackupFout(
            f"Het sleutelbestand {sleutelbestand_pad} hoort niet bij deze back-up: de snapshot is "
            f"back-up {header.get('backup')}, het sleutelbestand "
            f"{inhoud.get('backup') or 'noemt geen back-up'}. Geef het sleutelbestand dat "
            "'meldwijzer backup' naast deze snapshot schreef."
        )
    if header.get("database") != connection.vendor:
        raise BackupFout(
            f"Deze back-up komt uit {header.get('database')}; de database is {connection.vendor}. "
            "Herstel hem in een database van dezelfde soort."
        )
    if not overschrijf and not is_leeg():
        raise BackupFout(
            "De database is niet leeg. Herstel in een lege database, of geef --overschrijf om "
            "alles wat erin staat te vervangen."
        )
    regels = [r for r in inhoud["sleutels"] if isinstance(r, dict)]
    generaties = [g for g in inhoud["generaties"] if isinstance(g, dict)]
    map_ = _sqlite_map() if connection.vendor == "sqlite" else Path(tempfile.gettempdir())
    with _tijdelijk_bestand(map_, ".herstel-") as platte_tekst:
        try:
            with snapshot.open("rb") as invoer, platte_tekst.open("wb") as uit:
                versleuteling.ontsleutel(
                    invoer,
                    sleutels,
                    uit.write,
                    na_chunk=(lambda n: voortgang(n // MB, max(n // MB, 1)))
                    if voortgang is not None
                    else None,
                )
        except SnapshotFout as fout:
            raise BackupFout(f"{snapshot}: {fout}. Er is niets hersteld.") from fout
        if connection.vendor == "sqlite":
            _sqlite_herstel(platte_tekst, regels, generaties)
        else:
            _pg_herstel(platte_tekst, regels, generaties)
    sleutelring.vergeet()
    from meldwijzer.dossier.models import Casus

    return HerstelResultaat(
        backup_id=str(header["backup"]),
        gemaakt_op=str(header.get("gemaakt_op", "")),
        sleutels=len(regels),
        zonder_sleutel=Casus.objects.filter(sleutel__isnull=True).count(),
        seconden=time.monotonic() - begin,
    )


def _sqlite_datum(iso: str) -> str:
    moment = dt.datetime.fromisoformat(iso).astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat(sep=" ")


def _met_generaties(regels: list[dict[str, Any]], generaties: list[dict[str, Any]]) -> bool:
    """Whether the keys name generations; a key file from before them (format 1) belongs to a
    snapshot whose schema has no generation table, and is restored without it."""
    return bool(generaties) or any(r.get("generatie") for r in regels)


def _sqlite_herstel(
    pad: Path, regels: list[dict[str, Any]], generaties: list[dict[str, Any]]
) -> None:
    kopie = sqlite3.connect(pad, isolation_level=None)
    try:
        if kopie.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupFout("De snapshot bevat een beschadigde database. Er is niets hersteld.")
        tabellen = {r[0] for r in kopie.execute("SELECT name FROM sqlite_master")}
        for tabel in (SLEUTELTABEL, GENERATIETABEL):
            if tabel in tabellen and kopie.execute(f"SELECT count(*) FROM {tabel}").fetchone()[0]:
                raise BackupFout(
                    "De snapshot bevat zelf datasleutels; dat hoort niet. Niets hersteld."
                )
        kopie.execute("BEGIN")
        met_generaties = _met_generaties(regels, generaties)
        if met_generaties:
            kopie.executemany(
                f"INSERT INTO {GENERATIETABEL} (id, organisatie_id, kek_id, verpakt, "
                "te_vervangen, aangemaakt_op, verpakt_op) VALUES (?, ?, ?, ?, 0, ?, ?)",
                [
                    (
                        uuid.UUID(str(g["id"])).hex,
                        int(g["organisatie"]),
                        str(g["kek_id"]),
                        base64.b64decode(g["verpakt"]),
                        _sqlite_datum(str(g["aangemaakt_op"])),
                        _sqlite_datum(str(g["aangemaakt_op"])),
                    )
                    for g in generaties
                ],
            )
        kopie.executemany(
            f"INSERT INTO {SLEUTELTABEL} (id, organisatie_id, kek_id, verpakt, aangemaakt_op, "
            "verpakt_op" + (", generatie_id" if met_generaties else "") + ") VALUES "
            "(?, ?, ?, ?, ?, ?" + (", ?" if met_generaties else "") + ")",
            [
                (
                    uuid.UUID(str(r["id"])).hex,
                    int(r["organisatie"]),
                    str(r["kek_id"]),
                    base64.b64decode(r["verpakt"]),
                    _sqlite_datum(str(r["aangemaakt_op"])),
                    _sqlite_datum(str(r["aangemaakt_op"])),
                )
                + ((_uuid_hex(r.get("generatie")),) if met_generaties else ())
                for r in regels
            ],
        )
        # A casus whose key retention destroyed after this backup comes back without one.
        kopie.execute(
            f"UPDATE {CASUSTABEL} SET sleutel_id = NULL WHERE sleutel_id IS NOT NULL AND "
            f"sleutel_id NOT IN (SELECT id FROM {SLEUTELTABEL})"
        )
        if kopie.execute("PRAGMA foreign_key_check").fetchall():
            raise BackupFout(
                "Het sleutelbestand past niet bij de snapshot (sleutels van organisaties die er "
                "niet in staan). Er is niets hersteld."
            )
        kopie.execute("COMMIT")
    except sqlite3.Error as fout:
        raise BackupFout(
            f"De snapshot is niet te herstellen ({fout}). Er is niets hersteld."
        ) from fout
    finally:
        kopie.close()
    connection.ensure_connection()
    bron = sqlite3.connect(pad)
    try:
        # One step: the target is written in one transaction, so it is either all or nothing.
        bron.backup(connection.connection)
    finally:
        bron.close()


def _pg_tekst(waarde: str) -> str:
    return "'" + waarde.replace("'", "''") + "'"


def _pg_sleutels_sql(
    regels: list[dict[str, Any]], generaties: list[dict[str, Any]]
) -> Iterator[bytes]:
    met_generaties = _met_generaties(regels, generaties)
    for begin in range(0, len(generaties), 500):
        waarden = ",\n".join(
            "({}::uuid, {}, {}, decode({}, 'base64'), false, {}::timestamptz, "
            "{}::timestamptz)".format(
                _pg_tekst(str(uuid.UUID(str(g["id"])))),
                int(g["organisatie"]),
                _pg_tekst(str(g["kek_id"])),
                _pg_tekst(str(g["verpakt"])),
                _pg_tekst(str(g["aangemaakt_op"])),
                _pg_tekst(str(g["aangemaakt_op"])),
            )
            for g in generaties[begin : begin + 500]
        )
        yield (
            f"INSERT INTO public.{GENERATIETABEL} (id, organisatie_id, kek_id, verpakt, "
            f"te_vervangen, aangemaakt_op, verpakt_op) VALUES\n{waarden};\n"
        ).encode()
    for begin in range(0, len(regels), 500):
        waarden = ",\n".join(
            "({}::uuid, {}, {}, decode({}, 'base64'), {}::timestamptz, {}::timestamptz{})".format(
                _pg_tekst(str(uuid.UUID(str(r["id"])))),
                int(r["organisatie"]),
                _pg_tekst(str(r["kek_id"])),
                _pg_tekst(str(r["verpakt"])),
                _pg_tekst(str(r["aangemaakt_op"])),
                _pg_tekst(str(r["aangemaakt_op"])),
                (
                    (
                        ", " + _pg_tekst(str(uuid.UUID(str(r["generatie"])))) + "::uuid"
                        if r.get("generatie")
                        else ", NULL"
                    )
                    if met_generaties
                    else ""
                ),
            )
            for r in regels[begin : begin + 500]
        )
        yield (
            f"INSERT INTO public.{SLEUTELTABEL} (id, organisatie_id, kek_id, verpakt, "
            "aangemaakt_op, verpakt_op" + (", generatie_id" if met_generaties else "") + ") "
            f"VALUES\n{waarden};\n"
        ).encode()


def _pg_herstel(dump: Path, regels: list[dict[str, Any]], generaties: list[dict[str, Any]]) -> None:
    pg_restore, psql = _pg_bin("pg_restore"), _pg_bin("psql")
    omgeving = _pg_omgeving()
    lijst = subprocess.run(
        [pg_restore, "--list", str(dump)], capture_output=True, env=omgeving, check=False
    )
    if lijst.returncode != 0:
        raise BackupFout("De snapshot bevat geen leesbare dump van PostgreSQL. Niets hersteld.")
    schoon = bool(connection.introspection.table_names())
    connection.close()  # psql gets the tables; our own connection must not hold them
    psql_proces = subprocess.Popen(
        [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=omgeving,
    )
    assert psql_proces.stdin is not None and psql_proces.stderr is not None
    try:
        invoer = psql_proces.stdin
        # Our own BEGIN; COMMIT only once every part arrived whole: psql reaching the end of its
        # input earlier ends the session and PostgreSQL rolls the transaction back.
        invoer.write(b"BEGIN;\n")
        if schoon:
            invoer.write(b"DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n")
        _pg_restore_naar(
            pg_restore, dump, ["--section=pre-data", "--section=data"], invoer, omgeving
        )
        for stuk in _pg_sleutels_sql(regels, generaties):
            invoer.write(stuk)
        invoer.write(
            (
                f"UPDATE public.{CASUSTABEL} c SET sleutel_id = NULL WHERE c.sleutel_id IS NOT "
                f"NULL AND NOT EXISTS (SELECT 1 FROM public.{SLEUTELTABEL} d WHERE "
                "d.id = c.sleutel_id);\n"
            ).encode()
        )
        _pg_restore_naar(pg_restore, dump, ["--section=post-data"], invoer, omgeving)
        invoer.write(b"COMMIT;\n")
        invoer.close()
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


def _pg_restore_naar(
    pg_restore: str, dump: Path, secties: list[str], uit: IO[bytes], omgeving: dict[str, str]
) -> None:
    proces = subprocess.Popen(
        [pg_restore, "--no-owner", "--no-privileges", *secties, "-f", "-", str(dump)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=omgeving,
    )
    assert proces.stdout is not None and proces.stderr is not None
    while data := proces.stdout.read(MB):
        uit.write(data)
    fouten = proces.stderr.read().decode(errors="replace")
    if proces.wait() != 0:
        raise BackupFout(f"pg_restore is mislukt; er is niets hersteld: {fouten.strip()[-2000:]}")
