"""``herstel``: a snapshot and its key file back, first into a staging database, checked there,
and only then in place of the live database in one step, or not at all. A casus whose key is
not in the key file (destroyed by retention) comes back without a key: its text stays
unreadable."""

from __future__ import annotations

import base64
import time
import uuid
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection

from meldwijzer.backup import versleuteling
from meldwijzer.backup.kopie import postgres, sqlite
from meldwijzer.backup.kopie.basis import (
    MB,
    VAN_MIGRATE,
    BackupFout,
    HerstelResultaat,
    Voortgang,
    backup_sleutels,
)
from meldwijzer.backup.kopie.controle import controleer, proefdatabase
from meldwijzer.backup.kopie.werkmap import ruim_resten_op, werkbasis, werkmap
from meldwijzer.backup.versleuteling import SnapshotFout
from meldwijzer.sleutels import crypto, sleutelbestand, sleutelring
from meldwijzer.sleutels.crypto import OntsleutelFout, SleutelFout


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
GEWIJZIGD = (
    "{wat} in het sleutelbestand pakt niet uit: de verpakte sleutel is gewijzigd of "
    "beschadigd. Gebruik een onbeschadigde kopie van het sleutelbestand; er is niets "
    "vervangen."
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
    sleutels = backup_sleutels()
    inhoud = _sleutelbestand_bij(
        snapshot, sleutelbestand_pad, leeg_vereist=not alleen_controleren and not overschrijf
    )
    regels: list[dict[str, Any]] = inhoud["sleutels"]
    generaties: list[dict[str, Any]] = inhoud["generaties"]
    datasleutels = sleutels_uitpakken(regels, generaties)
    ruim_resten_op([werkbasis()])
    with werkmap(werkbasis()) as map_:
        platte_tekst = map_ / "herstel"
        header = _ontsleutel(snapshot, sleutels, platte_tekst, voortgang)
        if connection.vendor == "sqlite":
            resultaat = _via_sqlite(platte_tekst, header, regels, generaties, datasleutels,
                                    alleen_controleren=alleen_controleren)  # fmt: skip
        else:
            resultaat = _via_postgres(platte_tekst, header, regels, generaties, datasleutels,
                                      alleen_controleren=alleen_controleren)  # fmt: skip
    sleutelring.vergeet()
    resultaat.vervangen = not alleen_controleren
    resultaat.seconden = time.monotonic() - begin
    return resultaat


def _sleutelbestand_bij(
    snapshot: Path, sleutelbestand_pad: Path | str, *, leeg_vereist: bool
) -> dict[str, Any]:
    """The key file, read strictly, when it belongs to this snapshot and this kind of database,
    and (``leeg_vereist``: without --overschrijf) the database is empty."""
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
    if leeg_vereist and not is_leeg():
        raise BackupFout(
            "De database is niet leeg. Herstel in een lege database, of geef --overschrijf om "
            "alles wat erin staat te vervangen."
        )
    return inhoud


def _ontsleutel(
    snapshot: Path, sleutels: dict[str, bytes], platte_tekst: Path, voortgang: Voortgang | None
) -> dict[str, Any]:
    """The snapshot decrypted into the work folder; returns its header with the manifest."""
    try:
        with snapshot.open("rb") as invoer, platte_tekst.open("wb") as uit:
            return versleuteling.ontsleutel(
                invoer,
                sleutels,
                uit.write,
                na_chunk=(lambda n: voortgang(n // MB, max(n // MB, 1)))
                if voortgang is not None
                else None,
            ).header  # with the manifest decrypted
    except SnapshotFout as fout:
        raise BackupFout(f"{snapshot}: {fout}. Er is niets hersteld.") from fout


def _via_sqlite(
    platte_tekst: Path,
    header: dict[str, Any],
    regels: list[dict[str, Any]],
    generaties: list[dict[str, Any]],
    datasleutels: dict[str, bytes],
    *,
    alleen_controleren: bool,
) -> HerstelResultaat:
    sqlite.voorbereiden(platte_tekst, regels, generaties)
    with proefdatabase(str(platte_tekst)) as alias:
        resultaat = controleer(alias, header, regels, generaties, datasleutels)
    if not alleen_controleren:
        sqlite.vervang(platte_tekst)
    return resultaat


def _via_postgres(
    platte_tekst: Path,
    header: dict[str, Any],
    regels: list[dict[str, Any]],
    generaties: list[dict[str, Any]],
    datasleutels: dict[str, bytes],
    *,
    alleen_controleren: bool,
) -> HerstelResultaat:
    proef = postgres.proefdatabase_maken()
    try:
        postgres.herstel(platte_tekst, regels, generaties, database=proef)
        with proefdatabase(proef) as alias:
            resultaat = controleer(alias, header, regels, generaties, datasleutels)
        if not alleen_controleren:
            postgres.wissel(proef)
    finally:
        postgres.proefdatabase_weg(proef)
    return resultaat


def sleutels_uitpakken(
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

    generatiesleutels: dict[str, bytes] = {}
    for i, g in enumerate(generaties, start=1):
        wat = f"Generatiesleutel {i} ({g['id']})"
        kek = omgevingssleutel(g["kek_id"], wat)
        try:
            generatiesleutels[g["id"]] = crypto.pak_generatie_uit(
                kek, base64.b64decode(g["verpakt"]), uuid.UUID(g["id"]), g["organisatie"]
            )
        except OntsleutelFout as fout:
            raise BackupFout(GEWIJZIGD.format(wat=wat)) from fout
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
            raise BackupFout(GEWIJZIGD.format(wat=wat)) from fout
    return datasleutels
