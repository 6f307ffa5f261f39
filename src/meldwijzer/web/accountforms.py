"""Input of the login, account and beheer pages. Rules live in accounts; these only read input."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from meldwijzer.accounts.models import ROLLEN_VIA_BEHEER


class InlogForm(forms.Form):
    # No maximum length: passphrases of any length are welcome (docs/security.md).
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        error_messages={"required": _("Vul uw gebruikersnaam in.")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        error_messages={"required": _("Vul uw wachtwoord in.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_(
            "De zes cijfers uit uw authenticator-app, of een van uw herstelcodes "
            "(bijvoorbeeld abcd-efgh-jkmn-pqrs)."
        ),
        error_messages={"required": _("Vul de code in.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class AppCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit de app"),
        max_length=10,
        help_text=_("De zes cijfers die de authenticator-app nu toont."),
        error_messages={"required": _("Vul de code uit de app in.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class WachtwoordWijzigenForm(PasswordChangeForm):
    """Django's password change, with the validators of settings and Dutch labels."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Huidig wachtwoord")
        self.fields["new_password1"].label = _("Nieuw wachtwoord of wachtzin")
        self.fields["new_password1"].help_text = _(
            "Ten minste 12 tekens; een lange zin van losse woorden is sterk en goed te "
            "onthouden. Geen veelgebruikt wachtwoord."
        )
        self.fields["new_password2"].label = _("Herhaal het nieuwe wachtwoord")
        self.fields["new_password2"].help_text = ""


ROL_KEUZES = [(r.value, r.label) for r in ROLLEN_VIA_BEHEER]


class NieuweGebruikerForm(forms.Form):
    gebruikersnaam = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        error_messages={"required": _("Vul een gebruikersnaam in.")},
    )
    voornaam = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    rol = forms.ChoiceField(
        label=_("Rol"),
        choices=ROL_KEUZES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een rol.")},
    )
    wachtwoord = forms.CharField(
        label=_("Eerste wachtwoord"),
        strip=False,
        help_text=_(
            "Geef dit persoonlijk door. Bij de eerste keer inloggen stelt de gebruiker "
            "tweestapsverificatie in."
        ),
        error_messages={"required": _("Vul een eerste wachtwoord in.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class RolForm(forms.Form):
    rol = forms.ChoiceField(
        label=_("Rol"),
        choices=ROL_KEUZES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een rol.")},
    )


class NieuwWachtwoordForm(forms.Form):
    wachtwoord = forms.CharField(
        label=_("Nieuw eerste wachtwoord"),
        strip=False,
        error_messages={"required": _("Vul een nieuw wachtwoord in.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
