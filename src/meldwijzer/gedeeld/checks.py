"""A system check: production never runs on a cache of one process or one machine
(docs/adr/0020). With more than one gunicorn worker such a cache counts every rate limit per
process — N workers give an attacker N times the limit — and recounts every dashboard."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string

NIET_GEDEELD = (LocMemCache, DummyCache, FileBasedCache)


@register(Tags.caches)
def gedeelde_cache(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not getattr(settings, "MELDWIJZER_GEDEELDE_CACHE_VEREIST", False):
        return []
    fouten = []
    for alias, instelling in settings.CACHES.items():
        backend = import_string(str(instelling["BACKEND"]))
        if issubclass(backend, NIET_GEDEELD):
            fouten.append(
                Error(
                    f"De cache '{alias}' ({instelling['BACKEND']}) is er één per proces of per "
                    "machine: elke worker telt de limieten van de API en van het inloggen dan "
                    "apart.",
                    hint="Zet REDIS_URL (Redis) of laat CACHES aan de productie-instellingen over "
                    "(de databasecache); zie docs/deploy.md.",
                    id="meldwijzer.E001",
                )
            )
    return fouten
