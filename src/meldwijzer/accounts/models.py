"""Organisations, users and memberships: a user has one role per organisation (DESIGN.md)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisatie(models.Model):
    naam = models.CharField(_("naam"), max_length=200)
    actief = models.BooleanField(_("actief"), default=True)
    is_demo = models.BooleanField(
        _("demo-organisatie"),
        default=False,
        help_text=_("Alleen voor demonstratie; wordt in productie geweigerd."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class User(AbstractUser):
    is_demo = models.BooleanField(
        _("demo-account"),
        default=False,
        help_text=_("Demo-accounts kunnen niet inloggen in productie."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @property
    def weergavenaam(self) -> str:
        return self.get_full_name() or self.username


class Rol(models.TextChoices):
    BEROEPSKRACHT = "beroepskracht", _("Beroepskracht")
    AANDACHTSFUNCTIONARIS = "aandachtsfunctionaris", _("Aandachtsfunctionaris")
    BEHEERDER = "beheerder", _("Functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer / auditor")


class Membership(models.Model):
    """A user's role in one organisation; every casus query is scoped by it."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("gebruiker")
    )
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    rol = models.CharField(_("rol"), max_length=32, choices=Rol.choices)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisatie"], name="uniek_lidmaatschap")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisatie} ({self.get_rol_display()})"
