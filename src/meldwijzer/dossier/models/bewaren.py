"""How long an organisation keeps a closed casus (retention, AVG art. 5(1)(e))."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The default: 20 years after closing, as the WGBO sets for medical records (art. 7:454 BW) and
# the Jeugdwet for youth care files (art. 7.3.8). An organisation's beheerder may choose another.
STANDAARD_JAREN = 20


class Bewaartermijn(models.Model):
    """The organisation's retention period, in years after a casus was closed."""

    organisatie = models.OneToOneField(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="bewaartermijn"
    )
    jaren = models.PositiveSmallIntegerField(
        _("jaren na afsluiten"),
        default=STANDAARD_JAREN,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    gewijzigd_op = models.DateTimeField(default=timezone.now)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")

    def __str__(self) -> str:
        return f"{self.organisatie_id}: {self.jaren} jaar"
