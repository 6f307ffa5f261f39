"""Input parsing for what follows the besluit, care for those involved, and working together.

Domain rules live in dossier.services; these forms only read input, with Dutch messages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from meldwijzer.dossier import stap5
from meldwijzer.dossier.invoer import (
    AFSLUITING,
    AFSLUITING_MET_VEILIG_THUIS,
    EVALUATIE,
    HULPPLAN,
    KINDCHECK,
    ZIENSWIJZE,
)
from meldwijzer.dossier.models import (
    EvaluatieResultaat,
    Recht,
    TermijnEenheid,
    TriageUitkomst,
)
from meldwijzer.kader.model import Afweging
from meldwijzer.web.forms import (
    datumveld,
    formulier,
    keuze,
    regel,
    tekstvak,
    voorwaardelijk,
)


class AfspraakVeiligThuisForm(forms.Form):
    datum = datumveld(_("Datum van de afspraak"))
    vt_contact = regel(
        _("Met wie bij Veilig Thuis"), leeg=_("Vul in met wie bij Veilig Thuis u dit afsprak.")
    )
    wie_doet_wat = tekstvak(
        _("Wie doet wat?"),
        help_text=_("Wat doet u, wat doet Veilig Thuis, wat doen anderen?"),
        leeg=_("Beschrijf wie wat doet: u, Veilig Thuis en anderen."),
    )
    resultaten = tekstvak(
        _("Welke resultaten ten aanzien van de veiligheid?"),
        help_text=_(
            "Noem de resultaten concreet, zodat u later kunt vaststellen of ze bereikt zijn."
        ),
        leeg=_("Noem de resultaten ten aanzien van de veiligheid die bereikt moeten worden."),
    )
    termijn_aantal = forms.IntegerField(
        label=_("Binnen welke termijn?"),
        min_value=1,
        max_value=365,
        error_messages={
            "required": _("Vul de termijn in, bijvoorbeeld 6."),
            "invalid": _("Vul de termijn in als een heel getal, bijvoorbeeld 6."),
            "min_value": _("De termijn is ten minste 1."),
            "max_value": _("Vul een termijn in van hoogstens 365."),
        },
    )
    termijn_eenheid = keuze(
        _("Termijn in"),
        [
            (TermijnEenheid.WERKDAGEN.value, _("werkdagen (zonder weekenden en feestdagen)")),
            (TermijnEenheid.DAGEN.value, _("kalenderdagen (elke dag telt mee)")),
            (TermijnEenheid.WEKEN.value, TermijnEenheid.WEKEN.label),
            (TermijnEenheid.MAANDEN.value, TermijnEenheid.MAANDEN.label),
        ],
        help_text=_(
            "Valt het einde van de termijn op een zaterdag, zondag of feestdag, dan geldt de "
            "eerstvolgende werkdag. Meldwijzer laat dat bij de termijn zien."
        ),
        leeg=_("Kies werkdagen, kalenderdagen, weken of maanden."),
    )


class TerugkoppelingForm(forms.Form):
    datum = datumveld(_("Datum van de terugkoppeling"))
    uitkomst = keuze(
        _("Wat besloot Veilig Thuis na de triage?"),
        TriageUitkomst.choices,
        leeg=_("Kies wat Veilig Thuis besloot."),
    )
    toelichting = tekstvak(
        _("Toelichting"),
        verplicht=False,
        rijen=3,
        help_text=_("Verplicht bij ‘Anders’."),
    )


class HulpplanForm(formulier("HulpplanVelden", HULPPLAN)):  # type: ignore[misc]
    """The plan's declared fields (dossier.invoer.HULPPLAN), then its evaluation dates: a list,
    kept hand-written beside them (docs/adr/0017)."""

    evaluatiedatum_1 = datumveld(
        _("Eerste evaluatie"),
        vandaag=False,
        help_text=_("Na de datum van het plan."),
    )
    evaluatiedatum_2 = datumveld(_("Tweede evaluatie"), verplicht=False, vandaag=False)
    evaluatiedatum_3 = datumveld(_("Derde evaluatie"), verplicht=False, vandaag=False)

    def gedeclareerd(self) -> dict[str, Any]:
        """The cleaned data of the declared fields, for the service whole."""
        return {naam: self.cleaned_data[naam] for naam in HULPPLAN.namen()}

    def evaluatiedata(self) -> list[Any]:
        d = self.cleaned_data
        return [d.get(f"evaluatiedatum_{i}") for i in (1, 2, 3)]


class EvaluatieForm(formulier("_EvaluatieVelden", EVALUATIE)):  # type: ignore[misc]
    """The evaluation's declared fields (dossier.invoer.EVALUATIE); beside them the criteria
    ticked, a list from the framework's catalogue, and with Veilig Thuis who there and when (the
    answer's, not the evaluation's).

    The resultaat is asked in the framework's words: its question, and beside *doorgaan* every
    answer option of its resultaat afweging (a profession may offer more than ja and nee).
    """

    criteria = forms.MultipleChoiceField(
        label=_("Geldt een van deze punten?"),
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies alleen criteria uit de lijst op deze pagina.")},
    )
    vt_contact = regel(
        _("Met wie bij Veilig Thuis"),
        verplicht=False,
        help_text=_("Bij ja of nee: deze afweging neemt u samen met Veilig Thuis."),
    )
    vt_datum = datumveld(_("Wanneer besproken met Veilig Thuis"), verplicht=False)

    def __init__(
        self,
        *args: Any,
        criteria: list[tuple[str, str]],
        samen: bool,
        afweging: Afweging | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["datum", "bevindingen", "criteria"])  # as the page asks them
        self.fields["criteria"].choices = criteria
        self.opties = {o.id: o for o in afweging.opties} if afweging is not None else {}
        if afweging is not None:
            resultaat = self.fields["resultaat"]
            resultaat.label = afweging.vraag
            resultaat.choices = [
                (DOORGAAN, EvaluatieResultaat.DOORGAAN.label),
                *((o.id, o.label) for o in stap5.ja_eerst(afweging.opties) if o.id != DOORGAAN),
            ]
        self.fields["volgende_datum"].initial = None  # a date to come: never today's
        if not samen:
            del self.fields["vt_contact"]
            del self.fields["vt_datum"]

    def clean_resultaat(self) -> str:
        """An answer option stands for its meaning (ja or nee); which option it was is kept
        beside it (``optie``)."""
        waarde = str(self.cleaned_data["resultaat"])
        self.optie = ""
        if waarde != DOORGAAN and waarde in self.opties:
            self.optie = waarde
            return self.opties[waarde].betekenis.value
        return waarde

    def gedeclareerd(self) -> dict[str, Any]:
        """The cleaned data of the declared fields, for the service whole, with the option
        chosen."""
        return {naam: self.cleaned_data[naam] for naam in EVALUATIE.namen()} | {"optie": self.optie}


# The evaluation's own answer beside the framework's options (an option of that id is not
# offered: the evaluation would not know which was meant).
DOORGAAN = EvaluatieResultaat.DOORGAAN.value


class AfsluitingForm(
    formulier("_AfsluitingVelden", AFSLUITING, verplicht=AFSLUITING_MET_VEILIG_THUIS)  # type: ignore[misc]
):
    """The closing's declared fields (dossier.invoer.AFSLUITING); its agreements, a list, are
    the formset beside it (AfsluitAfsprakenFormSet)."""

    def __init__(self, *args: Any, samen: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not samen:
            for naam in AFSLUITING_MET_VEILIG_THUIS:
                del self.fields[naam]

    def gedeclareerd(self) -> dict[str, Any]:
        """The cleaned data of the declared fields this form asks, for the service whole."""
        return {n: self.cleaned_data[n] for n in AFSLUITING.namen() if n in self.cleaned_data}


class AfsluitAfspraakForm(forms.Form):
    """One follow-up agreement; the first is required, the others may stay empty."""

    wat = tekstvak(_("Wat wordt gevolgd?"), verplicht=False, rijen=2)
    wie = regel(_("Door wie?"), verplicht=False)
    partners = regel(_("Met welke partners?"), verplicht=False, max_length=300)
    tot_wanneer = datumveld(_("Tot wanneer?"), verplicht=False, vandaag=False)


class _AfsprakenBasis(forms.BaseFormSet):
    """The first agreement is required (at least one, H3 Afweging 5); two more may stay empty."""

    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        form: forms.Form = super()._construct_form(i, **kwargs)  # type: ignore[misc]
        form.samenvatting_prefix = _("Afspraak %(n)s") % {"n": i + 1}  # type: ignore[attr-defined]
        if i == 0:
            for naam, tekst in (
                ("wat", _("Beschrijf wat er wordt gevolgd.")),
                ("wie", _("Vul in wie het volgt.")),
                ("tot_wanneer", _("Vul in tot wanneer dit wordt gevolgd.")),
            ):
                form.fields[naam].required = True
                form.fields[naam].error_messages["required"] = tekst
        return form


AfsluitAfsprakenFormSet = forms.formset_factory(
    AfsluitAfspraakForm, formset=_AfsprakenBasis, extra=2, min_num=1, max_num=3, absolute_max=3
)


class KindcheckForm(formulier("_KindcheckVelden", KINDCHECK)):  # type: ignore[misc]
    """The declared answer and explanation (dossier.invoer.KINDCHECK), after the conditions:
    those are the items of the casus's framework catalogue, given by the view."""

    condities = forms.MultipleChoiceField(
        label=_("Heeft deze volwassene acute medische zorg nodig (gehad) vanwege:"),
        required=False,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies alleen omstandigheden uit de lijst.")},
    )
    field_order = ("condities",)  # as the page shows them

    def __init__(self, *args: Any, condities: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["condities"].choices = condities


class ZienswijzeForm(formulier("_ZienswijzeVelden", ZIENSWIJZE)):  # type: ignore[misc]
    """Whose view it is, one of the casus's betrokkenen given by the view, then the declared
    fields (dossier.invoer.ZIENSWIJZE)."""

    betrokkene = forms.TypedChoiceField(
        label=_("Van wie is deze zienswijze?"),
        coerce=int,
        choices=[],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies de betrokkene."),
            "invalid_choice": _("Kies de betrokkene."),
        },
    )
    field_order = ("betrokkene",)  # as the page shows them

    def __init__(self, *args: Any, betrokkenen: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["betrokkene"].choices = betrokkenen


class DeelForm(forms.Form):
    met = forms.TypedChoiceField(
        label=_("Collega"),
        coerce=int,
        choices=[],
        error_messages={
            "required": _("Kies een collega."),
            "invalid_choice": _("Kies een collega uit de lijst."),
        },
    )
    recht = keuze(_("Wat mag de collega?"), Recht.choices, leeg=_("Kies wat de collega mag."))

    def __init__(self, *args: Any, collegas: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["met"].choices = [  # type: ignore[attr-defined]
            ("", _("Kies een collega")),
            *collegas,
        ]


class NieuweEigenaarForm(forms.Form):
    nieuwe_eigenaar = forms.TypedChoiceField(
        label=_("Nieuwe beroepskracht"),
        coerce=int,
        choices=[],
        error_messages={
            "required": _("Kies aan wie u de casus overdraagt."),
            "invalid_choice": _("Kies een collega uit de lijst."),
        },
    )
    reden = tekstvak(
        _("Waarom draagt u de casus over?"),
        rijen=2,
        help_text=_("Bijvoorbeeld: verlof of vertrek."),
        leeg=_("Vul in waarom u de casus overdraagt, bijvoorbeeld verlof of vertrek."),
    )

    def __init__(self, *args: Any, collegas: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nieuwe_eigenaar"].choices = [  # type: ignore[attr-defined]
            ("", _("Kies een collega")),
            *collegas,
        ]


voorwaardelijk(
    AfsluitAfspraakForm.base_fields["wat"],
    AfsluitAfspraakForm.base_fields["wie"],
    AfsluitAfspraakForm.base_fields["tot_wanneer"],
    TerugkoppelingForm.base_fields["toelichting"],
    EvaluatieForm.base_fields["vt_contact"],
    EvaluatieForm.base_fields["vt_datum"],
)
