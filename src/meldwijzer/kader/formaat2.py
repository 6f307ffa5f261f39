"""The checks of the format-2 keys (docs/kader-formaat.md, 'Formaat 2').

A file without ``formaat: 2`` is a format-1 file and may use none of them; each one used says
which key asks for it. In a format-2 file: conditional actions look back only at afwegingen that
come earlier on every path, a route handover names an existing route and ends the path, the
handovers between routes form no circle, a deciding signal is tickable and rests its melden on a
norm, and a catalogue per route is shown only beside afwegingen of its routes.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from meldwijzer.kader.laden import Pad
from meldwijzer.kader.model import (
    FORMAAT_2_VELDEN,
    Actie,
    ActieSoort,
    Catalogus,
    Gevolg,
    Kader,
    Optie,
    Route,
    Voorwaarde,
    ontleningen,
)
from meldwijzer.kader.verzamelaar import Verzamelaar


def _modellen(model: BaseModel, pad: Pad) -> Iterator[tuple[BaseModel, Pad]]:
    """Every model in the tree with its path, depth first, with a stack of its own."""
    stapel: list[tuple[BaseModel, Pad]] = [(model, pad)]
    while stapel:
        huidig, hpad = stapel.pop()
        yield huidig, hpad
        for naam in type(huidig).model_fields:
            waarde = getattr(huidig, naam)
            if isinstance(waarde, BaseModel):
                stapel.append((waarde, (*hpad, naam)))
            elif isinstance(waarde, list):
                stapel.extend(
                    (w, (*hpad, naam, i)) for i, w in enumerate(waarde) if isinstance(w, BaseModel)
                )


def formaat_van_velden(kader: Kader, v: Verzamelaar) -> None:
    """A format-1 file uses no format-2 key; each one found is named with its line."""
    if kader.formaat == 2:
        return
    for model, pad in _modellen(kader, ()):
        velden = FORMAAT_2_VELDEN.get(type(model).__name__, ())
        leeg: dict[str, object] = getattr(type(model), "_latere_velden", {})
        for veld in velden:
            if getattr(model, veld) != leeg.get(veld):
                _vraagt_formaat_2(v, (*pad, veld), f"'{veld}'")
        if isinstance(getattr(model, "ontleend_aan", None), list):
            _vraagt_formaat_2(v, (*pad, "ontleend_aan"), "'ontleend_aan' als lijst")


def _vraagt_formaat_2(v: Verzamelaar, pad: Pad, wat: str) -> None:
    v.fout(
        pad,
        f"{wat} hoort bij formaat 2 van het kaderformaat. Zet 'formaat: 2' bovenaan het bestand, "
        "of haal dit veld weg.",
    )


def valideer(kader: Kader, v: Verzamelaar) -> None:
    """The references and rules of the format-2 keys; nothing to do in a format-1 file."""
    acties = {a.id: a for a in kader.acties}
    routes = {r.id: r for r in kader.routes}
    normen = {n.id for n in kader.normen}
    for ai, actie in enumerate(kader.acties):
        _valideer_vervolg(actie, ("acties", ai), routes, v)
    for ri, route in enumerate(kader.routes):
        _valideer_route(route, ("routes", ri), acties, v)
    _overdrachten_zonder_kring(kader, acties, v)
    _valideer_catalogi(kader, routes, acties, normen, v)


def _valideer_vervolg(actie: Actie, pad: Pad, routes: dict[str, Route], v: Verzamelaar) -> None:
    if actie.vervolg is None:
        return
    doel = routes.get(actie.vervolg.route)
    if doel is None:
        v.fout(
            (*pad, "vervolg", "route"),
            f"De route '{actie.vervolg.route}' bestaat niet; een overdracht noemt een route van "
            "dit kader.",
        )
        return
    if actie.vervolg.afweging is not None and not any(
        a.id == actie.vervolg.afweging for a in doel.afwegingen
    ):
        v.fout(
            (*pad, "vervolg", "afweging"),
            f"Afweging '{actie.vervolg.afweging}' bestaat niet in route '{doel.id}'.",
        )


def _later(route: Route, van: str) -> set[str]:
    """The afwegingen reachable from ``van`` (itself included), with a stack of its own."""
    per_id = {a.id: a for a in route.afwegingen}
    gezien = {van}
    stapel = [van]
    while stapel:
        afweging = per_id.get(stapel.pop())
        if afweging is None:
            continue
        for optie in afweging.opties:
            if optie.volgende is not None and optie.volgende not in gezien:
                gezien.add(optie.volgende)
                stapel.append(optie.volgende)
    return gezien


def _valideer_route(route: Route, pad: Pad, acties: dict[str, Actie], v: Verzamelaar) -> None:
    for ai, afweging in enumerate(route.afwegingen):
        for oi, optie in enumerate(afweging.opties):
            opad: Pad = (*pad, "afwegingen", ai, "opties", oi)
            _valideer_overdracht(afweging.id, optie, opad, acties, v)
            for vi, voorwaarde in enumerate(optie.acties_als):
                _valideer_voorwaarde(
                    route, afweging.id, optie.id, voorwaarde, (*opad, "acties_als", vi), acties, v
                )


def _valideer_overdracht(
    afweging_id: str, optie: Optie, opad: Pad, acties: dict[str, Actie], v: Verzamelaar
) -> None:
    overdrachten = [a for a in optie.mogelijke_acties() if a in acties and acties[a].vervolg]
    if overdrachten and optie.volgende is not None:
        v.fout(
            (*opad, "volgende"),
            f"Antwoord '{optie.id}' bij afweging '{afweging_id}' draagt de casus over aan een "
            f"andere route ('{overdrachten[0]}') en gaat ook naar afweging '{optie.volgende}'. "
            "Een overdracht beëindigt deze route: haal 'volgende' weg.",
        )
    if len(overdrachten) > 1:
        v.fout(
            (*opad, "acties"),
            f"Antwoord '{optie.id}' bij afweging '{afweging_id}' kan de casus aan meer dan één "
            f"route overdragen ({', '.join(overdrachten)}); kies er één.",
        )


def _valideer_voorwaarde(
    route: Route,
    afweging_id: str,
    optie_id: str,
    voorwaarde: Voorwaarde,
    vpad: Pad,
    acties: dict[str, Actie],
    v: Verzamelaar,
) -> None:
    """Its actions exist, and it looks back only at afwegingen answered earlier on the path."""
    per_id = {a.id: a for a in route.afwegingen}
    for xi, actie in enumerate(voorwaarde.acties):
        if actie not in acties:
            v.fout((*vpad, "acties", xi), f"De actie '{actie}' bestaat niet in 'acties'.")
    later = _later(route, afweging_id)
    for eerder, antwoord in voorwaarde.als.items():
        bron = per_id.get(eerder)
        if bron is None:
            v.fout(
                (*vpad, "als", eerder), f"Afweging '{eerder}' bestaat niet in route '{route.id}'."
            )
            continue
        if eerder in later:
            v.fout(
                (*vpad, "als", eerder),
                f"De voorwaarde bij antwoord '{optie_id}' van afweging '{afweging_id}' kijkt naar "
                f"afweging '{eerder}', maar die komt niet eerder op het pad. Een voorwaarde noemt "
                "alleen afwegingen die al beantwoord zijn.",
            )
        bestaand = {o.id for o in bron.opties}
        for a_id in ontleningen(antwoord):
            if a_id not in bestaand:
                v.fout(
                    (*vpad, "als", eerder),
                    f"Antwoord '{a_id}' bestaat niet bij afweging '{eerder}'; kies uit: "
                    + ", ".join(sorted(bestaand))
                    + ".",
                )


def _overdrachten_zonder_kring(kader: Kader, acties: dict[str, Actie], v: Verzamelaar) -> None:
    """Route A hands over to B and B (through others) back to A: a casus would never end."""
    naar: dict[str, set[str]] = {}
    for route in kader.routes:
        doelen = naar.setdefault(route.id, set())
        for afweging in route.afwegingen:
            for optie in afweging.opties:
                for a in optie.mogelijke_acties():
                    vervolg = acties[a].vervolg if a in acties else None
                    if vervolg is not None:
                        doelen.add(vervolg.route)
    index = {r.id: i for i, r in enumerate(kader.routes)}
    for route in kader.routes:
        gezien: set[str] = set()
        stapel = list(naar.get(route.id, ()))
        while stapel:
            doel = stapel.pop()
            if doel == route.id:
                v.fout(
                    ("routes", index[route.id]),
                    f"Route '{route.id}' draagt de casus (via andere routes) over aan zichzelf: "
                    "de overdrachten vormen een kring. Elke casus moet eindigen; haal een van de "
                    "overdrachten weg.",
                )
                break
            if doel in gezien:
                continue
            gezien.add(doel)
            stapel.extend(naar.get(doel, ()))


def _valideer_catalogi(
    kader: Kader,
    routes: dict[str, Route],
    acties: dict[str, Actie],
    normen: set[str],
    v: Verzamelaar,
) -> None:
    for ci, catalogus in enumerate(kader.catalogi):
        cpad: Pad = ("catalogi", ci)
        for ri, route_id in enumerate(catalogus.routes):
            if route_id not in routes:
                v.fout((*cpad, "routes", ri), f"De route '{route_id}' bestaat niet.")
        for ii, item in enumerate(catalogus.items):
            if item.gevolg is not None:
                _valideer_gevolg(
                    catalogus,
                    item.id,
                    item.gevolg,
                    (*cpad, "items", ii, "gevolg"),
                    acties,
                    normen,
                    v,
                )


def _valideer_gevolg(
    catalogus: Catalogus,
    item_id: str,
    gevolg: Gevolg,
    gpad: Pad,
    acties: dict[str, Actie],
    normen: set[str],
    v: Verzamelaar,
) -> None:
    """A deciding signal is tickable, its actions exist and hand nothing over, and a melden
    rests on a norm."""
    if not catalogus.aanvinkbaar:
        v.fout(
            gpad,
            f"Item '{item_id}' heeft een gevolg, maar de catalogus '{catalogus.id}' is niet "
            "aanvinkbaar; een gevolg volgt uit een aangevinkt signaal. Zet 'aanvinkbaar: true' "
            "bij de catalogus.",
        )
    meldt = False
    for xi, actie_id in enumerate(gevolg.acties):
        actie = acties.get(actie_id)
        if actie is None:
            v.fout((*gpad, "acties", xi), f"De actie '{actie_id}' bestaat niet.")
            continue
        meldt = meldt or actie.soort is ActieSoort.MELDEN
        if actie.vervolg is not None:
            v.fout(
                (*gpad, "acties", xi),
                f"Een signaal draagt de casus niet over aan een andere route; de actie "
                f"'{actie_id}' doet dat wel. Zet de overdracht bij een antwoord.",
            )
    if gevolg.norm is not None and gevolg.norm not in normen:
        v.fout((*gpad, "norm"), f"De norm '{gevolg.norm}' bestaat niet in 'normen'.")
    if meldt and gevolg.norm is None:
        v.fout(
            (*gpad, "norm"),
            f"Het signaal '{item_id}' leidt tot melden: noem de professionele norm waarop die "
            "melding rust ('norm').",
        )
    if gevolg.norm is not None and not meldt:
        v.fout(
            (*gpad, "norm"),
            "Een norm hoort bij een gevolg dat tot melden leidt; dit gevolg meldt niet.",
        )
