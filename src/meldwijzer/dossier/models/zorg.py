"""Care for those involved: the Kindcheck for adults, and a betrokkene's own view."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from meldwijzer.dossier.models.casus import Betrokkene, Vastlegging
from meldwijzer.sleutels.velden import VersleuteldeTekst


class ZorgtVoorKinderen(models.TextChoices):
    JA = "ja", _("Ja")
    NEE = "nee", _("Nee")
    ONBEKEND = "onbekend", _("Nog niet bekend")


class Kindcheck(Vastlegging):
    """For an adult betrokkene: which Kindcheck conditions apply, and whether they care for
    children (H4, Oudersignalen). The latest record per betrokkene counts."""

    betrokkene = models.ForeignKey(Betrokkene, on_delete=models.PROTECT, related_name="kindchecks")
    condities = models.JSONField(_("omstandigheden"), default=list, blank=True)
    zorgt_voor_kinderen = models.CharField(
        _("zorgt voor kinderen"), max_length=8, choices=ZorgtVoorKinderen.choices, blank=True
    )
    toelichting = VersleuteldeTekst(_("toelichting"), blank=True)

    class Meta(Vastlegging.Meta):
        verbose_name = _("kindcheck")
        verbose_name_plural = _("kindchecks")


class HoeOntvangen(models.TextChoices):
    MONDELING = "mondeling", _("Mondeling, in een gesprek")
    SCHRIFTELIJK = "schriftelijk", _("Schriftelijk (brief, e-mail)")
    VIA_ANDER = (
        "via_ander",
        _("Via iemand anders (bijvoorbeeld een advocaat of vertrouwenspersoon)"),
    )


class Zienswijze(Vastlegging):
    """A betrokkene's own view, recorded as such beside the professional's notes (hoor en
    wederhoor: H2, De plaats van een afwegingskader in het stappenplan van een meldcode)."""

    betrokkene = models.ForeignKey(Betrokkene, on_delete=models.PROTECT, related_name="zienswijzen")
    datum = models.DateField(_("datum"))
    hoe = models.CharField(_("hoe ontvangen"), max_length=16, choices=HoeOntvangen.choices)
    tekst = VersleuteldeTekst(_("zienswijze"))

    class Meta(Vastlegging.Meta):
        verbose_name = _("zienswijze")
        verbose_name_plural = _("zienswijzen")
