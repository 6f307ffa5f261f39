"""The afwegingskader as an HL7 FHIR R4 (4.0.1) ``Questionnaire``, and answers as a
``QuestionnaireResponse``; plain dicts, no FHIR library at run time (the tests validate them).

The decision graph becomes ``enableWhen``: an afweging is enabled exactly when the engine would
ask it. It carries one condition per (parent afweging, option) whose ``volgende`` it is, combined
with ``enableBehavior: any``. Chaining needs nothing more, because FHIR treats the answer of a
disabled item as absent ("If enableWhen logic depends on an item that is disabled, the logic should
proceed as though the item is not valued", R4 Questionnaire.item.enableWhen): an item whose parent
is not on the path cannot be enabled through it. With several routes a ``route`` question comes
first and each route is a group enabled by its answer; a disabled group disables what it holds.
A route outside the meldcode keeps its ``buiten_meldcode``: an extension with reason and source,
and a display item that says so.

Catalogues are contained ValueSets: tickable ones are the answer sets of the signal questions,
the others are linked (``questionnaire-supportLink``) from a display item beside the afwegingen
they belong to. The engine's outcome has read-only items, so a response carries it next to the
answers it was computed from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from meldwijzer.kader.engine import Afwegingskader
from meldwijzer.kader.fhir_namen import (
    BUITEN_MELDCODE,
    CATALOGI,
    FHIR_BASIS,
    ITEM_CONTROL,
    ITEM_CONTROL_SYSTEEM,
    ROUTE,
    SIGNALEN,
    SUPPORT_LINK,
    UITKOMST,
    alle_items,
    beslissende_items,
    canonical,
    code_systeem,
    computable_naam,
    fhir_id,
    fhir_status,
    item_coding,
    link_id,
    optie_coding,
    questionnaire_url,
    route_coding,
    uitkomst_items,
    valueset_id,
)
from meldwijzer.kader.fhir_response import antwoorden_uit_response, questionnaire_response
from meldwijzer.kader.fouten import BeslisFout
from meldwijzer.kader.model import Afweging, Catalogus, Optie, Route
from meldwijzer.kader.paden import herkomst

__all__ = [
    "FHIR_BASIS",
    "antwoorden_uit_response",
    "canonical",
    "link_id",
    "questionnaire",
    "questionnaire_response",
    "questionnaire_url",
]

# --- Questionnaire ----------------------------------------------------------------------------


def questionnaire(kader: Afwegingskader) -> dict[str, Any]:
    """The whole framework as a FHIR R4 Questionnaire (a JSON-ready dict)."""
    m = kader.model
    gelinkt: set[str] = set()
    items = _route_items(kader, gelinkt)
    items += _signalen_en_lijsten(kader, gelinkt)
    items.append(_uitkomst_groep(kader))

    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": fhir_id(f"{kader.id}-{kader.versie}"),
        "language": "nl",
        "contained": [_valueset(kader, c) for c in m.catalogi] + _uitkomst_valuesets(kader),
        "url": questionnaire_url(kader),
        "identifier": [
            {
                "use": "secondary",
                "system": f"{FHIR_BASIS}/sid/kader-sha256",
                "value": kader.hash,
            }
        ],
        "version": kader.versie,
        "name": computable_naam(kader.id),
        "title": m.titel,
        "status": fhir_status(kader),
        "experimental": False,
        "date": m.geldig_vanaf.isoformat(),
        "publisher": m.vastgesteld_door or m.beroepsgroep,
        "jurisdiction": [{"coding": [{"system": "urn:iso:std:iso:3166", "code": "NL"}]}],
        "effectivePeriod": {"start": m.geldig_vanaf.isoformat()},
        "item": items,
    }
    if m.toelichting:
        resource["description"] = m.toelichting
    _controleer_link_ids(resource["item"])
    ids = [r["id"] for r in resource["contained"]]
    if len(ids) != len(set(ids)):
        raise BeslisFout(
            "Dit kader is niet als FHIR Questionnaire te schrijven: twee catalogi krijgen dezelfde "
            "FHIR-id (alleen '_' en '-' verschillen). Geef een van beide een andere id."
        )
    return resource


def _route_items(kader: Afwegingskader, gelinkt: set[str]) -> list[dict[str, Any]]:
    """The afwegingen of every route; with several routes, the route question first and each
    route a group enabled by its answer. Catalogues linked from an afweging go into ``gelinkt``."""
    m = kader.model
    getoond: dict[str, list[Catalogus]] = {}
    for catalogus in m.catalogi:
        for afweging_id in catalogus.afwegingen:
            getoond.setdefault(afweging_id, []).append(catalogus)
    per_id = {c.id: c for c in m.catalogi}

    items: list[dict[str, Any]] = []
    if len(m.routes) > 1:
        items.append(
            {
                "linkId": ROUTE,
                "text": "Welke route van het afwegingskader volgt u?",
                "type": "choice",
                "required": True,
                "answerOption": [
                    {"valueCoding": route_coding(kader, r.id, r.titel)} for r in m.routes
                ],
            }
        )
    overdrachten = _overdrachten(kader)
    for route in m.routes:
        # Per afweging: the answers that lead to it, found once per route rather than per item.
        herkomst_ = herkomst(route)
        route_items = [
            _afweging_item(
                kader,
                route,
                a,
                _catalogi_bij(a, getoond, per_id),
                gelinkt,
                herkomst_.get(a.id, []),
            )
            for a in route.afwegingen
        ]
        _voeg_overdrachten_toe(kader, route, route_items, overdrachten.get(route.id, []))
        if len(m.routes) == 1:
            items.extend(route_items)
            continue
        groep: dict[str, Any] = {
            "linkId": f"{ROUTE}/{route.id}",
            "text": route.titel,
            "type": "group",
            "enableWhen": [
                {
                    "question": ROUTE,
                    "operator": "=",
                    "answerCoding": route_coding(kader, route.id, route.titel),
                }
            ],
            "item": route_items,
        }
        if route.id in overdrachten:
            # Handed over to (format 2): the route is also enabled by the answer that hands over.
            groep["enableWhen"] += [voorwaarde for voorwaarde, _ in overdrachten[route.id]]
            groep["enableBehavior"] = "any"
        if route.buiten_meldcode is not None:
            _buiten_meldcode(groep, route)
        items.append(groep)
    return items


def _overdrachten(kader: Afwegingskader) -> dict[str, list[tuple[dict[str, Any], str]]]:
    """Per route handed over to (format 2): the enableWhen of each answer that hands over, and
    the afweging the route is entered at. A conditional handover counts as the answer alone:
    enableWhen cannot say 'and' beside 'any', so the form may offer a little more, never less."""
    uit: dict[str, list[tuple[dict[str, Any], str]]] = {}
    for route in kader.model.routes:
        for afweging in route.afwegingen:
            for optie in afweging.opties:
                for actie in optie.mogelijke_acties():
                    doel = kader.overdracht.get(actie)
                    if doel is None:
                        continue
                    doel_route = kader.routes[doel[0]]
                    voorwaarde = {
                        "question": link_id(kader, route.id, afweging.id),
                        "operator": "=",
                        "answerCoding": optie_coding(kader, optie),
                    }
                    uit.setdefault(doel[0], []).append((voorwaarde, doel[1] or doel_route.start))
    return uit


def _voeg_overdrachten_toe(
    kader: Afwegingskader,
    route: Route,
    route_items: list[dict[str, Any]],
    overdrachten: list[tuple[dict[str, Any], str]],
) -> None:
    """The afweging a handover enters at is enabled by the answer that hands over. When one
    enters past the start, the start is no longer enabled with its group alone: by choosing the
    route, or by a handover that enters there."""
    if all(instap == route.start for _, instap in overdrachten):
        return  # every entry is the start, which is enabled with its group
    for voorwaarde, instap in overdrachten:
        plek = next(i for i, a in enumerate(route.afwegingen) if a.id == instap)
        item = route_items[plek]
        item["enableWhen"] = [*item.get("enableWhen", []), voorwaarde]
        item["enableBehavior"] = "any"
    start = next(i for i, a in enumerate(route.afwegingen) if a.id == route.start)
    gekozen = {
        "question": ROUTE,
        "operator": "=",
        "answerCoding": route_coding(kader, route.id, route.titel),
    }
    item = route_items[start]
    item["enableWhen"] = [gekozen, *item.get("enableWhen", [])]
    item["enableBehavior"] = "any"


def _buiten_meldcode(groep: dict[str, Any], route: Route) -> None:
    """A route outside the meldcode says so: as data (an extension with reason and source) and
    to whoever fills in the form (a display item first in its group)."""
    buiten = route.buiten_meldcode
    assert buiten is not None
    groep["extension"] = [
        {
            "url": BUITEN_MELDCODE,
            "extension": [
                {"url": "reden", "valueString": buiten.reden},
                {"url": "bron", "valueString": buiten.bron},
            ],
        }
    ]
    uitleg = {
        "linkId": f"{groep['linkId']}.buiten_meldcode",
        "text": f"Deze route valt buiten de meldcode: {buiten.reden} (bron: {buiten.bron})",
        "type": "display",
    }
    groep["item"] = [uitleg, *groep["item"]]


def _signalen_en_lijsten(kader: Afwegingskader, gelinkt: set[str]) -> list[dict[str, Any]]:
    """The signal questions (one per tickable catalogue), and the other catalogues no afweging
    links to."""
    m = kader.model
    items: list[dict[str, Any]] = []
    aanvinkbaar = [c for c in m.catalogi if c.aanvinkbaar]
    if aanvinkbaar:
        items.append(
            {
                "linkId": SIGNALEN,
                "text": "Aangevinkte signalen",
                "type": "group",
                "item": [
                    {
                        "linkId": f"{SIGNALEN}/{c.id}",
                        "text": c.titel,
                        "type": "choice",
                        "repeats": True,
                        "answerValueSet": f"#{valueset_id(c.id)}",
                    }
                    for c in aanvinkbaar
                ],
            }
        )
    los = [c for c in m.catalogi if not c.aanvinkbaar and c.id not in gelinkt]
    if los:
        items.append(
            {
                "linkId": CATALOGI,
                "text": "Overige lijsten van het kader",
                "type": "group",
                "item": [_catalogus_verwijzing(f"{CATALOGI}/{c.id}", c) for c in los],
            }
        )
    return items


def _catalogi_bij(
    afweging: Afweging, getoond: Mapping[str, list[Catalogus]], per_id: Mapping[str, Catalogus]
) -> list[Catalogus]:
    gekozen = [per_id[c] for c in afweging.catalogi if c in per_id]
    gekozen += [c for c in getoond.get(afweging.id, []) if c not in gekozen]
    return gekozen


def _afweging_item(
    kader: Afwegingskader,
    route: Route,
    afweging: Afweging,
    catalogi: list[Catalogus],
    gelinkt: set[str],
    herkomst: list[tuple[Afweging, Optie]],
) -> dict[str, Any]:
    link = link_id(kader, route.id, afweging.id)
    item: dict[str, Any] = {
        "linkId": link,
        "prefix": f"Afweging {afweging.id}" + (f" · {afweging.kort}" if afweging.kort else ""),
        "text": afweging.vraag,
        "type": "choice",
        "required": True,
        "answerOption": [{"valueCoding": optie_coding(kader, o)} for o in afweging.opties],
    }
    ouders = [
        {
            "question": link_id(kader, route.id, ouder.id),
            "operator": "=",
            "answerCoding": optie_coding(kader, optie),
        }
        for ouder, optie in herkomst
    ]
    if ouders:
        item["enableWhen"] = ouders
        # R4 que-12: enableBehavior is required with more than one condition; one parent on the
        # path suffices, so 'any' (several parents reach this afweging by different paths).
        item["enableBehavior"] = "any"
    kinderen: list[dict[str, Any]] = []
    if afweging.hulptekst:
        kinderen.append(
            {
                "linkId": f"{link}.hulp",
                "text": afweging.hulptekst,
                "type": "display",
                "extension": [
                    {
                        "url": ITEM_CONTROL,
                        "valueCodeableConcept": {
                            "coding": [{"system": ITEM_CONTROL_SYSTEEM, "code": "help"}]
                        },
                    }
                ],
            }
        )
    for catalogus in catalogi:
        gelinkt.add(catalogus.id)
        kinderen.append(_catalogus_verwijzing(f"{link}.catalogus.{catalogus.id}", catalogus))
    if kinderen:
        item["item"] = kinderen
    return item


def _catalogus_verwijzing(link: str, catalogus: Catalogus) -> dict[str, Any]:
    return {
        "linkId": link,
        "text": catalogus.titel,
        "type": "display",
        "extension": [{"url": SUPPORT_LINK, "valueUri": f"#{valueset_id(catalogus.id)}"}],
    }


def _valueset(kader: Afwegingskader, catalogus: Catalogus) -> dict[str, Any]:
    codes = [(i.id, i.tekst) for i in catalogus.items]
    vs = _valueset_van(kader, catalogus.id, valueset_id(catalogus.id), codes, catalogus.titel)
    if catalogus.uitleg:
        vs["description"] = catalogus.uitleg
    return vs


def _uitkomst_valuesets(kader: Afwegingskader) -> list[dict[str, Any]]:
    m = kader.model
    lijsten = {
        "acties": [(a.id, a.label) for a in m.acties],
        "normen": [(n.id, n.titel) for n in m.normen],
    }
    return [
        _valueset_van(kader, soort, fhir_id(f"{UITKOMST}-{soort}"), codes)
        for soort, codes in lijsten.items()
    ]


def _valueset_van(
    kader: Afwegingskader,
    soort: str,
    vs_id: str,
    codes: list[tuple[str, str]],
    titel: str | None = None,
) -> dict[str, Any]:
    """A contained ValueSet of the codes of one list of the framework, expanded."""
    systeem = code_systeem(kader, soort)
    concepten = [{"code": code, "display": tekst} for code, tekst in codes]
    vs: dict[str, Any] = {
        "resourceType": "ValueSet",
        "id": vs_id,
        "url": f"{FHIR_BASIS}/ValueSet/{kader.id}/{soort}",
        "version": kader.versie,
        "name": computable_naam(f"{kader.id}_{soort}"),
    }
    if titel is not None:
        vs["title"] = titel
    vs["status"] = fhir_status(kader)
    vs["compose"] = {
        "include": [{"system": systeem, "version": kader.versie, "concept": concepten}]
    }
    vs["expansion"] = {
        "timestamp": kader.model.geldig_vanaf.isoformat(),
        "total": len(concepten),
        "contains": [{"system": systeem, **c} for c in concepten],
    }
    return vs


def _uitkomst_groep(kader: Afwegingskader) -> dict[str, Any]:
    kinderen: list[dict[str, Any]] = []
    for naam, soort, tekst in uitkomst_items(kader):
        item: dict[str, Any] = {
            "linkId": f"{UITKOMST}/{naam}",
            "text": tekst,
            "type": soort,
            "readOnly": True,
        }
        if naam in ("acties", "normen", "waarschuwingen", "beslissende_signalen"):
            item["repeats"] = True
        if naam == "route_nu":
            item["answerOption"] = [
                {"valueCoding": route_coding(kader, r.id, r.titel)} for r in kader.model.routes
            ]
        elif naam == "beslissende_signalen":
            item["answerOption"] = [
                {"valueCoding": item_coding(kader, catalogus, i)}
                for catalogus, i in beslissende_items(kader)
            ]
        elif soort == "choice":
            item["answerValueSet"] = f"#{fhir_id(f'{UITKOMST}-{naam}')}"
        kinderen.append(item)
    return {
        "linkId": UITKOMST,
        "text": "Uitkomst volgens het afwegingskader (berekend, niet in te vullen)",
        "type": "group",
        "item": kinderen,
    }


def _controleer_link_ids(items: Iterable[dict[str, Any]]) -> None:
    gezien: set[str] = set()
    for item in alle_items(items):
        if item["linkId"] in gezien:
            raise BeslisFout(
                f"Dit kader is niet als FHIR Questionnaire te schrijven: de naam "
                f"'{item['linkId']}' komt twee keer voor. Geef de route, afweging of "
                "catalogus met die naam een andere id."
            )
        gezien.add(item["linkId"])
