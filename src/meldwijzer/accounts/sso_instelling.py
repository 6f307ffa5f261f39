"""Whether single sign-on is configured (docs/sso.md).

Kept apart from ``accounts.sso`` on purpose: the login page asks this on every request, and
``accounts.sso`` loads the OpenID Connect stack (mozilla-django-oidc, requests, urllib3, PyJWT;
~7 MB per worker) that a Meldwijzer without SSO never needs. Only the SSO views import it, at
their first use (web.views.sso).
"""

from __future__ import annotations

from django.conf import settings


def sso_aan() -> bool:
    return bool(settings.MELDWIJZER_SSO_ISSUER and settings.OIDC_RP_CLIENT_ID)
