"""The table of Django's database cache, made by the migrations instead of ``createcachetable``,
so every installation has it from ``migrate`` on: the cache when no Redis is configured, and the
fallback of the rate limits when Redis does not answer (gedeeld.cache)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

CACHETABEL = "meldwijzer_cache"


class Cacheregel(models.Model):
    """One entry, in the columns Django's DatabaseCache reads and writes."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = CACHETABEL
        verbose_name = _("cacheregel")
        verbose_name_plural = _("cacheregels")
