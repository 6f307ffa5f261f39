"""The names a framework gets in FHIR (:mod:`meldwijzer.kader.fhir`): canonical URLs, code
systems, linkIds and ids, shared by the Questionnaire and the QuestionnaireResponse."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from meldwijzer.kader.engine import Afwegingskader
from meldwijzer.kader.model import CatalogusItem, Optie, Status

FHIR_BASIS = "https://meldwijzer.nl/fhir"
SUPPORT_LINK = "http://hl7.org/fhir/StructureDefinition/questionnaire-supportLink"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEEM = "http://hl7.org/fhir/questionnaire-item-control"
# A route outside the meldcode (Route.buiten_meldcode): a complex extension with 'reden' and 'bron'.
BUITEN_MELDCODE = f"{FHIR_BASIS}/StructureDefinition/buiten-meldcode"

ROUTE = "route"
SIGNALEN = "signalen"
CATALOGI = "catalogi"
UITKOMST = "uitkomst"
# The engine's outcome (Beslissing.als_dict) as read-only items: linkId suffix, type, text.
UITKOMST_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("acties", "choice", "Acties (cumulatief, in volgorde van het pad)"),
    ("normen", "choice", "Professionele normen waarop het melden rust"),
    ("volgende_afweging", "string", "Volgende afweging (leeg: het pad is afgerond)"),
    ("samen_met_veilig_thuis", "boolean", "Verder samen met Veilig Thuis"),
    ("opnieuw_melden", "boolean", "(Opnieuw) melden na hulp"),
    ("waarschuwingen", "string", "Waarschuwingen uit de signaalregels"),
    ("kader_hash", "string", "Inhoudshash (SHA-256) van het kader"),
)
# Format 2 (docs/kader-formaat.md): where the path is after a handover, and the ticked signals that
# decided by themselves. Only in the Questionnaire of a framework that can have them, so the
# outcome group of every other framework keeps its items.
ROUTE_NU = ("route_nu", "choice", "Route waarin het pad nu is (na een overdracht)")
BESLISSEND = ("beslissende_signalen", "choice", "Aangevinkte signalen die zelf beslisten")


def beslissende_items(kader: Afwegingskader) -> list[tuple[str, CatalogusItem]]:
    """(catalogue id, item) of every tickable item whose ticking decides (format 2)."""
    return [
        (c.id, i)
        for c in kader.model.catalogi
        if c.aanvinkbaar
        for i in c.items
        if i.gevolg is not None
    ]


def uitkomst_items(kader: Afwegingskader) -> list[tuple[str, str, str]]:
    """The items of the outcome group for this framework."""
    items = list(UITKOMST_ITEMS)
    if kader.overdracht:
        items.append(ROUTE_NU)
    if beslissende_items(kader):
        items.append(BESLISSEND)
    return items


def questionnaire_url(kader: Afwegingskader) -> str:
    return f"{FHIR_BASIS}/Questionnaire/{kader.id}"


def canonical(kader: Afwegingskader) -> str:
    """The versioned canonical reference a QuestionnaireResponse points at: ``url|version``."""
    return f"{questionnaire_url(kader)}|{kader.versie}"


def code_systeem(kader: Afwegingskader, soort: str) -> str:
    return f"{FHIR_BASIS}/CodeSystem/{kader.id}/{soort}"


def link_id(kader: Afwegingskader, route_id: str, afweging_id: str) -> str:
    """The item of an afweging: its id, or ``route/ROUTE/ID`` when the framework has routes.

    Ids of routes and afwegingen contain no ``/``, so the names cannot collide.
    """
    if len(kader.routes) == 1:
        return afweging_id
    return f"{ROUTE}/{route_id}/{afweging_id}"


def fhir_id(tekst: str) -> str:
    # FHIR ids allow [A-Za-z0-9-.]{1,64}; framework ids may also hold '_'.
    return re.sub(r"[^A-Za-z0-9\-.]", "-", tekst)[:64]


def valueset_id(catalogus_id: str) -> str:
    return fhir_id(f"vs-{catalogus_id}")


def computable_naam(kader_id: str) -> str:
    # Questionnaire.name is a computable name: [A-Z]([A-Za-z0-9_]){0,254}.
    return "Afwegingskader_" + re.sub(r"[^A-Za-z0-9_]", "_", kader_id)


def fhir_status(kader: Afwegingskader) -> str:
    return "active" if kader.model.status is Status.VASTGESTELD else "draft"


def optie_coding(kader: Afwegingskader, optie: Optie) -> dict[str, str]:
    return {"system": code_systeem(kader, "antwoord"), "code": optie.id, "display": optie.label}


def item_coding(kader: Afwegingskader, catalogus: str, item: CatalogusItem) -> dict[str, str]:
    return {"system": code_systeem(kader, catalogus), "code": item.id, "display": item.tekst}


def route_coding(kader: Afwegingskader, route_id: str, titel: str) -> dict[str, str]:
    return {"system": code_systeem(kader, ROUTE), "code": route_id, "display": titel}


def alle_items(items: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """Every item and the items nested in it, in document order; with a stack of its own, not
    recursion, whatever the depth of a response handed to us."""
    werk: list[Iterator[Mapping[str, Any]]] = [iter(items)]
    while werk:
        item = next(werk[-1], None)
        if item is None:
            werk.pop()
            continue
        yield item
        werk.append(iter(item.get("item", [])))
