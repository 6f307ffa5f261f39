"""One run of a job at a time, on every node together: a database lock per job.

- PostgreSQL: a session advisory lock (``pg_try_advisory_lock``) on a connection of its own, so
  what the job does with the default connection cannot drop it. PostgreSQL lets go of it when
  that connection ends — also when the process is killed.
- SQLite (one machine): a row in ``taken_taakslot`` claimed in an immediate transaction, which
  SQLite gives to one writer at a time. A holder whose process no longer runs on this machine
  holds nothing: its claim is taken over.

A lock that is held is no error: the job runs elsewhere (``meldwijzer taken`` exits 0).
"""

from __future__ import annotations

import os
import socket
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction
from django.utils import timezone

from meldwijzer.taken.models import Taakslot

NAAMRUIMTE = 0x4D57  # "MW": the first key of every advisory lock of Meldwijzer's jobs


def node() -> str:
    """This process: machinenaam:proces."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _slotnummer(taak: str) -> int:
    """The job's second advisory-lock key: a stable signed 32-bit number from its name."""
    getal = zlib.crc32(taak.encode())
    return getal - 2**32 if getal >= 2**31 else getal


@contextmanager
def slot(taak: str, alias: str = "default") -> Iterator[bool]:
    """Yields True when this process holds the job's lock (until the block ends), else False."""
    if connections[alias].vendor == "postgresql":
        with _advies_slot(taak, alias) as gekregen:
            yield gekregen
    else:
        with _rij_slot(taak, alias) as gekregen:
            yield gekregen


@contextmanager
def _advies_slot(taak: str, alias: str) -> Iterator[bool]:
    verbinding = connections.create_connection(alias)
    try:
        with verbinding.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [NAAMRUIMTE, _slotnummer(taak)])
            gekregen = bool(cursor.fetchone()[0])
        try:
            yield gekregen
        finally:
            if gekregen:
                with verbinding.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_advisory_unlock(%s, %s)", [NAAMRUIMTE, _slotnummer(taak)]
                    )
    finally:
        verbinding.close()


def _leeft(houder: str) -> bool:
    machine, _sep, pid = houder.rpartition(":")
    if machine != socket.gethostname() or not pid.isdigit():
        return True  # not ours to judge (SQLite has one machine; be careful all the same)
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def _rij_slot(taak: str, alias: str) -> Iterator[bool]:
    ik = node()
    with transaction.atomic(using=alias):
        rij, _nieuw = Taakslot.objects.using(alias).get_or_create(taak=taak)
        vrij = not rij.houder or rij.houder == ik or not _leeft(rij.houder)
        if vrij:
            rij.houder, rij.sinds = ik, timezone.now()
            rij.save(using=alias)
    try:
        yield vrij
    finally:
        if vrij:
            Taakslot.objects.using(alias).filter(taak=taak, houder=ik).update(houder="")
