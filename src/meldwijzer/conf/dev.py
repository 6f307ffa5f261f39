"""Local development: `make run`. Demo accounts allowed, debug on, cookies over plain HTTP."""

import os

from meldwijzer.conf.base import *

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-onveilige-sleutel-niet-in-productie"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
MELDWIJZER_DEMO_TOEGESTAAN = True
# Public development keys, unless the environment sets its own (production refuses these).
MELDWIJZER_SLEUTELS = MELDWIJZER_SLEUTELS or [MELDWIJZER_DEV_SLEUTEL]
MELDWIJZER_HMAC_SLEUTEL = MELDWIJZER_HMAC_SLEUTEL or MELDWIJZER_DEV_HMAC_SLEUTEL
MELDWIJZER_BACKUP_SLEUTELS = MELDWIJZER_BACKUP_SLEUTELS or [MELDWIJZER_DEV_BACKUP_SLEUTEL]
# Reminders of termijnen are printed in the terminal, not sent (docs/handleiding-termijnen.md).
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
