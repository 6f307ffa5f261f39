"""Settings shared by every environment.

The embedded default is SQLite in WAL mode in ``./data`` (or ``MELDWIJZER_DATA_DIR``), set up for
several app processes: immediate transactions and a busy timeout, so concurrent writers wait
instead of failing with "database is locked". ``synchronous=FULL``: in WAL mode NORMAL survives a
killed process but may lose the last commits at a power cut or an OS crash; FULL syncs the WAL at
every commit, so a write the app answered with success is on disk (docs/deploy.md, crash safety).
``DATABASE_URL`` selects another database (PostgreSQL with psycopg 3), with persistent
connections: without them every request pays the connection handshake (MACHINE-NOTES).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import urllib.parse
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.contrib.messages import constants as berichtniveaus
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/meldwijzer
BASE_DIR = Path(os.environ.get("MELDWIJZER_BASE_DIR", Path.cwd())).resolve()
DATA_DIR = Path(os.environ.get("MELDWIJZER_DATA_DIR", BASE_DIR / "data")).resolve()

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

# Demo organisation and accounts: only where an environment allows them explicitly.
MELDWIJZER_DEMO_TOEGESTAAN = False

# Encryption at rest (docs/security.md, 'Sleutelbeheer'). MELDWIJZER_SLEUTELS: the environment
# keys (base64, 256 bits), comma-separated, the first wraps new data keys and the rest are only
# read during a rotation (``meldwijzer sleutels roteer``); MELDWIJZER_SLEUTEL for a single one.
# MELDWIJZER_HMAC_SLEUTEL: the secret for the audit hash chain and the blind index. The public
# development and test keys below are refused in production.
MELDWIJZER_DEV_SLEUTEL = "Cj9mxH8wl-358-1lanXw9MpupUskz6L1Fwr2ky2e6jo"
MELDWIJZER_DEV_HMAC_SLEUTEL = "HSfPVmDmfT-E4BOHSYELH2H5fRi3PaA34MxQ_oq_RnE"
MELDWIJZER_TEST_SLEUTEL = "X-1XXRSYjqxlhQFSpkXqOxwB8nxN0Hs4KiRPGX0CiLk"
MELDWIJZER_TEST_HMAC_SLEUTEL = "ERTjKXthVeOB_YEkYjTWiRyxlAx1vnw8qEtpl-cfqmA"


def sleutels_uit_omgeving() -> list[str]:
    meerdere = os.environ.get("MELDWIJZER_SLEUTELS", "").replace(",", " ").split()
    enkel = os.environ.get("MELDWIJZER_SLEUTEL", "").strip()
    return meerdere or ([enkel] if enkel else [])


MELDWIJZER_SLEUTELS: list[str] = sleutels_uit_omgeving()
MELDWIJZER_HMAC_SLEUTEL = os.environ.get("MELDWIJZER_HMAC_SLEUTEL", "").strip()
# Key files kept beside database backups (paths or globs, separated by the path separator):
# retention removes destroyed data keys from each of them.
MELDWIJZER_SLEUTELBESTANDEN = [
    p for p in os.environ.get("MELDWIJZER_SLEUTELBESTANDEN", "").split(os.pathsep) if p.strip()
]
# Backups (``meldwijzer backup``; docs/deploy.md): the key that encrypts snapshots (base64, 256
# bits; several comma-separated while changing it, the first encrypts). Kept apart from the
# backups and from MELDWIJZER_SLEUTELS. The public development and test keys are refused in
# production.
MELDWIJZER_DEV_BACKUP_SLEUTEL = "mQ0ZJ0o3h3oJ8rO7dS0g5bA6x4Lk1u2cT9vE8yW3nPs"
MELDWIJZER_TEST_BACKUP_SLEUTEL = "7kP2sV9qL4mX1cR8tZ6bN3wY0hD5fJ2gA9eU4iO7rTs"
MELDWIJZER_BACKUP_SLEUTELS: list[str] = (
    os.environ.get("MELDWIJZER_BACKUP_SLEUTEL", "").replace(",", " ").split()
)
# The periodic jobs (``meldwijzer taken``, docs/deploy.md 'Periodieke taken'): where the nightly
# backup writes its snapshots and key files (both set: the backup job runs; either empty: it is
# skipped), and where the chain heads go (copy them off the machine).
MELDWIJZER_BACKUP_MAP = os.environ.get("MELDWIJZER_BACKUP_MAP", "").strip()
MELDWIJZER_BACKUP_SLEUTELMAP = os.environ.get("MELDWIJZER_BACKUP_SLEUTELMAP", "").strip()
MELDWIJZER_KETENKOPPEN_MAP = os.environ.get("MELDWIJZER_KETENKOPPEN_MAP", "").strip() or str(
    DATA_DIR / "ketenkoppen"
)
# Where pg_dump, pg_restore and psql live (PostgreSQL 15's client, as the server's major version).
MELDWIJZER_PG_BIN = os.environ.get("MELDWIJZER_PG_BIN", "/usr/lib/postgresql/15/bin")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "meldwijzer.gedeeld",
    "meldwijzer.taken",
    "meldwijzer.accounts",
    "meldwijzer.sleutels",
    "meldwijzer.audit",
    "meldwijzer.catalogus",
    "meldwijzer.dossier",
    "meldwijzer.rapportage",
    "meldwijzer.socialekaart",
    "meldwijzer.meldcode",
    "meldwijzer.oefenen",
    "meldwijzer.web",
    "meldwijzer.applicaties",
    "meldwijzer.api",
]

MIDDLEWARE = [
    # A request under /api/ is resolved with the URLconf that holds the API (meldwijzer.api.adres).
    "meldwijzer.api.adres.ApiAdresMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files served by the app itself (WhiteNoise), right after the security headers:
    # `make run`, and a node without nginx in front (docs/deploy.md serves /static/ by nginx).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Under /api/: an error Django answers itself (unknown address, wrong method, unreadable
    # body, server error) becomes the API's JSON error in the client's language.
    "meldwijzer.api.adres.JsonFoutMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's, reading the session's device by a fixed statement: accounts/middleware.py.
    "meldwijzer.accounts.middleware.TweedeFactorMiddleware",
    # Two factors, idle and absolute timeouts, ended sessions, no-store: accounts/middleware.py.
    "meldwijzer.accounts.middleware.SessieMiddleware",
    "meldwijzer.accounts.middleware.MembershipMiddleware",
    # The access log (NEN 7513): one record per request to casus data or the log (audit/toegang.py).
    "meldwijzer.audit.toegang.ToegangMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a lockout into the Dutch lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "meldwijzer.conf.urls"
WSGI_APPLICATION = "meldwijzer.conf.wsgi.application"


def _pakketmap(naam: str) -> Path:
    """A package's folder, found without importing the package."""
    spec = importlib.util.find_spec(naam)
    if spec is None or spec.origin is None:
        raise ImproperlyConfigured(f"Het pakket {naam} is niet geïnstalleerd.")
    return Path(spec.origin).parent


