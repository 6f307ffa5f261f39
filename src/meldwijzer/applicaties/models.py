"""An application registered by a beheerder: another system acting for one named user."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    CASUS_LEZEN = "casus:lezen", _("Casussen lezen")
    CASUS_SCHRIJVEN = "casus:schrijven", _("In casussen vastleggen")
    KADER_LEZEN = "kader:lezen", _("Afwegingskaders lezen")


class Applicatie(models.Model):
    """A system (an ECD, a HIS, a student system) with one token, acting for one user.

    The beheerder asks for it; the token exists only once the user it acts for approved it with
    their own second factor, and only that user sees it (docs/adr/0010). The token itself is
    never stored: only its SHA-256 (it carries 256 random bits, so a fast hash suffices) and a
    short public prefix to find the row. The application reaches exactly what ``namens`` may
    reach through ``accounts.permissions``, narrowed by its scopes.
    """

    class Goedkeuring(models.TextChoices):
        MIJN_ACCOUNT = "mijn-account", _("door de gebruiker zelf, op Mijn account")
        OPDRACHTREGEL = "opdrachtregel", _("door de beheerder van de server, op de opdrachtregel")

    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        related_name="applicaties",
        db_index=False,
    )
    naam = models.CharField(_("naam"), max_length=100)
    scopes = models.JSONField(_("rechten"), default=list)
    namens = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.PROTECT,
        related_name="applicaties",
        verbose_name=_("handelt namens"),
    )
    # Both empty until approval: before it there is no token at all.
    prefix = models.CharField(max_length=16, unique=True, null=True, editable=False)
    token_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(_("geregistreerd op"), default=timezone.now)
    verloopt_op = models.DateTimeField(_("verloopt op"))
    goedgekeurd_op = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    goedgekeurd_via = models.CharField(
        _("goedgekeurd"), max_length=16, choices=Goedkeuring.choices, blank=True
    )
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    laatst_gebruikt_op = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    class Meta:
        verbose_name = _("applicatie")
        verbose_name_plural = _("applicaties")
        db_table = "api_applicatie"  # created when the API app held it (docs/adr/0015)
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [models.Index(fields=["organisatie", "aangemaakt_op"], name="applicatie_org")]

    def __str__(self) -> str:
        return self.naam

    @property
    def is_ingetrokken(self) -> bool:
        return self.ingetrokken_op is not None

    @property
    def is_verlopen(self) -> bool:
        return self.verloopt_op <= timezone.now()

    @property
    def is_goedgekeurd(self) -> bool:
        return self.goedgekeurd_op is not None

    @property
    def wacht_op_goedkeuring(self) -> bool:
        return not self.is_goedgekeurd and not self.is_ingetrokken and not self.is_verlopen

    @property
    def is_bruikbaar(self) -> bool:
        return self.is_goedgekeurd and not self.is_ingetrokken and not self.is_verlopen
