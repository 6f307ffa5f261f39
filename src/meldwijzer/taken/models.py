"""Each run of a periodic job, and on SQLite the row that says who runs a job now (taken.slot)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Uitkomst(models.TextChoices):
    BEZIG = "bezig", _("Bezig")
    GELUKT = "gelukt", _("Gelukt")
    MISLUKT = "mislukt", _("Mislukt")
    # A run that died (SIGKILL, a power cut): found by the next run of the same job.
    AFGEBROKEN = "afgebroken", _("Afgebroken")


class Taakuitvoering(models.Model):
    """One run of one job on one node. Its summary holds counts, never casus data: the
    beheerders of every organisation see it (web: beheer/taken)."""

    taak = models.CharField(max_length=40)
    node = models.CharField(max_length=200, help_text="machinenaam:proces")
    begonnen = models.DateTimeField(default=timezone.now)
    geeindigd = models.DateTimeField(null=True, blank=True)
    uitkomst = models.CharField(max_length=12, choices=Uitkomst.choices, default=Uitkomst.BEZIG)
    samenvatting = models.TextField(blank=True)

    class Meta:
        ordering = ["-begonnen", "-pk"]
        indexes = [models.Index(fields=["taak", "uitkomst", "begonnen"], name="taak_uitkomst")]
        verbose_name = _("uitvoering van een taak")
        verbose_name_plural = _("uitvoeringen van taken")


class Taakslot(models.Model):
    """SQLite only: who holds a job now (``houder`` machinenaam:proces, empty when free). Taken
    and given back in immediate transactions; PostgreSQL uses advisory locks instead."""

    taak = models.CharField(max_length=40, primary_key=True)
    houder = models.CharField(max_length=200, blank=True)
    sinds = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("slot van een taak")
        verbose_name_plural = _("sloten van taken")
