"""Input parsing for the pages. Domain rules live in dossier.services; these only read input."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from meldwijzer import datumtekst
from meldwijzer.dossier import invoer, stap5
from meldwijzer.dossier.formulering import Treffer, speculatieve_woorden
from meldwijzer.dossier.invoer import (
    BETROKKENE,
    CONSULTATIE,
    GEEN_GESPREK,
    GESPREK,
    GESPREK_GEVOERD,
    MAX_TEKST,
    MELDING,
    SIGNAAL,
    WEGING,
    Invoer,
)
from meldwijzer.dossier.models import (
    Aard,
    BijzondereVorm,
    VoorwaardeStatus,
)
from meldwijzer.kader import Afwegingskader
from meldwijzer.kader.model import Afweging

DATUMFORMATEN = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


def _verplicht(tekst: Any) -> dict[str, Any]:
    return {"required": tekst}


class LangeKeuzelijst(forms.Select):
    """A ``<select>`` written out here instead of through a template per option: Django renders
    every option with its own template include, which for the few hundred beroepskrachten of a
    large organisation cost tens of milliseconds per page (docs/performance.md, 'Dashboard').
    The same markup (web/tests/test_keuzelijst.py), every value and label escaped; flat choices
    only, no option groups."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        gekozen = self.format_value(value)
        opties = []
        for waarde, label in self.choices:
            if isinstance(label, list | tuple):
                raise TypeError("LangeKeuzelijst kent geen optiegroepen")
            tekst = str(waarde)
            kies = tekst in gekozen
            if kies:
                gekozen = []  # like Django: only the first option with the value is selected
            opties.append(
                f'<option value="{escape(tekst)}"{" selected" if kies else ""}>'
                f"{escape(label)}</option>"
            )
        volledig = self.build_attrs(self.attrs, attrs)
        return mark_safe(  # noqa: S308 — name, attributes, values and labels escaped here
            f'<select name="{escape(name)}"{flatatt(volledig)}>{"".join(opties)}</select>'
        )


