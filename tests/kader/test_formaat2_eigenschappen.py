"""Conditional actions, route handovers and deciding signals, against a plain reference walk.

Hypothesis builds a format-2 framework from a generated valid one (tests/kader/kadergenerator.py):
it adds conditions that look back at earlier afwegingen, a handover from the first route into
the second (at its start or at any of its afwegingen), and deciding signals for one route or for
all. It then draws a path through it. ``_referentie`` walks the file's data directly — no compiled
tables, no engine code — and the engine must agree with it on every path.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import event, given
from hypothesis import strategies as st
from kadergenerator import genereer_kader_dict, genereer_yaml

from meldwijzer.kader import beslis, laad_tekst
from meldwijzer.kader.engine import SCHEIDING

OVERIG = ["overleg", "informeren", "vastleggen"]


def _ids(waarde: str | list[str]) -> list[str]:
    return [waarde] if isinstance(waarde, str) else list(waarde)


@st.composite
def kader_en_pad(draw: st.DrawFn) -> tuple[dict[str, Any], str, dict[str, str], list[str]]:
    seed = draw(st.integers(0, 10_000))
    data = genereer_kader_dict(seed, afwegingen=draw(st.integers(2, 7)), routes=2)
    data["formaat"] = 2
    data["acties"] = [
        *copy.deepcopy(data["acties"]),
        {"id": "informeren", "soort": "overig", "label": "Informeren"},
        {"id": "vastleggen", "soort": "overig", "label": "Vastleggen"},
    ]
    een, twee = data["routes"]
    # Conditions: an option may add overig actions when earlier afwegingen were answered so.
    # The generator lists afwegingen so that 'volgende' only points down the list.
    for route in (een, twee):
        for plek, afweging in enumerate(route["afwegingen"]):
            for optie in afweging["opties"]:
                if plek and draw(st.booleans()):
                    optie["acties_als"] = [
                        draw(_voorwaarde(route["afwegingen"][:plek]))
                        for _ in range(draw(st.integers(1, 2)))
                    ]
    # A handover from route one into route two, on some answers that end route one.
    instap = draw(st.sampled_from([*[a["id"] for a in twee["afwegingen"]][::-1], None]))
    vervolg: dict[str, str] = {"route": twee["id"]}
    if instap is not None:
        vervolg["afweging"] = instap
    data["acties"].append(
        {"id": "overdragen", "soort": "overig", "label": "Verder in route twee", "vervolg": vervolg}
    )
    for plek, afweging in enumerate(een["afwegingen"]):
        for optie in afweging["opties"]:
            if "volgende" in optie or not draw(st.booleans()):
                continue
            if plek == 0 or draw(st.booleans()):
                optie["acties"] = [*optie.get("acties", []), "overdragen"]
            else:  # a conditional handover
                eerste = een["afwegingen"][0]
                als = {eerste["id"]: draw(st.sampled_from([o["id"] for o in eerste["opties"]]))}
                voorwaarde = {"als": als, "acties": ["overdragen"]}
                optie["acties_als"] = [*optie.get("acties_als", []), voorwaarde]
    # Deciding signals, for route two only or for every route.
    data["catalogi"] = [
        {
            "id": "beslissend",
            "titel": "Signalen die beslissen",
            "soort": "disclosure",
            "aanvinkbaar": True,
            "routes": draw(st.sampled_from([[], [twee["id"]]])),
            "items": [
                {
                    "id": "s.melden",
                    "tekst": "Meldt meteen",
                    "gevolg": {"acties": ["melden"], "norm": "N1"},
                },
                {"id": "s.informeren", "tekst": "Informeert", "gevolg": {"acties": ["informeren"]}},
                {"id": "s.niets", "tekst": "Beslist niets"},
            ],
        }
    ]
    signalen = draw(st.lists(st.sampled_from(["s.melden", "s.informeren", "s.niets"]), unique=True))
    start = draw(st.sampled_from([een["id"], twee["id"]]))
    antwoorden = _trek_pad(draw, data, start)
    return data, start, antwoorden, signalen


@st.composite
def _voorwaarde(draw: st.DrawFn, eerdere: list[dict[str, Any]]) -> dict[str, Any]:
    gekozen = draw(
        st.lists(st.sampled_from(eerdere), min_size=1, max_size=2, unique_by=lambda a: a["id"])
    )
    als: dict[str, str | list[str]] = {}
    for a in gekozen:
        ids = [o["id"] for o in a["opties"]]
        antwoorden = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))
        als[a["id"]] = antwoorden[0] if len(antwoorden) == 1 else antwoorden
    acties = draw(st.lists(st.sampled_from(OVERIG), min_size=1, max_size=2, unique=True))
    return {"als": als, "acties": acties}


def _trek_pad(draw: st.DrawFn, data: dict[str, Any], start: str) -> dict[str, str]:
    """Answers along a path through the file's data, stopping anywhere."""
    antwoorden: dict[str, str] = {}
    stappen = _Referentie(data, start, [])
    # Mostly walk on, and deep: the handovers and conditions lie further down the routes, and
    # hypothesis favours the first choice, so the answers that go on come first.
    stappen_max = draw(st.integers(0, 40).map(lambda n: 40 - n))
    while stappen.huidig is not None and len(stappen.pad) < stappen_max:
        afweging = stappen.afweging()
        opties = sorted(afweging["opties"], key=lambda o: "volgende" not in o)
        optie = draw(st.sampled_from([o["id"] for o in opties]))
        antwoorden[stappen.sleutel()] = optie
        stappen.stap(optie)
    return antwoorden


