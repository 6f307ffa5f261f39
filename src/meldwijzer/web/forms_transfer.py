"""Input of the transfer pages (docs/handleiding-casus.md): the export's passphrase and recipient,
and the
file with its passphrase on the receiving side. Rules live in dossier.services.transfer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from meldwijzer.sleutels.wachtwoordbestand import MAXIMALE_GROOTTE, MINIMALE_LENGTE


class ExportForm(forms.Form):
    ontvanger = forms.CharField(
        label=_("Naar welke organisatie"),
        max_length=200,
        help_text=_("Komt in het auditspoor van deze casus; niet in het bestand."),
    )
    wachtwoord = forms.CharField(
        label=_("Wachtwoord voor het bestand"),
        min_length=MINIMALE_LENGTE,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Minstens 12 tekens, bijvoorbeeld vier losse woorden. Geef het wachtwoord de "
            "ontvanger op een andere manier dan het bestand (bijvoorbeeld telefonisch)."
        ),
    )
    wachtwoord_herhaald = forms.CharField(
        label=_("Wachtwoord nogmaals"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    nagelezen = forms.BooleanField(
        label=_(
            "Ik heb de vrije tekst van deze casus nagelezen en de overdracht heeft een grondslag "
            "(bijvoorbeeld toestemming, of de casus gaat over naar de nieuwe hulpverlener)."
        ),
    )

    def clean(self) -> dict[str, Any]:
        gegevens = super().clean() or {}
        een, twee = gegevens.get("wachtwoord"), gegevens.get("wachtwoord_herhaald")
        if een and twee is not None and een != twee:
            self.add_error("wachtwoord_herhaald", _("De twee wachtwoorden zijn niet gelijk."))
        return gegevens


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label=_("Overdrachtsbestand"),
        help_text=_("Het bestand dat u van de andere organisatie kreeg (.meldwijzer.json)."),
    )
    wachtwoord = forms.CharField(
        label=_("Wachtwoord van het bestand"),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def clean_bestand(self) -> Any:
        bestand = self.cleaned_data["bestand"]
        if bestand.size > MAXIMALE_GROOTTE:
            raise forms.ValidationError(_("Dit bestand is te groot voor een casus-overdracht."))
        return bestand
