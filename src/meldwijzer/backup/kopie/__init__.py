"""Backup and restore of the whole database while the app runs (docs/deploy.md).

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

The parts: ``maken`` (the backup), ``terugzetten`` (the restore), ``controle`` (the staging
database checked), ``sqlite`` and ``postgres`` (each database's way), ``werkmap`` (plaintext work
files and what killed runs left) and ``basis`` (the error, the results, the key tables).
"""

from meldwijzer.backup.kopie.basis import (
    CASUSTABEL,
    GENERATIETABEL,
    SLEUTELTABEL,
    BackupFout,
    BackupResultaat,
    HerstelResultaat,
    Voortgang,
)
from meldwijzer.backup.kopie.maken import maak_backup
from meldwijzer.backup.kopie.terugzetten import herstel, is_leeg, lees_header
from meldwijzer.backup.kopie.werkmap import DEELSNAPSHOT, WERKMAP, ruim_resten_op

__all__ = [
    "CASUSTABEL",
    "DEELSNAPSHOT",
    "GENERATIETABEL",
    "SLEUTELTABEL",
    "WERKMAP",
    "BackupFout",
    "BackupResultaat",
    "HerstelResultaat",
    "Voortgang",
    "herstel",
    "is_leeg",
    "lees_header",
    "maak_backup",
    "ruim_resten_op",
]