def datumveld(
    label: Any, *, verplicht: bool = True, vandaag: bool = True, help_text: Any = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=verplicht,
        help_text=help_text,
        input_formats=DATUMFORMATEN,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate if vandaag else None,
        error_messages={
            "required": _("Vul een datum in."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 31-01-2025."),
        },
    )


TE_LANG = _("Deze tekst is %(show_value)s tekens lang; houd hem korter dan %(limit_value)s tekens.")


def tekstvak(
    label: Any, *, verplicht: bool = True, help_text: Any = "", rijen: int = 4, leeg: Any = None
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=verplicht,
        help_text=help_text,
        max_length=MAX_TEKST,
        widget=forms.Textarea(attrs={"rows": rijen}),
        error_messages={**_verplicht(leeg or _("Vul dit veld in.")), "max_length": TE_LANG},
    )


def regel(
    label: Any,
    *,
    verplicht: bool = True,
    max_length: int = 200,
    help_text: Any = "",
    leeg: Any = None,
) -> forms.CharField:
    """A one-line text field with Dutch messages for missing and over-long input."""
    return forms.CharField(
        label=label,
        required=verplicht,
        max_length=max_length,
        help_text=help_text,
        error_messages={**_verplicht(leeg or _("Vul dit veld in.")), "max_length": TE_LANG},
    )


def janee(
    label: Any, *, verplicht: bool = True, help_text: Any = "", leeg: Any = None
) -> forms.TypedChoiceField:
    """Ja or nee as two radio buttons; the cleaned value is True or False (None when empty)."""
    return forms.TypedChoiceField(
        label=label,
        choices=JA_NEE,
        coerce=lambda waarde: waarde == "ja",
        empty_value=None,
        required=verplicht,
        help_text=help_text,
        widget=forms.RadioSelect,
        error_messages=_verplicht(leeg or _("Maak een keuze.")),
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


def getal(
    label: Any,
    *,
    bereik: tuple[int, int] | None = None,
    verplicht: bool = True,
    help_text: Any = "",
    leeg: Any = None,
    ongeldig: Any = None,
) -> forms.IntegerField:
    """A whole number within ``bereik``, with Dutch messages for missing and invalid input."""
    laagste, hoogste = bereik or (None, None)
    meldingen = _verplicht(leeg or _("Vul dit veld in."))
    if ongeldig:
        meldingen["invalid"] = ongeldig
    return forms.IntegerField(
        label=label,
        required=verplicht,
        min_value=laagste,
        max_value=hoogste,
        help_text=help_text,
        error_messages=meldingen,
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

    def __init__(self, *args: Any, routes: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if routes:  # the organisation's framework has several routes (docs/adr/0006)
            self.fields["route"] = keuze(
                _("Route"),
                routes,
                leeg=_("Kies de route die bij deze zorg past."),
                help_text=_("Het afwegingskader van uw organisatie kent meerdere routes."),
            )


def invoervelden(
    declaratie: Invoer, *, zonder: tuple[str, ...] = (), verplicht: tuple[str, ...] = ()
) -> dict[str, forms.Field]:
    """The form fields of a declared record (dossier.invoer), in its order: the question, the
    hint and the message when missing from the declaration, the limit and the choices from the
    model field. ``verplicht``: conditional fields this form requires (its case is the one in
    which the service requires them)."""
    velden: dict[str, forms.Field] = {}
    for veld in declaratie:
        if veld.naam in zonder:
            continue
        soort = declaratie.soort(veld)
        algemeen: dict[str, Any] = {
            "verplicht": veld.verplicht or veld.naam in verplicht,
            "help_text": veld.uitleg,
        }
        if soort == invoer.DATUM:
            formveld: forms.Field = datumveld(veld.vraag, **algemeen)
        elif soort == invoer.JANEE:
            formveld = janee(veld.vraag, leeg=veld.leeg, **algemeen)
        elif soort == invoer.KEUZE:
            formveld = keuze(veld.vraag, declaratie.keuzes(veld), leeg=veld.leeg, **algemeen)
        elif soort == invoer.GETAL:
            formveld = getal(
                veld.vraag, bereik=veld.bereik, leeg=veld.leeg, ongeldig=veld.ongeldig, **algemeen
            )
        elif soort == invoer.TEKST:
            formveld = tekstvak(veld.vraag, rijen=veld.rijen, leeg=veld.leeg, **algemeen)
            formveld.max_length = declaratie.maximaal(veld)
        else:
            formveld = regel(
                veld.vraag, max_length=declaratie.maximaal(veld), leeg=veld.leeg, **algemeen
            )
        formveld.voorwaardelijk = veld.voorwaardelijk  # type: ignore[attr-defined]
        velden[veld.naam] = formveld
    return velden


def formulier(
    naam: str,
    declaratie: Invoer,
    *,
    zonder: tuple[str, ...] = (),
    verplicht: tuple[str, ...] = (),
) -> type[forms.Form]:
    """A form class for a declared record: its cleaned data go to the service whole."""
    velden = invoervelden(declaratie, zonder=zonder, verplicht=verplicht)
    return type(naam, (forms.Form,), {"__module__": __name__, **velden})


class SignaalForm(formulier("_SignaalVelden", SIGNAAL)):  # type: ignore[misc]
    """Stap 1: the declared fields (dossier.invoer.SIGNAAL), then the ticks against the
    framework's catalogues, the special forms of violence and the confirmation of a fact."""

    aangevinkt = forms.MultipleChoiceField(label=_("Signalen"), required=False, choices=[])
    vormen = forms.MultipleChoiceField(
        label=_("Gaat het om een van deze vormen van geweld?"),
        required=False,
        choices=BijzondereVorm.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Bij deze vormen kan een gesprek met de ouders of de vermoedelijke pleger het "
            "slachtoffer in gevaar brengen."
        ),
    )
    feit_bevestigd = forms.BooleanField(
        label=_("Ik heb de formulering gecontroleerd: dit is een feit."),
        required=False,
    )

    # The button in the feit-or-mening block (web/_feit_of_mening.html): record the note as
    # mening in one press, whatever was chosen above.
    ALS_MENING = "mening"

    def __init__(self, data: Any = None, *, kader: Afwegingskader, **kwargs: Any) -> None:
        if data is not None and data.get("vastleggen_als") == self.ALS_MENING:
            data = data.copy()
            data["aard"] = Aard.MENING
        super().__init__(data, **kwargs)
        self.fields["aangevinkt"].choices = [
            (item_id, kader.items[item_id][1]) for item_id in sorted(kader.aanvinkbaar)
        ]

    @property
    def feit_of_mening(self) -> list[Treffer]:
        """The speculative words of a *feit* the service refused (dossier.formulering): the page
        then asks one question, feit or mening, in its own block instead of a field error."""
        if not self.is_bound or not self.has_error("tekst", "speculatief"):
            return []
        return speculatieve_woorden(self["tekst"].value() or "")

    @property
    def apart_getoond(self) -> dict[str, str]:
        """Field errors a block of their own says, by field, with that block's id: the field
        and the error summary leave them out (one message, not three)."""
        return {"tekst": "feit-of-mening-tekst"} if self.feit_of_mening else {}


# Stap 3's two cases, one declared record (dossier.invoer.GESPREK): each form requires its case's
# fields; the view says which case (gevoerd).
GesprekForm = formulier(
    "GesprekForm",
    GESPREK,
    zonder=("gevoerd", *GEEN_GESPREK),
    verplicht=GESPREK_GEVOERD,
)
GeenGesprekForm = formulier(
    "GeenGesprekForm",
    GESPREK,
    zonder=("gevoerd", *GESPREK_GEVOERD),
    verplicht=GEEN_GESPREK,
)


def signaal_kort(signaal: Any) -> str:
    """A recorded signaal in one line: date, fact or opinion, source, the start of its text."""
    tekst = " ".join(str(signaal.tekst).split())
    if len(tekst) > 90:
        tekst = tekst[:89] + "…"
    return (
        f"{datumtekst.datum(signaal.datum)} · {signaal.get_aard_display()} · "
        f"{signaal.get_bron_display()}: {tekst}"
    )


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
            "Verplicht bij signalen die uw antwoord tegenspreken, bij ja met een niet voldane "
            "voorwaarde, en bij afsluiten (de conclusie)."
        ),
        rijen=3,
    )
    signalen = forms.MultipleChoiceField(label=_("Signalen"), required=False, choices=[])
    vt_contact = regel(
        _("Met wie bij Veilig Thuis"),
        verplicht=False,
        help_text=_("Deze afweging neemt u samen met Veilig Thuis."),
    )
    vt_datum = datumveld(_("Wanneer besproken met Veilig Thuis"), verplicht=False)
    # Where a signal ticked now comes from: recorded signalen, or one recorded on the spot
    # (H2: facts with date and source; docs/adr/0019).
    bronnen = forms.TypedMultipleChoiceField(
        label=_("Op welke vastgelegde signalen rust wat u nu aanvinkt?"),
        required=False,
        coerce=int,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    nieuw_signaal = forms.BooleanField(
        label=_("Een nieuw signaal vastleggen waarop het rust"), required=False
    )

    def __init__(
        self,
        *args: Any,
        kader: Afwegingskader,
        afweging: Afweging,
        samen_met_veilig_thuis: bool,
        signalen: Sequence[Any] = (),
        sleutel: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bronnen"].choices = [  # type: ignore[attr-defined]
            (s.pk, signaal_kort(s)) for s in signalen
        ]
        for naam, veld in invoervelden(SIGNAAL).items():
            veld.required = False  # required when a new signaal is recorded: the service says
            self.fields[f"signaal_{naam}"] = veld
        # The engine's key: ``route/afweging`` after a handover (kaderformaat 2).
        self.fields["afweging"].initial = sleutel or afweging.id
        self.fields["antwoord"].choices = [  # type: ignore[attr-defined]
            (o.id, o.label) for o in afweging.opties
        ]
        # Submitted without an answer (Enter in the form): the message names the question.
        self.fields["antwoord"].error_messages["required"] = _(
            "Kies een antwoord op afweging %(nummer)s: %(vraag)s"
        ) % {"nummer": stap5.afweging_naam(afweging), "vraag": afweging.vraag}
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
        # The four voorwaarden, where the afweging asks for them (H5).
        self.voorwaarden_items: list[tuple[Any, str, str]] = []
        catalogus = stap5.voorwaarden_catalogus(kader, afweging)
        for i, item in enumerate(catalogus.items if catalogus is not None else []):
            status, uitleg = f"voorwaarde_{i}_status", f"voorwaarde_{i}_toelichting"
            self.fields[status] = keuze(
                _("Voorwaarde %(n)s") % {"n": i + 1},
                VoorwaardeStatus.choices,
                leeg=_(
                    "Geef bij voorwaarde %(n)s aan: voldaan, niet voldaan of niet van toepassing."
                )
                % {"n": i + 1},
            )
            self.fields[uitleg] = tekstvak(
                _("Toelichting bij voorwaarde %(n)s") % {"n": i + 1},
                rijen=2,
                leeg=_("Licht toe hoe de hulp aan voorwaarde %(n)s voldoet.") % {"n": i + 1},
            )
            self.voorwaarden_items.append((item, status, uitleg))

    def nieuw_signaal_gegevens(self) -> dict[str, Any] | None:
        """The signaal to record on the spot, when asked for."""
        if not self.cleaned_data.get("nieuw_signaal"):
            return None
        return {naam: self.cleaned_data.get(f"signaal_{naam}") for naam in SIGNAAL.namen()}

    def nieuw_signaal_velden(self) -> list[forms.BoundField]:
        return [self[f"signaal_{naam}"] for naam in SIGNAAL.namen()]

    def voorwaarden_rijen(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [
            (item, self[status], self[uitleg]) for item, status, uitleg in self.voorwaarden_items
        ]

    def voorwaarden(self) -> dict[str, dict[str, str]] | None:
        if not self.voorwaarden_items:
            return None
        d = self.cleaned_data
        return {
            item.id: {"status": d.get(status) or "", "toelichting": d.get(uitleg) or ""}
            for item, status, uitleg in self.voorwaarden_items
        }


BetrokkeneForm = formulier("BetrokkeneForm", BETROKKENE)
# A birth date starts empty, not at today like the date of something that happened.
BetrokkeneForm.base_fields["geboortedatum"].initial = None
ConsultatieForm = formulier("ConsultatieForm", CONSULTATIE)
WegingForm = formulier("WegingForm", WEGING)
MeldingForm = formulier("MeldingForm", MELDING, zonder=("spoed_reden",))
SpoedmeldingForm = formulier("SpoedmeldingForm", MELDING)


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


def voorwaardelijk(*velden: forms.Field) -> None:
    """Mark fields that are required in some cases only: their hint says when."""
    for veld in velden:
        veld.voorwaardelijk = True  # type: ignore[attr-defined]


voorwaardelijk(
    SignaalForm.base_fields["bron_wie"],
    AntwoordForm.base_fields["toelichting"],
    AntwoordForm.base_fields["vt_contact"],
    AntwoordForm.base_fields["vt_datum"],
)
