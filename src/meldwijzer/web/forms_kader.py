"""Input of the framework pages (docs/adr/0006). The rules live in dossier.services; these read
input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from meldwijzer.web.forms import datumveld, keuze, tekstvak


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label=_("Kaderbestand (YAML)"),
        help_text=_(
            "Het bestand van uw afwegingskader, in het formaat van docs/kader-formaat.md. Het "
            "wordt gecontroleerd en als concept opgeslagen; vaststellen doet u daarna."
        ),
        error_messages={
            "required": _("Kies een kaderbestand om te importeren."),
            "empty": _("Het gekozen bestand is leeg."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,text/yaml"}),
    )


class VertaalForm(forms.Form):
    bestand = forms.FileField(
        label=_("Vertaling (YAML)"),
        help_text=_(
            "Een vertaalbestand in het formaat van docs/kader-formaat.md, ‘Vertalingen’: "
            "vertaling_van, taal, versies en de teksten per id. Het vervangt de vertaling die nu "
            "in die taal getoond wordt; de vorige blijft in de geschiedenis."
        ),
        error_messages={
            "required": _("Kies een vertaalbestand om te uploaden."),
            "empty": _("Het gekozen bestand is leeg."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,text/yaml"}),
    )


class VaststelForm(forms.Form):
    geldig_vanaf = datumveld(
        _("Geldig vanaf"),
        help_text=_("Vandaag of later. Nieuwe casussen krijgen deze versie vanaf die dag."),
    )
    geldig_tot = datumveld(
        _("Geldig tot en met"),
        verplicht=False,
        vandaag=False,
        help_text=_("Leeg laten: geldig tot een volgende versie ingaat."),
    )


class KaderkeuzeForm(forms.Form):
    def __init__(self, *args: Any, keuzes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kader"] = keuze(
            _("Afwegingskader voor nieuwe casussen"),
            keuzes,
            leeg=_("Kies een afwegingskader."),
            help_text=_(
                "Alleen kaders met een vastgestelde versie die vandaag geldt. Lopende casussen "
                "houden hun versie."
            ),
        )


class WisselForm(forms.Form):
    reden = tekstvak(
        _("Waarom gaat deze casus naar de nieuwe versie?"),
        rijen=3,
        leeg=_("Vul in waarom deze casus naar de nieuwe versie gaat."),
        help_text=_("Dit komt in de tijdlijn van de casus."),
    )

    def __init__(self, *args: Any, routes: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if routes:
            self.fields["route"] = keuze(
                _("Route in de nieuwe versie"), routes, leeg=_("Kies een route.")
            )
