"""Filters of the dashboard and the choice of year of the annual figures (input only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldwijzer.accounts.models import Organisatie
from meldwijzer.rapportage import selectors
from meldwijzer.rapportage.dashboard import Filter
from meldwijzer.web.forms import LangeKeuzelijst, datumveld

MAX_PERIODE = dt.timedelta(days=3 * 366)  # longer, and the months no longer fit on a chart
EERSTE_JAAR = 2020
INACTIEF = _("inactief")


class DashboardFilterForm(forms.Form):
    beroepskracht = forms.TypedChoiceField(
        label=_("Beroepskracht"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=LangeKeuzelijst,
    )
    van = datumveld(_("Van"), vandaag=False)
    tot = datumveld(_("Tot en met"), vandaag=False)

    def __init__(self, data: Any, *, organisatie: Organisatie) -> None:
        standaard = Filter.standaard(organisatie.pk)
        super().__init__(data, initial={"van": standaard.van, "tot": standaard.tot})
        self.organisatie = organisatie
        # Values, not model instances: a large organisation has hundreds of beroepskrachten.
        rijen = selectors.beroepskrachten(organisatie).values_list(
            "user_id", "user__first_name", "user__last_name", "user__username", "actief"
        )
        beroepskracht = self.fields["beroepskracht"]
        assert isinstance(beroepskracht, forms.ChoiceField)  # declared above
        beroepskracht.choices = [
            ("", _("Alle beroepskrachten")),
            *(
                (pk, (f"{voor} {achter}".strip() or naam) + ("" if actief else f" ({INACTIEF})"))
                for pk, voor, achter, naam, actief in rijen
            ),
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()  # Django's answers cleaned_data (the stubs allow an override None)
        data = self.cleaned_data
        van, tot = data.get("van"), data.get("tot")
        if van and tot:
            if van > tot:
                self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
            elif tot - van > MAX_PERIODE:
                self.add_error("van", _("Kies een periode van hoogstens drie jaar."))
        return data

    def filter(self) -> Filter:
        """The filter asked for, or the last twelve months when the form is empty or wrong."""
        if not self.is_bound or not self.is_valid():
            return Filter.standaard(self.organisatie.pk)
        d = self.cleaned_data
        return Filter(self.organisatie.pk, d["van"], d["tot"], d.get("beroepskracht"))


def jaren() -> list[int]:
    return list(range(timezone.localdate().year, EERSTE_JAAR - 1, -1))


class JaarForm(forms.Form):
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int)

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        jaar = self.fields["jaar"]
        assert isinstance(jaar, forms.ChoiceField)  # declared above
        jaar.choices = [(j, str(j)) for j in jaren()]

    def gekozen(self) -> int:
        """The year asked for; last year by default (the annual report is about a past year)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["jaar"]
        return timezone.localdate().year - 1
