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

from meldwijzer.dossier.models import (
    Afsluiting,
    Betrokkene,
    Consultatie,
    Evaluatie,
    Gesprek,
    Hulpplan,
    Kindcheck,
    Melding,
    Signaal,
    Weging,
    Zienswijze,
)
from meldwijzer.sleutels.velden import VersleuteldeDatum

# Longest free text a note may hold (docs/adr/0004); the forms and the API say the same.
MAX_TEKST = 10_000

DATUM, JANEE, KEUZE, REGEL, TEKST = "datum", "janee", "keuze", "regel", "tekst"
GETAL = "getal"


@dataclass(frozen=True)
class Veld:
    """One input of a record.

    ``leeg``: the message when it is missing; None means optional. ``voorwaardelijk``: required
    only in some cases, which the service decides (and the form's hint tells); its ``leeg`` is
    then the message for those cases, and a form for one case may require it
    (``web.forms.formulier(verplicht=...)``). ``rijen``: free
    text on several lines (a text area of that many rows) rather than one line. ``export``: its
    key in the inzage export when that differs from the field's name; ``persoon``: it names a
    professional or informant, left out when the reporter's identity is (dossier.inzage);
    ``inzage``: False for a field the inzage export has never carried (its keys stay stable).

    A whole number's column has no limit to read, so its field declares one: ``bereik``, the
    smallest and the largest number the form, the API and the service accept; ``buiten``, the
    message when a number lies outside it; ``ongeldig``, the form's message for input that is
    no whole number.
    """

    naam: str
    vraag: Any
    leeg: Any = None
    uitleg: Any = ""
    rijen: int = 0
    voorwaardelijk: bool = False
    export: str = ""
    persoon: bool = False
    inzage: bool = True
    bereik: tuple[int, int] | None = None
    buiten: Any = None
    ongeldig: Any = None

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
        if isinstance(modelveld, models.DateField | VersleuteldeDatum):
            return DATUM
        if isinstance(modelveld, models.BooleanField):
            return JANEE
        if isinstance(modelveld, models.IntegerField):
            return GETAL
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

SIGNAAL = Invoer(
    Signaal,
    (
        Veld("datum", _("Datum waargenomen"), leeg=_("Vul een datum in.")),
        Veld("bron", _("Bron"), leeg=_("Kies de bron van dit signaal.")),
        Veld(
            "bron_wie",
            _("Verteld door / welke derde"),
            leeg=_("Vul in wie dit vertelde of van welke derde het komt."),
            uitleg=_("Verplicht als u het niet zelf waarnam."),
            voorwaardelijk=True,
            export="verteld_door",
            persoon=True,
        ),
        Veld(
            "aard",
            _("Is dit een feit of een mening?"),
            leeg=_("Kies of dit een feit of een mening is."),
            uitleg=_("Beschrijf feiten en meningen gescheiden: wat zag of hoorde u precies?"),
        ),
        Veld(
            "tekst",
            _("Beschrijving"),
            leeg=_("Beschrijf wat er is waargenomen of verteld."),
            rijen=5,
        ),
    ),
)

