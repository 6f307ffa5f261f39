"""Oefencasussen and the practice attempts on them: tables of their own, never a casus.

The vignette and a learner's toelichtingen are free text, encrypted like casus text: under a
data key of their own (one per oefencasus, docs/adr/0005). The expected answers and the answers
given are option ids of the framework, not text, so the totals per vignette can be counted.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldwijzer.catalogus.models import KaderVersie
from meldwijzer.kader import Afwegingskader
from meldwijzer.sleutels.velden import VersleuteldeJSON, VersleuteldeTekst


class Oefencasus(models.Model):
    """A vignette to practise on, with the signals and the answers the framework expects.

    Never changed once written (learners' totals count against it); the aandachtsfunctionaris
    withdraws it and writes a new one instead.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        related_name="oefencasussen",
        db_index=False,
    )
    sleutel = models.OneToOneField(
        "sleutels.DataSleutel",
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
    )
    titel = VersleuteldeTekst(_("titel"), max_length=200, sleutel="sleutel")
    vignet = VersleuteldeTekst(_("vignet"), sleutel="sleutel")
    kader_versie = models.ForeignKey(
        KaderVersie, on_delete=models.PROTECT, related_name="+", verbose_name=_("kader")
    )
    route = models.CharField(_("route"), max_length=80)
    # {afweging id: option id}: one path through the route that ends (checked on writing).
    verwachte_antwoorden = models.JSONField(_("verwachte antwoorden"), default=dict)
    verwachte_signalen = models.JSONField(_("aan te vinken signalen"), default=list)
    # The name of the framework's test situation it started from, if any.
    uit_situatie = models.CharField(_("uit de situatie"), max_length=200, blank=True)
    geschreven_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    geschreven_op = models.DateTimeField(default=timezone.now)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("oefencasus")
        verbose_name_plural = _("oefencasussen")
        ordering = ["-geschreven_op", "-pk"]
        indexes = [
            models.Index(fields=["organisatie", "geschreven_op"], name="oefencasus_org"),
        ]

    def __str__(self) -> str:
        return f"oefencasus {self.uuid}"  # no title: it is encrypted text

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.sleutel_id is None:
            from meldwijzer.sleutels.sleutelring import nieuwe_datasleutel

            self.sleutel = nieuwe_datasleutel(self.organisatie_id)
        super().save(*args, **kwargs)

    def kader(self) -> Afwegingskader:
        return self.kader_versie.kader()

    @property
    def ingetrokken(self) -> bool:
        return self.ingetrokken_op is not None


class Oefenpoging(models.Model):
    """One learner's attempt at an oefencasus: private to that learner.

    ``antwoorden`` holds the answers in path order ({afweging id: option id}); the engine
    recomputes the path from them on every page, as it does for a casus.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    oefencasus = models.ForeignKey(
        Oefencasus, on_delete=models.PROTECT, related_name="pogingen", db_index=False
    )
    deelnemer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    antwoorden = models.JSONField(default=dict)
    signalen = models.JSONField(default=list)
    toelichtingen = VersleuteldeJSON(default=dict, blank=True, sleutel="oefencasus.sleutel")
    begonnen_op = models.DateTimeField(default=timezone.now)
    afgerond_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("oefenpoging")
        verbose_name_plural = _("oefenpogingen")
        ordering = ["-begonnen_op", "-pk"]
        indexes = [
            models.Index(fields=["deelnemer", "begonnen_op"], name="oefenpoging_deelnemer"),
            models.Index(fields=["oefencasus", "afgerond_op"], name="oefenpoging_oefencasus"),
        ]

    def __str__(self) -> str:
        return f"oefenpoging {self.uuid}"

    @property
    def afgerond(self) -> bool:
        return self.afgerond_op is not None
