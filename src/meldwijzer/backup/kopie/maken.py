"""``maak_backup``: an encrypted snapshot and its key file, both whole or not at all."""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path

from django.db import connection
from django.utils import timezone

from meldwijzer.backup import versleuteling
from meldwijzer.backup.kopie import postgres, sqlite
from meldwijzer.backup.kopie.basis import (
    BackupFout,
    BackupResultaat,
    Voortgang,
    backup_sleutels,
)
from meldwijzer.backup.kopie.werkmap import DEELSNAPSHOT, eigen_kenmerk, ruim_resten_op, werkbasis
from meldwijzer.sleutels import sleutelbestand


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
    sleutel = next(iter(backup_sleutels().values()))
    header = {
        "backup": uuid.uuid4().hex,
        "gemaakt_op": timezone.now().isoformat(),
        "database": connection.vendor,
    }
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    opgeruimd = ruim_resten_op([werkbasis(), snapshot.parent, sleutelbestand_pad.parent])
    fd, tijdelijk = tempfile.mkstemp(prefix=DEELSNAPSHOT + eigen_kenmerk(), dir=snapshot.parent)
    try:
        with os.fdopen(fd, "wb") as uit:
            os.chmod(tijdelijk, 0o600)

            def schrijver_met(tabellen: dict[str, int]) -> versleuteling.Versleutelaar:
                # The row count of every table goes in the (authenticated) header: a restore
                # checks its staging database against it.
                return versleuteling.Versleutelaar(uit, sleutel, {**header, "tabellen": tabellen})

            if connection.vendor == "sqlite":
                schrijver, regels, generaties = sqlite.backup(schrijver_met, voortgang)
            elif connection.vendor == "postgresql":
                schrijver, regels, generaties = postgres.backup(schrijver_met, voortgang)
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
