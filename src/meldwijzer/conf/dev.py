"""Local development: `make run`. Demo accounts allowed, debug on, cookies over plain HTTP."""

import os

from meldwijzer.conf.base import *

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-onveilige-sleutel-niet-in-productie"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
MELDWIJZER_DEMO_TOEGESTAAN = True
