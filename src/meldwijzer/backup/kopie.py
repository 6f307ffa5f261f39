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
import socket
import sqlite3
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.db.utils import load_backend
from django.utils import timezone

from meldwijzer.backup import versleuteling
from meldwijzer.backup.versleuteling import SnapshotFout
from meldwijzer.sleutels import crypto, sleutelbestand, sleutelring
from meldwijzer.sleutels.crypto import OntsleutelFout, SleutelFout

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
    opgeruimd: list[Path] = field(default_factory=list)


@dataclass
class HerstelResultaat:
    backup_id: str
    gemaakt_op: str
    sleutels: int
    zonder_sleutel: int
    seconden: float
    tabellen: int = 0
    ketens: int = 0
    ketenrijen: int = 0
    ontsleuteld: int = 0
    vervangen: bool = True
    opmerkingen: list[str] = field(default_factory=list)


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


# Work files carry the host and process that made them, so the next run can tell a leftover of a
# killed run (its process is gone) from the work of a run still going (docs/deploy.md, "Back-ups").
WERKMAP = ".meldwijzer-werk-"
DEELSNAPSHOT = ".meldwijzer-deel-"
# Names of work files of versions before the work folder: removed when older than this.
OUDE_RESTEN = (".backup-kopie-", ".herstel-", ".backup-")
OUDE_RESTEN_NA = 600  # seconds


def _eigen_kenmerk() -> str:
    return f"{socket.gethostname().replace('-', '_')}-{os.getpid()}-"


@contextmanager
def _werkmap(basis: Path) -> Iterator[Path]:
    """A private folder (0700) for plaintext work files, removed on every way out; what a
    SIGKILL leaves behind, the next backup or restore removes (``ruim_resten_op``)."""
    basis.mkdir(parents=True, exist_ok=True)
    map_ = Path(tempfile.mkdtemp(prefix=WERKMAP + _eigen_kenmerk(), dir=basis))
    try:
        yield map_
    finally:
        shutil.rmtree(map_, ignore_errors=True)


def _leeft(naam: str, voorvoegsel: str) -> bool:
    """Whether the run that made this work file (host-pid- after the prefix) still runs."""
    host, _streep, rest = naam[len(voorvoegsel) :].partition("-")
    pid_tekst = rest.partition("-")[0]
    if host != socket.gethostname().replace("-", "_") or not pid_tekst.isdigit():
        return True  # another machine's, or not ours to judge
    try:
        os.kill(int(pid_tekst), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ruim_resten_op(mappen: list[Path]) -> list[Path]:
    """Remove work files that killed runs left in these folders; returns what was removed."""
    weg: list[Path] = []
    nu = time.time()
    for map_ in dict.fromkeys(m.resolve() for m in mappen):
        if not map_.is_dir():
            continue
        for pad in map_.iterdir():
            naam = pad.name
            if naam.startswith((WERKMAP, DEELSNAPSHOT)):
                voorvoegsel = WERKMAP if naam.startswith(WERKMAP) else DEELSNAPSHOT
                if _leeft(naam, voorvoegsel):
                    continue
            elif naam.startswith(OUDE_RESTEN):
                try:
                    if nu - pad.stat().st_mtime < OUDE_RESTEN_NA:
                        continue
                except OSError:
                    continue
            else:
                continue
            if pad.is_dir():
                shutil.rmtree(pad, ignore_errors=True)
            else:
                pad.unlink(missing_ok=True)
            weg.append(pad)
    return weg


def _sqlite_map() -> Path:
    """Plaintext copies go beside the live database (the same protection), not beside the
    snapshots (which may be on a backup disk); an in-memory database uses the temp folder."""
    if connection.is_in_memory_db():
        return Path(tempfile.gettempdir())
    return Path(str(connection.settings_dict["NAME"])).resolve().parent


def _werkbasis() -> Path:
    return _sqlite_map() if connection.vendor == "sqlite" else Path(tempfile.gettempdir())


# --- backup ------------------------------------------------------------------------------------


def maak_backup(
    snapshot: Path | str,
    sleutelbestand_pad: Path | str,
    *,
    voortgang: Voortgang | None = None,
) -> BackupResultaat:
    """Write an encrypted snapshot and its key file. Both appear whole or not at all, and no
    work file outlives the run (what a killed run left is removed first: ``opgeruimd``)."""
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
    opgeruimd = ruim_resten_op([_werkbasis(), snapshot.parent, sleutelbestand_pad.parent])
    fd, tijdelijk = tempfile.mkstemp(prefix=DEELSNAPSHOT + _eigen_kenmerk(), dir=snapshot.parent)
    try:
        with os.fdopen(fd, "wb") as uit:
            os.chmod(tijdelijk, 0o600)

            def schrijver_met(tabellen: dict[str, int]) -> versleuteling.Versleutelaar:
                # The row count of every table goes in the (authenticated) header: a restore
                # checks its staging database against it.
                return versleuteling.Versleutelaar(uit, sleutel, {**header, "tabellen": tabellen})

            if connection.vendor == "sqlite":
                schrijver, regels, generaties = _sqlite_backup(schrijver_met, voortgang)
            elif connection.vendor == "postgresql":
                schrijver, regels, generaties = _pg_backup(schrijver_met, voortgang)
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
        opgeruimd=opgeruimd,
    )


