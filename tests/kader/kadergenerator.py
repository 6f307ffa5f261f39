"""Generates valid afwegingskader frameworks of any size and shape, for tests.

A generated framework passes the validator: every route has exactly one afweging with
``rol: onveiligheid`` whose options that do not mean nee lead to melden before any hulp, no
afweging before it offers hulp, the graph has no cycles, every afweging is reachable from the
start, every answer option ends in an outcome or continues, and every melden option names a
norm. Texts deliberately contain quotes, ‘’, &, < and # so that every output has to escape.

Use ``genereer_kader(seed, afwegingen=15, routes=2)`` for a loaded framework, or
``genereer_yaml``/``genereer_kader_dict`` for the file itself. The same arguments always give
the same framework.
"""

from __future__ import annotations

import random
from typing import Any

import yaml

from meldwijzer.kader import laad_tekst
from meldwijzer.kader.engine import Afwegingskader

LASTIG = '‘acute’ & "structurele" onveiligheid <nu> #1'

ACTIES: list[dict[str, str]] = [
    {"id": "afsluiten", "soort": "afsluiten", "label": "Afsluiten en vastleggen in dossier"},
    {"id": "melden", "soort": "melden", "label": "Melden bij Veilig Thuis"},
    {
        "id": "melden_spoed",
        "soort": "melden",
        "label": 'Direct melden & bij "acuut gevaar" <112> bellen',
    },
    {"id": "hulp", "soort": "hulp", "label": "Hulp bieden of organiseren"},
    {
        "id": "hulp_afsluiten",
        "soort": "hulp_afsluiten",
        "label": "Hulp afsluiten met afspraken over het volgen van de veiligheid",
    },
    {"id": "overleg", "soort": "overig", "label": "Overleggen met de aandachtsfunctionaris"},
]
MELDEN = {"melden", "melden_spoed"}
NORMEN = ["N1", "N2", "N3"]

# Actions for an option that ends the route, and for one that continues, after the
# onveiligheid afweging (before it, only afsluiten and overleg are allowed).
EIND_ACTIES: list[list[str]] = [
    ["melden"],
    ["hulp_afsluiten"],
    ["afsluiten"],
    ["overleg"],
    ["melden", "hulp"],
    ["melden_spoed"],
    ["hulp", "hulp_afsluiten"],
]
TUSSEN_ACTIES: list[list[str]] = [[], [], ["hulp"], ["melden"], ["overleg"], ["melden", "hulp"]]
ROLLEN_NA = ["eigen_hulp", "aanvaarding", "resultaat"]
VULLING = [
    "van de stappen 1 tot en met 4",
    "voor alle betrokkenen",
    "binnen de gewenste termijn",
    "met de samenwerkingspartners",
    "en/of kindermishandeling",
]


def _afweging_ids(rng: random.Random, aantal: int) -> list[str]:
    # Ids are strings, some with a letter ('5a'), as professions split afwegingen.
    ids = []
    for i in range(aantal):
        ids.append(f"{i + 1}{rng.choice('ab')}" if i == 2 or rng.random() < 0.25 else str(i + 1))
    return ids


def _vraag(rng: random.Random, afweging: str) -> str:
    delen = rng.sample(VULLING, rng.randint(0, len(VULLING)))
    return f"Vraag {afweging}: is er sprake van {LASTIG} " + " ".join(delen) + "?"


def _optie(
    rng: random.Random, optie_id: str, acties: list[str], volgende: str | None
) -> dict[str, Any]:
    labels = {"ja": "Ja", "nee": "Nee", "twijfel": 'Twijfel ("ja")'}
    optie: dict[str, Any] = {
        "id": optie_id,
        "label": labels[optie_id],
        "betekenis": "nee" if optie_id == "nee" else "ja",
    }
    if acties:
        optie["acties"] = list(acties)
    if volgende is not None:
        optie["volgende"] = volgende
    if MELDEN & set(acties):
        optie["norm"] = rng.choice(NORMEN)
        if rng.random() < 0.3:
            optie["samen_met_veilig_thuis"] = True
        if rng.random() < 0.2:
            optie["opnieuw_melden"] = True
    return optie


