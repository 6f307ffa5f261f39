"""Working together: a casus shared with a colleague of the same organisation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldwijzer.dossier.models.casus import Casus


class Recht(models.TextChoices):
    LEZEN = "lezen", _("Meelezen")
    SCHRIJVEN = "schrijven", _("Meelezen en vastleggen")


class CasusDeling(models.Model):
    """A colleague's access to a casus. Withdrawn, never deleted; the timeline keeps both."""

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="delingen")
    met = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="casus_delingen",
        verbose_name=_("collega"),
        db_index=False,
    )
    recht = models.CharField(_("recht"), max_length=16, choices=Recht.choices)
    gedeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    gedeeld_op = models.DateTimeField(default=timezone.now)
    ingetrokken_op = models.DateTimeField(null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        verbose_name = _("deling")
        verbose_name_plural = _("delingen")
        ordering = ["gedeeld_op", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["casus", "met"],
                condition=models.Q(ingetrokken_op__isnull=True),
                name="casusdeling_eenmaal_actief",
            )
        ]
        indexes = [models.Index(fields=["met", "casus"], name="casusdeling_met_casus")]