def _utc(waarde: str) -> dt.datetime:
    """A datetime as Django stores it in SQLite (UTC, no offset)."""
    return dt.datetime.fromisoformat(waarde).replace(tzinfo=dt.UTC)


def _uuid_of_none(waarde: object) -> uuid.UUID | None:
    return uuid.UUID(str(waarde)) if waarde else None


def _uuid_hex(waarde: object) -> str | None:
    return uuid.UUID(str(waarde)).hex if waarde else None


SchrijverMet = Callable[[dict[str, int]], versleuteling.Versleutelaar]


def _sqlite_tellingen(db: sqlite3.Connection) -> dict[str, int]:
    namen = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {n: db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in namen}


def _sqlite_backup(
    schrijver_met: SchrijverMet, voortgang: Voortgang | None
) -> tuple[versleuteling.Versleutelaar, list[dict[str, Any]], list[dict[str, Any]]]:
    connection.ensure_connection()
    if connection.is_in_memory_db():
        bron = connection.connection  # the test database: only this connection sees it
        eigen = False
    else:
        bron = sqlite3.connect(
            str(connection.settings_dict["NAME"]), timeout=20, isolation_level=None
        )
        eigen = True
    with _werkmap(_sqlite_map()) as werkmap:
        kopie_pad = werkmap / "kopie.sqlite3"
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
            tellingen = _sqlite_tellingen(kopie)
            tellingen[SLEUTELTABEL] = tellingen[GENERATIETABEL] = 0  # in the key file instead
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
        schrijver = schrijver_met(tellingen)
        with kopie_pad.open("rb") as invoer:
            gedaan = 0
            while data := invoer.read(versleuteling.CHUNK):
                schrijver.schrijf(data)
                gedaan += len(data)
                if voortgang is not None:
                    voortgang(gedaan // MB, max(grootte // MB, 1))
    return schrijver, regels, generaties


def _pg_tellingen(cursor: Any) -> dict[str, int]:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY c.relname"
    )
    tellingen = {}
    for (naam,) in cursor.fetchall():
        cursor.execute(f'SELECT count(*) FROM public."{naam}"')
        tellingen[naam] = cursor.fetchone()[0]
    return tellingen


def _pg_backup(
    schrijver_met: SchrijverMet, voortgang: Voortgang | None
) -> tuple[versleuteling.Versleutelaar, list[dict[str, Any]], list[dict[str, Any]]]:
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
        tellingen = _pg_tellingen(cursor)
        tellingen[SLEUTELTABEL] = tellingen[GENERATIETABEL] = 0  # in the key file instead
        schrijver = schrijver_met(tellingen)
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
    return schrijver, regels, generaties


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


ANDERE_OMGEVINGSSLEUTEL = (
    "De omgevingssleutel is niet die van de back-up: {wat} in het sleutelbestand is verpakt "
    "onder omgevingssleutel {kek}, en MELDWIJZER_SLEUTELS heeft alleen {ingesteld}. Zet de "
    "omgevingssleutel van toen in MELDWIJZER_SLEUTELS (achter de huidige) en probeer het "
    "opnieuw."
)


