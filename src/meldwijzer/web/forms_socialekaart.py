"""The beheerder's forms for the sociale kaart and the meldcode document. For a contact the
service validates the contact details (socialekaart.contactgegevens); its Dutch messages land on
these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from meldwijzer.dossier.models import BijzondereVorm
from meldwijzer.meldcode.secties import EIGEN_SECTIES, MAX_TEKST
from meldwijzer.socialekaart.models import Soort
from meldwijzer.web.forms import datumveld

JA_NEE = [("ja", _("Ja")), ("nee", _("Nee"))]


class ContactForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Soort"),
        choices=Soort.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of dit Veilig Thuis is of een andere deskundige.")},
    )
    naam = forms.CharField(
        label=_("Naam"),
        max_length=200,
        help_text=_(
            "De persoon, dienst of organisatie, bijvoorbeeld 'Veilig Thuis Utrecht' of "
            "'Jeugdarts GGD, mw. De Vries'."
        ),
        error_messages={"required": _("Vul de naam in van de persoon, dienst of organisatie.")},
    )
    waarvoor = forms.CharField(
        label=_("Waarvoor raadpleegt u deze partij?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Vul in waarvoor medewerkers deze partij raadplegen.")},
    )
    telefoon = forms.CharField(label=_("Telefoonnummer"), max_length=32, required=False)
    email = forms.CharField(label=_("E-mailadres"), max_length=254, required=False)
    url = forms.CharField(
        label=_("Website"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld https://www.veiligthuis.nl."),
    )
    anoniem_raadplegen = forms.ChoiceField(
        label=_("Kan een medewerker deze partij anoniem raadplegen (zonder namen te noemen)?"),
        choices=JA_NEE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of anoniem raadplegen mogelijk is.")},
    )
    deskundig_bij = forms.MultipleChoiceField(
        label=_("Deskundig bij deze vormen van geweld"),
        choices=BijzondereVorm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Bij deze vormen kan eerst praten met de betrokkenen gevaar opleveren; Meldwijzer "
            "noemt deze deskundige dan in de casus (Basisdocument, hoofdstuk 3, Afweging 2)."
        ),
    )
    opmerking = forms.CharField(
        label=_("Opmerking"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld bereikbaarheid of wie u vraagt."),
    )

    def gegevens(self) -> dict[str, object]:
        d = dict(self.cleaned_data)
        d["anoniem_raadplegen"] = d.get("anoniem_raadplegen") == "ja"
        return d


class EigenTekstenForm(forms.Form):
    """The beheerder's own sections of the meldcode (meldcode.secties); empty is allowed: the
    version is then a concept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for s in EIGEN_SECTIES:
            self.fields[s.sleutel] = forms.CharField(
                label=s.titel,
                help_text=s.uitleg,
                required=False,
                max_length=MAX_TEKST,
                widget=forms.Textarea(attrs={"rows": 5}),
            )


class VaststellenForm(forms.Form):
    vastgesteld_op = datumveld(_("Vastgesteld op"))
