"""The organisation's sociale kaart: whom its staff consult and where they melden.

The aandachtsfunctionarissen are not stored here: they are the organisation's members with that
role (accounts), read when the kaart is shown. Stored are the regional Veilig Thuis office and the
experts the beheerder adds. Free text (name, what they are consulted about, a note) is encrypted
under a data key of the organisation's own (ADR 0005, the same wrapping as a casus's key);
phone, e-mail and web address are validated values, not free text (docs/sociale-kaart.md).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldwijzer.sleutels.velden import VersleuteldeTekst


class SocialeKaart(models.Model):
    """One per organisation: holds the data key of its contacts' free text, and when it last
    changed (the meldcode document compares against this)."""

    organisatie = models.OneToOneField(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="sociale_kaart"
    )
    sleutel = models.ForeignKey("sleutels.DataSleutel", on_delete=models.PROTECT, related_name="+")
    gewijzigd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sociale kaart")
        verbose_name_plural = _("sociale kaarten")

    def __str__(self) -> str:
        return f"sociale kaart van organisatie {self.organisatie_id}"


class Soort(models.TextChoices):
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis in de regio")
    DESKUNDIGE = "deskundige", _("Deskundige of specialist")


class Contact(models.Model):
    """One entry of the sociale kaart: whom to call, about what, how, and whether anonymously."""

    kaart = models.ForeignKey(SocialeKaart, on_delete=models.CASCADE, related_name="contacten")
    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    soort = models.CharField(_("soort"), max_length=16, choices=Soort.choices)
    naam = VersleuteldeTekst(_("naam"), max_length=200, sleutel="kaart.sleutel")
    waarvoor = VersleuteldeTekst(
        _("waarvoor raadpleegt u deze partij"), max_length=1000, sleutel="kaart.sleutel"
    )
    telefoon = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    email = models.CharField(_("e-mailadres"), max_length=254, blank=True)
    url = models.CharField(_("website"), max_length=300, blank=True)
    anoniem_raadplegen = models.BooleanField(_("anoniem raadplegen mogelijk"), default=False)
    # Forms of violence for which this contact is the deskundige the Basisdocument advises
    # consulting before talking to those involved (hoofdstuk 3, Afweging 2; values of
    # dossier.BijzondereVorm).
    deskundig_bij = models.JSONField(_("deskundig bij"), default=list, blank=True)
    opmerking = VersleuteldeTekst(
        _("opmerking"), max_length=1000, blank=True, sleutel="kaart.sleutel"
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    gewijzigd_op = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("contact op de sociale kaart")
        verbose_name_plural = _("contacten op de sociale kaart")
        indexes = [models.Index(fields=["organisatie", "soort"], name="sk_contact_org_soort")]

    def __str__(self) -> str:
        return f"contact {self.pk} ({self.soort})"

    @property
    def deskundig_bij_labels(self) -> list[str]:
        from meldwijzer.dossier.models import BijzondereVorm

        return [
            str(v.label).lower() for v in BijzondereVorm if v.value in (self.deskundig_bij or [])
        ]
