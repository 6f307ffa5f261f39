"""Whether the disk holds what a generation would write: an estimate per casus, checked against
the free space where the database lives before anything is written."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.db import connection, transaction

# Measured on this machine (docs/performance.md): bytes on disk per casus with everything it
# brings (rows, indexes, audit and access log): SQLite 27.9 kB at 1,000,000, PostgreSQL 31.5 kB
# at 20,000 (the cluster's base/ folder). With a margin, for the free-space check.
BYTES_PER_CASUS = {"sqlite": 30_000, "postgresql": 33_000}
# PostgreSQL's write-ahead log also grows while loading and rebuilding the indexes: about as much
# as the data written, up to max_wal_size (4 GB in the bench, 1 GB by default).
WAL_HOOGSTENS = 4_500_000_000
MARGE = 1.3


class TeWeinigRuimte(Exception):
    """Not enough free disk space for the requested data; the message says how much."""


def benodigde_ruimte(casussen: int, vendor: str | None = None) -> int:
    vendor = vendor or connection.vendor
    if vendor not in BYTES_PER_CASUS:
        vendor = "postgresql"
    gegevens = casussen * BYTES_PER_CASUS[vendor]
    wal = min(gegevens, WAL_HOOGSTENS) if vendor == "postgresql" else 0
    return int(gegevens * MARGE) + wal + 50_000_000


def _databasemap() -> Path:
    if connection.vendor == "sqlite":
        return Path(str(connection.settings_dict["NAME"])).resolve().parent
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SHOW data_directory")  # superusers and pg_read_all_settings only
            pad = Path(cur.fetchone()[0])
    except Exception:  # a database server elsewhere, or no right to ask: nothing to check here
        return Path(tempfile.gettempdir())
    # A server on another machine: its folder is not ours to measure.
    return pad if pad.exists() else Path(tempfile.gettempdir())


def vrije_ruimte(pad: Path | None = None) -> int:
    """Free bytes where the database lives."""
    return shutil.disk_usage(pad or _databasemap()).free


def controleer_ruimte(casussen: int, vrij: int | None = None) -> tuple[int, int]:
    nodig = benodigde_ruimte(casussen)
    vrij = vrije_ruimte() if vrij is None else vrij
    if vrij < nodig:
        raise TeWeinigRuimte(
            f"Te weinig vrije schijfruimte: {casussen} casussen hebben naar schatting "
            f"{_mb(nodig)} nodig, er is {_mb(vrij)} vrij. Maak ruimte vrij of genereer minder "
            "casussen."
        )
    return nodig, vrij


def _mb(n: int) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"
