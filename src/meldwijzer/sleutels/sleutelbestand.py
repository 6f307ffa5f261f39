"""Key files: the wrapped data keys kept beside a database backup, never inside it.

A backup of the database leaves out the table of data keys (``sleutels_datasleutel``); this
file holds them instead. Retention removes every destroyed key from every key file it is told
about (``MELDWIJZER_SLEUTELBESTANDEN``), so a casus erased today stays erased in last year's
backup too: its ciphertext is there, its key is not (DESIGN.md, 'Data and scale').

The keys in the file are wrapped under an environment key, as in the database: the file alone
decrypts nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import glob
import json
import os
import tempfile
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from meldwijzer.sleutels.models import DataSleutel

FORMAAT = "meldwijzer-sleutelbestand/1"


class SleutelbestandFout(ValueError):
    """A file that is not a key file; the message says which and why."""


def regel(
    sleutel_id: uuid.UUID,
    organisatie_id: int,
    kek_id: str,
    verpakt: bytes,
    aangemaakt_op: dt.datetime,
) -> dict[str, Any]:
    """One wrapped data key as a key-file entry (also from a raw SQLite copy: backup.kopie)."""
    return {
        "id": sleutel_id.hex,
        "organisatie": organisatie_id,
        "kek_id": kek_id,
        "verpakt": base64.b64encode(verpakt).decode(),
        "aangemaakt_op": aangemaakt_op.isoformat(),
    }


def _schrijf_veilig(pad: Path, inhoud: dict[str, Any]) -> None:
    """Write the whole file next to it and rename: a reader never sees half a file."""
    pad.parent.mkdir(parents=True, exist_ok=True)
    fd, tijdelijk = tempfile.mkstemp(prefix=".sleutels-", dir=pad.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as uit:
            json.dump(inhoud, uit, ensure_ascii=False, indent=1)
            uit.flush()
            os.fsync(uit.fileno())
        os.chmod(tijdelijk, 0o600)
        os.replace(tijdelijk, pad)
    except BaseException:
        Path(tijdelijk).unlink(missing_ok=True)
        raise


def regels_uit_database() -> list[dict[str, Any]]:
    """Every data key as a key-file entry (call inside the transaction whose view you want)."""
    return [
        regel(r.id, r.organisatie_id, r.kek_id, bytes(r.verpakt), r.aangemaakt_op)
        for r in DataSleutel.objects.order_by("aangemaakt_op", "pk")
    ]


def schrijf(
    pad: Path | str,
    *,
    regels: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
) -> int:
    """Write data keys to a key file (for a backup); returns how many. Without ``regels``, every
    key in the database now; ``extra`` adds fields (``meldwijzer backup`` names its snapshot)."""
    if regels is None:
        with transaction.atomic():  # one consistent view of the table
            regels = regels_uit_database()
    _schrijf_veilig(
        Path(pad),
        {
            "formaat": FORMAAT,
            "gemaakt_op": timezone.now().isoformat(),
            **(extra or {}),
            "sleutels": regels,
        },
    )
    return len(regels)


def lees(pad: Path | str) -> dict[str, Any]:
    pad = Path(pad)
    try:
        inhoud = json.loads(pad.read_text(encoding="utf-8"))
    except FileNotFoundError as fout:
        raise SleutelbestandFout(f"{pad}: bestand bestaat niet.") from fout
    except (OSError, ValueError) as fout:
        raise SleutelbestandFout(f"{pad}: geen leesbaar sleutelbestand ({fout}).") from fout
    if not isinstance(inhoud, dict) or inhoud.get("formaat") != FORMAAT:
        raise SleutelbestandFout(f"{pad}: geen sleutelbestand van Meldwijzer ({FORMAAT}).")
    if not isinstance(inhoud.get("sleutels"), list):
        raise SleutelbestandFout(f"{pad}: de lijst 'sleutels' ontbreekt.")
    return inhoud


def schoon(pad: Path | str, vernietigd: Iterable[str]) -> int:
    """Remove destroyed keys (ids as hex) from a key file; returns how many were removed."""
    weg = {uuid.UUID(str(s)).hex for s in vernietigd}
    inhoud = lees(pad)
    blijft = [r for r in inhoud["sleutels"] if str(r.get("id")) not in weg]
    verwijderd = len(inhoud["sleutels"]) - len(blijft)
    if verwijderd:
        inhoud["sleutels"] = blijft
        inhoud["geschoond_op"] = timezone.now().isoformat()
        _schrijf_veilig(Path(pad), inhoud)
    return verwijderd


def importeer(pad: Path | str, vernietigd: Iterable[str]) -> tuple[int, int]:
    """Put keys from a key file back (a restore): only those missing, never a destroyed one.
    Returns (added, skipped as destroyed)."""
    weg = {uuid.UUID(str(s)).hex for s in vernietigd}
    inhoud = lees(pad)
    bestaand = {s.hex for s in DataSleutel.objects.values_list("pk", flat=True)}
    nieuw: list[DataSleutel] = []
    overgeslagen = 0
    for regel in inhoud["sleutels"]:
        sleutel_id = uuid.UUID(str(regel["id"]))
        if sleutel_id.hex in weg:
            overgeslagen += 1
            continue
        if sleutel_id.hex in bestaand:
            continue
        nieuw.append(
            DataSleutel(
                id=sleutel_id,
                organisatie_id=int(regel["organisatie"]),
                kek_id=str(regel["kek_id"]),
                verpakt=base64.b64decode(regel["verpakt"]),
                aangemaakt_op=dt.datetime.fromisoformat(regel["aangemaakt_op"]),
            )
        )
    DataSleutel.objects.bulk_create(nieuw, batch_size=1000)
    return len(nieuw), overgeslagen


def bestanden_uit_instellingen() -> list[Path]:
    """The key files retention keeps clean: ``MELDWIJZER_SLEUTELBESTANDEN`` (paths or globs)."""
    gevonden: list[Path] = []
    for patroon in getattr(settings, "MELDWIJZER_SLEUTELBESTANDEN", []):
        treffers = sorted(glob.glob(str(patroon)))
        gevonden.extend(Path(t) for t in (treffers or []) if Path(t).is_file())
    return gevonden