NINJA_MAP = _pakketmap("ninja")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # django-ninja's Swagger UI page, from its package, without making it an installed app:
        # that would import ninja and pydantic in every worker at start (meldwijzer.api.adres).
        "DIRS": [NINJA_MAP / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "meldwijzer.web.context_processors.meldwijzer",
            ],
        },
    },
]


def sqlite_database(path: Path | str) -> dict[str, object]:
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # One connection per worker, kept: opening one costs a file open and three PRAGMAs on
        # every request (docs/performance.md, "Waar de milliseconden heen gaan").
        "CONN_MAX_AGE": None,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # secure_delete: deleted rows are overwritten, whatever SQLite's build default
            # (docs/adr/0012-wissen-door-sleutelrotatie.md).
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;"
            ),
        },
    }


def database_from_env(default_sqlite: Path | str) -> dict[str, object]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return sqlite_database(default_sqlite)
    if url.startswith("sqlite:"):
        config: dict[str, object] = dict(dj_database_url.parse(url))
        return sqlite_database(str(config["NAME"]))
    pool = os.environ.get("MELDWIJZER_DB_POOL", "").strip()
    if not pool:
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    # Django's psycopg pool instead of one persistent connection per worker (docs/performance.md,
    # 'Verbindingen': measured, and not the default).
    if not (pool.isdigit() and 1 <= int(pool) <= 100):
        raise ImproperlyConfigured(
            f"MELDWIJZER_DB_POOL is '{pool}': geef het grootste aantal verbindingen per proces "
            "(1 tot 100), of laat het leeg voor blijvende verbindingen (docs/deploy.md)."
        )
    config = dict(dj_database_url.parse(url, conn_max_age=0))
    opties = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
    opties["pool"] = {"min_size": 1, "max_size": int(pool), "timeout": 10}
    config["OPTIONS"] = opties
    return config


DATABASES = {"default": database_from_env(DATA_DIR / "meldwijzer.sqlite3")}


