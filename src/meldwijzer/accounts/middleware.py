"""Request plumbing of accounts: the session rules, and the active membership on the request."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from meldwijzer.accounts.gebeurtenissen import leg_inlog_vast
from meldwijzer.accounts.models import Inloggebeurtenis
from meldwijzer.accounts.selectors import lidmaatschap_en_aantal
from meldwijzer.gedeeld import rijen

SESSIE_SLEUTEL = "meldwijzer_organisatie"
SESSIE_BEGIN = "meldwijzer_sessie_begin"
SESSIE_LAATST = "meldwijzer_sessie_laatst"
# The last-activity mark is written at most this often (a session write per request otherwise).
SESSIE_BIJWERKEN_NA = 60


def start_sessie(request: HttpRequest) -> None:
    """Mark the start of a fully logged-in session (both factors): the absolute timeout counts
    from here."""
    nu = time.time()
    request.session[SESSIE_BEGIN] = nu
    request.session[SESSIE_LAATST] = nu


class TweedeFactorMiddleware(OTPMiddleware):
    """django-otp's middleware, with the device that verified the session read by a fixed
    statement (ADR 0031) instead of an ORM query: every logged-in request reads it, and building
    that query cost more than the rest of the check. The device is read on every request as
    before, so a removed or unconfirmed device, or one of another user, ends the session at the
    next request (django-otp's own check, ``_finalize_device``, still decides)."""

    def _device_from_persistent_id(self, persistent_id: str) -> Device | None:
        # As Device.from_persistent_id: "<app>.<model>/<id>", of a device model, else none.
        label, _, nummer = self._normalize_persistent_id(persistent_id).rpartition("/")
        try:
            model = apps.get_model(label)
            sleutel = int(nummer)
        except (ValueError, LookupError):
            return None
        if not issubclass(model, Device):
            return None
        gevonden = rijen.lees(model, "id = %s", [sleutel], volgorde="id", limiet=1)
        return gevonden[0] if gevonden else None


class SessieMiddleware:
    """The session rules of docs/security.md, on every request:

    - a session is logged in only with both factors: one that is authenticated without a verified
      second factor (``django_otp``) is ended;
    - a session whose account was disabled, or whose sessions were ended (``sessie_versie``; Django
      already ends it when the stored hash no longer matches) is flushed server-side;
    - idle timeout (``MELDWIJZER_SESSIE_INACTIEF``) and absolute timeout
      (``MELDWIJZER_SESSIE_MAXIMAAL``) end the session server-side;
    - every response gets ``Cache-Control: no-store`` (pages of a logged-in user hold casus or
      personal data; a shared computer's cache must keep none) and a Permissions-Policy.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        antwoord = self._controleer(request) or self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(antwoord)
        antwoord.headers.setdefault("Permissions-Policy", settings.MELDWIJZER_PERMISSIONS_POLICY)
        return antwoord

    def _controleer(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        sessie = request.session
        if not user.is_authenticated:
            if SESSION_KEY in sessie:
                # Authenticated once, but the account is now disabled (or gone): end it here.
                sessie.flush()
                return self._naar_inloggen(request, "beeindigd")
            return None
        if not user.is_verified():  # type: ignore[attr-defined]
            logout(request)
            return self._naar_inloggen(request, "")
        nu = time.time()
        begin = sessie.get(SESSIE_BEGIN)
        laatst = sessie.get(SESSIE_LAATST, begin)
        if begin is None or laatst is None:
            start_sessie(request)
            return None
        if (
            nu - begin > settings.MELDWIJZER_SESSIE_MAXIMAAL
            or nu - laatst > settings.MELDWIJZER_SESSIE_INACTIEF
        ):
            leg_inlog_vast(
                Inloggebeurtenis.Soort.SESSIE_VERLOPEN,
                request=request,
                user=user,
                inactief=round(nu - laatst),
                totaal=round(nu - begin),
            )
            logout(request)
            return self._naar_inloggen(request, "verlopen")
        if nu - laatst >= SESSIE_BIJWERKEN_NA:
            sessie[SESSIE_LAATST] = nu
        return None

    @staticmethod
    def _naar_inloggen(request: HttpRequest, reden: str) -> HttpResponse:
        query: dict[str, str] = {}
        if reden:
            query["reden"] = reden
        if request.method == "GET":
            query["next"] = request.get_full_path()
        url = reverse(settings.LOGIN_URL)
        return HttpResponseRedirect(f"{url}?{urlencode(query)}" if query else url)


class MembershipMiddleware:
    """Puts the user's active membership (organisation and role) on ``request.membership``, and
    how many active memberships the user has on ``request.aantal_lidmaatschappen`` (the menu
    offers another organisation when there are several), from one query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership, aantal = None, 0
        if request.user.is_authenticated:
            membership, aantal = lidmaatschap_en_aantal(
                request.user, request.session.get(SESSIE_SLEUTEL)
            )
        request.membership = membership  # type: ignore[attr-defined]
        request.aantal_lidmaatschappen = aantal  # type: ignore[attr-defined]
        return self.get_response(request)
