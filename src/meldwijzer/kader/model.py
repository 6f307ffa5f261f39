"""The afwegingskader as data: the pydantic models a framework file is read into.

One file describes one framework (the basis one or a profession's own). The models only check
shape; the graph is checked in :mod:`meldwijzer.kader.validatie`, the legal minimum in
:mod:`meldwijzer.kader.minimum`.
Field names are the Meldcode's own Dutch words, because beroepsorganisaties write these files.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
    model_validator,
)

Id = Annotated[
    str,
    StringConstraints(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"),
]
Tekst = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    # Fields added to the format after the first versions were hashed and stored, with the value
    # they are left out at: a file that does not use them keeps its content hash (ADR 0003).
    _latere_velden: ClassVar[dict[str, object]] = {}

    @model_serializer(mode="wrap")
    def _zonder_lege_latere_velden(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        for naam, leeg in self._latere_velden.items():
            if getattr(self, naam) == leeg:
                data.pop(naam, None)
        return data


# Format 2 (docs/kader-formaat.md, 'Formaat 2'): the fields only a file with 'formaat: 2' may use,
# per model, so the validator can say which key asks for it.
FORMAAT_2_VELDEN: dict[str, tuple[str, ...]] = {}


def _formaat_2(model: str, *velden: str) -> None:
    FORMAAT_2_VELDEN[model] = velden


class Status(StrEnum):
    CONCEPT = "concept"
    VASTGESTELD = "vastgesteld"


class Rol(StrEnum):
    """What an afweging weighs, independent of its number (DESIGN.md, 'The afwegingskader')."""

    VERMOEDEN = "vermoeden"
    ONVEILIGHEID = "onveiligheid"
    EIGEN_HULP = "eigen_hulp"
    AANVAARDING = "aanvaarding"
    RESULTAAT = "resultaat"


class Betekenis(StrEnum):
    """What an answer option means for the decision; 'twijfel' is an option that means ja."""

    JA = "ja"
    NEE = "nee"


class ActieSoort(StrEnum):
    AFSLUITEN = "afsluiten"
    MELDEN = "melden"
    HULP = "hulp"
    HULP_AFSLUITEN = "hulp_afsluiten"
    OVERIG = "overig"


_BASISDOCUMENT = "Basisdocument het afwegingskader in de Meldcode"


class Bron(_Model):
    """A citation: hoofdstuk and section heading; a page only where the source shows one."""

    document: Tekst = _BASISDOCUMENT
    hoofdstuk: int | None = Field(default=None, ge=1, le=20)
    sectie: Tekst | None = None
    pagina: int | None = Field(default=None, ge=1)

    def als_tekst(self) -> str:
        delen: list[str] = []
        if self.hoofdstuk is not None:
            delen.append(f"H{self.hoofdstuk}")
        if self.sectie:
            delen.append(self.sectie)
        if self.pagina is not None:
            delen.append(f"p. {self.pagina}")
        if self.document != _BASISDOCUMENT:
            delen.insert(0, self.document)
        return ", ".join(delen) if delen else self.document


class Bronverwijzing(_Model):
    titel: Tekst
    uitgever: Tekst | None = None
    jaar: int | None = None
    url: Tekst | None = None


class Term(_Model):
    tekst: Tekst
    toelichting: Tekst | None = None
    bron: Bron | None = None


class Termen(_Model):
    """The profession's own words for the two kinds of onveiligheid (H3, Afweging 2)."""

    acute_onveiligheid: Term
    structurele_onveiligheid: Term
    disclosure: Term | None = None


class Weergave(StrEnum):
    """How an item's text renders its source: the source's own words, or an explanation."""

    CITAAT = "citaat"  # word for word; a cut is marked […]
    UITLEG = "uitleg"  # in other words, after the source it cites (a paraphrase)


Ontlening = Id | list[Id]
"""One basis id, or (format 2) a list: one profession item may merge two basis items."""