def genereer_route(
    rng: random.Random, route_id: str, aantal: int, buiten_meldcode: bool = False
) -> dict[str, Any]:
    """One route of ``aantal`` afwegingen (at least 1)."""
    ids = _afweging_ids(rng, aantal)
    kern = rng.randint(0, min(2, aantal - 1))
    afwegingen: list[dict[str, Any]] = []

    # Before the onveiligheid afweging: a chain that either goes on or closes.
    for i in range(kern):
        afwegingen.append(
            {
                "id": ids[i],
                "rol": "vermoeden",
                "vraag": _vraag(rng, ids[i]),
                "opties": [
                    _optie(rng, "nee", [rng.choice(["afsluiten", "overleg"])], None),
                    _optie(rng, "ja", [], ids[i + 1]),
                ],
            }
        )

    na = ids[kern + 1 :]
    # Every afweging after the kern gets a parent among the earlier ones, so all are reachable;
    # the remaining options close or jump further down, never back: no cycles.
    slots = {a: ["nee", "ja"] + (["twijfel"] if rng.random() < 0.3 else []) for a in na}
    doelen: dict[str, dict[str, str | None]] = {a: {} for a in na}
    for j, a in enumerate(na[1:], start=1):
        kandidaten = [p for p in na[max(0, j - 3) : j] if len(doelen[p]) < len(slots[p])]
        if not kandidaten:
            kandidaten = [p for p in na[:j] if len(doelen[p]) < len(slots[p])]
        ouder = rng.choice(kandidaten)
        vrij = [o for o in slots[ouder] if o not in doelen[ouder]]
        doelen[ouder][rng.choice(vrij)] = a

    kern_id = ids[kern]
    volgende = na[0] if na else None
    kern_opties = [
        _optie(rng, "nee", [] if volgende else ["afsluiten"], volgende),
        _optie(rng, "ja", ["melden"], volgende if rng.random() < 0.7 else None),
    ]
    if rng.random() < 0.4:
        kern_opties.append(_optie(rng, "twijfel", ["melden_spoed"], None))
    kern_afweging: dict[str, Any] = {
        "id": kern_id,
        "rol": "onveiligheid",
        "vraag": _vraag(rng, kern_id),
        "opties": kern_opties,
    }
    afwegingen.append(kern_afweging)

    for j, a in enumerate(na):
        opties = []
        for optie_id in slots[a]:
            if optie_id in doelen[a]:
                doel = doelen[a][optie_id]
            elif j < len(na) - 1 and rng.random() < 0.35:
                doel = rng.choice(na[j + 1 :])
            else:
                doel = None
            acties = rng.choice(EIND_ACTIES if doel is None else TUSSEN_ACTIES)
            opties.append(_optie(rng, optie_id, acties, doel))
        afweging: dict[str, Any] = {
            "id": a,
            "rol": rng.choice(ROLLEN_NA),
            "vraag": _vraag(rng, a),
            "opties": opties,
        }
        if rng.random() < 0.15:
            afweging["samen_met_veilig_thuis"] = True
        afwegingen.append(afweging)

    route: dict[str, Any] = {
        "id": route_id,
        "titel": f"Route {route_id} met {aantal} afwegingen & ‘bijzonderheden’",
        "start": ids[0],
        "afwegingen": afwegingen,
    }
    if buiten_meldcode:
        route["buiten_meldcode"] = {
            "reden": "Een vermoeden tegen een medewerker valt onder een andere meldplicht.",
            "bron": "Wet kinderopvang (voorbeeld)",
        }
    return route


