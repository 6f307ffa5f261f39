"""Input parsing for the pages. Domain rules live in dossier.services; these only read input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldwijzer.dossier.models import (
    Aard,
    BetrokkeneRol,
    Bron,
    MetWie,
    RedenGeenGesprek,
    RedenNietGeinformeerd,
    Wijze,
)
from meldwijzer.kader import Afwegingskader
from meldwijzer.kader.model import Afweging

DATUMFORMATEN = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


def _verplicht(tekst: Any) -> dict[str, Any]:
    return {"required": tekst}


def datumveld(label: Any, *, verplicht: bool = True, vandaag: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=verplicht,
        input_formats=DATUMFORMATEN,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate if vandaag else None,
        error_messages={
            "required": _("Vul een datum in."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 31-01-2025."),
        },
    )


def tekstvak(
    label: Any, *, verplicht: bool = True, help_text: Any = "", rijen: int = 4, leeg: Any = None
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=verplicht,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rijen}),
        error_messages=_verplicht(leeg or _("Vul dit veld in.")),
    )


def keuze(
    label: Any, keuzes: Any, *, verplicht: bool = True, help_text: Any = "", leeg: Any = None
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=keuzes,
        required=verplicht,
        help_text=help_text,
        widget=forms.RadioSelect,
        error_messages=_verplicht(leeg or _("Maak een keuze.")),
    )


JA_NEE = [("ja", _("Ja")), ("nee", _("Nee"))]


class CasusForm(forms.Form):
    titel = forms.CharField(
        label=_("Korte omschrijving"),
        max_length=200,
        help_text=_("Bijvoorbeeld ‘Zorgen over leerling groep 5’. Gebruik geen volledige namen."),
        error_messages={
            "required": _("Geef de casus een korte omschrijving."),
            "max_length": _("Houd de omschrijving korter dan 200 tekens."),
        },
    )


class BetrokkeneForm(forms.Form):
    rol = keuze(_("Rol"), BetrokkeneRol.choices, leeg=_("Kies de rol van de betrokkene."))
    leeftijd = forms.IntegerField(
        label=_("Leeftijd"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("Vul een leeftijd of een geboortejaar in."),
        error_messages={"invalid": _("Vul een leeftijd in hele jaren in.")},
    )
    geboortejaar = forms.IntegerField(
        label=_("Geboortejaar"),
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={"invalid": _("Vul een jaartal in, bijvoorbeeld 2015.")},
    )
    relatie = forms.CharField(
        label=_("Relatie"),
        max_length=200,
        help_text=_("Bijvoorbeeld ‘leerling’, ‘moeder van de leerling’, ‘ex-partner van moeder’."),
        error_messages=_verplicht(_("Beschrijf de relatie.")),
    )
    naam = forms.CharField(label=_("Naam"), max_length=200, required=False)


class SignaalForm(forms.Form):
    datum = datumveld(_("Datum waargenomen"))
    bron = keuze(_("Bron"), Bron.choices, leeg=_("Kies de bron van dit signaal."))
    bron_wie = forms.CharField(
        label=_("Verteld door / welke derde"),
        max_length=200,
        required=False,
        help_text=_("Verplicht als u het niet zelf waarnam."),
    )
    aard = keuze(
        _("Is dit een feit of een mening?"),
        Aard.choices,
        help_text=_("Beschrijf feiten en meningen gescheiden: wat zag of hoorde u precies?"),
        leeg=_("Kies of dit een feit of een mening is."),
    )
    tekst = tekstvak(
        _("Beschrijving"), rijen=5, leeg=_("Beschrijf wat er is waargenomen of verteld.")
    )
    aangevinkt = forms.MultipleChoiceField(label=_("Signalen"), required=False, choices=[])

    def __init__(self, *args: Any, kader: Afwegingskader, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aangevinkt"].choices = [  # type: ignore[attr-defined]
            (item_id, kader.items[item_id][1]) for item_id in sorted(kader.aanvinkbaar)
        ]


class ConsultatieForm(forms.Form):
    met_wie = keuze(_("Met wie"), MetWie.choices, leeg=_("Kies met wie u overlegde."))
    naam_functie = forms.CharField(label=_("Naam of functie"), max_length=200, required=False)
    datum = datumveld(_("Datum"))
    advies = tekstvak(_("Wat werd geadviseerd?"), leeg=_("Beschrijf wat er werd geadviseerd."))


class GesprekForm(forms.Form):
    met_wie = forms.CharField(
        label=_("Met wie"),
        max_length=200,
        error_messages=_verplicht(_("Vul in met wie het gesprek was.")),
    )
    datum = datumveld(_("Datum"))
    reactie = tekstvak(
        _("Reactie van de betrokkene(n)"), leeg=_("Beschrijf de reactie op uw zorgen.")
    )


class GeenGesprekForm(forms.Form):
    reden_geen_gesprek = keuze(
        _("Waarom vond het gesprek niet plaats?"),
        RedenGeenGesprek.choices,
        help_text=_("Een gesprek kan achterwege blijven als het de veiligheid in gevaar brengt."),
        leeg=_("Kies waarom het gesprek niet plaatsvond."),
    )
    toelichting = tekstvak(
        _("Toelichting"), leeg=_("Licht toe waarom een gesprek niet veilig was.")
    )


class WegingForm(forms.Form):
    datum = datumveld(_("Datum"))
    aard_en_ernst = tekstvak(
        _("Aard en ernst"),
        rijen=5,
        help_text=_("Welk geweld of welke mishandeling vermoedt u, en hoe ernstig is het?"),
        leeg=_("Beschrijf uw inschatting van aard en ernst."),
    )
    risicofactoren = tekstvak(_("Risicofactoren"), verplicht=False)
    beschermende_factoren = tekstvak(_("Beschermende factoren"), verplicht=False)


class AntwoordForm(forms.Form):
    afweging = forms.CharField(widget=forms.HiddenInput)
    antwoord = forms.ChoiceField(
        label=_("Uw antwoord"),
        widget=forms.RadioSelect,
        choices=[],
        error_messages=_verplicht(_("Kies een antwoord.")),
    )
    toelichting = tekstvak(
        _("Toelichting"),
        verplicht=False,
        help_text=_(
            "Verplicht als de aangevinkte signalen uw antwoord tegenspreken, en bij "
            "afsluiten (de conclusie voor het dossier)."
        ),
    )
    signalen = forms.MultipleChoiceField(label=_("Signalen"), required=False, choices=[])
    vt_contact = forms.CharField(
        label=_("Met wie bij Veilig Thuis"),
        max_length=200,
        required=False,
        help_text=_("Deze afweging neemt u samen met Veilig Thuis."),
    )
    vt_datum = datumveld(_("Wanneer besproken met Veilig Thuis"), verplicht=False)

    def __init__(
        self,
        *args: Any,
        kader: Afwegingskader,
        afweging: Afweging,
        samen_met_veilig_thuis: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["afweging"].initial = afweging.id
        self.fields["antwoord"].choices = [  # type: ignore[attr-defined]
            (o.id, o.label) for o in afweging.opties
        ]
        tickable = [
            item.id
            for c in kader.model.catalogi
            if c.id in afweging.catalogi and c.aanvinkbaar
            for item in c.items
        ]
        self.fields["signalen"].choices = [  # type: ignore[attr-defined]
            (i, kader.items[i][1]) for i in tickable
        ]
        if not samen_met_veilig_thuis:
            del self.fields["vt_contact"]
            del self.fields["vt_datum"]
        else:
            self.fields["vt_contact"].required = True
            self.fields["vt_contact"].error_messages["required"] = _(
                "Vul in met wie bij Veilig Thuis u dit besprak."
            )
            self.fields["vt_datum"].required = True


class MeldingForm(forms.Form):
    datum = datumveld(_("Datum van de melding"))
    wijze = keuze(_("Hoe gemeld"), Wijze.choices, leeg=_("Kies hoe u meldde."))
    vt_contact = forms.CharField(
        label=_("Contactpersoon bij Veilig Thuis"),
        max_length=200,
        error_messages=_verplicht(_("Vul in met wie u bij Veilig Thuis sprak.")),
    )
    vt_kenmerk = forms.CharField(
        label=_("Kenmerk bij Veilig Thuis"), max_length=100, required=False
    )
    vooraf_geinformeerd = keuze(
        _("Hebt u de betrokkenen vooraf verteld dat u meldt?"),
        JA_NEE,
        help_text=_("Open melden is de regel, tenzij dat de veiligheid in gevaar brengt."),
        leeg=_("Kies of u de betrokkenen vooraf informeerde."),
    )
    hoe_geinformeerd = tekstvak(_("Zo ja: hoe en wanneer?"), verplicht=False, rijen=3)
    reden_niet_geinformeerd = keuze(
        _("Zo nee: waarom niet?"), RedenNietGeinformeerd.choices, verplicht=False
    )
    toelichting_niet_geinformeerd = tekstvak(_("Toelichting"), verplicht=False, rijen=3)


class HulpBuitenMeldcodeForm(forms.Form):
    datum = datumveld(_("Datum"))
    omschrijving = tekstvak(
        _("Welke hulp, voor welk probleem?"),
        help_text=_(
            "Hulp voor problemen die niet over onveiligheid gaan; dit valt buiten de meldcode."
        ),
        leeg=_("Beschrijf welke hulp er komt."),
    )


class HeropenForm(forms.Form):
    reden = tekstvak(
        _("Waarom heropent u de casus?"),
        rijen=3,
        help_text=_("Bijvoorbeeld: nieuwe signalen."),
        leeg=_("Vul in waarom u de casus heropent."),
    )
