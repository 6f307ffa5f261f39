"""The afwegingskader as data: the pydantic models a framework file is read into.

One file describes one framework (the basis one or a profession's own). The models only check
shape; the graph is checked in :mod:`meldwijzer.kader.validatie`, the legal minimum in
:mod:`meldwijzer.kader.minimum`.
Field names are the Meldcode's own Dutch words, because beroepsorganisaties write these files.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
)

Id = Annotated[
    str,
    StringConstraints(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"),
]
Tekst = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


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


# Item fields that came after the first versions were hashed and stored, with the value they
# are left out at (ADR 0003).
_LATERE_ITEMVELDEN: dict[str, object] = {"weergave": None, "altijd_van_toepassing": False}


class CatalogusItem(_Model):
    id: Id
    tekst: Tekst
    toelichting: Tekst | None = None
    bron: Bron | None = None
    weergave: Weergave | None = Field(
        default=None,
        description="Whether 'tekst' quotes the source (citaat) or explains it in other words "
        "(uitleg); not given: the file says (the basis framework quotes, see its header).",
    )
    ontleend_aan: Id | None = Field(
        default=None,
        description="Id of the basis item this item renders in the profession's words.",
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

    @model_serializer(mode="wrap")
    def _zonder_lege_latere_velden(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # As with Norm.ontleend_aan: a later field left at its default is not written, so the
        # content hash of every version stored before it stays the same.
        data: dict[str, Any] = handler(self)
        for naam, leeg in _LATERE_ITEMVELDEN.items():
            if getattr(self, naam) == leeg:
                data.pop(naam, None)
        return data


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


class Norm(_Model):
    """A professionele norm: when melden is necessary (H2 'Afwegingen'; H3 per afweging)."""

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
    ontleend_aan: Id | None = Field(
        default=None,
        description="Id of the basis norm (N2-N5) this norm renders in the profession's words.",
    )

    @model_serializer(mode="wrap")
    def _zonder_lege_ontlening(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # ontleend_aan came after the first versions were hashed and stored: leaving it out while
        # empty keeps the content hash (and the stored content) of every earlier version equal.
        data: dict[str, Any] = handler(self)
        if self.ontleend_aan is None:
            data.pop("ontleend_aan", None)
        return data


class Actie(_Model):
    id: Id
    soort: ActieSoort
    label: Tekst
    uitleg: Tekst | None = None
    bron: Bron | None = None


class Optie(_Model):
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


class Afweging(_Model):
    id: Annotated[str, StringConstraints(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z_]+$")]
    rol: Rol
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


class BuitenMeldcode(_Model):
    reden: Tekst
    bron: Tekst


class Route(_Model):
    id: Id
    titel: Tekst
    omschrijving: Tekst | None = None
    start: str
    buiten_meldcode: BuitenMeldcode | None = None
    afwegingen: list[Afweging] = Field(min_length=1)


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
