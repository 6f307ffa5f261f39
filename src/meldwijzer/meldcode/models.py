"""The organisation's meldcode document: the beheerder's own sections and every generated
version, one of which the beheerder adopts ("vastgesteld op"; docs/meldcode.md).

A version keeps the whole content it was generated from (encrypted, under the organisation's
sociale-kaart key: it names people and contacts), so it reads the same years later and can be
compared with what Meldwijzer knows now."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldwijzer.sleutels.velden import VersleuteldeJSON, VersleuteldeTekst


class EigenTekst(models.Model):
    """A section the beheerder writes (meldcode.secties)."""

    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    sectie = models.CharField(_("sectie"), max_length=32)
    sleutel = models.ForeignKey("sleutels.DataSleutel", on_delete=models.PROTECT, related_name="+")
    tekst = VersleuteldeTekst(_("tekst"), blank=True, sleutel="sleutel")
    gewijzigd_op = models.DateTimeField(default=timezone.now)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("eigen tekst in de meldcode")
        verbose_name_plural = _("eigen teksten in de meldcode")
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "sectie"], name="meldcode_eigen_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.organisatie_id}: {self.sectie}"


class MeldcodeVersie(models.Model):
    """One generated version of the document; never changed after, except being adopted."""

    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    volgnummer = models.PositiveIntegerField(_("versie"))
    sleutel = models.ForeignKey("sleutels.DataSleutel", on_delete=models.PROTECT, related_name="+")
    inhoud = VersleuteldeJSON(_("inhoud"), sleutel="sleutel")
    concept = models.BooleanField(_("concept"))
    # The titles' keys of the beheerder's sections still empty when generated.
    ontbrekend = models.JSONField(_("nog in te vullen"), default=list, blank=True)
    gemaakt_op = models.DateTimeField(default=timezone.now)
    gemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    vastgesteld_op = models.DateField(_("vastgesteld op"), null=True, blank=True)
    vastgesteld_moment = models.DateTimeField(null=True, blank=True)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("versie van de meldcode")
        verbose_name_plural = _("versies van de meldcode")
        ordering = ["-volgnummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "volgnummer"], name="meldcode_versie_uniek"
            )
        ]

    def __str__(self) -> str:
        return f"meldcode {self.organisatie_id} versie {self.volgnummer}"