def ontleningen(waarde: Ontlening | None) -> tuple[str, ...]:
    """The basis ids an ``ontleend_aan`` names, whether written as one id or as a list."""
    if waarde is None:
        return ()
    return (waarde,) if isinstance(waarde, str) else tuple(waarde)


class Dagsoort(StrEnum):
    WERKDAGEN = "werkdagen"
    KALENDERDAGEN = "kalenderdagen"


class Termijn(_Model):
    """A deadline the framework sets (format 2): '5 werkdagen: Veilig Thuis beslist'."""

    aantal: int = Field(ge=1, le=366)
    dagen: Dagsoort
    wat: Tekst = Field(description="What must have happened when the termijn ends.")
    bron: Bron | None = None

    def als_tekst(self) -> str:
        return f"binnen {self.aantal} {self.dagen.value}: {self.wat}"


class Gevolg(_Model):
    """What a ticked signal decides by itself (format 2): a child's disclosure means melden now."""

    acties: list[Id] = Field(min_length=1)
    norm: Id | None = Field(default=None, description="The norm the melden here rests on.")
    uitleg: Tekst | None = None


class CatalogusItem(_Model):
    _latere_velden: ClassVar[dict[str, object]] = {
        "weergave": None,
        "altijd_van_toepassing": False,
        "gevolg": None,
    }

    id: Id
    tekst: Tekst
    toelichting: Tekst | None = None
    bron: Bron | None = None
    weergave: Weergave | None = Field(
        default=None,
        description="Whether 'tekst' quotes the source (citaat) or explains it in other words "
        "(uitleg); not given: the file says (the basis framework quotes, see its header).",
    )
    ontleend_aan: Ontlening | None = Field(
        default=None,
        description="Id of the basis item this item renders in the profession's words; "
        "format 2: a list when it merges several.",
    )
    zie_catalogus: Id | None = Field(
        default=None, description="Another catalogue that details this item (e.g. risk factors)."
    )
    altijd_van_toepassing: bool = Field(
        default=False,
        description=(
            "A voorwaarde that applies to every professional, however short the contact: it can "
            "never be answered 'niet van toepassing' (the basis voorwaarde.1)."
        ),
    )
    gevolg: Gevolg | None = Field(
        default=None,
        description="Format 2: what ticking this signal decides by itself (a deciding signal).",
    )


_formaat_2("CatalogusItem", "gevolg")


class CatalogusSoort(StrEnum):
    ACUUT = "acuut"
    STRUCTUREEL = "structureel"
    FACTOREN = "factoren"
    KINDCHECK = "kindcheck"
    DISCLOSURE = "disclosure"
    RISICOFACTOREN = "risicofactoren"
    VUISTREGELS = "vuistregels"
    CRITERIA = "criteria"
    MONITORING = "monitoring"
    VOORWAARDEN = "voorwaarden"
    AFSLUITING = "afsluiting"
    OVERIG = "overig"


class Catalogus(_Model):
    _latere_velden: ClassVar[dict[str, object]] = {"routes": []}

    id: Id
    titel: Tekst
    soort: CatalogusSoort
    aanvinkbaar: bool = Field(
        default=False, description="Items can be ticked as signals in a casus (stap 1 and stap 5)."
    )
    afwegingen: list[str] = Field(
        default_factory=list, description="Afweging ids beside which this catalogue is shown."
    )
    uitleg: Tekst | None = None
    bron: Bron | None = None
    items: list[CatalogusItem] = Field(min_length=1)
    routes: list[Id] = Field(
        default_factory=list,
        description="Format 2: the routes this catalogue belongs to (none given: every route); "
        "its 'afwegingen' are then afwegingen of those routes.",
    )


_formaat_2("Catalogus", "routes")


