"""Routes that share afwegingen with other words (format 2, ``afwegingen_van``).

A profession often has two routes that weigh the same afwegingen in the same order and differ
only in wording (onderwijs: a pupil's home situation, or a pupil in the school's care). Rather
than copy the whole route, the second one names the first in ``afwegingen_van`` and gives other
words per afweging in ``aanpassingen``. Before the shape is checked, the afwegingen are written
out: every later part (engine, validator, flowchart, diff) sees an ordinary route. Writing out
again what was written out gives the same afwegingen, so stored content reloads unchanged.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic_core import PydanticCustomError

# The error type the loader turns into the Dutch message as it is (laden._dutch).
FOUTSOORT = "kader_overname"


def _fout(tekst: str) -> PydanticCustomError:
    return PydanticCustomError(FOUTSOORT, tekst)


def _schrijf_uit(bron: list[Any], aanpassingen: dict[str, Any], route_id: str) -> list[Any]:
    afwegingen = copy.deepcopy(bron)
    per_id = {a.get("id"): a for a in afwegingen if isinstance(a, dict)}
    for afweging_id, aanpassing in aanpassingen.items():
        doel = per_id.get(afweging_id)
        if doel is None:
            raise _fout(
                f"Route '{route_id}' past afweging '{afweging_id}' aan, maar die afweging staat "
                "niet in de route die zij overneemt; noem een afweging uit die route."
            )
        if not isinstance(aanpassing, dict):
            continue  # the shape check names this field
        for veld in ("vraag", "hulptekst", "kort"):
            if aanpassing.get(veld) is not None:
                doel[veld] = aanpassing[veld]
        opties = aanpassing.get("opties") or {}
        if not isinstance(opties, dict):
            continue
        per_optie = {o.get("id"): o for o in doel.get("opties", []) if isinstance(o, dict)}
        for optie_id, woorden in opties.items():
            optie = per_optie.get(optie_id)
            if optie is None:
                raise _fout(
                    f"Route '{route_id}' past antwoord '{optie_id}' bij afweging "
                    f"'{afweging_id}' aan, maar dat antwoord bestaat daar niet."
                )
            if isinstance(woorden, dict):
                for veld in ("label", "uitleg"):
                    if woorden.get(veld) is not None:
                        optie[veld] = woorden[veld]
    return afwegingen


def _zelfde(eigen: Any, uitgeschreven: list[Any]) -> bool:
    """Whether a route's own afwegingen are those written out (content stored before, with its
    defaults written, reloads); as models, so defaults and their absence compare equal."""
    from pydantic import ValidationError

    from meldwijzer.kader.model import Afweging

    if not isinstance(eigen, list):
        return False
    try:
        return [Afweging.model_validate(a) for a in eigen] == [
            Afweging.model_validate(a) for a in uitgeschreven
        ]
    except ValidationError:
        return eigen == uitgeschreven


def neem_afwegingen_over(data: dict[str, Any]) -> dict[str, Any]:
    """The framework data with every ``afwegingen_van`` route's afwegingen written out."""
    routes = data["routes"]
    per_id = {r.get("id"): r for r in routes if isinstance(r, dict)}
    if not any(isinstance(r, dict) and r.get("afwegingen_van") for r in routes):
        return data
    nieuw: list[Any] = []
    for route in routes:
        if not isinstance(route, dict) or not route.get("afwegingen_van"):
            nieuw.append(route)
            continue
        route_id = route.get("id")
        bron_id = route["afwegingen_van"]
        bron = per_id.get(bron_id)
        if bron is None or bron is route:
            raise _fout(
                f"Route '{route_id}' neemt de afwegingen over van route '{bron_id}', maar die "
                "bestaat niet (of is de route zelf); noem een andere route van dit kader."
            )
        if bron.get("afwegingen_van"):
            raise _fout(
                f"Route '{route_id}' neemt de afwegingen over van route '{bron_id}', die ze zelf "
                "al overneemt; noem de route waarin de afwegingen uitgeschreven staan."
            )
        if not isinstance(bron.get("afwegingen"), list):
            nieuw.append(route)
            continue
        aanpassingen = route.get("aanpassingen") or {}
        if not isinstance(aanpassingen, dict):
            nieuw.append(route)
            continue
        uitgeschreven = _schrijf_uit(bron["afwegingen"], aanpassingen, str(route_id))
        if "afwegingen" in route and not _zelfde(route["afwegingen"], uitgeschreven):
            raise _fout(
                f"Route '{route_id}' neemt de afwegingen over van route '{bron_id}' en schrijft "
                "er ook eigen afwegingen uit. Haal 'afwegingen' weg bij deze route en zet de "
                "andere woorden onder 'aanpassingen'."
            )
        nieuw.append({**route, "afwegingen": uitgeschreven})
    return {**data, "routes": nieuw}