def redis_url_gecontroleerd(url: str) -> str:
    """REDIS_URL as given, or a Dutch message naming what to change (the password left out)."""
    delen = urllib.parse.urlsplit(url)
    getoond = url.replace(f":{delen.password}@", ":…@") if delen.password else url
    try:
        poort_goed = delen.port is None or delen.port > 0
    except ValueError:
        poort_goed = False
    if delen.scheme == "unix":
        goed = bool(delen.path)
    else:
        db = delen.path.lstrip("/")
        goed = (
            delen.scheme in ("redis", "rediss")
            and bool(delen.hostname)
            and poort_goed
            and (db == "" or db.isdigit())
        )
    if not goed:
        raise ImproperlyConfigured(
            f"REDIS_URL is '{getoond}': geef het adres van Redis als redis://HOST:6379/0, "
            "rediss://HOST:6380/0 (met TLS) of unix:///run/redis/redis.sock, of laat REDIS_URL "
            "leeg voor de databasecache (docs/deploy.md, 'Redis')."
        )
    return url


def caches_uit_omgeving(redis_url: str) -> dict[str, dict[str, object]]:
    """One cache for every process and node (docs/adr/0020): Redis when REDIS_URL is set, else
    Django's database cache (its table comes with the migrations). ``database`` is always the
    database cache: where the Redis cache counts when Redis does not answer (gedeeld.cache)."""
    database: dict[str, object] = {
        "BACKEND": "meldwijzer.gedeeld.cache.Databasecache",
        "LOCATION": "meldwijzer_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
    if not redis_url:
        return {"default": database, "database": database}
    redis: dict[str, object] = {
        "BACKEND": "meldwijzer.gedeeld.cache.RedisMetTerugval",
        "LOCATION": redis_url_gecontroleerd(redis_url),
        "TERUGVAL": "database",
        # A Redis that does not answer costs at most this long before the fallback serves.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
    }
    return {"default": redis, "database": database}


REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES = caches_uit_omgeving(REDIS_URL)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out username before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "meldwijzer.accounts.backends.MeldwijzerBackend",
]
LOGIN_URL = "web:inloggen"
LOGIN_REDIRECT_URL = "web:start"
LOGOUT_REDIRECT_URL = "web:inloggen"