# One record for both cases of stap 3: the conversation held (met_wie, datum, reactie) or the
# reason it was not (reden_geen_gesprek, toelichting); each case's form and the service require
# that case's fields.
GESPREK_GEVOERD: tuple[str, ...] = ("met_wie", "datum", "reactie")
GEEN_GESPREK: tuple[str, ...] = ("reden_geen_gesprek", "toelichting")
GESPREK = Invoer(
    Gesprek,
    (
        Veld("gevoerd", _("Is het gesprek gevoerd?"), leeg=_("Kies of het gesprek is gevoerd.")),
        Veld(
            "met_wie",
            _("Met wie"),
            leeg=_("Vul in met wie het gesprek was."),
            voorwaardelijk=True,
        ),
        Veld("datum", _("Datum"), leeg=_("Vul een datum in."), voorwaardelijk=True),
        Veld(
            "reactie",
            _("Reactie van de betrokkene(n)"),
            leeg=_("Beschrijf de reactie op uw zorgen."),
            rijen=4,
            voorwaardelijk=True,
        ),
        Veld(
            "reden_geen_gesprek",
            _("Waarom vond het gesprek niet plaats?"),
            leeg=_("Kies waarom het gesprek niet plaatsvond."),
            uitleg=_("Een gesprek kan achterwege blijven als het de veiligheid in gevaar brengt."),
            voorwaardelijk=True,
        ),
        Veld(
            "toelichting",
            _("Toelichting"),
            leeg=_("Licht toe waarom een gesprek niet veilig was."),
            rijen=4,
            voorwaardelijk=True,
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
            inzage=False,
        ),
        Veld(
            "casusregie",
            _("Wie heeft de casusregie of is casemanager?"),
            uitleg=_("Verplicht als meerdere beroepskrachten betrokken zijn."),
            voorwaardelijk=True,
        ),
    ),
)

BETROKKENE = Invoer(
    Betrokkene,
    (
        Veld("rol", _("Rol"), leeg=_("Kies de rol van de betrokkene.")),
        # For a child a leeftijd or a geboortejaar: the service says so, the hint too. An
        # adult's may stay empty (unknown).
        Veld(
            "leeftijd",
            _("Leeftijd"),
            uitleg=_(
                "Bij een kind: vul een leeftijd of een geboortejaar in. Bij een volwassene mag "
                "u beide leeg laten als u het niet weet."
            ),
            voorwaardelijk=True,
            bereik=(0, 120),
            buiten=_("Vul een leeftijd tussen 0 en 120 in."),
            ongeldig=_("Vul een leeftijd in hele jaren in."),
        ),
        # The service also refuses a year after this one.
        Veld(
            "geboortejaar",
            _("Geboortejaar"),
            voorwaardelijk=True,
            bereik=(1900, 2100),
            buiten=_("Vul een geboortejaar tussen 1900 en nu in."),
            ongeldig=_("Vul een jaartal in, bijvoorbeeld 2015."),
        ),
        Veld(
            "relatie",
            _("Relatie"),
            leeg=_("Beschrijf de relatie."),
            uitleg=_("Bijvoorbeeld ‘leerling’, ‘moeder van de leerling’, ‘ex-partner van moeder’."),
        ),
        Veld("naam", _("Naam")),
        Veld(
            "geboortedatum",
            _("Geboortedatum"),
            uitleg=_(
                "Met naam en geboortedatum vinden collega's een andere casus over dezelfde "
                "persoon in uw organisatie. Beide worden versleuteld opgeslagen."
            ),
        ),
    ),
)

# The conditions ticked (``condities``) are not declared: their choices are the items of the
# casus's framework catalogue, not the model's; the service checks them and the rule that
# follows from them (then zorgt_voor_kinderen is required).
KINDCHECK = Invoer(
    Kindcheck,
    (
        Veld(
            "zorgt_voor_kinderen",
            _("Zorgt deze volwassene voor kinderen?"),
            leeg=_(
                "Er geldt een Kindcheck-omstandigheid: geef aan of deze volwassene voor "
                "kinderen zorgt."
            ),
            uitleg=_("Verplicht als een van de omstandigheden geldt. Vraag het altijd na."),
            voorwaardelijk=True,
        ),
        Veld("toelichting", _("Toelichting"), rijen=3),
    ),
)

