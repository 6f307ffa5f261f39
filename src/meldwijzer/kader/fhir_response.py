"""Answers as an HL7 FHIR R4 ``QuestionnaireResponse`` of the framework's ``Questionnaire``
(kader.fhir), and back: the answers, ticked signals and the engine's read-only outcome; plain
dicts, no FHIR library at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from meldwijzer.kader.engine import Afwegingskader
from meldwijzer.kader.fhir_namen import (
    ROUTE,
    SIGNALEN,
    UITKOMST,
    alle_items,
    beslissende_items,
    canonical,
    code_systeem,
    item_coding,
    link_id,
    optie_coding,
    route_coding,
    uitkomst_items,
)
from meldwijzer.kader.fouten import BeslisFout

# --- QuestionnaireResponse --------------------------------------------------------------------


def questionnaire_response(
    kader: Afwegingskader,
    uitkomst: Mapping[str, Any],
    antwoorden: Mapping[str, str],
    signalen: Iterable[str],
    *,
    authored: str | None = None,
    identifier: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Answers, ticked signals and the engine's outcome (``Beslissing.als_dict``) as a response.

    ``uitkomst`` must be what the engine gives for exactly these answers and signals: it is what a
    stored besluit holds. Answers follow the path of the outcome, in order.
    """
    route_id: str = uitkomst["route"]
    route = next(r for r in kader.model.routes if r.id == route_id)
    routes = {r.id: r for r in kader.model.routes}
    # After a handover (format 2) the path runs through more routes: a group per route.
    per_route: dict[str, list[dict[str, Any]]] = {}
    for stap in uitkomst["pad"]:
        stap_route = routes[stap.get("route", route_id)]
        afweging = next(a for a in stap_route.afwegingen if a.id == stap["afweging"])
        optie = next(o for o in afweging.opties if o.id == stap["antwoord"])
        per_route.setdefault(stap_route.id, []).append(
            {
                "linkId": link_id(kader, stap_route.id, afweging.id),
                "text": afweging.vraag,
                "answer": [{"valueCoding": optie_coding(kader, optie)}],
            }
        )
    pad_items = per_route.get(route_id, [])
    beantwoord = {
        s["afweging"] if s.get("route", route_id) == route_id else f"{s['route']}/{s['afweging']}"
        for s in uitkomst["pad"]
    }
    if beantwoord != set(antwoorden):
        raise BeslisFout(
            "De antwoorden horen niet bij deze uitkomst: het pad van de uitkomst noemt andere "
            "afwegingen. Bereken de uitkomst opnieuw uit deze antwoorden."
        )

    items: list[dict[str, Any]] = []
    if len(kader.model.routes) > 1:
        items.append(
            {
                "linkId": ROUTE,
                "text": "Welke route van het afwegingskader volgt u?",
                "answer": [{"valueCoding": route_coding(kader, route.id, route.titel)}],
            }
        )
        for rid, r_items in per_route.items():
            items.append({"linkId": f"{ROUTE}/{rid}", "text": routes[rid].titel, "item": r_items})
    else:
        items.extend(pad_items)

    signaal_items = _aangevinkte_signalen(kader, signalen)
    if signaal_items:
        items.append({"linkId": SIGNALEN, "text": "Aangevinkte signalen", "item": signaal_items})
    items.append(_uitkomst_antwoorden(kader, uitkomst))

    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "language": "nl",
        "questionnaire": canonical(kader),
        "status": "completed" if uitkomst["volgende_afweging"] is None else "in-progress",
        "item": items,
    }
    if identifier is not None:
        resource["identifier"] = dict(identifier)
    if authored is not None:
        resource["authored"] = authored
    return resource


def _aangevinkte_signalen(kader: Afwegingskader, signalen: Iterable[str]) -> list[dict[str, Any]]:
    """Per tickable catalogue with a ticked item: the ticked items as answers."""
    aangevinkt = set(signalen)
    signaal_items = []
    for catalogus in kader.model.catalogi:
        if not catalogus.aanvinkbaar:
            continue
        gekozen = [i for i in catalogus.items if i.id in aangevinkt]
        if gekozen:
            signaal_items.append(
                {
                    "linkId": f"{SIGNALEN}/{catalogus.id}",
                    "text": catalogus.titel,
                    "answer": [
                        {"valueCoding": item_coding(kader, catalogus.id, i)} for i in gekozen
                    ],
                }
            )
    return signaal_items


