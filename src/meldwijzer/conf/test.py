"""Tests (pytest-django) and CI: in-memory SQLite unless DATABASE_URL selects PostgreSQL."""

from meldwijzer.conf.base import *
from meldwijzer.conf.base import database_from_env

SECRET_KEY = "test-only-sleutel"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
MELDWIJZER_DEMO_TOEGESTAAN = True
# Speed only: Argon2 costs ~0.1 s a hash by design. The suites prove the production hashers with
# Argon2 separately (accounts/tests/test_inloggen.py). Two factors, lockout and timeouts are the
# same as in production: there is no test switch for them.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# SQLite: Django's test database is in memory whatever the name; PostgreSQL via DATABASE_URL.
DATABASES = {"default": database_from_env(":memory:")}
# Static files from the apps' folders, as under `make run` (WhiteNoise; no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A failure to keep termijnen and counts current must fail the test, not only be logged.
MELDWIJZER_RAPPORTAGE_STRIKT = True
# Fixed public test keys: the suites never depend on the environment's keys.
MELDWIJZER_SLEUTELS = [MELDWIJZER_TEST_SLEUTEL]
MELDWIJZER_HMAC_SLEUTEL = MELDWIJZER_TEST_HMAC_SLEUTEL
MELDWIJZER_SLEUTELBESTANDEN = []  # typed in base
MELDWIJZER_BACKUP_SLEUTELS = [MELDWIJZER_TEST_BACKUP_SLEUTEL]
# One process per test run: the local-memory cache (the shared backends are tested on their own,
# gedeeld/tests, and across two nodes in tests/meerdere_nodes).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "database": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "terugval",
    },
}
