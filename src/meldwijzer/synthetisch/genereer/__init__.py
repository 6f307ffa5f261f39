"""`meldwijzer demo genereer`: organisations, ordinary users and casussen in bulk.

The rows are written straight to the tables (``executemany`` on SQLite, ``COPY`` on PostgreSQL)
but are built exactly as the application builds them, so the app cannot tell them apart:

- every casus has its own data key, wrapped under the active environment key, and its free text
  (title, notes, answers, the audit trail's old and new values) is encrypted under it
  (``sleutels.crypto``); betrokkenen with a name and birth date get the blind index;
- every besluit holds the real outcome of ``meldwijzer.kader.beslis`` for its answers, under the
  basis framework version loaded in the database;
- the audit trail and the access log get the rows that activity would have written, linked into
  each organisation's HMAC chain, and the chain heads are set, so ``meldwijzer audit verifieer``
  passes;
- milestones and termijnen are those ``rapportage.projectie`` derives from the dossier.

Users are ordinary accounts (not demo accounts) with a password and a confirmed TOTP device, so
they log in under production settings; their credentials go to a file (mode 0600) for the bench.

The parts: ``generator`` (the run), ``organisaties`` (organisations, users, logins), ``casus``
(one casus, record by record), ``ketenrijen`` (its audit and access rows in the hash chains),
``projectie`` (its milestones and termijnen), ``tabellen`` (the tables and their rows in
waiting), ``laden`` (writing them, indexes off and on) and ``ruimte`` (the free-space check).
"""

from meldwijzer.synthetisch.genereer.generator import PARTIJ, Generator, Resultaat
from meldwijzer.synthetisch.genereer.organisaties import schrijf_credentials
from meldwijzer.synthetisch.genereer.ruimte import (
    BYTES_PER_CASUS,
    TeWeinigRuimte,
    benodigde_ruimte,
    controleer_ruimte,
    vrije_ruimte,
)

__all__ = [
    "BYTES_PER_CASUS",
    "PARTIJ",
    "Generator",
    "Resultaat",
    "TeWeinigRuimte",
    "benodigde_ruimte",
    "controleer_ruimte",
    "schrijf_credentials",
    "vrije_ruimte",
]
