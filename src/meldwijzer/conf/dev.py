"""Local development: `make run`. Demo accounts allowed, cookies over plain HTTP.

A first run shows the product as its users see it: the app's own error pages (a 404 is
templates/404.html), static files through WhiteNoise. Django's debug pages only on request:
``MELDWIJZER_DEBUG=1 make run`` (docs/ontwikkelen.md).
"""

import os

from meldwijzer.conf.base import *

DEBUG = os.environ.get("MELDWIJZER_DEBUG", "").strip().lower() in ("1", "true", "ja")
# Static files straight from the apps' folders, without collectstatic, and runserver leaves
# them to WhiteNoise also when DEBUG is on.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-onveilige-sleutel-niet-in-productie"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
MELDWIJZER_DEMO_TOEGESTAAN = True
# Public development keys, unless the environment sets its own (production refuses these).
MELDWIJZER_SLEUTELS = MELDWIJZER_SLEUTELS or [MELDWIJZER_DEV_SLEUTEL]
MELDWIJZER_HMAC_SLEUTEL = MELDWIJZER_HMAC_SLEUTEL or MELDWIJZER_DEV_HMAC_SLEUTEL
MELDWIJZER_BACKUP_SLEUTELS = MELDWIJZER_BACKUP_SLEUTELS or [MELDWIJZER_DEV_BACKUP_SLEUTEL]
# Reminders of termijnen are printed in the terminal, not sent (docs/handleiding-termijnen.md).
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
