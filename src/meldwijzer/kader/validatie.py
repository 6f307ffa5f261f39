"""Checks a framework beyond its shape: references, the decision graph and the legal minimum.

The structure is checked here; the legal minimum (found by each afweging's ``rol``, never by its
number) in :mod:`meldwijzer.kader.minimum`. Every walk over the graph uses a stack of its own and
visits each afweging once, and the problems it reports are bounded too (docs/kader-formaat.md,
'Grenzen').
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

from meldwijzer import telwoord
from meldwijzer.kader import formaat2, minimum
from meldwijzer.kader.fouten import Probleem
from meldwijzer.kader.laden import Pad, Regels
from meldwijzer.kader.model import (
    Actie,
    ActieSoort,
    Afweging,
    Betekenis,
    Catalogus,
    CatalogusItem,
    Kader,
    Optie,
    Route,
    ontleningen,
)
from meldwijzer.kader.verzamelaar import Verzamelaar

# A framework full of cycles would otherwise give a sentence per cycle, each as long as the route.
MAX_KRINGEN = 20
MAX_KRING_IN_MELDING = 12  # afwegingen named in one cycle's sentence


def _dubbel(ids: Iterable[tuple[str, Pad]], wat: str, v: Verzamelaar) -> None:
    gezien: dict[str, Pad] = {}
    for ident, pad in ids:
        if ident in gezien:
            v.fout(
                pad, f"De id '{ident}' komt al eerder voor bij {wat}; geef elke id een eigen naam."
            )
        else:
            gezien[ident] = pad


def valideer(
    kader: Kader,
    regels: Regels | None = None,
    bestand: str | None = None,
    basis_item_ids: frozenset[str] | None = None,
    basis_norm_ids: frozenset[str] | None = None,
) -> list[Probleem]:
    """Every problem found, errors and remarks; an empty list of errors means usable.

    ``basis_item_ids`` and ``basis_norm_ids`` are the ids an ``ontleend_aan`` may name (None
    for the basis framework itself). Problems of the legal minimum carry a ``code`` starting
    with ``wettelijk_minimum.``.
    """
    v = Verzamelaar(regels or Regels(), bestand)
    catalogi = {c.id: c for c in kader.catalogi}
    items = {i.id: (c, i) for c in kader.catalogi for i in c.items}
    normen = {n.id for n in kader.normen}
    acties = {a.id: a for a in kader.acties}
    formaat2.formaat_van_velden(kader, v)
    _dubbele_ids(kader, catalogi, items, v)
    _valideer_normen(kader, normen, basis_norm_ids, v)
    _valideer_catalogi(kader, catalogi, basis_item_ids, v)
    for ri, route in enumerate(kader.routes):
        _valideer_route(kader, route, ("routes", ri), catalogi, normen, acties, v)
    minimum.binnen_meldcode(kader, v)
    _valideer_signaalregels(kader, catalogi, items, normen, v)
    formaat2.valideer(kader, v)
    return v.problemen


_Items = dict[str, tuple[Catalogus, CatalogusItem]]


def _dubbele_ids(
    kader: Kader, catalogi: dict[str, Catalogus], items: _Items, v: Verzamelaar
) -> None:
    _dubbel(((c.id, ("catalogi", i, "id")) for i, c in enumerate(kader.catalogi)), "de catalogi", v)
    _dubbel(
        (
            (item.id, ("catalogi", ci, "items", ii, "id"))
            for ci, c in enumerate(kader.catalogi)
            for ii, item in enumerate(c.items)
        ),
        "de catalogusitems",
        v,
    )
    _dubbel(((n.id, ("normen", i, "id")) for i, n in enumerate(kader.normen)), "de normen", v)
    _dubbel(((a.id, ("acties", i, "id")) for i, a in enumerate(kader.acties)), "de acties", v)
    _dubbel(((r.id, ("routes", i, "id")) for i, r in enumerate(kader.routes)), "de routes", v)
    _dubbel(
        ((r.id, ("signaalregels", i, "id")) for i, r in enumerate(kader.signaalregels)),
        "de signaalregels",
        v,
    )
    dubbele_namen = set(catalogi) & set(items)
    for naam in sorted(dubbele_namen):
        v.fout(
            ("catalogi",), f"'{naam}' is zowel een catalogus als een item; kies verschillende ids."
        )


def _valideer_normen(
    kader: Kader, normen: set[str], basis_norm_ids: frozenset[str] | None, v: Verzamelaar
) -> None:
    for ni, norm in enumerate(kader.normen):
        if norm.uitwerking_van is not None and norm.uitwerking_van not in normen:
            v.fout(
                ("normen", ni, "uitwerking_van"),
                f"De norm '{norm.uitwerking_van}' bestaat niet; noem een id uit 'normen'.",
            )
        for basis_id in ontleningen(norm.ontleend_aan):
            if basis_norm_ids is not None and basis_id not in basis_norm_ids:
                v.fout(
                    ("normen", ni, "ontleend_aan"),
                    f"'{basis_id}' is geen norm van het basiskader; noem de id van de "
                    "basisnorm die deze norm in eigen woorden weergeeft (bijvoorbeeld N2).",
                )
        for vi, ander in enumerate(norm.vervalt_naast):
            if ander not in normen:
                v.fout(
                    ("normen", ni, "vervalt_naast", vi),
                    f"De norm '{ander}' bestaat niet; noem een id uit 'normen'.",
                )


def _valideer_catalogi(
    kader: Kader,
    catalogi: dict[str, Catalogus],
    basis_item_ids: frozenset[str] | None,
    v: Verzamelaar,
) -> None:
    alle_afwegingen = {a.id for r in kader.routes for a in r.afwegingen}
    for ci, catalogus in enumerate(kader.catalogi):
        # A catalogue per route (format 2) is shown beside afwegingen of its own routes only.
        eigen = {a.id for r in kader.routes if r.id in catalogus.routes for a in r.afwegingen}
        for ai, afweging_id in enumerate(catalogus.afwegingen):
            if afweging_id not in alle_afwegingen:
                v.fout(
                    ("catalogi", ci, "afwegingen", ai),
                    f"Afweging '{afweging_id}' bestaat in geen enkele route.",
                )
            elif catalogus.routes and afweging_id not in eigen:
                v.fout(
                    ("catalogi", ci, "afwegingen", ai),
                    f"Afweging '{afweging_id}' bestaat niet in "
                    + ("de route" if len(catalogus.routes) == 1 else "de routes")
                    + " van deze catalogus ("
                    + ", ".join(catalogus.routes)
                    + ").",
                )
        for ii, item in enumerate(catalogus.items):
            if item.zie_catalogus is not None and item.zie_catalogus not in catalogi:
                v.fout(
                    ("catalogi", ci, "items", ii, "zie_catalogus"),
                    f"De catalogus '{item.zie_catalogus}' bestaat niet.",
                )
            for basis_id in ontleningen(item.ontleend_aan):
                if basis_item_ids is not None and basis_id not in basis_item_ids:
                    v.fout(
                        ("catalogi", ci, "items", ii, "ontleend_aan"),
                        f"'{basis_id}' is geen item van het basiskader; noem de id van "
                        "het basisitem dat dit item in eigen woorden weergeeft.",
                    )


def _valideer_signaalregels(
    kader: Kader,
    catalogi: dict[str, Catalogus],
    items: _Items,
    normen: set[str],
    v: Verzamelaar,
) -> None:
    routes = {r.id: r for r in kader.routes}
    for ri, regel in enumerate(kader.signaalregels):
        pad: Pad = ("signaalregels", ri)
        if regel.route is not None and regel.route not in routes:
            v.fout((*pad, "route"), f"De route '{regel.route}' bestaat niet.")
        bereik = [routes[regel.route]] if regel.route in routes else list(kader.routes)
        if not any(regel.afweging == a.id for r in bereik for a in r.afwegingen):
            v.fout(
                (*pad, "afweging"),
                f"Afweging '{regel.afweging}' bestaat niet in "
                + (
                    f"route '{regel.route}'."
                    if regel.route is not None
                    else "een route van dit kader."
                ),
            )
        if regel.norm is not None and regel.norm not in normen:
            v.fout((*pad, "norm"), f"De norm '{regel.norm}' bestaat niet.")
        for si, signaal in enumerate(regel.signalen):
            if signaal == "*":
                continue
            if signaal in catalogi:
                if not catalogi[signaal].aanvinkbaar:
                    v.fout(
                        (*pad, "signalen", si),
                        f"De catalogus '{signaal}' is niet aanvinkbaar; zet 'aanvinkbaar: true' "
                        "of noem een andere catalogus.",
                    )
            elif signaal in items:
                if not items[signaal][0].aanvinkbaar:
                    v.fout((*pad, "signalen", si), f"Het item '{signaal}' is niet aanvinkbaar.")
            else:
                v.fout(
                    (*pad, "signalen", si),
                    f"'{signaal}' is geen catalogus en geen item; noem een bestaande id of '*'.",
                )
        if regel.wanneer.value == "aangevinkt" and "{item}" not in regel.tekst:
            v.fout(
                (*pad, "tekst"),
                "Een waarschuwing bij een aangevinkt signaal moet het signaal noemen: zet "
                "'{item}' in de tekst.",
            )


def _valideer_route(
    kader: Kader,
    route: Route,
    pad: Pad,
    catalogi: dict[str, Catalogus],
    normen: set[str],
    acties: dict[str, Actie],
    v: Verzamelaar,
) -> None:
    afwegingen = {a.id: a for a in route.afwegingen}
    index = {a.id: i for i, a in enumerate(route.afwegingen)}
    _dubbel(
        ((a.id, (*pad, "afwegingen", i, "id")) for i, a in enumerate(route.afwegingen)),
        f"de afwegingen van route '{route.id}'",
        v,
    )
    if route.start not in afwegingen:
        v.fout((*pad, "start"), f"De startafweging '{route.start}' bestaat niet in deze route.")

    soorten = {a_id: a.soort for a_id, a in acties.items()}
    for ai, afweging in enumerate(route.afwegingen):
        apad: Pad = (*pad, "afwegingen", ai)
        _valideer_afweging(afweging, apad, catalogi, v)
        for oi, optie in enumerate(afweging.opties):
            opad: Pad = (*apad, "opties", oi)
            _valideer_optie(route, afweging, optie, opad, afwegingen, normen, acties, soorten, v)

    minimum.labels_en_betekenis(route, pad, v)
    if route.start not in afwegingen:
        return
    if _valideer_bereik(route, pad, afwegingen, index, v):
        minimum.route_minimum(route, pad, soorten, v)


def _valideer_afweging(
    afweging: Afweging, apad: Pad, catalogi: dict[str, Catalogus], v: Verzamelaar
) -> None:
    """Its catalogues exist, its answers are unique by id and label, and one means ja, one nee."""
    for ci, catalogus in enumerate(afweging.catalogi):
        if catalogus not in catalogi:
            v.fout((*apad, "catalogi", ci), f"De catalogus '{catalogus}' bestaat niet.")
    _dubbel(
        ((o.id, (*apad, "opties", oi, "id")) for oi, o in enumerate(afweging.opties)),
        f"de antwoorden van afweging '{afweging.id}'",
        v,
    )
    labels = Counter(o.label.casefold() for o in afweging.opties)
    for label, aantal in labels.items():
        if aantal > 1:
            v.fout(
                (*apad, "opties"),
                f"Het antwoord '{label}' staat {aantal} keer bij afweging '{afweging.id}'; "
                "maak de antwoorden eenduidig.",
            )
    betekenissen = {o.betekenis for o in afweging.opties}
    for nodig in (Betekenis.JA, Betekenis.NEE):
        if nodig not in betekenissen:
            v.fout(
                (*apad, "opties"),
                f"Afweging '{afweging.id}' heeft geen antwoord dat '{nodig.value}' betekent; "
                "elke afweging heeft ten minste een ja- en een nee-antwoord.",
            )


def _valideer_bereik(
    route: Route,
    pad: Pad,
    afwegingen: dict[str, Afweging],
    index: dict[str, int],
    v: Verzamelaar,
) -> bool:
    """Every afweging is reachable from the start and no path runs in a circle; False when a
    circle makes the paths endless (the legal minimum is then not followed along them)."""
    bereikt, cycli, aantal = _bereik_en_kringen(route, afwegingen)
    for cyclus in cycli:
        v.fout(
            (*pad, "afwegingen", index[cyclus[0]]),
            f"De afwegingen vormen een kring ({_kring_tekst(cyclus)}); elk pad moet eindigen.",
        )
    if aantal > len(cycli):
        v.fout(
            (*pad, "afwegingen"),
            f"En nog {telwoord.aantal(aantal - len(cycli), 'kring', 'kringen')} meer in route "
            f"'{route.id}'. Een 'volgende' "
            "wijst altijd naar een latere afweging; los eerst de kringen hierboven op.",
        )
    for afweging in route.afwegingen:
        if afweging.id not in bereikt:
            v.fout(
                (*pad, "afwegingen", index[afweging.id]),
                f"Afweging '{afweging.id}' is vanaf de start '{route.start}' niet te bereiken; "
                "verwijs ernaar vanuit een 'volgende' of haal haar weg.",
            )
    return not cycli


def _kring_tekst(cyclus: list[str]) -> str:
    """``1 → 2 → 1``; a long cycle with its middle left out and its length named."""
    if len(cyclus) <= MAX_KRING_IN_MELDING:
        return " → ".join(cyclus)
    helft = MAX_KRING_IN_MELDING // 2
    return (
        " → ".join(cyclus[:helft])
        + f" → … ({len(cyclus) - 1} afwegingen) … → "
        + " → ".join(cyclus[-helft:])
    )


def _valideer_optie(
    route: Route,
    afweging: Afweging,
    optie: Optie,
    opad: Pad,
    afwegingen: dict[str, Afweging],
    normen: set[str],
    acties: dict[str, Actie],
    soorten: dict[str, ActieSoort],
    v: Verzamelaar,
) -> None:
    for xi, actie in enumerate(optie.acties):
        if actie not in acties:
            v.fout((*opad, "acties", xi), f"De actie '{actie}' bestaat niet in 'acties'.")
    if len(set(optie.acties)) != len(optie.acties):
        v.fout((*opad, "acties"), "Een actie staat twee keer bij dit antwoord.")
    if optie.volgende is not None and optie.volgende not in afwegingen:
        v.fout(
            (*opad, "volgende"),
            f"De volgende afweging '{optie.volgende}' bestaat niet in route '{route.id}'.",
        )
    if optie.volgende is None and not optie.acties:
        v.fout(
            opad,
            f"Antwoord '{optie.id}' bij afweging '{afweging.id}' eindigt zonder uitkomst: "
            "geef een 'volgende' afweging of ten minste één actie.",
        )
    # A conditional melden (format 2) rests on the answer's norm as much as an unconditional one.
    meldt = any(soorten.get(a) is ActieSoort.MELDEN for a in optie.mogelijke_acties())
    if optie.norm is not None and optie.norm not in normen:
        v.fout((*opad, "norm"), f"De norm '{optie.norm}' bestaat niet in 'normen'.")
    if meldt and optie.norm is None:
        v.fout(
            (*opad, "norm"),
            f"Antwoord '{optie.id}' bij afweging '{afweging.id}' leidt tot melden: noem "
            "de professionele norm waarop die melding rust ('norm').",
        )
    if optie.norm is not None and not meldt:
        v.fout(
            (*opad, "norm"),
            "Een norm hoort bij een antwoord dat tot melden leidt; dit antwoord meldt niet.",
        )
    if optie.opnieuw_melden and not meldt:
        v.fout(
            (*opad, "opnieuw_melden"),
            "'opnieuw_melden' kan alleen bij een antwoord dat tot melden leidt.",
        )


def _bereik_en_kringen(
    route: Route, afwegingen: dict[str, Afweging]
) -> tuple[set[str], list[list[str]], int]:
    """The afwegingen reachable from the start, the first MAX_KRINGEN cycles met on the way (as
    the ids along them) and how many there are, by depth-first search. With its own stack, not
    recursion: a route of thousands of afwegingen in a row is as deep as it is long
    (docs/kader-formaat.md, 'Grenzen')."""
    bereikt: set[str] = set()
    klaar: set[str] = set()
    cycli: list[list[str]] = []
    aantal = 0
    stapel: list[str] = []  # the path from the start to the afweging being visited
    plek: dict[str, int] = {}  # where each afweging on that path stands in it
    werk: list[Iterator[Optie]] = []

    def betreed(a_id: str) -> None:
        bereikt.add(a_id)
        plek[a_id] = len(stapel)
        stapel.append(a_id)
        werk.append(iter(afwegingen[a_id].opties))

    betreed(route.start)
    while werk:
        optie = next(werk[-1], None)
        if optie is None:
            werk.pop()
            verlaten = stapel.pop()
            del plek[verlaten]
            klaar.add(verlaten)
            continue
        nxt = optie.volgende
        if nxt is None or nxt not in afwegingen:
            continue
        if nxt in plek:
            aantal += 1
            if len(cycli) < MAX_KRINGEN:
                cycli.append([*stapel[plek[nxt] :], nxt])
        elif nxt not in klaar:
            betreed(nxt)
    return bereikt, cycli, aantal