class Norm(_Model):
    """A professionele norm: when melden is necessary (H2 'Afwegingen'; H3 per afweging)."""

    # ontleend_aan came after the first versions were hashed and stored.
    _latere_velden: ClassVar[dict[str, object]] = {"ontleend_aan": None}

    id: Id
    titel: Tekst
    tekst: Tekst
    bron: Bron
    uitwerking_van: Id | None = Field(
        default=None, description="The more general norm (chapter 2) that this norm details."
    )
    vervalt_naast: list[Id] = Field(
        default_factory=list,
        description="This norm does not apply when one of these already applies on the path "
        "(N3 covers only situations that are not acutely or structurally unsafe).",
    )
    ontleend_aan: Ontlening | None = Field(
        default=None,
        description="Id of the basis norm (N2-N5) this norm renders in the profession's words; "
        "format 2: a list when it merges several.",
    )


class Vervolg(_Model):
    """A route handover (format 2): the casus continues in another route (acute → standaard)."""

    route: Id
    afweging: str | None = Field(
        default=None, description="Where the other route is entered; not given: at its start."
    )


class Actie(_Model):
    _latere_velden: ClassVar[dict[str, object]] = {"vervolg": None, "termijnen": []}

    id: Id
    soort: ActieSoort
    label: Tekst
    uitleg: Tekst | None = None
    bron: Bron | None = None
    vervolg: Vervolg | None = Field(
        default=None, description="Format 2: this action hands the casus over to another route."
    )
    termijnen: list[Termijn] = Field(
        default_factory=list, description="Format 2: deadlines this action sets."
    )


_formaat_2("Actie", "vervolg", "termijnen")


class Voorwaarde(_Model):
    """Actions that follow from an answer only when earlier answers were these (format 2).

    ``als`` maps an earlier afweging's id to the answer id(s) it must have had; every afweging
    named must have been answered so on the path.
    """

    als: dict[str, Id | list[Id]] = Field(min_length=1)
    acties: list[Id] = Field(min_length=1)

    def geldt(self, antwoorden: dict[str, str]) -> bool:
        return all(antwoorden.get(a) in ontleningen(w) for a, w in self.als.items())


class Optie(_Model):
    _latere_velden: ClassVar[dict[str, object]] = {"acties_als": [], "termijnen": []}

    id: Id
    label: Tekst
    betekenis: Betekenis
    acties: list[Id] = Field(default_factory=list)
    volgende: str | None = None
    norm: Id | None = Field(default=None, description="The norm the melden here rests on.")
    samen_met_veilig_thuis: bool = Field(
        default=False,
        description="From this answer on, the remaining afwegingen are weighed with Veilig Thuis.",
    )
    opnieuw_melden: bool = Field(
        default=False, description="The melden of this answer is a (renewed) melding after help."
    )
    uitleg: Tekst | None = None
    acties_als: list[Voorwaarde] = Field(
        default_factory=list,
        description="Format 2: actions that follow only when earlier answers were these.",
    )
    termijnen: list[Termijn] = Field(
        default_factory=list, description="Format 2: deadlines this answer sets."
    )

    def mogelijke_acties(self) -> list[str]:
        """Every action this answer can lead to: its own and all conditional ones."""
        alle = list(self.acties)
        for voorwaarde in self.acties_als:
            alle.extend(a for a in voorwaarde.acties if a not in alle)
        return alle


_formaat_2("Optie", "acties_als", "termijnen")

AfwegingId = Annotated[
    str, StringConstraints(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z_]+$")
]


class Afweging(_Model):
    _latere_velden: ClassVar[dict[str, object]] = {"kort": None}

    id: AfwegingId
    rol: Rol
    kort: (
        Annotated[str, StringConstraints(min_length=1, max_length=24, strip_whitespace=True)] | None
    ) = Field(
        default=None,
        description="Format 2: a short label (VERMOEDEN, VEILIGHEID) for the UI and flowchart.",
    )
    vraag: Tekst
    hulptekst: Tekst | None = None
    bron: Bron | None = None
    catalogi: list[Id] = Field(
        default_factory=list, description="Catalogues to show beside this question."
    )
    samen_met_veilig_thuis: bool = Field(
        default=False, description="Always answered together with Veilig Thuis."
    )
    opties: list[Optie] = Field(min_length=2)


