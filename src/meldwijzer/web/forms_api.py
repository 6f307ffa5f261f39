"""Input of the beheer pages for applications (docs/api.md). Rules live in
applicaties/services.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldwijzer.accounts.models import Membership
from meldwijzer.applicaties.models import Scope
from meldwijzer.web.forms import datumveld, regel


class Lidkeuze(forms.ModelChoiceField):
    """A membership, shown by the member's name and role."""

    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.weergavenaam} ({obj.get_rol_display()})"


class ApplicatieForm(forms.Form):
    naam = regel(
        _("Naam van de applicatie"),
        max_length=100,
        help_text=_("Bijvoorbeeld het ECD of leerlingvolgsysteem dat koppelt."),
        leeg=_("Geef de applicatie een naam."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Rechten"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies een of meer rechten.")},
    )
    namens = Lidkeuze(
        label=_("Handelt namens"),
        queryset=Membership.objects.none(),
        help_text=_(
            "De applicatie ziet en doet precies wat deze gebruiker mag, en niets meer. Alleen "
            "beroepskrachten en aandachtsfunctionarissen kunnen worden gekozen."
        ),
        error_messages={
            "required": _("Kies een gebruiker."),
            "invalid_choice": _("Kies een gebruiker."),
        },
    )
    verloopt_op = datumveld(
        _("Geldig tot"),
        vandaag=False,
        help_text=_("Het token werkt tot deze datum (uiterlijk een jaar vooruit)."),
    )

    def __init__(
        self, *args: Any, kandidaten: QuerySet[Membership] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        namens = self.fields["namens"]
        assert isinstance(namens, forms.ModelChoiceField)  # declared above
        namens.queryset = kandidaten if kandidaten is not None else Membership.objects.none()
        self.fields["verloopt_op"].initial = timezone.localdate() + dt.timedelta(days=90)


class GoedkeurForm(forms.Form):
    """Approving an application on Mijn account: a fresh code from the user's own app (left
    empty by who has none and logs in through the organisation)."""

    code = forms.CharField(
        label=_("Code uit uw authenticator-app"),
        max_length=10,
        required=False,
        help_text=_("De zes cijfers die uw app nu toont."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
