"""Production: secrets and hosts from the environment, HTTPS only, secure cookies, no demo.

Everything else that protects (two factors, lockout, session timeouts, the Content-Security-
Policy) is in base.py and holds in every environment alike.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from meldwijzer.backup.versleuteling import backup_sleutels
from meldwijzer.conf.base import *
from meldwijzer.sleutels.crypto import SleutelFout, lees_sleutel, sleutelset

DEBUG = False
# Secrets come only from the environment. The app refuses to start with a missing, short or
# known key: the keys of dev.py and test.py are public, and so is anything that says it is one.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ONVEILIGE_SLEUTELS = ("dev-only", "test-only", "onveilig", "insecure", "changeme", "secret")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "Zet SECRET_KEY in de omgeving: een willekeurige tekst van ten minste 32 tekens, "
        "bijvoorbeeld uit: python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
if any(woord in SECRET_KEY.lower() for woord in ONVEILIGE_SLEUTELS) or len(set(SECRET_KEY)) < 10:
    raise ImproperlyConfigured(
        "SECRET_KEY is een voorbeeld- of standaardsleutel en dus niet geheim. Zet een eigen "
        "willekeurige sleutel in de omgeving: python -c 'import secrets; "
        "print(secrets.token_urlsafe(50))'."
    )
# The encryption keys likewise: present, 256 bits each, and not the public dev or test keys.
MELDWIJZER_SLEUTELS = sleutels_uit_omgeving()
MELDWIJZER_HMAC_SLEUTEL = os.environ.get("MELDWIJZER_HMAC_SLEUTEL", "").strip()
_OPENBARE_SLEUTELS = {
    MELDWIJZER_DEV_SLEUTEL,
    MELDWIJZER_DEV_HMAC_SLEUTEL,
    MELDWIJZER_TEST_SLEUTEL,
    MELDWIJZER_TEST_HMAC_SLEUTEL,
}
if not MELDWIJZER_HMAC_SLEUTEL:
    raise ImproperlyConfigured(
        "Zet MELDWIJZER_HMAC_SLEUTEL in de omgeving (voor de hashketen van de audittrail en de "
        "zoekindex); maak een sleutel met: meldwijzer sleutels nieuw"
    )
try:
    sleutelset(MELDWIJZER_SLEUTELS)
    lees_sleutel(MELDWIJZER_HMAC_SLEUTEL, "MELDWIJZER_HMAC_SLEUTEL")
except SleutelFout as fout:
    raise ImproperlyConfigured(str(fout)) from fout
if _OPENBARE_SLEUTELS & {*MELDWIJZER_SLEUTELS, MELDWIJZER_HMAC_SLEUTEL}:
    raise ImproperlyConfigured(
        "MELDWIJZER_SLEUTELS of MELDWIJZER_HMAC_SLEUTEL bevat een openbare ontwikkel- of "
        "testsleutel. Zet eigen sleutels in de omgeving; maak ze met: meldwijzer sleutels nieuw"
    )
# The backup key is optional here (``meldwijzer backup`` refuses to run without it), but never a
# public one, and never one of the other keys.
if MELDWIJZER_BACKUP_SLEUTELS:
    try:
        backup_sleutels(MELDWIJZER_BACKUP_SLEUTELS)
    except SleutelFout as fout:
        raise ImproperlyConfigured(str(fout)) from fout
if {MELDWIJZER_DEV_BACKUP_SLEUTEL, MELDWIJZER_TEST_BACKUP_SLEUTEL} & set(
    MELDWIJZER_BACKUP_SLEUTELS
):
    raise ImproperlyConfigured(
        "MELDWIJZER_BACKUP_SLEUTEL is een openbare ontwikkel- of testsleutel. Zet een eigen "
        "sleutel in de omgeving; maak hem met: meldwijzer sleutels nieuw"
    )
if set(MELDWIJZER_BACKUP_SLEUTELS) & {*MELDWIJZER_SLEUTELS, MELDWIJZER_HMAC_SLEUTEL}:
    raise ImproperlyConfigured(
        "MELDWIJZER_BACKUP_SLEUTEL is ook een omgevings- of HMAC-sleutel: gebruik voor elk doel "
        "een eigen sleutel (meldwijzer sleutels nieuw)."
    )
if MELDWIJZER_HMAC_SLEUTEL in MELDWIJZER_SLEUTELS:
    raise ImproperlyConfigured(
        "MELDWIJZER_HMAC_SLEUTEL is ook een omgevingssleutel: gebruik voor elk doel een eigen "
        "sleutel (meldwijzer sleutels nieuw)."
    )
SECRET_KEY_FALLBACKS = [
    k for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if len(k.strip()) >= 32
]
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# The cache is shared by every process and node: Redis (REDIS_URL) or the database cache, from
# base.py. The system check meldwijzer.E001 refuses a cache of one process or one machine here.
MELDWIJZER_GEDEELDE_CACHE_VEREIST = True

# Demo accounts are refused here: the command will not create them and they cannot log in.
MELDWIJZER_DEMO_TOEGESTAAN = False

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preload is a lasting commitment to HTTPS for the whole domain; switch off per deployment.
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "true").lower() != "false"

# Reminders (docs/deploy.md, 'Herinneringen: precies één keer'): a claim must outlast the longest
# one e-mail can wait on the mail server, or a run still sending could be overtaken and a reminder
# sent twice. Both come from the environment (base.py).
if MELDWIJZER_HERINNERING_CLAIM_VERVALT_NA < 10 * EMAIL_TIMEOUT:
    raise ImproperlyConfigured(
        f"MELDWIJZER_HERINNERING_CLAIM_VERVALT_NA ({MELDWIJZER_HERINNERING_CLAIM_VERVALT_NA:g} s) "
        f"moet ten minste tien keer EMAIL_TIMEOUT ({EMAIL_TIMEOUT:g} s) zijn: zo lang kan één "
        "e-mail op de mailserver wachten. Verhoog de eerste of verlaag de tweede (docs/deploy.md)."
    )

# Single sign-on (docs/sso.md): when configured, complete and over HTTPS only — the ID token and
# the client secret never travel in the clear.
if MELDWIJZER_SSO_ISSUER:
    _sso = {
        "MELDWIJZER_OIDC_ISSUER": MELDWIJZER_SSO_ISSUER,
        "MELDWIJZER_OIDC_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
        "MELDWIJZER_OIDC_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
        "MELDWIJZER_OIDC_USERINFO_ENDPOINT": OIDC_OP_USER_ENDPOINT,
        "MELDWIJZER_OIDC_JWKS_URI": OIDC_OP_JWKS_ENDPOINT or "",
    }
    _fout = [naam for naam, url in _sso.items() if not url.startswith("https://")]
    if _fout or not OIDC_RP_CLIENT_ID or not OIDC_RP_CLIENT_SECRET:
        raise ImproperlyConfigured(
            "Inloggen via de organisatie (MELDWIJZER_OIDC_ISSUER) is onvolledig ingesteld: zet "
            "MELDWIJZER_OIDC_CLIENT_ID en MELDWIJZER_OIDC_CLIENT_SECRET, en een https-adres in "
            + (", ".join(_fout) or "elk adres")
            + " (docs/sso.md)."
        )
