"""The staging database checked before it replaces anything: every table as large as when the
backup was made, every casus's text decrypting with its data key, and every audit chain whole
under the HMAC key configured now."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DatabaseError, connection, connections
from django.db.utils import load_backend

from meldwijzer import telwoord
from meldwijzer.backup.kopie.basis import (
    CASUSTABEL,
    GENERATIETABEL,
    SLEUTELTABEL,
    BackupFout,
    HerstelResultaat,
    met_generaties,
)
from meldwijzer.sleutels import crypto
from meldwijzer.sleutels.crypto import OntsleutelFout

PROEF = "meldwijzer_herstelproef"


@contextmanager
def proefdatabase(naam: str) -> Iterator[str]:
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


def controleer(
    alias: str,
    header: dict[str, Any],
    regels: list[dict[str, Any]],
    generaties: list[dict[str, Any]],
    datasleutels: dict[str, bytes],
) -> HerstelResultaat:
    resultaat = HerstelResultaat(
        backup_id=str(header["backup"]),
        gemaakt_op=str(header.get("gemaakt_op", "")),
        sleutels=len(regels),
        zonder_sleutel=0,
        seconden=0.0,
    )
    with connections[alias].cursor() as cursor:
        _tellingen(alias, cursor, header, regels, generaties, resultaat)
        _ontsleutelbaar(cursor, datasleutels, resultaat)
    _ketens(alias, resultaat)
    return resultaat


def _tellingen(
    alias: str,
    cursor: Any,
    header: dict[str, Any],
    regels: list[dict[str, Any]],
    generaties: list[dict[str, Any]],
    resultaat: HerstelResultaat,
) -> None:
    """1. Every table as large as when the backup was made."""
    verbinding = connections[alias]
    manifest = header.get("tabellen")
    if not isinstance(manifest, dict):
        resultaat.opmerkingen.append(
            "De back-up is van vóór de tabeltellingen: de rijen per tabel zijn niet vergeleken."
        )
        return
    verwacht = {**manifest, SLEUTELTABEL: len(regels), GENERATIETABEL: len(generaties)}
    if not met_generaties(regels, generaties):
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


def _ontsleutelbaar(
    cursor: Any, datasleutels: dict[str, bytes], resultaat: HerstelResultaat
) -> None:
    """2. Every casus's text decrypts with its data key."""
    cursor.execute(f"SELECT id, sleutel_id, titel FROM {CASUSTABEL} WHERE sleutel_id IS NOT NULL")
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


def _ketens(alias: str, resultaat: HerstelResultaat) -> None:
    """3. Every audit chain, under the HMAC key configured now."""
    from meldwijzer.audit import keten

    try:
        verslag = keten.verifieer(using=alias)
    except DatabaseError:
        resultaat.opmerkingen.append(
            "De back-up is van een oudere versie: draai na het herstel 'python manage.py "
            "migrate' en daarna 'meldwijzer audit verifieer'."
        )
        return
    if verslag.bevindingen:
        eerste = verslag.bevindingen[0]
        ketens = telwoord.aantal(len(verslag.bevindingen), "keten", "ketens")
        raise BackupFout(
            f"De auditketens in de back-up kloppen niet ({ketens}; "
            f"eerst: {keten.eigenaar(eerste.organisatie_id)}, keten {eerste.keten}: "
            f"{eerste.tekst}). Is MELDWIJZER_HMAC_SLEUTEL dezelfde als toen de back-up gemaakt "
            "werd? Er is niets vervangen."
        )
    resultaat.ketens, resultaat.ketenrijen = verslag.ketens, verslag.rijen