def herstel(
    snapshot: Path | str,
    sleutelbestand_pad: Path | str,
    *,
    overschrijf: bool = False,
    alleen_controleren: bool = False,
    voortgang: Voortgang | None = None,
) -> HerstelResultaat:
    """Restore a snapshot and its key file: first into a staging database, checked there, and
    only then in place of the live database, in one step. ``alleen_controleren``: the drill —
    everything but the last step, the live database never touched.

    Checked before anything is written: the key file, strictly; that every wrapped key unwraps
    under the environment keys configured now. Checked in the staging database: every table's
    row count against the snapshot's manifest, every audit chain (with the HMAC key configured
    now), and that every casus's text decrypts with its data key. A ``BackupFout`` says what
    failed and what to do; the live database is then untouched."""
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
    if not alleen_controleren and not overschrijf and not is_leeg():
        raise BackupFout(
            "De database is niet leeg. Herstel in een lege database, of geef --overschrijf om "
            "alles wat erin staat te vervangen."
        )
    regels: list[dict[str, Any]] = inhoud["sleutels"]
    generaties: list[dict[str, Any]] = inhoud["generaties"]
    datasleutels = _pak_sleutels_uit(regels, generaties)
    ruim_resten_op([_werkbasis()])
    with _werkmap(_werkbasis()) as werkmap:
        platte_tekst = werkmap / "herstel"
        try:
            with snapshot.open("rb") as invoer, platte_tekst.open("wb") as uit:
                header = versleuteling.ontsleutel(
                    invoer,
                    sleutels,
                    uit.write,
                    na_chunk=(lambda n: voortgang(n // MB, max(n // MB, 1)))
                    if voortgang is not None
                    else None,
                ).header  # with the manifest decrypted
        except SnapshotFout as fout:
            raise BackupFout(f"{snapshot}: {fout}. Er is niets hersteld.") from fout
        if connection.vendor == "sqlite":
            _sqlite_voorbereiden(platte_tekst, regels, generaties)
            with _proefdatabase(str(platte_tekst)) as alias:
                resultaat = _controleer(alias, header, regels, generaties, datasleutels)
            if not alleen_controleren:
                _sqlite_vervang(platte_tekst)
        else:
            proef = _pg_proefdatabase_maken()
            try:
                _pg_herstel(platte_tekst, regels, generaties, database=proef)
                with _proefdatabase(proef) as alias:
                    resultaat = _controleer(alias, header, regels, generaties, datasleutels)
                if not alleen_controleren:
                    _pg_wissel(proef)
            finally:
                _pg_proefdatabase_weg(proef)
    sleutelring.vergeet()
    resultaat.vervangen = not alleen_controleren
    resultaat.seconden = time.monotonic() - begin
    return resultaat


def _pak_sleutels_uit(
    regels: list[dict[str, Any]], generaties: list[dict[str, Any]]
) -> dict[str, bytes]:
    """Every data key of the key file unwrapped under the environment keys configured now —
    the generation keys first — by sleutel-id (hex). A key that is absent (its casus was erased)
    is no error; a key that is present but does not unwrap is."""
    try:
        set_ = sleutelring.sleutelset()
    except SleutelFout as fout:
        raise BackupFout(str(fout)) from fout
    ingesteld = ", ".join(sorted(set_.keks)) or "geen"

    def omgevingssleutel(kek: str, wat: str) -> bytes:
        gevonden = set_.keks.get(kek)
        if gevonden is None:
            raise BackupFout(ANDERE_OMGEVINGSSLEUTEL.format(wat=wat, kek=kek, ingesteld=ingesteld))
        return gevonden

    gewijzigd = (
        "{wat} in het sleutelbestand pakt niet uit: de verpakte sleutel is gewijzigd of "
        "beschadigd. Gebruik een onbeschadigde kopie van het sleutelbestand; er is niets "
        "vervangen."
    )
    generatiesleutels: dict[str, bytes] = {}
    for i, g in enumerate(generaties, start=1):
        wat = f"Generatiesleutel {i} ({g['id']})"
        kek = omgevingssleutel(g["kek_id"], wat)
        try:
            generatiesleutels[g["id"]] = crypto.pak_generatie_uit(
                kek, base64.b64decode(g["verpakt"]), uuid.UUID(g["id"]), g["organisatie"]
            )
        except OntsleutelFout as fout:
            raise BackupFout(gewijzigd.format(wat=wat)) from fout
    datasleutels: dict[str, bytes] = {}
    for i, r in enumerate(regels, start=1):
        wat = f"Datasleutel {i} ({r['id']})"
        if r.get("generatie"):
            kek = generatiesleutels[r["generatie"]]  # present: sleutelbestand.lees checked
        else:
            kek = omgevingssleutel(r["kek_id"], wat)
        try:
            datasleutels[r["id"]] = crypto.pak_uit(
                kek, base64.b64decode(r["verpakt"]), uuid.UUID(r["id"]), r["organisatie"]
            )
        except OntsleutelFout as fout:
            raise BackupFout(gewijzigd.format(wat=wat)) from fout
    return datasleutels


PROEF = "meldwijzer_herstelproef"


@contextmanager
def _proefdatabase(naam: str) -> Iterator[str]:
    """A second connection alias for the staging database (a SQLite file or a PostgreSQL
    database), closed and forgotten afterwards."""
    instelling = {**connection.settings_dict, "NAME": naam}
    # Made directly rather than added to the settings: a connection for one run of one
    # command, never part of the configured databases.
    verbinding = load_backend(instelling["ENGINE"]).DatabaseWrapper(instelling, PROEF)
    connections[PROEF] = verbinding
    try:
        yield PROEF
    finally:
        try:
            verbinding.close()
        finally:
            del connections[PROEF]


def _controleer(
    alias: str,
    header: dict[str, Any],
    regels: list[dict[str, Any]],
    generaties: list[dict[str, Any]],
    datasleutels: dict[str, bytes],
) -> HerstelResultaat:
    from meldwijzer.audit import keten

    verbinding = connections[alias]
    resultaat = HerstelResultaat(
        backup_id=str(header["backup"]),
        gemaakt_op=str(header.get("gemaakt_op", "")),
        sleutels=len(regels),
        zonder_sleutel=0,
        seconden=0.0,
    )
    with verbinding.cursor() as cursor:
        # 1. Every table as large as when the backup was made.
        manifest = header.get("tabellen")
        if isinstance(manifest, dict):
            verwacht = {**manifest, SLEUTELTABEL: len(regels), GENERATIETABEL: len(generaties)}
            if not _met_generaties(regels, generaties):
                verwacht.pop(GENERATIETABEL, None)
            bestaand = set(verbinding.introspection.table_names(cursor))
            for tabel, aantal in sorted(verwacht.items()):
                if tabel not in bestaand:
                    raise BackupFout(
                        f"Na het terugzetten ontbreekt tabel {tabel}; de back-up is niet "
                        "volledig. Er is niets vervangen."
                    )
                cursor.execute(f"SELECT count(*) FROM {verbinding.ops.quote_name(tabel)}")
                gevonden = cursor.fetchone()[0]
                if gevonden != aantal:
                    raise BackupFout(
                        f"Na het terugzetten heeft tabel {tabel} {gevonden} rijen; bij de "
                        f"back-up waren het er {aantal}. Er is niets vervangen."
                    )
            resultaat.tabellen = len(verwacht)
        else:
            resultaat.opmerkingen.append(
                "De back-up is van vóór de tabeltellingen: de rijen per tabel zijn niet vergeleken."
            )
        # 2. Every casus's text decrypts with its data key.
        cursor.execute(
            f"SELECT id, sleutel_id, titel FROM {CASUSTABEL} WHERE sleutel_id IS NOT NULL"
        )
        for casus_id, sleutel_id, titel in cursor.fetchall():
            sleutel = datasleutels.get(uuid.UUID(str(sleutel_id)).hex)
            if sleutel is None or not titel:
                continue
            try:
                crypto.ontsleutel(sleutel, str(titel))
            except (OntsleutelFout, ValueError) as fout:
                raise BackupFout(
                    f"De tekst van casus {casus_id} laat zich niet ontsleutelen met zijn "
                    "datasleutel uit het sleutelbestand: sleutelbestand en snapshot passen niet "
                    "bij elkaar. Er is niets vervangen."
                ) from fout
            resultaat.ontsleuteld += 1
        cursor.execute(f"SELECT count(*) FROM {CASUSTABEL} WHERE sleutel_id IS NULL")
        resultaat.zonder_sleutel = cursor.fetchone()[0]
    # 3. Every audit chain, under the HMAC key configured now.
    try:
        verslag = keten.verifieer(using=alias)
    except DatabaseError:
        resultaat.opmerkingen.append(
            "De back-up is van een oudere versie: draai na het herstel 'python manage.py "
            "migrate' en daarna 'meldwijzer audit verifieer'."
        )
        return resultaat
    if verslag.bevindingen:
        eerste = verslag.bevindingen[0]
        raise BackupFout(
            f"De auditketens in de back-up kloppen niet ({len(verslag.bevindingen)} keten(s); "
            f"eerst: {keten.eigenaar(eerste.organisatie_id)}, keten {eerste.keten}: "
            f"{eerste.tekst}). Is MELDWIJZER_HMAC_SLEUTEL dezelfde als toen de back-up gemaakt "
            "werd? Er is niets vervangen."
        )
    resultaat.ketens, resultaat.ketenrijen = verslag.ketens, verslag.rijen
    return resultaat


def _sqlite_datum(iso: str) -> str:
    moment = dt.datetime.fromisoformat(iso).astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat(sep=" ")


def _met_generaties(regels: list[dict[str, Any]], generaties: list[dict[str, Any]]) -> bool:
    """Whether the keys name generations; a key file from before them (format 1) belongs to a
    snapshot whose schema has no generation table, and is restored without it."""
    return bool(generaties) or any(r.get("generatie") for r in regels)


def _sqlite_voorbereiden(
    pad: Path, regels: list[dict[str, Any]], generaties: list[dict[str, Any]]
) -> None:
    """The decrypted snapshot becomes the staging database: checked, the keys put in."""
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


def _sqlite_vervang(pad: Path) -> None:
    """The checked staging database in place of the live one, in one step: the online backup
    API writes the whole target in one transaction, so a reader sees the old or the new."""
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


def _pg_naam(naam: str) -> str:
    return '"' + naam.replace('"', '""') + '"'


def _pg_proefdatabase_maken() -> str:
    live = str(connection.settings_dict["NAME"])
    naam = f"{live[:40]}_herstel_{uuid.uuid4().hex[:10]}"
    try:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {_pg_naam(naam)} TEMPLATE template0 ENCODING 'UTF8'")
    except DatabaseError as fout:
        raise BackupFout(
            f"Kan geen tijdelijke database voor het herstel maken ({fout}). Herstel als een "
            "databaserol die databases mag maken (CREATEDB). Er is niets vervangen."
        ) from fout
    return naam


def _pg_proefdatabase_weg(naam: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {_pg_naam(naam)}")


def _pg_wissel(proef: str) -> None:
    """The checked staging database takes the live database's name in one transaction (both
    renames or neither); the old one is dropped after."""
    live = str(connection.settings_dict["NAME"])
    oud = f"{live[:40]}_oud_{uuid.uuid4().hex[:10]}"
    connection.close()
    try:
        with connection._nodb_cursor() as cursor:
            cursor.execute("BEGIN")
            try:
                cursor.execute(f"ALTER DATABASE {_pg_naam(live)} RENAME TO {_pg_naam(oud)}")
                cursor.execute(f"ALTER DATABASE {_pg_naam(proef)} RENAME TO {_pg_naam(live)}")
            except DatabaseError:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")
            cursor.execute(f"DROP DATABASE IF EXISTS {_pg_naam(oud)}")
    except DatabaseError as fout:
        raise BackupFout(
            f"De gecontroleerde back-up kan de database {live} niet vervangen ({fout}). Stop "
            "de app en andere verbindingen met de database en probeer het opnieuw; er is niets "
            "vervangen."
        ) from fout


def _pg_herstel(
    dump: Path, regels: list[dict[str, Any]], generaties: list[dict[str, Any]], *, database: str
) -> None:
    """pg_restore's SQL and the keys into the (new, empty) staging database, in one
    transaction."""
    pg_restore, psql = _pg_bin("pg_restore"), _pg_bin("psql")
    omgeving = {**_pg_omgeving(), "PGDATABASE": database}
    lijst = subprocess.run(
        [pg_restore, "--list", str(dump)], capture_output=True, env=omgeving, check=False
    )
    if lijst.returncode != 0:
        raise BackupFout("De snapshot bevat geen leesbare dump van PostgreSQL. Niets hersteld.")
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