# An evaluation's scalar fields. The criteria ticked are a list from the framework's catalogue,
# kept beside them; so are the Veilig Thuis details of ja or nee, which belong to the answer of
# afweging 5 (services.hulpplan). The next date lies in the future: the service checks it.
EVALUATIE = Invoer(
    Evaluatie,
    (
        Veld("datum", _("Datum van de evaluatie"), leeg=_("Vul een datum in.")),
        Veld(
            "bevindingen",
            _("Wat is er bereikt?"),
            leeg=_("Beschrijf wat er van de doelen en resultaten van het plan is bereikt."),
            uitleg=_("Ga de doelen en resultaten van het plan langs."),
            rijen=5,
        ),
        Veld(
            "resultaat",
            _("Leidt de hulp binnen de gewenste termijn tot de noodzakelijke resultaten?"),
            leeg=_("Kies het resultaat van de evaluatie."),
        ),
        Veld(
            "volgende_datum",
            _("Volgende evaluatie"),
            leeg=_("Bij doorgaan hoort de datum van de volgende evaluatie."),
            uitleg=_("Verplicht bij doorgaan."),
            voorwaardelijk=True,
        ),
        Veld(
            "toelichting",
            _("Toelichting"),
            leeg=_("Licht het resultaat van de evaluatie toe."),
            rijen=4,
        ),
    ),
)

# Whose view it is (``betrokkene``) is not declared: its choices are the betrokkenen of the
# casus, which the form is given and the service checks.
ZIENSWIJZE = Invoer(
    Zienswijze,
    (
        Veld("datum", _("Datum"), leeg=_("Vul een datum in.")),
        Veld("hoe", _("Hoe ontvangen?"), leeg=_("Kies hoe u de zienswijze ontving.")),
        Veld(
            "tekst",
            _("Zienswijze"),
            leeg=_("Schrijf de zienswijze op, zo veel mogelijk in eigen woorden."),
            uitleg=_("Zo veel mogelijk in de eigen woorden van de betrokkene, zonder uw oordeel."),
            rijen=6,
        ),
    ),
)

# The closing's scalar fields. Its agreements on following safety are a list of their own rows
# (AfsluitAfspraak), kept beside them by the form and the service; the kind of closing follows
# from the besluit. The Veilig Thuis fields are required when the traject runs with Veilig Thuis.
AFSLUITING_MET_VEILIG_THUIS: tuple[str, ...] = ("vt_contact", "vt_datum")
AFSLUITING = Invoer(
    Afsluiting,
    (
        Veld("datum", _("Datum van afsluiten"), leeg=_("Vul een datum in.")),
        Veld(
            "conclusie",
            _("Conclusie"),
            leeg=_("Schrijf de conclusie van het traject op voor het dossier."),
            uitleg=_("Wat is bereikt, en waarom het traject nu kan eindigen."),
            rijen=4,
        ),
        Veld(
            "casusregie_door",
            _("Wie zet de casusregie en de monitoring op veiligheid voort?"),
            leeg=_("Vul in wie de casusregie en de monitoring op veiligheid voortzet."),
            persoon=True,
        ),
        Veld(
            "vt_contact",
            _("Afgestemd met (Veilig Thuis)"),
            leeg=_(
                "Dit traject loopt samen met Veilig Thuis: vul in met wie u het afsluiten afstemde."
            ),
            uitleg=_("Dit traject loopt samen met Veilig Thuis: stem het afsluiten met hen af."),
            voorwaardelijk=True,
            persoon=True,
            inzage=False,
        ),
        Veld(
            "vt_datum",
            _("Afgestemd op"),
            leeg=_("Vul een datum in."),
            voorwaardelijk=True,
            inzage=False,
        ),
    ),
)

# The declaration of each record that has one, by model.
DECLARATIES: dict[type[models.Model], Invoer] = {
    Afsluiting: AFSLUITING,
    Betrokkene: BETROKKENE,
    Consultatie: CONSULTATIE,
    Evaluatie: EVALUATIE,
    Gesprek: GESPREK,
    Hulpplan: HULPPLAN,
    Kindcheck: KINDCHECK,
    Melding: MELDING,
    Signaal: SIGNAAL,
    Weging: WEGING,
    Zienswijze: ZIENSWIJZE,
}


def declaratie_van(obj: models.Model) -> Invoer:
    return DECLARATIES[type(obj)]