# Argon2id for every new or changed password (RFC 9106's 64 MiB parameters, accounts/hashers.py);
# PBKDF2 only verifies (and upgrades) older hashes.
PASSWORD_HASHERS = [
    "meldwijzer.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Long passphrases welcome (no maximum, no composition rules, no forced rotation: NIST SP
# 800-63B, ASVS V2.1); a minimum length and a check against common and guessable passwords.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Two-factor login (django-otp, TOTP) is required for every role; there is deliberately no
# setting that turns it off (docs/security.md). The issuer names the app in authenticator apps.
OTP_TOTP_ISSUER = "Meldwijzer"
# A login that passed the password but not yet the second factor, in seconds.
MELDWIJZER_TWEESTAPS_GELDIG = 5 * 60

# Lockout after repeated failures (django-axes): passwords and second-factor codes both count.
# Locked per username, so an attacker spreading guesses over many addresses is stopped too; a
# locked account opens again after the cool-off or when a beheerder unlocks it.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/geblokkeerd.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_SENSITIVE_PARAMETERS = ["password", "code", "herstelcode"]
AXES_VERBOSE = False
# axes.W006 asks for the IP address among the lockout parameters, because a lockout on the user
# agent or a cookie can be dodged by changing them. Ours is on the username, which rotating
# neither dodges; locking an address would lock out a whole hospital behind one NAT address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# One date style in both languages: "5 december 2026" and "5 december 2026, 14:05"
# (meldwijzer/conf/formats; docs/ontwikkelen.md, 'Datums').
FORMAT_MODULE_PATH = ["meldwijzer.conf.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# Swagger UI's scripts and styles as django-ninja ships them (/static/ninja/…; no CDN).
STATICFILES_DIRS = [NINJA_MAP / "static"]

# Sessions: a new id at every login (django.contrib.auth.login), ended server-side at logout, at
# the idle and the absolute timeout, and at once when the account is disabled (SessieMiddleware).
MELDWIJZER_SESSIE_INACTIEF = 30 * 60  # idle timeout, seconds
MELDWIJZER_SESSIE_MAXIMAAL = 12 * 60 * 60  # absolute timeout, seconds
# The store keeps a session two minutes beyond the idle timeout, so SessieMiddleware (which enforces
# it to the second) ends it first, with a message; the store's expiry is the backstop.
SESSION_COOKIE_AGE = MELDWIJZER_SESSIE_INACTIEF + 120
# Django's database sessions, the session read by a fixed statement (accounts.sessies).
SESSION_ENGINE = "meldwijzer.accounts.sessies"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "meldwijzer.web.views.auth.csrf_fout"

# A message's level becomes its class (notificatie--<tag>): the stylesheet names the warning
# "waarschuwing", as the pages' own warnings do.
MESSAGE_TAGS = {berichtniveaus.WARNING: "waarschuwing"}

# Headers. The pages ship no script and no inline style, so the policy needs no 'unsafe-inline'.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [NONE],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
MELDWIJZER_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Casussen per page in lists (every list is paginated: DESIGN.md, 'Data and scale').
MELDWIJZER_PAGINA_GROOTTE = 25


def seconden_uit_omgeving(naam: str, standaard: float) -> float:
    """A number of seconds from the environment, or a Dutch message naming what to change."""
    tekst = os.environ.get(naam, "").strip()
    if not tekst:
        return standaard
    try:
        waarde = float(tekst)
    except ValueError:
        waarde = 0.0
    if not 0 < waarde < 10**7:
        raise ImproperlyConfigured(
            f"{naam} is '{tekst}': geef een aantal seconden groter dan 0, bijvoorbeeld "
            f"{standaard:g} (docs/deploy.md)."
        )
    return waarde


def aantal_uit_omgeving(naam: str, standaard: int, *, minimaal: int = 1) -> int:
    """A whole number from the environment, or a Dutch message naming what to change."""
    tekst = os.environ.get(naam, "").strip()
    if not tekst:
        return standaard
    if not (tekst.isdigit() and minimaal <= int(tekst) < 10**7):
        raise ImproperlyConfigured(
            f"{naam} is '{tekst}': geef een geheel getal van ten minste {minimaal}, bijvoorbeeld "
            f"{standaard} (docs/deploy.md)."
        )
    return int(tekst)


# Failed passwords and codes per client address before login from that address is slowed
# (accounts.adresrem, docs/security.md § 2): spraying many usernames from one address; never
# locks an account.
MELDWIJZER_INLOGADRES_LIMIET = aantal_uit_omgeving("MELDWIJZER_INLOGADRES_LIMIET", 30)
MELDWIJZER_INLOGADRES_VENSTER = int(seconden_uit_omgeving("MELDWIJZER_INLOGADRES_VENSTER", 900))
# The client's address: REMOTE_ADDR, or behind this many reverse proxies that each append the
# address they saw to X-Forwarded-For (nginx: $proxy_add_x_forwarded_for) the entry the outermost
# one appended. gunicorn does not put a forwarded address in REMOTE_ADDR; on its Unix socket
# REMOTE_ADDR is empty (docs/deploy.md).
MELDWIJZER_PROXY_AANTAL = aantal_uit_omgeving("MELDWIJZER_PROXY_AANTAL", 0, minimaal=0)

# Termijnen and reminders (docs/handleiding-termijnen.md). E-mail goes through Django's backend,
# SMTP from the environment; the links in it point at MELDWIJZER_BASIS_URL.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "").lower() in ("1", "true", "ja")
# Every wait on the mail server (connect, each reply) ends after this many seconds: a server that
# accepts the connection and then says nothing costs the reminder run one timeout per e-mail, and
# after a few in a row the run stops trying (docs/deploy.md, 'Herinneringen: precies één keer').
EMAIL_TIMEOUT = seconden_uit_omgeving("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Meldwijzer <meldwijzer@localhost>")
MELDWIJZER_BASIS_URL = os.environ.get("MELDWIJZER_BASIS_URL", "http://127.0.0.1:8000")
# Working days before its due date that a termijn counts as 'binnenkort' and is reminded of.
MELDWIJZER_HERINNERING_WERKDAGEN_VOORAF = 5
# A reminder is claimed just before its e-mail goes out and marked sent when the mail server
# accepted it. The claim of a run that died (SIGKILL, a power cut) is taken over by a later run
# once it is this many seconds old: longer than one e-mail can take, so a run still sending is
# never overtaken. Production refuses less than ten times EMAIL_TIMEOUT: one e-mail waits on the
# server at most about ten times (connect, greeting, EHLO, STARTTLS, login, MAIL, RCPT, DATA, the
# message, its acceptance).
MELDWIJZER_HERINNERING_CLAIM_VERVALT_NA = seconden_uit_omgeving(
    "MELDWIJZER_HERINNERING_CLAIM_VERVALT_NA", 3600
)
# Lengths the dossier does not record itself, per soort: (aantal, "werkdagen" | "dagen" |
# "weken" | "maanden"). Defaults in rapportage/termijnen.py: beslissing_2 10 werkdagen,
# spoedmelding 5 werkdagen.
MELDWIJZER_TERMIJNEN: dict[str, tuple[int, str]] = {}

# Single sign-on with the organisation's identity provider (OpenID Connect, docs/sso.md). Off
# unless MELDWIJZER_OIDC_ISSUER is set; the password login stays available beside it.
MELDWIJZER_SSO_ISSUER = os.environ.get("MELDWIJZER_OIDC_ISSUER", "").strip().rstrip("/")
# The name on the login button: "Inloggen met <naam>".
MELDWIJZER_SSO_NAAM = os.environ.get("MELDWIJZER_OIDC_NAAM", "").strip() or "uw organisatie"
# The claim with the user's groups, and which group gives which role in which organisation:
# JSON {"<groep>": {"organisatie": "<naam of id>", "rol": "<rol>"}} (docs/sso.md).
MELDWIJZER_SSO_GROEPEN_CLAIM = os.environ.get("MELDWIJZER_OIDC_GROEPEN_CLAIM", "groups").strip()


def sso_groepen(tekst: str) -> dict[str, dict[str, object]]:
    """MELDWIJZER_OIDC_GROEPEN read, or a Dutch message naming what to change."""
    try:
        groepen = json.loads(tekst or "{}")
    except json.JSONDecodeError as fout:
        raise ImproperlyConfigured(
            f"MELDWIJZER_OIDC_GROEPEN is geen geldige JSON ({fout.msg}, positie {fout.pos}); "
            'verwacht {"<groep>": {"organisatie": "<naam of id>", "rol": "<rol>"}} (docs/sso.md).'
        ) from None
    if not isinstance(groepen, dict) or not all(isinstance(v, dict) for v in groepen.values()):
        raise ImproperlyConfigured(
            'MELDWIJZER_OIDC_GROEPEN moet een object zijn: {"<groep>": {"organisatie": '
            '"<naam of id>", "rol": "<rol>"}} (docs/sso.md).'
        )
    return groepen


MELDWIJZER_SSO_GROEPEN = sso_groepen(os.environ.get("MELDWIJZER_OIDC_GROEPEN", ""))
# The second factor counts as done at the provider only when its ID token says so: one of these
# `amr` values (RFC 8176) or one of these `acr` values. Otherwise Meldwijzer asks its own code.
MELDWIJZER_SSO_MFA_AMR = tuple(
    os.environ.get("MELDWIJZER_OIDC_MFA_AMR", "mfa otp hwk").replace(",", " ").split()
)
MELDWIJZER_SSO_MFA_ACR = tuple(
    os.environ.get("MELDWIJZER_OIDC_MFA_ACR", "").replace(",", " ").split()
)
MELDWIJZER_SSO_UITLOGGEN = os.environ.get("MELDWIJZER_OIDC_END_SESSION_ENDPOINT", "").strip()
# mozilla-django-oidc's own settings (it exchanges the code, fetches the JWKS and checks the
# nonce; accounts.sso adds the issuer, audience and expiry checks).
OIDC_RP_CLIENT_ID = os.environ.get("MELDWIJZER_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("MELDWIJZER_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("MELDWIJZER_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("MELDWIJZER_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("MELDWIJZER_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("MELDWIJZER_OIDC_JWKS_URI", "") or None
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = os.environ.get("MELDWIJZER_OIDC_SCOPES", "openid email profile")
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "web:sso_terug"
if MELDWIJZER_SSO_ISSUER:
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "meldwijzer.accounts.sso.SsoBackend"]
# The REST API (docs/api.md): calls per application token per minute, counted in the shared
# cache (gedeeld.teller), so across every process and node together.
MELDWIJZER_API_LIMIET = os.environ.get("MELDWIJZER_API_LIMIET", "120/min")
# Longest validity of an application token, in days.
MELDWIJZER_API_TOKEN_MAX_DAGEN = 365
# Approving an application on Mijn account asks for a fresh code from the user's own app; a user
# without one (single sign-on) must have logged in at most this long ago (docs/adr/0010).
MELDWIJZER_GOEDKEUREN_BINNEN = dt.timedelta(minutes=10)
NINJA_PAGINATION_PER_PAGE = 25
NINJA_MAX_PER_PAGE_SIZE = 100
