"""Corrections and withdrawals of what was recorded, keeping every earlier version.

A record of a casus is corrected in place, after its previous values are kept here as a
version; a withdrawn record stays, marked withdrawn. Current pages read the record, the history
pages (timeline, dossier PDF, inzage export) read this table too. See
docs/adr/0019-correcties-met-behoud-van-het-origineel.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldwijzer.sleutels.velden import VersleuteldeJSON, VersleuteldeTekst


class GegevenSoort(models.TextChoices):
    """The kinds of record that can be corrected and withdrawn (dossier.services.correcties)."""

    SIGNAAL = "signaal", _("Signaal")
    BETROKKENE = "betrokkene", _("Betrokkene")
    ZIENSWIJZE = "zienswijze", _("Zienswijze")
    CONSULTATIE = "consultatie", _("Consultatie")
    GESPREK = "gesprek", _("Gesprek")
    WEGING = "weging", _("Weging")
    MELDING = "melding", _("Melding")
    HULPPLAN = "hulpplan", _("Hulpplan")


class Handeling(models.TextChoices):
    GECORRIGEERD = "gecorrigeerd", _("Gecorrigeerd")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")
    AANGEVULD = "aangevuld", _("Aangevuld")


class CorrectieReden(models.TextChoices):
    ONJUIST = "onjuist", _("Onjuist vastgelegd")
    ONVOLLEDIG = "onvolledig", _("Onvolledig vastgelegd")
    VERKEERDE_CASUS = "verkeerde_casus", _("In de verkeerde casus vastgelegd")
    VERZOEK_BETROKKENE = (
        "verzoek_betrokkene",
        _("Verzoek van een betrokkene om correctie (AVG, artikel 16)"),
    )
    AANGEVINKT_BIJ_AFWEGING = "aangevinkt_bij_afweging", _("Signaal aangevinkt bij een afweging")
    ANDERS = "anders", _("Anders")


class Correctie(models.Model):
    """One change to a recorded item: the version before it, why, by whom and when."""

    casus = models.ForeignKey(
        "dossier.Casus", on_delete=models.PROTECT, related_name="correcties", db_index=False
    )
    # The kind of record and its row.
    soort = models.CharField(_("soort"), max_length=32, choices=GegevenSoort.choices)
    object_id = models.PositiveBigIntegerField()
    handeling = models.CharField(_("handeling"), max_length=16, choices=Handeling.choices)
    reden = models.CharField(_("reden"), max_length=32, choices=CorrectieReden.choices)
    toelichting = VersleuteldeTekst(_("toelichting"))
    # The field values before this change (for a withdrawal: the values withdrawn), after it,
    # and the names of the fields it changed.
    vorige = VersleuteldeJSON(default=dict)
    nieuw = VersleuteldeJSON(default=dict)
    gewijzigd = models.JSONField(default=list)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("correctie")
        verbose_name_plural = _("correcties")
        ordering = ["op", "pk"]
        indexes = [
            models.Index(fields=["casus", "soort", "object_id"], name="correctie_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.handeling} {self.soort} {self.object_id}"