def _uitkomst_antwoorden(kader: Afwegingskader, uitkomst: Mapping[str, Any]) -> dict[str, Any]:
    acties = {a.id: a.label for a in kader.model.acties}
    normen = {n.id: n.titel for n in kader.model.normen}
    waarden: dict[str, list[dict[str, Any]]] = {
        "acties": [
            {
                "valueCoding": {
                    "system": code_systeem(kader, "acties"),
                    "code": a,
                    "display": acties[a],
                }
            }
            for a in uitkomst["acties"]
        ],
        "normen": [
            {
                "valueCoding": {
                    "system": code_systeem(kader, "normen"),
                    "code": n["id"],
                    "display": normen[n["id"]],
                }
            }
            for n in uitkomst["normen"]
        ],
        "volgende_afweging": (
            []
            if uitkomst["volgende_afweging"] is None
            else [{"valueString": uitkomst["volgende_afweging"]}]
        ),
        "samen_met_veilig_thuis": [{"valueBoolean": bool(uitkomst["samen_met_veilig_thuis"])}],
        "opnieuw_melden": [{"valueBoolean": bool(uitkomst["opnieuw_melden"])}],
        "waarschuwingen": [{"valueString": w["tekst"]} for w in uitkomst["waarschuwingen"]],
        "kader_hash": [{"valueString": uitkomst["kader"]["hash"]}],
    }
    routes = {r.id: r.titel for r in kader.model.routes}
    route_nu = uitkomst.get("route_nu") or uitkomst["route"]
    waarden["route_nu"] = [{"valueCoding": route_coding(kader, route_nu, routes[route_nu])}]
    per_item = {i.id: (c, i) for c, i in beslissende_items(kader)}
    waarden["beslissende_signalen"] = [
        {"valueCoding": item_coding(kader, *per_item[s])}
        for s in uitkomst.get("beslissende_signalen") or []
    ]
    kinderen = []
    for naam, _soort, tekst in uitkomst_items(kader):
        item: dict[str, Any] = {"linkId": f"{UITKOMST}/{naam}", "text": tekst}
        if waarden[naam]:
            item["answer"] = waarden[naam]
        kinderen.append(item)
    return {
        "linkId": UITKOMST,
        "text": "Uitkomst volgens het afwegingskader (berekend, niet in te vullen)",
        "item": kinderen,
    }


def antwoorden_uit_response(kader: Afwegingskader, response: Mapping[str, Any]) -> dict[str, Any]:
    """Read a QuestionnaireResponse back into the ``beslis`` input (route, answers, signals).

    The outcome items are ignored: the engine recomputes the outcome from the answers.
    """
    if response.get("resourceType") != "QuestionnaireResponse":
        raise BeslisFout("Verwacht een FHIR QuestionnaireResponse.")
    verwacht = canonical(kader)
    if response.get("questionnaire") != verwacht:
        raise BeslisFout(
            f"Deze QuestionnaireResponse hoort bij '{response.get('questionnaire')}', niet bij "
            f"'{verwacht}'. Gebruik het kader en de versie waarmee is besloten."
        )
    meervoudig = len(kader.model.routes) > 1
    route: str | None = None
    antwoorden: dict[str, str] = {}
    signalen: list[str] = []

    def codes(item: Mapping[str, Any]) -> list[str]:
        return [str(a["valueCoding"]["code"]) for a in item.get("answer", []) if "valueCoding" in a]

    def een(item: Mapping[str, Any]) -> str:
        gevonden = codes(item)
        if len(gevonden) != 1:
            raise BeslisFout(
                f"Item '{item['linkId']}' moet precies één gecodeerd antwoord hebben "
                f"(valueCoding), niet {len(gevonden)}."
            )
        return gevonden[0]

    for item in alle_items(response.get("item", [])):
        link = str(item["linkId"])
        delen = link.split("/")
        if link == ROUTE:
            route = een(item)
        elif delen[0] == SIGNALEN and len(delen) == 2:
            signalen.extend(codes(item))
        elif delen[0] == UITKOMST or link == SIGNALEN:
            pass
        elif meervoudig and delen[0] == ROUTE and len(delen) == 3:
            # An afweging of a route handed over to is keyed route/afweging (format 2).
            sleutel = delen[2] if delen[1] == route else f"{delen[1]}/{delen[2]}"
            antwoorden[sleutel] = een(item)
        elif not meervoudig and len(delen) == 1:
            antwoorden[link] = een(item)
    return {"route": route, "antwoorden": antwoorden, "signalen": signalen}
