"""Counting in the shared cache: how many times something happened in the last window (the rate
limits of the API tokens and of logging in per address; docs/adr/0020).

The window slides. Time is cut into ``DELEN`` parts per window; each part has its own count, and
the count that matters is the sum over the last ``DELEN + 1`` parts: always at least one whole
window, so no span of one window's length ever holds more than the limit — a fixed window let
twice the limit through around its turn. The cost: what happened may count up to one part
(a tenth of the window) longer than the window itself.

``add`` starts a part, ``incr`` counts in it: both atomic in Redis and in ``Databasecache``
(gedeeld.cache), so every process and every node adds to one count. ``tel_binnen`` takes back
a count that went over the limit, so refused attempts do not keep a client locked out.
"""

from __future__ import annotations

import contextlib
import math
import time

from django.core.cache import cache

DELEN = 10  # parts per window


def _deel(venster: int, moment: float | None = None) -> tuple[int, float]:
    """The index of the part ``moment`` (now) falls in, and each part's length in seconds."""
    lengte = venster / DELEN
    return math.floor((time.time() if moment is None else moment) / lengte), lengte


def _sleutels(sleutel: str, deel: int) -> list[str]:
    return [f"{sleutel}:{i}" for i in range(deel - DELEN, deel + 1)]


def _tellingen(sleutel: str, deel: int) -> list[int]:
    """The counts of the last ``DELEN + 1`` parts up to ``deel``, oldest first."""
    sleutels = _sleutels(sleutel, deel)
    gevonden = cache.get_many(sleutels)
    return [int(gevonden.get(s, 0)) for s in sleutels]


def _tel_in_deel(sleutel: str, deel: int, venster: int) -> int:
    """Count once in part ``deel``; returns that part's count with this one (atomic, so each
    process at once gets its own number)."""
    # Kept as long as it counts: one window plus two parts.
    duur = venster + 2 * math.ceil(venster / DELEN)
    naam = f"{sleutel}:{deel}"
    cache.add(naam, 0, timeout=duur)
    try:
        return int(cache.incr(naam))
    except ValueError:  # expired between add and incr (a very short window)
        cache.add(naam, 1, timeout=duur)
        return 1


def tel(sleutel: str, venster: int) -> int:
    """Count once; returns the count in the sliding window, this one included."""
    deel, _lengte = _deel(venster)
    eigen = _tel_in_deel(sleutel, deel, venster)
    return sum(_tellingen(sleutel, deel)[:-1]) + eigen


def tel_binnen(sleutel: str, venster: int, grens: int) -> bool:
    """Count once if the window holds fewer than ``grens``; whether it did. Counted first and
    taken back when over: the current part's count is atomic, so of processes counting at once
    exactly those within the limit go through (the earlier parts no longer change)."""
    deel, _lengte = _deel(venster)
    eigen = _tel_in_deel(sleutel, deel, venster)
    if sum(_tellingen(sleutel, deel)[:-1]) + eigen <= grens:
        return True
    with contextlib.suppress(ValueError):  # already expired: nothing to take back
        cache.decr(f"{sleutel}:{deel}")
    return False


def stand(sleutel: str, venster: int) -> int:
    """The count in the sliding window now (0 when nothing happened)."""
    deel, _lengte = _deel(venster)
    return sum(_tellingen(sleutel, deel))


def seconden_over(sleutel: str, venster: int, grens: int) -> int:
    """How long until the window holds fewer than ``grens`` again, in whole seconds (at least 1,
    at most one window and a part)."""
    nu = time.time()
    deel, lengte = _deel(venster, nu)
    tellingen = _tellingen(sleutel, deel)
    for stap in range(1, DELEN + 2):
        # At the start of part deel + stap, the oldest ``stap`` parts have left the window.
        if sum(tellingen[stap:]) < grens:
            return max(1, math.ceil((deel + stap) * lengte - nu))
    return math.ceil(venster + lengte)
