"""Input of the security pages (docs/security.md): finding a casus by betrokkene, the inzage
export, the log's
filters and the retention period. Rules live in the services; these only read input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from meldwijzer.web.forms import datumveld, regel, voorwaardelijk


class ZoekBetrokkeneForm(forms.Form):
    naam = regel(_("Naam van de betrokkene"), leeg=_("Vul de naam in."))
    geboortedatum = datumveld(_("Geboortedatum"), vandaag=False)


class InzageForm(forms.Form):
    FORMATEN = (
        ("pdf", _("PDF (om te lezen of te printen)")),
        ("json", _("JSON (voor overdracht)")),
    )
    DOELEN = (
        ("inzage", _("Verzoek om inzage (AVG, artikel 15)")),
        ("overdracht", _("Overdracht aan een andere hulpverlener")),
        ("anders", _("Anders")),
    )

    formaat = forms.ChoiceField(label=_("Formaat"), choices=FORMATEN, widget=forms.RadioSelect)
    doel = forms.ChoiceField(label=_("Waarvoor"), choices=DOELEN, widget=forms.RadioSelect)
    zonder_melder = forms.BooleanField(
        label=_("Laat weg wie de zorgen meldde of vastlegde"),
        help_text=_(
            "De namen van de beroepskrachten in het dossier en van wie een signaal vertelde of "
            "doorgaf."
        ),
        required=False,
    )
    zonder_derden = forms.BooleanField(
        label=_("Laat notities over derden weg"),
        help_text=_(
            "Alleen de betrokkenen hieronder blijven staan, met hun kindcheck en zienswijze; de "
            "andere betrokkenen en wat over hen is vastgelegd, vallen weg."
        ),
        required=False,
    )
    voor = forms.MultipleChoiceField(
        label=_("Het verzoek gaat over"),
        help_text=_("Nodig als u notities over derden weglaat."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, betrokkenen: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        voor = self.fields["voor"]
        assert isinstance(voor, forms.ChoiceField)  # declared above
        voor.choices = [(str(pk), label) for pk, label in betrokkenen]

    def clean(self) -> dict[str, Any]:
        super().clean()  # Django's answers cleaned_data (the stubs allow an override None)
        data = self.cleaned_data
        if data.get("zonder_derden") and not data.get("voor"):
            self.add_error(
                "voor",
                _("Kies over wie het verzoek gaat: de anderen laat de export dan weg."),
            )
        return data


voorwaardelijk(InzageForm.base_fields["voor"])


class LogboekFilterForm(forms.Form):
    UITKOMSTEN = (("", _("Alles")), ("geweigerd", _("Alleen geweigerde toegang")))

    van = datumveld(_("Van"), verplicht=False, vandaag=False)
    tot = datumveld(_("Tot en met"), verplicht=False, vandaag=False)
    gebruiker = forms.TypedChoiceField(label=_("Gebruiker"), required=False, coerce=int)
    casus = forms.CharField(label=_("Casus (kenmerk)"), required=False, max_length=20, strip=True)
    uitkomst = forms.ChoiceField(label=_("Toegang"), required=False, choices=UITKOMSTEN)

    def __init__(self, *args: Any, gebruikers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gebruiker = self.fields["gebruiker"]
        assert isinstance(gebruiker, forms.ChoiceField)  # declared above
        gebruiker.choices = [("", _("Iedereen")), *gebruikers]

    def clean(self) -> dict[str, Any]:
        super().clean()  # Django's answers cleaned_data (the stubs allow an override None)
        data = self.cleaned_data
        van, tot = data.get("van"), data.get("tot")
        if van and tot and van > tot:
            self.add_error("tot", _("Deze datum ligt vóór de begindatum."))
        return data


class BewaartermijnForm(forms.Form):
    jaren = forms.IntegerField(
        label=_("Bewaartermijn in jaren na afsluiten"),
        min_value=1,
        max_value=100,
        error_messages={
            "required": _("Vul een aantal jaren in."),
            "min_value": _("Kies een bewaartermijn van 1 tot en met 100 jaar."),
            "max_value": _("Kies een bewaartermijn van 1 tot en met 100 jaar."),
            "invalid": _("Vul een heel aantal jaren in."),
        },
    )
