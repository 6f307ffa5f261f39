"""Plaintext work files: in a private folder that disappears on every way out, and what a killed
run left behind removed by the next (docs/deploy.md, "Back-ups")."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connection, connections

# Work files carry the host and process that made them, so the next run can tell a leftover of a
# killed run (its process is gone) from the work of a run still going (docs/deploy.md, "Back-ups").
WERKMAP = ".meldwijzer-werk-"
DEELSNAPSHOT = ".meldwijzer-deel-"
# Names of work files of versions before the work folder: removed when older than this.
OUDE_RESTEN = (".backup-kopie-", ".herstel-", ".backup-")
OUDE_RESTEN_NA = 600  # seconds


def eigen_kenmerk() -> str:
    return f"{socket.gethostname().replace('-', '_')}-{os.getpid()}-"


@contextmanager
def werkmap(basis: Path) -> Iterator[Path]:
    """A private folder (0700) for plaintext work files, removed on every way out; what a
    SIGKILL leaves behind, the next backup or restore removes (``ruim_resten_op``)."""
    basis.mkdir(parents=True, exist_ok=True)
    map_ = Path(tempfile.mkdtemp(prefix=WERKMAP + eigen_kenmerk(), dir=basis))
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


def _is_rest(pad: Path, nu: float) -> bool:
    """Whether this is a work file of a run that no longer runs (or an old version's)."""
    naam = pad.name
    if naam.startswith((WERKMAP, DEELSNAPSHOT)):
        voorvoegsel = WERKMAP if naam.startswith(WERKMAP) else DEELSNAPSHOT
        return not _leeft(naam, voorvoegsel)
    if naam.startswith(OUDE_RESTEN):
        try:
            return nu - pad.stat().st_mtime >= OUDE_RESTEN_NA
        except OSError:
            return False
    return False


def ruim_resten_op(mappen: list[Path]) -> list[Path]:
    """Remove work files that killed runs left in these folders; returns what was removed."""
    weg: list[Path] = []
    nu = time.time()
    for map_ in dict.fromkeys(m.resolve() for m in mappen):
        if not map_.is_dir():
            continue
        for pad in map_.iterdir():
            if not _is_rest(pad, nu):
                continue
            if pad.is_dir():
                shutil.rmtree(pad, ignore_errors=True)
            else:
                pad.unlink(missing_ok=True)
            weg.append(pad)
    return weg


def in_geheugen() -> bool:
    """Whether the live SQLite database is in memory (the tests'). Only on SQLite: the
    question belongs to that backend's connection."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    verbinding = connections[DEFAULT_DB_ALIAS]  # what ``connection`` stands for
    assert isinstance(verbinding, DatabaseWrapper), verbinding.vendor
    return verbinding.is_in_memory_db()


def sqlite_map() -> Path:
    """Plaintext copies go beside the live database (the same protection), not beside the
    snapshots (which may be on a backup disk); an in-memory database uses the temp folder."""
    if in_geheugen():
        return Path(tempfile.gettempdir())
    return Path(str(connection.settings_dict["NAME"])).resolve().parent


def werkbasis() -> Path:
    return sqlite_map() if connection.vendor == "sqlite" else Path(tempfile.gettempdir())
