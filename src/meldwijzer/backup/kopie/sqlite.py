"""SQLite: the copy made with the online backup API inside one read transaction (WAL: writers
carry on, the copy does not restart), the key tables emptied and the copy vacuumed before it is
encrypted, so no wrapped key is left in a free page; restored the same way in the other
direction, in one transaction."""

from __future__ import annotations

import base64
import datetime as dt
import sqlite3
import uuid
from pathlib import Path
from typing import Any

from django.db import connection

from meldwijzer.backup import versleuteling
from meldwijzer.backup.kopie.basis import (
    CASUSTABEL,
    GENERATIETABEL,
    MB,
    SLEUTELTABEL,
    BackupFout,
    SchrijverMet,
    Sleutelregels,
    Voortgang,
    met_generaties,
)
from meldwijzer.backup.kopie.werkmap import in_geheugen, sqlite_map, werkmap
from meldwijzer.sleutels import sleutelbestand

SQLITE_STAP = 2048  # pages per step of the online backup (progress between steps)


def tellingen(db: sqlite3.Connection) -> dict[str, int]:
    namen = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {n: db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in namen}


def backup(
    schrijver_met: SchrijverMet, voortgang: Voortgang | None
) -> tuple[versleuteling.Versleutelaar, list[dict[str, Any]], list[dict[str, Any]]]:
    bron, eigen = _bron()
    with werkmap(sqlite_map()) as map_:
        kopie_pad = map_ / "kopie.sqlite3"
        kopie = sqlite3.connect(kopie_pad, isolation_level=None)
        _kopieer(bron, eigen, kopie, voortgang)
        try:
            regels, generaties = _sleutels(kopie)
            aantallen = tellingen(kopie)
            aantallen[SLEUTELTABEL] = aantallen[GENERATIETABEL] = 0  # in the key file instead
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
        schrijver = schrijver_met(aantallen)
        with kopie_pad.open("rb") as invoer:
            gedaan = 0
            while data := invoer.read(versleuteling.CHUNK):
                schrijver.schrijf(data)
                gedaan += len(data)
                if voortgang is not None:
                    voortgang(gedaan // MB, max(grootte // MB, 1))
    return schrijver, regels, generaties


def _bron() -> tuple[sqlite3.Connection, bool]:
    """The live database, and whether the connection is our own (to close)."""
    connection.ensure_connection()
    if in_geheugen():
        return connection.connection, False  # the test database: only this connection sees it
    bron = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=20, isolation_level=None)
    return bron, True


def _kopieer(
    bron: sqlite3.Connection, eigen: bool, kopie: sqlite3.Connection, voortgang: Voortgang | None
) -> None:
    """The live database into ``kopie``, page by page, as one moment."""
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


def _sleutels(kopie: sqlite3.Connection) -> Sleutelregels:
    """The copy's wrapped data keys and generation keys as key-file entries."""
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
    return regels, generaties


def _utc(waarde: str) -> dt.datetime:
    """A datetime as Django stores it in SQLite (UTC, no offset)."""
    return dt.datetime.fromisoformat(waarde).replace(tzinfo=dt.UTC)


def _uuid_of_none(waarde: object) -> uuid.UUID | None:
    return uuid.UUID(str(waarde)) if waarde else None


def _uuid_hex(waarde: object) -> str | None:
    return uuid.UUID(str(waarde)).hex if waarde else None


def _datum(iso: str) -> str:
    moment = dt.datetime.fromisoformat(iso).astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat(sep=" ")


# --- restore -----------------------------------------------------------------------------------


def voorbereiden(pad: Path, regels: list[dict[str, Any]], generaties: list[dict[str, Any]]) -> None:
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
        _sleutels_erin(kopie, regels, generaties)
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


def _sleutels_erin(
    kopie: sqlite3.Connection, regels: list[dict[str, Any]], generaties: list[dict[str, Any]]
) -> None:
    """The key file's generation keys and wrapped data keys into the staging database."""
    generatie_kolom = met_generaties(regels, generaties)
    if generatie_kolom:
        kopie.executemany(
            f"INSERT INTO {GENERATIETABEL} (id, organisatie_id, kek_id, verpakt, "
            "te_vervangen, aangemaakt_op, verpakt_op) VALUES (?, ?, ?, ?, 0, ?, ?)",
            [
                (
                    uuid.UUID(str(g["id"])).hex,
                    int(g["organisatie"]),
                    str(g["kek_id"]),
                    base64.b64decode(g["verpakt"]),
                    _datum(str(g["aangemaakt_op"])),
                    _datum(str(g["aangemaakt_op"])),
                )
                for g in generaties
            ],
        )
    kopie.executemany(
        f"INSERT INTO {SLEUTELTABEL} (id, organisatie_id, kek_id, verpakt, aangemaakt_op, "
        "verpakt_op" + (", generatie_id" if generatie_kolom else "") + ") VALUES "
        "(?, ?, ?, ?, ?, ?" + (", ?" if generatie_kolom else "") + ")",
        [
            (
                uuid.UUID(str(r["id"])).hex,
                int(r["organisatie"]),
                str(r["kek_id"]),
                base64.b64decode(r["verpakt"]),
                _datum(str(r["aangemaakt_op"])),
                _datum(str(r["aangemaakt_op"])),
            )
            + ((_uuid_hex(r.get("generatie")),) if generatie_kolom else ())
            for r in regels
        ],
    )


def vervang(pad: Path) -> None:
    """The checked staging database in place of the live one, in one step: the online backup
    API writes the whole target in one transaction, so a reader sees the old or the new."""
    connection.ensure_connection()
    bron = sqlite3.connect(pad)
    try:
        # One step: the target is written in one transaction, so it is either all or nothing.
        bron.backup(connection.connection)
    finally:
        bron.close()