_formaat_2("Afweging", "kort")


class OptieAanpassing(_Model):
    label: Tekst | None = None
    uitleg: Tekst | None = None


class Aanpassing(_Model):
    """Other words for one afweging of a route taken over with ``afwegingen_van`` (format 2)."""

    vraag: Tekst | None = None
    hulptekst: Tekst | None = None
    kort: Tekst | None = None
    opties: dict[str, OptieAanpassing] = Field(default_factory=dict)


class BuitenMeldcode(_Model):
    reden: Tekst
    bron: Tekst


class Route(_Model):
    _latere_velden: ClassVar[dict[str, object]] = {"afwegingen_van": None, "aanpassingen": {}}

    id: Id
    titel: Tekst
    omschrijving: Tekst | None = None
    start: str
    buiten_meldcode: BuitenMeldcode | None = None
    afwegingen: list[Afweging] = Field(min_length=1)
    afwegingen_van: Id | None = Field(
        default=None,
        description="Format 2: this route has the afwegingen of that route, with the words "
        "changed in 'aanpassingen'; write no 'afwegingen' of its own.",
    )
    aanpassingen: dict[str, Aanpassing] = Field(
        default_factory=dict,
        description="Format 2, with afwegingen_van: other words per afweging id.",
    )


_formaat_2("Route", "afwegingen_van", "aanpassingen")


class RegelSoort(StrEnum):
    WAARSCHUWING = "waarschuwing"
    HINT = "hint"


class Wanneer(StrEnum):
    AANGEVINKT = "aangevinkt"
    NIET_AANGEVINKT = "niet_aangevinkt"


class Signaalregel(_Model):
    """Which ticked catalogue items make which answer expected.

    ``signalen`` names catalogue ids (all their items) or item ids; ``"*"`` means any tickable
    item. With ``wanneer: aangevinkt`` the rule fires once per ticked matching item, and
    ``{item}`` in the text is replaced by that item's text; with ``niet_aangevinkt`` it fires
    once when none of them is ticked.
    """

    id: Id
    route: Id | None = None
    afweging: str
    bij_betekenis: Betekenis
    wanneer: Wanneer = Wanneer.AANGEVINKT
    signalen: list[str] = Field(min_length=1)
    soort: RegelSoort = RegelSoort.WAARSCHUWING
    tekst: Tekst
    norm: Id | None = None
    bron: Bron


class Kader(_Model):
    """A whole afwegingskader: metadata, terms, catalogues, norms, actions, routes, rules."""

    _latere_velden: ClassVar[dict[str, object]] = {"formaat": 1}

    formaat: Literal[1, 2] = Field(
        default=1,
        description="The version of the file format: 1 (not given) or 2 (docs/kader-formaat.md, "
        "'Formaat 2').",
    )
    id: Id
    titel: Tekst
    versie: Tekst
    geldig_vanaf: dt.date
    status: Status
    beroepsgroep: Tekst
    sector: Tekst | None = None
    vastgesteld_door: Tekst | None = None
    in_overleg_met: Tekst | None = Field(
        default=None, description="The Veilig Thuis regions consulted."
    )
    bronnen: list[Bronverwijzing] = Field(default_factory=list)
    toelichting: Tekst | None = None
    termen: Termen
    catalogi: list[Catalogus] = Field(default_factory=list)
    normen: list[Norm] = Field(min_length=1)
    acties: list[Actie] = Field(min_length=1)
    routes: list[Route] = Field(min_length=1)
    signaalregels: list[Signaalregel] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _neem_afwegingen_over(cls, data: Any) -> Any:
        """Write out the afwegingen of a route that takes them over (``afwegingen_van``)."""
        if not isinstance(data, dict) or not isinstance(data.get("routes"), list):
            return data
        from meldwijzer.kader.overname import neem_afwegingen_over

        return neem_afwegingen_over(data)
