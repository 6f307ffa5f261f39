"""Counting in the shared cache: how many times something happened within a window that starts
at the first time (the rate limits of the API tokens and of logging in per address).

``add`` starts a window, ``incr`` counts in it: both atomic in Redis and in ``Databasecache``
(gedeeld.cache), so every process and every node adds to one count. The window does not slide:
within one window at most the limit, around the turn of two at most twice that.
"""

from __future__ import annotations

import math
import time

from django.core.cache import cache

BEGIN = ":begin"


def tel(sleutel: str, venster: int) -> int:
    """Count once; returns the count in the current window (1 for the first)."""
    if cache.add(sleutel, 0, timeout=venster):
        cache.set(sleutel + BEGIN, time.time(), timeout=venster)
    try:
        return int(cache.incr(sleutel))
    except ValueError:  # the window ended between add and incr
        cache.add(sleutel, 1, timeout=venster)
        cache.set(sleutel + BEGIN, time.time(), timeout=venster)
        return 1


def stand(sleutel: str) -> int:
    """The count in the current window (0 when none runs)."""
    return int(cache.get(sleutel, 0))


def seconden_over(sleutel: str, venster: int) -> int:
    """How long the current window still runs, in whole seconds (1 to ``venster``)."""
    begin = cache.get(sleutel + BEGIN)
    over = venster if begin is None else float(begin) + venster - time.time()
    return max(1, min(venster, math.ceil(over)))
