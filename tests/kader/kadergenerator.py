"""Generates valid afwegingskader frameworks of any size and shape, for tests.

A generated framework passes the validator: at least one route lies inside the meldcode, each
such route has exactly one afweging with ``rol: onveiligheid`` whose options that do not mean
nee lead to melden before any hulp, no afweging before it offers or closes hulp, answers labelled
"Ja"/"Nee" mean ja/nee, the graph has no cycles, every afweging is reachable from the start,
every answer option ends in an outcome or continues, and every melden option names a norm. Texts
deliberately contain quotes, ‘’, &, < and # so that every output has to escape.

Use ``genereer_kader(seed, afwegingen=15, routes=2)`` for a loaded framework, or
``genereer_yaml``/``genereer_kader_dict`` for the file itself. The same arguments always give
the same framework. ``genereer_keten`` gives one long chain; ``genereer_vrij_kader_dict`` a free
framework that may or may not keep the legal minimum, for properties of the validator.
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

    With ``buiten_meldcode`` the last route declares that it lies outside the meldcode, when
    there is more than one: a framework needs a route inside it (the legal minimum).
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
                buiten_meldcode and i == routes - 1 and routes > 1,
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


# --- free frameworks: valid or not, for properties of the validator ---------------------------

VRIJE_ACTIES: list[dict[str, str]] = [
    *ACTIES,
    {"id": "hulp_elders", "soort": "hulp", "label": "Hulp organiseren bij een partner"},
]
_LABELS = {
    "ja": ["Ja", "Ja, samen met Veilig Thuis", "ja"],
    "nee": ["Nee", "Nee, niet nu", "nee"],
    "twijfel": ["Twijfel", "Weet ik niet", "Deels"],
}


def _vrije_optie(
    rng: random.Random, optie_id: str, betekenis: str, acties: list[str], volgende: str | None
) -> dict[str, Any]:
    label = rng.choice(_LABELS[optie_id])
    if rng.random() < 0.015:  # a label that says the opposite of what the answer means
        label = f"{'Nee' if betekenis == 'ja' else 'Ja'} ({optie_id})"
    optie: dict[str, Any] = {"id": optie_id, "label": label, "betekenis": betekenis}
    if not acties and volgende is None:
        acties = [rng.choice(["afsluiten", "overleg", "melden"])]
    if acties:
        optie["acties"] = list(dict.fromkeys(acties))
    if volgende is not None:
        optie["volgende"] = volgende
    if MELDEN & set(acties):
        optie["norm"] = rng.choice(NORMEN)
    return optie


def _vrije_acties(rng: random.Random, voor_kern: bool, kern_ja: bool) -> list[str]:
    """Actions for an answer: before the onveiligheid afweging mostly closing or consulting,
    now and then help (the validator must refuse it); at it, meaning ja, mostly melden first."""
    if kern_ja:
        keuzes = [["melden"], ["melden", "hulp"], ["melden_spoed"], ["hulp", "melden"], []]
        return rng.choices(keuzes, weights=[6, 3, 2, 1, 1])[0]
    if voor_kern:
        keuzes = [[], ["afsluiten"], ["overleg"], ["hulp"], ["hulp_afsluiten"], ["hulp_elders"]]
        return rng.choices(keuzes, weights=[24, 12, 6, 1, 1, 1])[0]
    pool = ["afsluiten", "melden", "hulp", "hulp_afsluiten", "overleg", "hulp_elders"]
    return rng.sample(pool, rng.choice([0, 0, 1, 1, 2]))


def _vrije_route(rng: random.Random, route_id: str) -> dict[str, Any]:
    """A route of 1-7 afwegingen without cycles whose answers jump forward at random, past the
    onveiligheid afweging or through it, with actions that may or may not keep the minimum."""
    aantal = rng.randint(1, 7)
    ids = [f"{i + 1}{rng.choice(['', '', 'a', 'b'])}" for i in range(aantal)]
    kern = rng.randrange(aantal)
    afwegingen: list[dict[str, Any]] = []
    for i, a in enumerate(ids):
        soorten = ["nee", "ja"] + (["twijfel"] if rng.random() < 0.3 else [])
        opties = []
        for j, optie_id in enumerate(soorten):
            betekenis = optie_id if optie_id != "twijfel" else rng.choice(["ja", "nee"])
            later = ids[i + 1 :]
            if not later:
                volgende = None
            elif j == 1:  # ja mostly on to the next one: most afwegingen are reachable
                volgende = later[0] if rng.random() < 0.9 else None
            else:
                volgende = rng.choice([None, None, later[0], rng.choice(later)])
            acties = _vrije_acties(rng, i < kern, i == kern and betekenis == "ja")
            opties.append(_vrije_optie(rng, optie_id, betekenis, acties, volgende))
        rol = "vermoeden" if i < kern else ("onveiligheid" if i == kern else "resultaat")
        afwegingen.append({"id": a, "rol": rol, "vraag": f"Vraag {a}?", "opties": opties})
    route: dict[str, Any] = {
        "id": route_id,
        "titel": f"Route {route_id}",
        "start": ids[0],
        "afwegingen": afwegingen,
    }
    if rng.random() < 0.25:
        route["buiten_meldcode"] = {"reden": "Een andere meldplicht.", "bron": "Een andere wet"}
    return route


def genereer_vrij_kader_dict(rng: random.Random) -> dict[str, Any]:
    """A framework of one to three free routes: sometimes valid, sometimes around the legal
    minimum in one of its ways (all routes outside the meldcode, a label "Ja" that means nee,
    help on a path that skips the onveiligheid afweging, ja at it without melden first)."""
    data = genereer_kader_dict(0, afwegingen=1, routes=1)
    data["id"] = "vrij"
    data["acties"] = VRIJE_ACTIES
    data["routes"] = [_vrije_route(rng, f"r{i}") for i in range(rng.randint(1, 3))]
    return data


def genereer_waaier(breedte: int, doelen: int | None = None, kader_id: str = "waaier") -> str:
    """A framework file whose route fans out: after the onveiligheid afweging, afweging ``w``
    has ``breedte`` answers, each leading to an afweging of its own (``b0 … bN``) whose two
    answers end the route. As wide as a file within the limits can be, and as many paths.
    With ``doelen`` the answers share that many afwegingen (answer i leads to ``b{i % doelen}``):
    few afwegingen, many answers."""
    doelen = breedte if doelen is None else doelen

    def eind(i: int) -> dict[str, Any]:
        return {
            "id": f"b{i}",
            "rol": "aanvaarding",
            "vraag": f"Vraag {i}?",
            "opties": [
                {
                    "id": "nee",
                    "label": "Nee",
                    "betekenis": "nee",
                    "acties": ["melden"],
                    "norm": "N1",
                },
                {"id": "ja", "label": "Ja", "betekenis": "ja", "acties": ["hulp"]},
            ],
        }

    waaier = [
        {
            "id": f"o{i}",
            "label": f"Optie {i}",
            "betekenis": "ja" if i else "nee",
            "volgende": f"b{i % doelen}",
        }
        for i in range(breedte)
    ]
    afwegingen: list[dict[str, Any]] = [
        {
            "id": "1",
            "rol": "vermoeden",
            "vraag": "Vermoeden?",
            "opties": [
                {"id": "nee", "label": "Nee", "betekenis": "nee", "acties": ["afsluiten"]},
                {"id": "ja", "label": "Ja", "betekenis": "ja", "volgende": "2"},
            ],
        },
        {
            "id": "2",
            "rol": "onveiligheid",
            "vraag": "Onveilig?",
            "opties": [
                {"id": "nee", "label": "Nee", "betekenis": "nee", "volgende": "w"},
                {"id": "ja", "label": "Ja", "betekenis": "ja", "acties": ["melden"], "norm": "N1"},
            ],
        },
        {"id": "w", "rol": "eigen_hulp", "vraag": "Welke hulp?", "opties": waaier},
        *(eind(i) for i in range(doelen)),
    ]
    data = genereer_kader_dict(0, afwegingen=1, routes=1)
    data["id"] = kader_id
    data["titel"] = f"Waaier van {breedte} antwoorden"
    data["routes"] = [{"id": "waaier", "titel": "Waaier", "start": "1", "afwegingen": afwegingen}]
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)
