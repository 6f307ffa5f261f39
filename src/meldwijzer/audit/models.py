"""Append-only records: every change (Gebeurtenis) and every read of casus data (Toegang)."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AlleenToevoegen(Exception):
    """Raised on any attempt to change or delete an append-only row."""


class _AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AlleenToevoegen("Audit- en logregels worden nooit gewijzigd.")

    def delete(self) -> NoReturn:
        raise AlleenToevoegen("Audit- en logregels worden nooit verwijderd.")


class _AppendOnly(models.Model):
    objects = _AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AlleenToevoegen("Audit- en logregels worden nooit gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AlleenToevoegen("Audit- en logregels worden nooit verwijderd.")


class Gebeurtenis(_AppendOnly):
    """One change: who, when, what (object), old and new values. Feeds the casus timeline."""

    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    casus = models.ForeignKey(
        "dossier.Casus",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gebeurtenissen",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_naam = models.CharField(max_length=300, blank=True)
    actor_rol = models.CharField(max_length=32, blank=True)
    tijdstip = models.DateTimeField(default=timezone.now, db_index=True)
    soort = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    oud = models.JSONField(null=True, blank=True)
    nieuw = models.JSONField(null=True, blank=True)
    reden = models.TextField(blank=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["tijdstip", "pk"]
        indexes = [
            models.Index(fields=["casus", "tijdstip"], name="gebeurtenis_casus_tijd"),
            models.Index(fields=["organisatie", "tijdstip"], name="gebeurtenis_org_tijd"),
        ]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.soort} ({self.actor_naam})"


class Toegang(_AppendOnly):
    """One read of casus data (after NEN 7513): who, in which role, what, when, from where."""

    class Actie(models.TextChoices):
        INZIEN = "inzien", _("inzien")
        ZOEKEN = "zoeken", _("zoeken / lijst")
        PRINTEN = "printen", _("printen")
        EXPORTEREN = "exporteren", _("exporteren")

    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+"
    )
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rol = models.CharField(max_length=32)
    casus = models.ForeignKey(
        "dossier.Casus", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actie = models.CharField(max_length=16, choices=Actie.choices)
    onderdeel = models.CharField(max_length=100, help_text="Which page or part was read.")
    details = models.JSONField(null=True, blank=True)
    ip_adres = models.GenericIPAddressField(null=True, blank=True)
    tijdstip = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("toegang")
        verbose_name_plural = _("toegangslog")
        ordering = ["tijdstip", "pk"]
        indexes = [
            models.Index(fields=["organisatie", "tijdstip"], name="toegang_org_tijd"),
            models.Index(fields=["casus", "tijdstip"], name="toegang_casus_tijd"),
        ]