def genereer_kader_dict(
    seed: int = 0, afwegingen: int = 15, routes: int = 2, buiten_meldcode: bool = False
) -> dict[str, Any]:
    """The data of a framework file: ``routes`` routes of ``afwegingen`` afwegingen each.

    With ``buiten_meldcode`` the last route declares that it lies outside the meldcode.
    """
    rng = random.Random(seed)
    bron = {"hoofdstuk": 3, "sectie": "Afweging 2, Professionele norm"}
    route_ids = ["standaard", "route-b", "route.c", "d_4"]
    return {
        "id": f"gegenereerd-{seed}",
        "titel": f"Gegenereerd kader {seed} voor ‘tests’ & <controle>",
        "versie": "1.0",
        "geldig_vanaf": "2024-01-01",
        "status": "concept",
        "beroepsgroep": 'Testers & "controleurs"',
        "termen": {
            "acute_onveiligheid": {"tekst": "Direct fysiek gevaar."},
            "structurele_onveiligheid": {"tekst": "Herhaalde of voortdurende onveiligheid."},
        },
        "normen": [
            {"id": n, "titel": f"Norm {n}", "tekst": f"Melden is de norm ({n}).", "bron": bron}
            for n in NORMEN
        ],
        "acties": ACTIES,
        "routes": [
            genereer_route(
                rng,
                route_ids[i] if i < len(route_ids) else f"route{i}",
                afwegingen,
                buiten_meldcode and i == routes - 1,
            )
            for i in range(routes)
        ],
    }


def genereer_yaml(
    seed: int = 0, afwegingen: int = 15, routes: int = 2, buiten_meldcode: bool = False
) -> str:
    data = genereer_kader_dict(seed, afwegingen, routes, buiten_meldcode)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def genereer_kader(
    seed: int = 0, afwegingen: int = 15, routes: int = 2, buiten_meldcode: bool = False
) -> Afwegingskader:
    """A generated framework, loaded and validated like any framework file."""
    return laad_tekst(
        genereer_yaml(seed, afwegingen, routes, buiten_meldcode), f"gegenereerd-{seed}.yaml"
    )


def genereer_keten(
    aantal: int, kern: int | None = None, kader_id: str = "keten", kring: bool = False
) -> str:
    """A framework file whose one route is a chain of ``aantal`` afwegingen ``a1 … aN``: every
    answer leads to the next afweging, so each traversal of the graph goes ``aantal`` deep.

    The onveiligheid afweging sits at position ``kern`` (default: halfway), so the checks that
    walk before it and those that walk after it both go deep; after it, both answers of the
    last afweging report, which keeps the legal minimum satisfied. With ``kring`` the last
    afweging's ja leads back to the first: a cycle through the whole chain.
    """
    kern = aantal // 2 if kern is None else kern
    afwegingen: list[dict[str, Any]] = []
    for i in range(1, aantal + 1):
        volgende = f"a{i + 1}" if i < aantal else None
        if volgende is not None:
            opties = [
                {"id": "nee", "label": "Nee", "betekenis": "nee", "volgende": volgende},
                {"id": "ja", "label": "Ja", "betekenis": "ja", "volgende": volgende},
            ]
        elif i == kern:
            opties = [
                {"id": "nee", "label": "Nee", "betekenis": "nee", "acties": ["afsluiten"]},
                {"id": "ja", "label": "Ja", "betekenis": "ja", "acties": ["melden"], "norm": "N1"},
            ]
        else:
            opties = [
                {"id": o, "label": o.title(), "betekenis": o, "acties": ["melden"], "norm": "N1"}
                for o in ("nee", "ja")
            ]
        rol = "vermoeden" if i < kern else ("onveiligheid" if i == kern else "resultaat")
        afwegingen.append({"id": f"a{i}", "rol": rol, "vraag": f"Vraag {i}?", "opties": opties})
    data = genereer_kader_dict(0, afwegingen=1, routes=1)
    data["id"] = kader_id
    data["titel"] = f"Keten van {aantal} afwegingen"
    data["routes"] = [{"id": "keten", "titel": "Keten", "start": "a1", "afwegingen": afwegingen}]
    if kring:
        ja = afwegingen[-1]["opties"][1]
        del ja["acties"], ja["norm"]
        ja["volgende"] = "a1"
    # libyaml's dumper: the pure-Python one needs seconds for a long chain.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)