class _Referentie:
    """The plain walk: the file's own dicts, followed one answer at a time."""

    def __init__(self, data: dict[str, Any], start: str, signalen: list[str]) -> None:
        self.routes = {r["id"]: r for r in data["routes"]}
        self.acties_def = {a["id"]: a for a in data["acties"]}
        self.items = {
            i["id"]: (c.get("routes", []), i["gevolg"])
            for c in data.get("catalogi", [])
            for i in c["items"]
            if "gevolg" in i
        }
        self.start = start
        self.signalen = signalen
        self.toegepast: list[str] = []
        self.acties: list[str] = []
        self.pad: list[tuple[str, str, str]] = []
        self.route = self.routes[start]
        self.beantwoord: dict[str, str] = {}
        self.huidig: str | None = self.route["start"]
        self._in_route()

    def _in_route(self) -> None:
        for signaal in sorted(self.signalen):
            if signaal in self.items and signaal not in self.toegepast:
                routes, gevolg = self.items[signaal]
                if not routes or self.route["id"] in routes:
                    self.toegepast.append(signaal)
                    for a in gevolg["acties"]:
                        if a not in self.acties:
                            self.acties.append(a)

    def afweging(self) -> dict[str, Any]:
        return next(a for a in self.route["afwegingen"] if a["id"] == self.huidig)

    def sleutel(self) -> str:
        assert self.huidig is not None
        if self.route["id"] == self.start:
            return self.huidig
        return f"{self.route['id']}{SCHEIDING}{self.huidig}"

    def stap(self, antwoord: str) -> None:
        assert self.huidig is not None
        optie = next(o for o in self.afweging()["opties"] if o["id"] == antwoord)
        eigen = list(optie.get("acties", []))
        for voorwaarde in optie.get("acties_als", []):
            if all(self.beantwoord.get(a) in _ids(w) for a, w in voorwaarde["als"].items()):
                eigen.extend(voorwaarde["acties"])
        for a in eigen:
            if a not in self.acties:
                self.acties.append(a)
        self.beantwoord[self.huidig] = antwoord
        self.pad.append((self.route["id"], self.huidig, antwoord))
        self.huidig = optie.get("volgende")
        if self.huidig is not None:
            return
        for a in eigen:
            vervolg = self.acties_def[a].get("vervolg")
            if vervolg:
                self.route = self.routes[vervolg["route"]]
                self.beantwoord = {}
                self.huidig = vervolg.get("afweging") or self.route["start"]
                self._in_route()
                return


def _referentie(
    data: dict[str, Any], start: str, antwoorden: dict[str, str], signalen: list[str]
) -> _Referentie:
    walk = _Referentie(data, start, signalen)
    while walk.huidig is not None and walk.sleutel() in antwoorden:
        walk.stap(antwoorden[walk.sleutel()])
    return walk


@given(kader_en_pad())
def test_engine_volgt_de_referentiewandeling(
    geval: tuple[dict[str, Any], str, dict[str, str], list[str]],
) -> None:
    data, start, antwoorden, signalen = geval
    kader = laad_tekst(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "f2.yaml")
    uitkomst = beslis(kader, antwoorden, signalen, route=start)
    verwacht = _referentie(data, start, antwoorden, signalen)
    assert list(uitkomst.acties) == verwacht.acties
    assert [(s.route, s.afweging, s.antwoord) for s in uitkomst.pad] == verwacht.pad
    assert uitkomst.volgende_afweging == verwacht.huidig
    assert uitkomst.route_nu == verwacht.route["id"]
    assert list(uitkomst.beslissende_signalen) == verwacht.toegepast
    event(f"overdrachten: {len(uitkomst.overdrachten)}")
    event(f"stappen: {min(len(uitkomst.pad), 4)}+")


def test_zonder_formaat_2_sleutels_gelijk_aan_formaat_1() -> None:
    """The same generated framework as format 1 and as format 2 decides the same."""
    tekst = genereer_yaml(7, afwegingen=6, routes=2)
    een = laad_tekst(tekst, "een.yaml")
    twee = laad_tekst("formaat: 2\n" + tekst, "twee.yaml")
    route = een.route("standaard")
    antwoorden: dict[str, str] = {}
    huidig: str | None = route.start
    while huidig is not None:
        optie = sorted(route.afwegingen[huidig].opties)[0]
        antwoorden[huidig] = optie
        huidig = route.afwegingen[huidig].opties[optie].volgende
        assert beslis(een, antwoorden, route="standaard").als_dict() | {"kader": None} == beslis(
            twee, antwoorden, route="standaard"
        ).als_dict() | {"kader": None}
