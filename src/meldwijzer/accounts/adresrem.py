"""Slowing password spraying per client address (docs/security.md § 2, "Inloggen").

django-axes locks a *username* after five failures; someone who tries one common password on
many usernames never reaches that. So every failure axes counts — a wrong password at the login,
a wrong code at the second step, a wrong current password on Mijn account — is also counted per
client address (an IPv6 address by its /64 network, which one client can fill at will) in the
cache: at ``MELDWIJZER_INLOGADRES_LIMIET`` failures within the last
``MELDWIJZER_INLOGADRES_VENSTER`` seconds (a sliding window), the login steps from that address
answer 429 **without checking the password or code** — so it never counts against any account,
and it locks nobody out of an account.

To keep colleagues behind the same network address (a school, a hospital) from being slowed by
someone else's spraying, a browser in which a user completed a login before carries a signed
cookie naming that username; for that username the address limit does not apply.

The address is ``klantadres``: REMOTE_ADDR, or behind ``MELDWIJZER_PROXY_AANTAL`` reverse
proxies the entry of X-Forwarded-For the outermost one appended (entries before it are the
client's own say). A request whose address is unknown is not counted at all: one counter shared
by every unknown address would let anyone slow everyone.

Counting is gedeeld.teller's, in the shared cache (Redis or the database cache): one count for
every process and node together (docs/adr/0020).
"""

from __future__ import annotations

import ipaddress
import logging
import math

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from meldwijzer.gedeeld import teller

logger = logging.getLogger(__name__)

VOORVOEGSEL = "meldwijzer:inlogadres:"
APPARAAT_COOKIE = "mw_apparaat"
_APPARAAT_ZOUT = "meldwijzer.accounts.adresrem.apparaat"
APPARAAT_GELDIG = 180 * 24 * 3600  # seconds a browser stays known
APPARAAT_NAMEN = 5  # usernames one browser remembers (a shared computer)
_gewaarschuwd = False


def klantadres(request: HttpRequest) -> str | None:
    """The client's IP address as the outermost trusted proxy saw it, or None when unknown."""
    proxies = settings.MELDWIJZER_PROXY_AANTAL
    if proxies:
        doorgegeven = [
            d.strip() for d in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if d.strip()
        ]
        ruw = doorgegeven[-proxies] if len(doorgegeven) >= proxies else ""
    else:
        ruw = request.META.get("REMOTE_ADDR") or ""
    try:
        adres = ipaddress.ip_address(ruw)
    except ValueError:
        _waarschuw(ruw, proxies)
        return None
    if adres.version == 6 and adres.ipv4_mapped is not None:
        adres = adres.ipv4_mapped
    return str(adres)


def _waarschuw(ruw: str, proxies: int) -> None:
    global _gewaarschuwd
    if not _gewaarschuwd:
        _gewaarschuwd = True
        logger.warning(
            "Client address unknown (%r with MELDWIJZER_PROXY_AANTAL=%s): the per-address login "
            "limit does not apply to such requests. Behind a reverse proxy, set "
            "MELDWIJZER_PROXY_AANTAL (docs/deploy.md).",
            ruw,
            proxies,
        )


def _adres(request: HttpRequest) -> str | None:
    adres = klantadres(request)
    if adres is not None and ":" in adres:
        return str(ipaddress.ip_network(f"{adres}/64", strict=False))
    return adres


def geremd(request: HttpRequest) -> bool:
    """Whether password and code attempts from this request's address are slowed now."""
    adres = _adres(request)
    if adres is None:
        return False
    limiet = settings.MELDWIJZER_INLOGADRES_LIMIET
    return teller.stand(VOORVOEGSEL + adres, settings.MELDWIJZER_INLOGADRES_VENSTER) >= limiet


def seconden_tot_vrij(request: HttpRequest) -> int:
    """How long until this address may try again, in whole seconds (at least 1)."""
    venster = settings.MELDWIJZER_INLOGADRES_VENSTER
    adres = _adres(request)
    if adres is None:
        return venster
    return teller.seconden_over(VOORVOEGSEL + adres, venster, settings.MELDWIJZER_INLOGADRES_LIMIET)


def minuten_tot_vrij(request: HttpRequest) -> int:
    return max(1, math.ceil(seconden_tot_vrij(request) / 60))


def tel_mislukt(request: HttpRequest) -> None:
    """One failed password or code from this address, counted in its sliding window."""
    adres = _adres(request)
    if adres is None:
        return
    teller.tel(VOORVOEGSEL + adres, settings.MELDWIJZER_INLOGADRES_VENSTER)


def _bekende_namen(request: HttpRequest) -> list[str]:
    waarde = request.COOKIES.get(APPARAAT_COOKIE)
    if not waarde:
        return []
    try:
        namen = signing.loads(waarde, salt=_APPARAAT_ZOUT, max_age=APPARAAT_GELDIG)
    except signing.BadSignature:
        return []
    return [n for n in namen if isinstance(n, str)] if isinstance(namen, list) else []


def bekend_apparaat(request: HttpRequest, gebruikersnaam: str) -> bool:
    """Whether this browser completed a login as ``gebruikersnaam`` before."""
    return gebruikersnaam in _bekende_namen(request)


def onthoud_apparaat(
    antwoord: HttpResponse, request: HttpRequest, gebruikersnaam: str
) -> HttpResponse:
    """After a completed login: this browser is known for this username (signed, HttpOnly)."""
    namen = [gebruikersnaam, *(n for n in _bekende_namen(request) if n != gebruikersnaam)]
    antwoord.set_cookie(
        APPARAAT_COOKIE,
        signing.dumps(namen[:APPARAAT_NAMEN], salt=_APPARAAT_ZOUT),
        max_age=APPARAAT_GELDIG,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
    return antwoord
