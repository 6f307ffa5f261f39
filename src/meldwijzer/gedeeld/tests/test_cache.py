"""The shared cache: production refuses a cache per process, REDIS_URL is checked at start-up,
the database cache counts atomically, and a Redis that does not answer leaves the counting to
the database cache (never to no limit) while /health says ``verminderd``."""

from __future__ import annotations

import math
import os
import socket
import threading
import time

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client, override_settings

from meldwijzer.conf.base import caches_uit_omgeving
from meldwijzer.gedeeld import cache as gedeelde_cache
from meldwijzer.gedeeld import teller
from meldwijzer.gedeeld.checks import gedeelde_cache as check

DATABASECACHE = {
    "BACKEND": "meldwijzer.gedeeld.cache.Databasecache",
    "LOCATION": "meldwijzer_cache",
}


def test_productie_weigert_een_cache_per_proces(settings):
    settings.MELDWIJZER_GEDEELDE_CACHE_VEREIST = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    fouten = check()
    assert [f.id for f in fouten] == ["meldwijzer.E001"]
    assert "REDIS_URL" in fouten[0].hint
    settings.CACHES = caches_uit_omgeving("")
    assert check() == []
    settings.CACHES = caches_uit_omgeving("redis://127.0.0.1:6379/0")
    assert check() == []


def test_productie_instellingen_vragen_een_gedeelde_cache():
    from pathlib import Path

    tekst = (Path(__file__).resolve().parents[2] / "conf" / "production.py").read_text()
    assert "MELDWIJZER_GEDEELDE_CACHE_VEREIST = True" in tekst


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379/0",
        "redis://:geheim@127.0.0.1:poort/0",
        "redis:///0",
        "redis://127.0.0.1:6379/nul",
        "unix://",
        "127.0.0.1:6379",
    ],
)
def test_een_verkeerde_redis_url_is_een_nederlandse_fout_bij_het_starten(url):
    with pytest.raises(ImproperlyConfigured) as fout:
        caches_uit_omgeving(url)
    tekst = str(fout.value)
    assert tekst.startswith("REDIS_URL is ") and "redis://HOST:6379/0" in tekst
    assert "geheim" not in tekst  # a password is never repeated


@pytest.mark.parametrize(
    "url",
    ["redis://127.0.0.1:6379/0", "rediss://:pw@redis.example.nl:6380/1", "unix:///run/r.sock"],
)
def test_goede_redis_urls(url):
    conf = caches_uit_omgeving(url)
    assert conf["default"]["LOCATION"] == url
    assert conf["database"]["BACKEND"] == DATABASECACHE["BACKEND"]


@pytest.mark.django_db
@override_settings(CACHES={"default": DATABASECACHE, "database": DATABASECACHE})
def test_de_databasecache_telt_en_vergeet_na_het_venster():
    c = caches["default"]
    with pytest.raises(ValueError):
        c.incr("teller")
    assert [teller.tel("teller", 60) for _i in range(3)] == [1, 2, 3]
    assert teller.stand("teller", 60) == 3
    assert 1 <= teller.seconden_over("teller", 60, 3) <= 66
    c.set("verlopen", 5, timeout=-1)
    with pytest.raises(ValueError):
        c.incr("verlopen")


@pytest.mark.django_db(transaction=True)
@override_settings(CACHES={"default": DATABASECACHE, "database": DATABASECACHE})
def test_de_databasecache_telt_elke_keer_ook_tegelijk():
    """Django's own DatabaseCache.incr reads and writes back: threads counting at once lose
    counts. Ours locks the row (PostgreSQL; SQLite writes one at a time anyway)."""
    if connection.vendor != "postgresql":
        pytest.skip("threads with their own connection: PostgreSQL")
    caches["default"].add("samen", 0, timeout=60)
    per_draad, draden = 40, 4

    def tel() -> None:
        try:
            for _i in range(per_draad):
                caches["default"].incr("samen")
        finally:
            connection.close()

    lijst = [threading.Thread(target=tel) for _i in range(draden)]
    for d in lijst:
        d.start()
    for d in lijst:
        d.join()
    assert caches["default"].get("samen") == per_draad * draden


def _dichte_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again: nothing listens there


@pytest.fixture
def redis_onbereikbaar():
    redis = {
        "BACKEND": "meldwijzer.gedeeld.cache.RedisMetTerugval",
        "LOCATION": f"redis://127.0.0.1:{_dichte_poort()}/0",
        "TERUGVAL": "database",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    gedeelde_cache.storing.tot = 0.0
    gedeelde_cache.storing.gemeld = False
    with override_settings(CACHES={"default": redis, "database": DATABASECACHE}):
        yield
    gedeelde_cache.storing.tot = 0.0
    gedeelde_cache.storing.gemeld = False


@pytest.mark.django_db
def test_zonder_redis_telt_de_limiet_in_de_databasecache(redis_onbereikbaar, caplog):
    with caplog.at_level("WARNING", logger="meldwijzer.gedeeld.cache"):
        assert [teller.tel("api", 60) for _i in range(4)] == [1, 2, 3, 4]
    # Counted in the database, never "no limit": the parts of the last minute, read there.
    nu = math.floor(time.time() / 6)
    delen = caches["database"].get_many([f"api:{i}" for i in range(nu - 11, nu + 2)])
    assert sum(delen.values()) == 4
    assert "does not answer" in caplog.text
    assert caplog.text.count("does not answer") == 1  # one warning, not one per request
    caches["default"].set("dashboard", {"a": 1})
    assert caches["default"].get("dashboard") == {"a": 1}


@pytest.mark.django_db
def test_zonder_redis_zegt_health_verminderd_maar_dient(redis_onbereikbaar):
    antwoord = Client().get("/health")
    assert antwoord.status_code == 200
    assert antwoord.json() == {
        "status": "verminderd",
        "database": "ok",
        "schrijven": "ok",
        "cache": "terugval",
    }


def test_zonder_redis_laadt_een_worker_het_redispakket_niet():
    """The redis package costs a worker ~35 MB (docs/performance.md, 'Geheugen per worker'):
    a node without REDIS_URL serving every page (the URLconf, the WSGI app, /health) never
    imports it. In a fresh process, as a gunicorn worker starts."""
    import subprocess
    import sys

    code = (
        "import django, sys; django.setup()\n"
        "from django.core.wsgi import get_wsgi_application\n"
        "from django.urls import get_resolver\n"
        "from meldwijzer.gedeeld.cache import toestand\n"
        "get_wsgi_application(); get_resolver().url_patterns; toestand()\n"
        "print(sorted(m for m in sys.modules if m == 'redis' or m.startswith('redis.')))\n"
    )
    uit = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "meldwijzer.conf.test", "REDIS_URL": ""},
    )
    assert uit.stdout.strip() == "[]", uit.stdout[:500]
