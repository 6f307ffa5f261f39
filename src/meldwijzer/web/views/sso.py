"""Logging in through the organisation's identity provider (OpenID Connect; accounts.sso).

``sso_inloggen`` sends the browser to the provider (mozilla-django-oidc's request view: state,
nonce and PKCE kept in the session). ``sso_terug`` receives the code, lets ``SsoBackend`` check
the ID token and map the groups, and then either logs in at once (the provider asserted a second
factor) or continues at Meldwijzer's own second step, as after a correct password. Every refusal
is a Dutch page and an ``Inloggebeurtenis`` with the reason; nothing is created.

The OpenID Connect stack (``accounts.sso``: mozilla-django-oidc, requests, PyJWT) is imported
inside the views, at the first SSO request: a worker of a Meldwijzer without SSO never loads it.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from meldwijzer.accounts.gebeurtenissen import leg_inlog_vast
from meldwijzer.accounts.models import Inloggebeurtenis, User
from meldwijzer.accounts.sso_instelling import sso_aan
from meldwijzer.accounts.tweestaps import heeft_tweestaps
from meldwijzer.web.views.auth import (
    IDBEWIJS_IN_SESSIE,
    IN_AFWACHTING,
    rond_inloggen_af,
    veilige_vervolg_url,
)

if TYPE_CHECKING:
    from meldwijzer.accounts.sso import SsoGeweigerd

logger = logging.getLogger(__name__)


def _niet_ingesteld(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Inloggen via uw organisatie is voor deze Meldwijzer niet ingesteld."))
    return redirect("web:inloggen")


def sso_inloggen(request: HttpRequest) -> HttpResponse:
    if not sso_aan():
        return _niet_ingesteld(request)
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    from mozilla_django_oidc.views import OIDCAuthenticationRequestView

    return OIDCAuthenticationRequestView.as_view()(request)


def sso_terug(request: HttpRequest) -> HttpResponse:
    if not sso_aan():
        return _niet_ingesteld(request)
    from meldwijzer.accounts.sso import SsoGeweigerd

    try:
        return _terug(request)
    except SsoGeweigerd as fout:
        return _geweigerd(request, fout)


def _terug(request: HttpRequest) -> HttpResponse:
    import requests

    from meldwijzer.accounts.sso import (
        BACKEND,
        SsoBackend,
        SsoGeweigerd,
        idp_apparaat,
        mfa_bij_provider,
        ongeldig_idbewijs,
    )

    if request.GET.get("error"):
        raise SsoGeweigerd(
            "provider: " + request.GET["error"][:60],
            _(
                "De identity provider van uw organisatie heeft het inloggen niet toegestaan. U "
                "bent niet ingelogd."
            ),
        )
    staat = request.GET.get("state", "")
    staten: dict[str, Any] = request.session.get("oidc_states") or {}
    gegevens = staten.pop(staat, None) if staat else None
    if not isinstance(gegevens, dict) or not request.GET.get("code"):
        raise ongeldig_idbewijs("state")
    request.session["oidc_states"] = staten  # used once: a replayed callback finds nothing
    vervolg = request.session.get("oidc_login_next")
    backend = SsoBackend()
    try:
        user = backend.authenticate(
            request, nonce=gegevens.get("nonce"), code_verifier=gegevens.get("code_verifier")
        )
    except SsoGeweigerd:
        raise
    except (SuspiciousOperation, requests.RequestException, ValueError, KeyError) as fout:
        logger.warning("SSO: exchange with the identity provider failed: %r", fout)
        raise ongeldig_idbewijs("uitwisseling met de provider mislukt") from fout
    if user is None or not user.is_active:
        raise ongeldig_idbewijs("geen account")
    claims = backend.claims
    id_token = backend.id_token
    mfa = mfa_bij_provider(claims)
    if mfa is not None:
        request.session.cycle_key()
        apparaat = idp_apparaat(user)
        doel = rond_inloggen_af(
            request,
            user,
            apparaat,
            {"backend": BACKEND, "next": veilige_vervolg_url(request, vervolg), "via": "sso"},
            tweede_factor=mfa,
        )
        _bewaar_id_token(request, id_token)
        return redirect(doel)
    # No second factor asserted: Meldwijzer's own second step, as after a correct password.
    request.session.cycle_key()
    request.session[IN_AFWACHTING] = {
        "user": user.pk,
        "tijd": time.time(),
        "backend": BACKEND,
        "next": veilige_vervolg_url(request, vervolg),
        "via": "sso",
    }
    _bewaar_id_token(request, id_token)
    if heeft_tweestaps(user):
        return redirect("web:inloggen_code")
    return redirect("web:tweestaps_instellen")


def _bewaar_id_token(request: HttpRequest, id_token: str | None) -> None:
    """The ID token, for logging out at the provider too (``id_token_hint``), if configured."""
    if id_token and settings.MELDWIJZER_SSO_UITLOGGEN:
        request.session[IDBEWIJS_IN_SESSIE] = id_token


def _geweigerd(request: HttpRequest, fout: SsoGeweigerd) -> HttpResponse:
    claims = fout.claims
    sub = str(claims.get("sub", ""))
    naam = str(claims.get("preferred_username") or claims.get("email") or sub)
    leg_inlog_vast(
        Inloggebeurtenis.Soort.SSO_GEWEIGERD,
        request=request,
        user=None,
        gebruikersnaam=naam,
        reden=fout.reden,
        via="sso",
    )
    request.session.pop(IN_AFWACHTING, None)
    return render(
        request,
        "account/sso_geweigerd.html",
        {"bericht": fout.bericht, "idp": settings.MELDWIJZER_SSO_NAAM},
        status=403,
    )


def gebruiker_via_sso(user: User) -> bool:
    return user.sso_identiteiten.exists()
