"""One declared input per record: which fields a person or a system gives, with their question,
their message when missing and whether they are required, in one place (docs/adr/0017).

Limits and choices come from the model field itself (``max_length``, ``choices``), so they are
written once. What derives from a declaration:

- the form of the pages (``web.forms.invoervelden``),
- the API's input and output schemas (``api.invoer``),
- the service's validation of required fields, lengths, choices and dates
  (``dossier.services.bouwstenen.controleer_invoer``); rules between fields stay in the service,
- the audit snapshot of a new record (``namen``),
- how a recorded record is shown on its page and in the dossier (``{% gegevens %}``).

A declaration names the model's fields in the order a person fills them in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from meldwijzer.dossier.models import Consultatie, Hulpplan, Melding, Weging

# Longest free text a note may hold (docs/adr/0004); the forms and the API say the same.
MAX_TEKST = 10_000

DATUM, JANEE, KEUZE, REGEL, TEKST = "datum", "janee", "keuze", "regel", "tekst"


@dataclass(frozen=True)
class Veld:
    """One input of a record.

    ``leeg``: the message when it is missing; None means optional. ``voorwaardelijk``: required
    only in some cases, which the service decides (and the form's hint tells); its ``leeg`` is
    then the message for those cases, and a form for one case may require it
    (``web.forms.formulier(verplicht=...)``). ``rijen``: free
    text on several lines (a text area of that many rows) rather than one line. ``export``: its
    key in the inzage export when that differs from the field's name; ``persoon``: it names a
    professional or informant, left out when the reporter's identity is (dossier.inzage).
    """

    naam: str
    vraag: Any
    leeg: Any = None
    uitleg: Any = ""
    rijen: int = 0
    voorwaardelijk: bool = False
    export: str = ""
    persoon: bool = False

    @property
    def verplicht(self) -> bool:
        """Always required; a conditional field is checked by its service."""
        return self.leeg is not None and not self.voorwaardelijk


@dataclass(frozen=True)
class Invoer:
    model: type[models.Model]
    velden: tuple[Veld, ...]

    def __iter__(self) -> Iterator[Veld]:
        return iter(self.velden)

    def namen(self) -> list[str]:
        return [v.naam for v in self.velden]

    def veld(self, naam: str) -> Veld:
        return next(v for v in self.velden if v.naam == naam)

    def modelveld(self, naam: str) -> Any:
        return self.model._meta.get_field(naam)

    def soort(self, veld: Veld) -> str:
        modelveld = self.modelveld(veld.naam)
        if isinstance(modelveld, models.DateField):
            return DATUM
        if isinstance(modelveld, models.BooleanField):
            return JANEE
        if modelveld.choices:
            return KEUZE
        return TEKST if veld.rijen else REGEL

    def maximaal(self, veld: Veld) -> int:
        """The longest text the field holds: the column's (or encrypted field's) limit, else the
        note limit."""
        return int(getattr(self.modelveld(veld.naam), "max_length", None) or MAX_TEKST)

    def keuzes(self, veld: Veld) -> list[tuple[str, Any]]:
        return list(self.modelveld(veld.naam).choices or [])

    def label(self, veld: Veld) -> str:
        """The short name a recorded value is shown under (the model's verbose name)."""
        return str(self.modelveld(veld.naam).verbose_name)


MELDING = Invoer(
    Melding,
    (
        Veld(
            "spoed_reden",
            _("Welk acuut gevaar?"),
            uitleg=_(
                "Beschrijf kort waarom u direct meldde. De stappen van de meldcode legt u daarna "
                "alsnog vast."
            ),
            rijen=3,
            voorwaardelijk=True,
            export="acuut_gevaar",
        ),
        Veld("datum", _("Datum van de melding"), leeg=_("Vul een datum in.")),
        Veld("wijze", _("Hoe gemeld"), leeg=_("Kies hoe u meldde.")),
        Veld(
            "vt_organisatie",
            _("Bij welke Veilig Thuis-organisatie?"),
            uitleg=_(
                "De Veilig Thuis van de regio waar het kind of de volwassene woont, "
                "bijvoorbeeld ‘Veilig Thuis Utrecht’."
            ),
            export="veilig_thuis_organisatie",
        ),
        Veld(
            "vt_contact",
            _("Contactpersoon bij Veilig Thuis"),
            leeg=_("Vul in met wie u bij Veilig Thuis sprak."),
            export="contact_veilig_thuis",
            persoon=True,
        ),
        Veld("vt_kenmerk", _("Kenmerk bij Veilig Thuis"), export="kenmerk_veilig_thuis"),
        Veld(
            "vooraf_geinformeerd",
            _("Hebt u de betrokkenen vooraf verteld dat u meldt?"),
            leeg=_("Kies of u de betrokkenen vooraf informeerde."),
            uitleg=_("Open melden is de regel, tenzij dat de veiligheid in gevaar brengt."),
        ),
        Veld("hoe_geinformeerd", _("Zo ja: hoe en wanneer?"), rijen=3, voorwaardelijk=True),
        Veld("reden_niet_geinformeerd", _("Zo nee: waarom niet?"), voorwaardelijk=True),
        Veld(
            "toelichting_niet_geinformeerd",
            _("Toelichting"),
            rijen=3,
            voorwaardelijk=True,
            export="toelichting",
        ),
    ),
)

CONSULTATIE = Invoer(
    Consultatie,
    (
        Veld("met_wie", _("Met wie"), leeg=_("Kies met wie u overlegde.")),
        Veld("naam_functie", _("Naam of functie"), export="naam_of_functie", persoon=True),
        Veld("datum", _("Datum"), leeg=_("Vul een datum in.")),
        Veld(
            "advies",
            _("Wat werd geadviseerd?"),
            leeg=_("Beschrijf wat er werd geadviseerd."),
            rijen=4,
        ),
    ),
)

WEGING = Invoer(
    Weging,
    (
        Veld("datum", _("Datum"), leeg=_("Vul een datum in.")),
        Veld(
            "aard_en_ernst",
            _("Aard en ernst"),
            leeg=_("Beschrijf uw inschatting van aard en ernst."),
            uitleg=_("Welk geweld of welke mishandeling vermoedt u, en hoe ernstig is het?"),
            rijen=5,
        ),
        Veld("risicofactoren", _("Risicofactoren"), rijen=4),
        Veld("beschermende_factoren", _("Beschermende factoren"), rijen=4),
    ),
)

# The plan's scalar fields; its evaluation dates are a list, kept beside them by the form, the
# API and the service (docs/adr/0017, Gevolgen).
HULPPLAN = Invoer(
    Hulpplan,
    (
        Veld("datum", _("Datum van het plan"), leeg=_("Vul een datum in.")),
        Veld(
            "doelen",
            _("Doelen"),
            leeg=_("Beschrijf de doelen van de hulp."),
            uitleg=_("Veiligheid is altijd het hoofddoel; daarnaast herstel van de schade."),
            rijen=4,
        ),
        Veld(
            "resultaten",
            _("Resultaten"),
            leeg=_(
                "Beschrijf welke resultaten ten aanzien van de veiligheid bereikt moeten worden."
            ),
            uitleg=_(
                "Welke resultaten ten aanzien van de veiligheid moeten binnen welke termijn "
                "bereikt zijn?"
            ),
            rijen=4,
        ),
        Veld(
            "wie_doet_wat",
            _("Wie doet wat?"),
            leeg=_("Beschrijf wie wat doet, ook de betrokkenen zelf."),
            uitleg=_("Ook wat de betrokkenen zelf en hun netwerk doen."),
            rijen=4,
        ),
        Veld(
            "monitoring",
            _("Hoe wordt de veiligheid gevolgd?"),
            leeg=_("Beschrijf hoe, hoe lang en door wie de veiligheid wordt gevolgd."),
            uitleg=_("Hoe, hoe lang en door wie; en wie stelt vast dat de veiligheid is bereikt?"),
            rijen=4,
        ),
        Veld(
            "meerdere_beroepskrachten",
            _("Zijn er meerdere beroepskrachten betrokken?"),
            leeg=_("Geef aan of meerdere beroepskrachten betrokken zijn."),
        ),
        Veld(
            "casusregie",
            _("Wie heeft de casusregie of is casemanager?"),
            uitleg=_("Verplicht als meerdere beroepskrachten betrokken zijn."),
            voorwaardelijk=True,
        ),
    ),
)

# The declaration of each record that has one, by model.
DECLARATIES: dict[type[models.Model], Invoer] = {
    Consultatie: CONSULTATIE,
    Hulpplan: HULPPLAN,
    Melding: MELDING,
    Weging: WEGING,
}


def declaratie_van(obj: models.Model) -> Invoer:
    return DECLARATIES[type(obj)]
