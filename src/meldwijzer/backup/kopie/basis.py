"""What backup and restore share: the tables kept out of the snapshot, the error a person sees,
and what each run reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from meldwijzer.backup import versleuteling
from meldwijzer.sleutels.crypto import SleutelFout

SLEUTELTABEL = "sleutels_datasleutel"
GENERATIETABEL = "sleutels_generatie"
CASUSTABEL = "dossier_casus"
# Tables that `migrate` fills itself: a database holding only these counts as empty.
VAN_MIGRATE = {"contenttypes.contenttype", "auth.permission"}
MB = 1024 * 1024

Voortgang = Callable[[int, int], None]
# Makes the snapshot's writer once the row count of every table is known (for its header).
SchrijverMet = Callable[[dict[str, int]], versleuteling.Versleutelaar]
# What a backup hands the key file: the wrapped data keys and the generation keys.
Sleutelregels = tuple[list[dict[str, Any]], list[dict[str, Any]]]


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


def backup_sleutels() -> dict[str, bytes]:
    try:
        return versleuteling.backup_sleutels(list(settings.MELDWIJZER_BACKUP_SLEUTELS))
    except SleutelFout as fout:
        raise BackupFout(str(fout)) from fout


def met_generaties(regels: list[dict[str, Any]], generaties: list[dict[str, Any]]) -> bool:
    """Whether the keys name generations; a key file from before them (format 1) belongs to a
    snapshot whose schema has no generation table, and is restored without it."""
    return bool(generaties) or any(r.get("generatie") for r in regels)
