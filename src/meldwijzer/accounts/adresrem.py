"""Slowing password spraying per client address (docs/security.md § 2, "Inloggen").

django-axes locks a *username* after five failures; someone who tries one common password on
many usernames never reaches that. So failed password attempts are also counted per client
address (an IPv6 address by its /64 network, which one client can fill at will) in the shared
cache: above ``MELDWIJZER_INLOGADRES_LIMIET`` failures within ``MELDWIJZER_INLOGADRES_VENSTER``
seconds, the login form from that address answers 429 **without checking the password** — so
it never counts against any account, and it locks nobody out of an account.

To keep colleagues behind the same network address (a school, a hospital) from being slowed by
someone else's spraying, a browser in which a user completed a login before carries a signed
cookie naming that username; for that username the address limit does not apply.

Counting uses ``cache.add`` and ``cache.incr``, atomic in every shared cache Django offers
(Redis, the database cache, Memcached); with a per-process cache the limit holds per process.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

VOORVOEGSEL = "meldwijzer:inlogadres:"
APPARAAT_COOKIE = "mw_apparaat"
_APPARAAT_ZOUT = "meldwijzer.accounts.adresrem.apparaat"
APPARAAT_GELDIG = 180 * 24 * 3600  # seconds a browser stays known
APPARAAT_NAMEN = 5  # usernames one browser remembers (a shared computer)


def _adres(request: HttpRequest) -> str | None:
    ruw = request.META.get("REMOTE_ADDR") or ""
    try:
        adres = ipaddress.ip_address(ruw)
    except ValueError:
        return None
    if adres.version == 6 and adres.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{adres}/64", strict=False))
    return str(adres.ipv4_mapped or adres) if adres.version == 6 else str(adres)


def geremd(request: HttpRequest) -> bool:
    """Whether password attempts from this request's address are slowed now."""
    adres = _adres(request)
    if adres is None:
        return False
    return int(cache.get(VOORVOEGSEL + adres, 0)) >= settings.MELDWIJZER_INLOGADRES_LIMIET


def tel_mislukt(request: HttpRequest) -> None:
    """One failed password attempt from this address; the window starts at the first."""
    adres = _adres(request)
    if adres is None:
        return
    sleutel = VOORVOEGSEL + adres
    cache.add(sleutel, 0, timeout=settings.MELDWIJZER_INLOGADRES_VENSTER)
    try:
        cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.add(sleutel, 1, timeout=settings.MELDWIJZER_INLOGADRES_VENSTER)


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
