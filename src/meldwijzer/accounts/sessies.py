"""Django's database sessions, with the session row read by a fixed statement.

Every request of a logged-in user reads its session; building that ORM query cost more than
running it (docs/performance.md, "Minder ORM op de casuspagina's"). The read is the same: the
row with this key whose expiry lies in the future, or none (then the session is empty and its
key dropped, as Django does). Writing, deleting and everything else stay Django's own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from meldwijzer.gedeeld import rijen


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Any:
        # The moment as the ORM would pass it to this database (SQLite: text in UTC).
        nu = connections[DEFAULT_DB_ALIAS].ops.adapt_datetimefield_value(timezone.now())
        gevonden = rijen.lees(
            self.model,
            "session_key = %s AND expire_date > %s",
            [self.session_key, nu],
            volgorde="session_key",
            limiet=1,
        )
        if not gevonden:
            self._session_key = None
            return None
        return gevonden[0]
