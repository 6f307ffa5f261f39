"""The cache backends of production (docs/adr/0020).

- ``Databasecache``: Django's database cache with an atomic ``incr``. Django's own reads the value
  and writes it back, so two processes counting at the same moment count once; a rate limit
  counted that way lets more through than it says. Here the row is locked while it is counted
  (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's immediate transactions write one at a time).
- ``RedisMetTerugval``: Django's Redis cache that, when Redis does not answer, logs a warning and
  uses the database cache instead (the ``TERUGVAL`` alias, ``database``) — so the app keeps
  serving and the rate limits keep counting, in the database, never "no limit". After a failure
  a process leaves Redis alone for ``PAUZE`` seconds, so a dead Redis costs one connect timeout
  per process per pause, not one per request; then it tries again.
"""

from __future__ import annotations

import base64
import functools
import logging
import pickle
import threading
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction
from django.utils.timezone import now

logger = logging.getLogger(__name__)

PAUZE = 5.0  # seconds a process uses the fallback after Redis failed, before it tries again


@functools.cache
def redis_onbereikbaar() -> tuple[type[Exception], ...]:
    """The errors of a Redis that does not answer. The redis package is imported here, when a
    Redis cache is first used, not with this module: it costs a worker ~35 MB, and a node
    without ``REDIS_URL`` never needs it (docs/performance.md, 'Geheugen per worker')."""
    from redis.exceptions import ConnectionError as RedisVerbindingsfout
    from redis.exceptions import ReadOnlyError
    from redis.exceptions import TimeoutError as RedisTijdfout

    return (RedisVerbindingsfout, RedisTijdfout, ReadOnlyError)


class Databasecache(DatabaseCache):
    """Django's database cache whose ``incr`` counts every call, also from many processes."""

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        sleutel = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        verbinding = connections[alias]
        q = verbinding.ops.quote_name
        tabel = q(self._table)  # type: ignore[attr-defined]
        slot = " FOR UPDATE" if verbinding.features.has_select_for_update else ""
        nu = verbinding.ops.adapt_datetimefield_value(now().replace(microsecond=0))
        # Table and column names are Django's quoted identifiers; the key and times parameters.
        lees = (
            f"SELECT {q('value')} FROM {tabel} "  # noqa: S608
            f"WHERE {q('cache_key')} = %s AND {q('expires')} >= %s{slot}"
        )
        schrijf = f"UPDATE {tabel} SET {q('value')} = %s WHERE {q('cache_key')} = %s"  # noqa: S608
        with transaction.atomic(using=alias), verbinding.cursor() as cursor:
            cursor.execute(lees, [sleutel, nu])
            rij = cursor.fetchone()
            if rij is None:
                raise ValueError(f"Key '{key}' not found")
            waarde = pickle.loads(base64.b64decode(rij[0].encode("latin1"))) + delta  # noqa: S301
            nieuw = base64.b64encode(pickle.dumps(waarde, self.pickle_protocol)).decode("latin1")
            cursor.execute(schrijf, [nieuw, sleutel])
        return int(waarde)


class _Storing:
    """Per process: until when Redis is left alone, and whether the warning was logged."""

    def __init__(self) -> None:
        self.tot = 0.0
        self.gemeld = False
        self.slot = threading.Lock()

    def actief(self) -> bool:
        return time.monotonic() < self.tot

    def begin(self, locatie: str, fout: Exception) -> None:
        with self.slot:
            self.tot = time.monotonic() + PAUZE
            if not self.gemeld:
                self.gemeld = True
                logger.warning(
                    "Redis (%s) does not answer (%s): the cache falls back to the database "
                    "cache; rate limits keep counting there. /health reports 'verminderd'.",
                    locatie,
                    type(fout).__name__,
                )

    def hersteld(self, locatie: str) -> None:
        if self.gemeld:
            with self.slot:
                if self.gemeld:
                    self.gemeld = False
                    logger.warning("Redis (%s) answers again: the shared cache is back.", locatie)


storing = _Storing()


def _omleiden(naam: str) -> Any:
    def methode(self: RedisMetTerugval, *args: Any, **kwargs: Any) -> Any:
        if storing.actief():
            return getattr(self.terugval, naam)(*args, **kwargs)
        try:
            uitkomst = getattr(RedisCache, naam)(self, *args, **kwargs)
        except redis_onbereikbaar() as fout:
            storing.begin(self.locatie, fout)
            return getattr(self.terugval, naam)(*args, **kwargs)
        storing.hersteld(self.locatie)
        return uitkomst

    methode.__name__ = naam
    return methode


class RedisMetTerugval(RedisCache):
    """Redis when it answers; the database cache (``TERUGVAL``) when it does not."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self.terugval_alias = str(params.get("TERUGVAL", "database"))
        # The address without a password, for the log.
        self.locatie = server.split("@", 1)[-1] if isinstance(server, str) else "redis"

    @property
    def terugval(self) -> Any:
        return caches[self.terugval_alias]

    def bereikbaar(self) -> bool:
        """Whether Redis answers a PING now (for /health); a failure starts the pause too."""
        if storing.actief():
            return False
        try:
            self._cache.get_client(write=True).ping()  # type: ignore[attr-defined]
        except redis_onbereikbaar() as fout:
            storing.begin(self.locatie, fout)
            return False
        storing.hersteld(self.locatie)
        return True

    add = _omleiden("add")
    get = _omleiden("get")
    set = _omleiden("set")
    touch = _omleiden("touch")
    delete = _omleiden("delete")
    get_many = _omleiden("get_many")
    has_key = _omleiden("has_key")
    incr = _omleiden("incr")
    set_many = _omleiden("set_many")
    delete_many = _omleiden("delete_many")
    clear = _omleiden("clear")


def toestand() -> str:
    """The shared cache for /health: ``ok``, or ``terugval`` when Redis is configured but does
    not answer (the database cache serves meanwhile)."""
    cache = caches["default"]
    if isinstance(cache, RedisMetTerugval) and not cache.bereikbaar():
        return "terugval"
    return "ok"
