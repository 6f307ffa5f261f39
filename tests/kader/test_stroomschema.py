"""The flowchart: geometry of the layout, the SVG document and the mermaid text.

Geometry is checked on the layout (no SVG parsing needed), and again on the SVG itself: every
answer option of every afweging must be an edge element between the right boxes, inside the
viewBox, readable at A4 width. Frameworks: every shipped one, the test frameworks, and generated
ones of many shapes (tests/kader/kadergenerator.py).
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kadergenerator import genereer_kader, genereer_kader_dict

from meldwijzer.kader import (
    Afwegingskader,
    BeslisFout,
    Beslissing,
    beslis,
    laad_kader,
    laad_tekst,
    meegeleverde_kaders,
)
from meldwijzer.kader.model import ActieSoort
from meldwijzer.kader.paden import standen
from meldwijzer.kader.stroomschema import (
    Layout,
    actie_id,
    afweging_id,
    bereken_layout,
    breek_af,
    doel_van_optie,
    mermaid_id,
    teken_mermaid,
    teken_svg,
    tekstbreedte,
    uitkomst_id,
)

NS = "{http://www.w3.org/2000/svg}"
KADERS = Path(__file__).parent / "kaders"
TESTKADERS = ["beroep_voorbeeld.yaml", "minimaal.yaml"]
Rechthoek = tuple[float, float, float, float]

GENEREERD = genereer_kader(seed=7, afwegingen=15, routes=2)


def _kaders() -> Iterator[tuple[str, Afwegingskader]]:
    for naam in meegeleverde_kaders():
        yield naam, laad_kader(naam)
    for naam in TESTKADERS:
        yield naam, laad_kader(KADERS / naam)
    yield "gegenereerd-15x2", GENEREERD


ALLE_KADERS = list(_kaders())


def _verwachte_kanten(kader: Afwegingskader, route_id: str) -> set[tuple[str, str, str]]:
    """(van, naar, optie) for every answer option, and the way on after an action box."""
    verwacht: set[tuple[str, str, str]] = set()
    for a in kader.routes[route_id].afwegingen.values():
        for o in a.opties.values():
            if o.volgende is None:
                verwacht.add((afweging_id(a.id), uitkomst_id(a.id, o.id), o.id))
            elif o.acties:
                verwacht.add((afweging_id(a.id), actie_id(a.id, o.id), o.id))
                verwacht.add((actie_id(a.id, o.id), afweging_id(o.volgende), o.id))
            else:
                verwacht.add((afweging_id(a.id), afweging_id(o.volgende), o.id))
    return verwacht


def _verwachte_vakken(kader: Afwegingskader, route_id: str) -> set[str]:
    vakken: set[str] = set()
    for a in kader.routes[route_id].afwegingen.values():
        vakken.add(afweging_id(a.id))
        for o in a.opties.values():
            if o.volgende is None:
                vakken.add(uitkomst_id(a.id, o.id))
            elif o.acties:
                vakken.add(actie_id(a.id, o.id))
    return vakken


def _overlapt(a: Rechthoek, b: Rechthoek, marge: float = 0.0) -> bool:
    return (
        a[0] < b[0] + b[2] + marge
        and b[0] < a[0] + a[2] + marge
        and a[1] < b[1] + b[3] + marge
        and b[1] < a[1] + a[3] + marge
    )


def _segment_door(vak: Rechthoek, p: tuple[float, float], q: tuple[float, float]) -> bool:
    """Whether an axis-parallel segment enters the interior of a rectangle."""
    x0, y0, x1, y1 = vak[0] + 0.5, vak[1] + 0.5, vak[0] + vak[2] - 0.5, vak[1] + vak[3] - 0.5
    return (
        min(p[0], q[0]) < x1
        and max(p[0], q[0]) > x0
        and (min(p[1], q[1]) < y1 and max(p[1], q[1]) > y0)
    )


def _samen_over(
    p: tuple[float, float], q: tuple[float, float], r: tuple[float, float], s: tuple[float, float]
) -> bool:
    """Whether two axis-parallel segments run on top of each other for more than a point."""
    for as_ in (0, 1):
        ander = 1 - as_
        if (
            abs(p[as_] - q[as_]) < 0.01
            and abs(r[as_] - s[as_]) < 0.01
            and abs(p[as_] - r[as_]) < 0.5
        ):
            laag = max(min(p[ander], q[ander]), min(r[ander], s[ander]))
            hoog = min(max(p[ander], q[ander]), max(r[ander], s[ander]))
            if hoog - laag > 1.0:
                return True
    return False


def controleer_layout(kader: Afwegingskader, lay: Layout) -> None:
    vakken = {v.id: v for v in lay.vakken}
    assert len(vakken) == len(lay.vakken), "box ids must be unique"
    assert set(vakken) == _verwachte_vakken(kader, lay.route)
    rechthoeken = {v.id: (v.x, v.y, v.breedte, v.hoogte) for v in lay.vakken}

    # No two boxes overlap, with a margin so they do not even touch.
    for a, b in itertools.combinations(lay.vakken, 2):
        assert not _overlapt(rechthoeken[a.id], rechthoeken[b.id], 5.0), (a.id, b.id)

    # Every box and every label within the layout's own bounds.
    for v in lay.vakken:
        assert v.x >= -0.01 and v.y >= -0.01, v.id
        assert v.rechts <= lay.breedte + 0.01 and v.onder <= lay.hoogte + 0.01, v.id
        assert v.regels, v.id

    # Every edge of the graph, once, from the bottom of its source to the top of its target.
    gevonden = {(k.van, k.naar, k.optie) for k in lay.kanten}
    assert len(gevonden) == len(lay.kanten)
    assert gevonden == _verwachte_kanten(kader, lay.route)
    for k in lay.kanten:
        van, naar = vakken[k.van], vakken[k.naar]
        (x0, y0), (x1, y1) = k.punten[0], k.punten[-1]
        assert van.x < x0 < van.rechts and y0 == pytest.approx(van.onder), k.id
        assert naar.x < x1 < naar.rechts and y1 == pytest.approx(naar.y), k.id
        for p, q in itertools.pairwise(k.punten):
            # Orthogonal routing: every segment horizontal or vertical, never through a box.
            assert p[0] == pytest.approx(q[0]) or p[1] == pytest.approx(q[1]), (k.id, p, q)
            for vid, r in rechthoeken.items():
                assert not _segment_door(r, p, q), (k.id, vid, p, q)
        for x, y in k.punten:
            assert -0.01 <= x <= lay.breedte + 0.01 and -0.01 <= y <= lay.hoogte + 0.01
        # An answer's label sits beside the first stretch of its own line, clear of boxes.
        optie = kader.routes[lay.route].afwegingen[k.afweging].opties[k.optie]
        if k.van == afweging_id(k.afweging):
            assert k.label_vak is not None and k.label, k.id
            assert " ".join(k.label) == " ".join(optie.label.split())
            lx, ly, lb, lh = k.label_vak
            assert lx >= -0.01 and lx + lb <= lay.breedte + 0.01
            assert min(abs(lx - x0), abs(lx + lb - x0)) <= 6.0, k.id
            assert y0 <= ly and ly + lh <= k.punten[1][1] + 0.01, k.id
            for vid, r in rechthoeken.items():
                assert not _overlapt(k.label_vak, r), (k.id, vid)
        else:
            assert k.label_vak is None and not k.label

    # Two lines never run on top of each other: each edge stays traceable.
    for een, ander in itertools.combinations(lay.kanten, 2):
        for p, q in itertools.pairwise(een.punten):
            for c, d in itertools.pairwise(ander.punten):
                assert not _samen_over(p, q, c, d), (een.id, ander.id, p, q, c, d)


def _ontleed(svg: str) -> ET.Element:
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(svg.encode("utf-8"))


def _viewbox(wortel: ET.Element) -> tuple[float, float, float, float]:
    x, y, b, h = (float(t) for t in wortel.attrib["viewBox"].split())
    return x, y, b, h


def _punten_uit_d(d: str) -> list[tuple[float, float]]:
    getallen = [float(t) for t in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(itertools.pairwise(getallen))[::2]


def controleer_svg(kader: Afwegingskader, svg: str, route_ids: list[str]) -> ET.Element:
    wortel = _ontleed(svg)
    assert wortel.tag == f"{NS}svg"
    titel = wortel.find(f"{NS}title")
    assert titel is not None and titel.text and kader.model.titel in titel.text
    assert "sans-serif" in wortel.attrib["font-family"]
    vx, vy, vb, vh = _viewbox(wortel)
    assert (vx, vy) == (0.0, 0.0)

    # Readable on paper: 210 mm wide when that keeps text at 9 pt or more, never smaller.
    breedte_mm = float(wortel.attrib["width"].removesuffix("mm"))
    hoogte_mm = float(wortel.attrib["height"].removesuffix("mm"))
    assert hoogte_mm / breedte_mm == pytest.approx(vh / vb, rel=1e-3)
    pt_per_eenheid = breedte_mm / 25.4 * 72 / vb
    groottes = [float(e.attrib["font-size"]) for e in wortel.iter(f"{NS}text")]
    assert min(groottes) * pt_per_eenheid >= 9.0 - 1e-6
    if breedte_mm != 210.0:
        assert min(groottes) * pt_per_eenheid == pytest.approx(9.0, rel=1e-3)

    # Self-contained: no links, images, scripts or fonts from elsewhere.
    assert "href" not in svg and "<image" not in svg and "<script" not in svg
    assert re.findall(r"url\((?!#)", svg) == []

    routes = [g for g in wortel.iter(f"{NS}g") if g.attrib.get("class") == "route"]
    assert [g.attrib["data-route"] for g in routes] == route_ids
    ids = [e.attrib["id"] for e in wortel.iter() if "id" in e.attrib]
    assert len(ids) == len(set(ids)), "element ids must be unique"
    for g in routes:
        route_id = g.attrib["data-route"]
        vakken: dict[str, Rechthoek] = {}
        for vak in g.iter(f"{NS}g"):
            if "vak" not in vak.attrib.get("class", "").split():
                continue
            rect = vak.find(f"{NS}rect")
            assert rect is not None
            x, y, b, h = (float(rect.attrib[a]) for a in ("x", "y", "width", "height"))
            r = (x, y, b, h)
            assert r[0] >= 0 and r[1] >= 0 and r[0] + r[2] <= vb and r[1] + r[3] <= vh
            for tekst in vak.iter(f"{NS}text"):
                assert r[1] < float(tekst.attrib["y"]) < r[1] + r[3]
            vakken[vak.attrib["data-id"]] = r
        assert set(vakken) == _verwachte_vakken(kader, route_id)
        kanten: set[tuple[str, str, str]] = set()
        for kant in g.iter(f"{NS}g"):
            if kant.attrib.get("class") != "kant":
                continue
            van, naar = kant.attrib["data-van"], kant.attrib["data-naar"]
            kanten.add((van, naar, kant.attrib["data-optie"]))
            lijn = kant.find(f"{NS}path")
            assert lijn is not None and lijn.attrib["marker-end"].startswith("url(#")
            punten = _punten_uit_d(lijn.attrib["d"])
            # Drawn from the bottom of one box to (the arrowhead above) the top of the other.
            (x0, y0), (x1, y1) = punten[0], punten[-1]
            rv, rn = vakken[van], vakken[naar]
            assert rv[0] < x0 < rv[0] + rv[2] and y0 == pytest.approx(rv[1] + rv[3], abs=0.02)
            assert rn[0] < x1 < rn[0] + rn[2] and rn[1] - 10 < y1 < rn[1]
            for x, y in punten:
                assert 0 <= x <= vb and 0 <= y <= vh
        assert kanten == _verwachte_kanten(kader, route_id)
    return wortel


MERMAID_KNOOP = re.compile(r'^    (r\d+_[aux]_\w+)(\["|\("|\(\[")(.*?)("\]|"\)|"\]\))$')
MERMAID_KANT = re.compile(r'^    (r\d+_\w+) (-->|-\.->)(?:\|"([^"]*)"\|)? (r\d+_\w+)$')
ENTITEITEN = {"#quot;": '"', "#lt;": "<", "#gt;": ">", "#amp;": "&", "#96;": "`", "#124;": "|"}


def _ontcijfer(label: str) -> str:
    label = label.replace("<br/>", " ")
    label = re.sub(r"#(quot|lt|gt|amp|96|124);", lambda m: ENTITEITEN[m.group(0)], label)
    return label.replace("#35;", "#")


def controleer_mermaid(
    kader: Afwegingskader, tekst: str, route_ids: list[str]
) -> tuple[dict[str, str], list[tuple[str, str, str | None]]]:
    regels = tekst.splitlines()
    assert regels[0] == "flowchart TD"
    knopen: dict[str, str] = {}
    kanten: list[tuple[str, str, str | None]] = []
    for regel in regels:
        if m := MERMAID_KNOOP.match(regel):
            assert m.group(1) not in knopen
            assert '"' not in m.group(3)
            knopen[m.group(1)] = _ontcijfer(m.group(3))
        elif m := MERMAID_KANT.match(regel):
            kanten.append((m.group(1), m.group(4), m.group(3)))
    verwacht_knopen: set[str] = set()
    verwacht_kanten: list[tuple[str, str, str | None]] = []
    for route_id in route_ids:
        r = kader.routes[route_id]
        prefix = f"r{list(kader.routes).index(route_id)}"
        assert f'  subgraph {prefix}["' in tekst
        for vak in _verwachte_vakken(kader, route_id):
            verwacht_knopen.add(mermaid_id(prefix, vak, r))
        for a in r.afwegingen.values():
            for o in a.opties.values():
                van = mermaid_id(prefix, afweging_id(a.id), r)
                naar = mermaid_id(prefix, doel_van_optie(a.id, o), r)
                verwacht_kanten.append((van, naar, o.label))
                if o.acties and o.volgende is not None:
                    verwacht_kanten.append(
                        (naar, mermaid_id(prefix, afweging_id(o.volgende), r), None)
                    )
    assert set(knopen) == verwacht_knopen
    for naam in knopen:
        assert re.fullmatch(r"r\d+_[aux]_[A-Za-z0-9_]+", naam)
    assert [(v, n, None if lab is None else _ontcijfer(lab)) for v, n, lab in kanten] == [
        (v, n, None if lab is None else " ".join(lab.split())) for v, n, lab in verwacht_kanten
    ]
    return knopen, kanten


# ---------------------------------------------------------------------------------------------
# Every framework we ship or test with, and a large generated one


@pytest.mark.parametrize(("naam", "kader"), ALLE_KADERS, ids=[n for n, _ in ALLE_KADERS])
def test_elk_kader_tekent_volledig_en_zonder_overlap(naam: str, kader: Afwegingskader) -> None:
    for route_id in kader.routes:
        controleer_layout(kader, bereken_layout(kader, route_id))
    controleer_svg(kader, teken_svg(kader), list(kader.routes))
    controleer_mermaid(kader, teken_mermaid(kader), list(kader.routes))
    for route_id in kader.routes:
        controleer_svg(kader, teken_svg(kader, route=route_id), [route_id])
        controleer_mermaid(kader, teken_mermaid(kader, route=route_id), [route_id])


def test_gegenereerd_kader_heeft_15_afwegingen_en_twee_routes() -> None:
    assert len(GENEREERD.routes) == 2
    assert all(len(r.afwegingen) == 15 for r in GENEREERD.routes.values())
    assert any(re.search("[a-z]", a) for r in GENEREERD.routes.values() for a in r.afwegingen)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    afwegingen=st.integers(1, 12),
    routes=st.integers(1, 2),
    buiten=st.booleans(),
)
def test_gegenereerde_kaders_van_elke_vorm(
    seed: int, afwegingen: int, routes: int, buiten: bool
) -> None:
    kader = genereer_kader(seed, afwegingen, routes, buiten_meldcode=buiten)
    for route_id in kader.routes:
        controleer_layout(kader, bereken_layout(kader, route_id))
    controleer_svg(kader, teken_svg(kader), list(kader.routes))
    controleer_mermaid(kader, teken_mermaid(kader), list(kader.routes))


def test_layout_is_deterministisch() -> None:
    assert bereken_layout(GENEREERD, "standaard") == bereken_layout(GENEREERD, "standaard")
    assert teken_svg(GENEREERD) == teken_svg(GENEREERD)
    assert teken_mermaid(GENEREERD) == teken_mermaid(GENEREERD)


# ---------------------------------------------------------------------------------------------
# The basis framework: what the Basisdocument asks a flowchart to show


def test_basis_past_leesbaar_op_a4(basis: Afwegingskader) -> None:
    wortel = _ontleed(teken_svg(basis))
    assert wortel.attrib["width"] == "210mm"
    assert wortel.attrib["lang"] == "nl"
    lijnen = [e for e in wortel.iter(f"{NS}path") if e.attrib.get("marker-end")]
    assert lijnen


def test_basis_toont_acties_op_de_kant_en_hoe_de_meldcode_wordt_afgesloten(
    basis: Afwegingskader,
) -> None:
    lay = bereken_layout(basis)

    def tekst(vak_id: str) -> str:
        return " ".join(r.tekst for r in lay.vak(vak_id).regels)

    # 2 = ja: melden, then on to 3 (together with Veilig Thuis); 4 = ja: hulp, then on to 5.
    assert "Melden bij Veilig Thuis" in tekst(actie_id("2", "ja"))
    assert "N2" not in tekst(actie_id("2", "ja"))  # the norm by its title, not its id
    assert "Professionele norm bij afweging 2" in tekst(actie_id("2", "ja"))
    assert "samen met Veilig Thuis" in tekst(actie_id("2", "ja"))
    assert lay.vak(actie_id("2", "ja")).samen
    assert "Hulp bieden of organiseren" in tekst(actie_id("4", "ja"))
    # Closing the meldcode: afweging 1 nee and afweging 5 ja are outcome boxes.
    assert lay.vak(uitkomst_id("1", "nee")).actiesoort is ActieSoort.AFSLUITEN
    assert lay.vak(uitkomst_id("5", "ja")).actiesoort is ActieSoort.HULP_AFSLUITEN
    assert "Afsluiten en vastleggen in dossier" in tekst(uitkomst_id("1", "nee"))
    assert "(opnieuw melden)" in tekst(uitkomst_id("5", "nee"))
    assert "Professionele norm bij afweging 5" in tekst(uitkomst_id("5", "nee"))
    assert "Professionele norm bij afweging 4" in tekst(uitkomst_id("4", "nee"))
    assert tekst(afweging_id("2")).startswith("Afweging 2 Schat ik op basis van de stappen")
    # The chain of afwegingen is drawn as one straight column.
    midden = [lay.vak(afweging_id(a)).x + 150 for a in "12345"]
    assert max(midden) - min(midden) < 10

    wortel = _ontleed(teken_svg(basis))
    samen = [
        g
        for g in wortel.iter(f"{NS}g")
        if g.attrib.get("class") == "kant" and "data-samen" in g.attrib
    ]
    assert {(g.attrib["data-van"], g.attrib["data-naar"]) for g in samen} == {
        (afweging_id("2"), actie_id("2", "ja")),
        (actie_id("2", "ja"), afweging_id("3")),
    }
    lijnen = [g.find(f"{NS}path") for g in samen]
    assert all(lijn is not None and lijn.attrib.get("stroke-dasharray") for lijn in lijnen)
    legenda = " ".join(
        t.text or ""
        for g in wortel.iter(f"{NS}g")
        if g.attrib.get("id") == "legenda"
        for t in g.iter(f"{NS}text")
    )
    for woord in (
        "Samen met Veilig Thuis",
        "Melden bij Veilig Thuis",
        "Afsluiten",
        "Hulp afsluiten",
        "Hulp bieden of organiseren",
    ):
        assert woord in legenda


def test_labels_staan_niet_op_andere_lijnen_in_basis_en_beroep(basis: Afwegingskader) -> None:
    for kader in (basis, laad_kader(KADERS / "beroep_voorbeeld.yaml")):
        for route_id in kader.routes:
            lay = bereken_layout(kader, route_id)
            labels = [k for k in lay.kanten if k.label_vak is not None]
            for k in labels:
                assert k.label_vak is not None
                for ander in lay.kanten:
                    if ander.id == k.id:
                        continue
                    for p, q in itertools.pairwise(ander.punten):
                        assert not _segment_door(k.label_vak, p, q), (k.id, ander.id)
            for a, b in itertools.combinations(labels, 2):
                assert a.label_vak is not None and b.label_vak is not None
                assert not _overlapt(a.label_vak, b.label_vak), (a.id, b.id)


# ---------------------------------------------------------------------------------------------
# A decision's path


def _alle_paden(kader: Afwegingskader, route_id: str) -> Iterator[dict[str, str]]:
    """Every prefix of every path through the route, as answers."""
    return (dict(pad) for pad in standen(kader, route_id))


def _verwacht_pad(
    kader: Afwegingskader, beslissing: Beslissing
) -> tuple[set[str], set[tuple[str, str]]]:
    route = kader.routes[beslissing.route]
    vakken: set[str] = set()
    kanten: set[tuple[str, str]] = set()
    for stap in beslissing.pad:
        optie = route.afwegingen[stap.afweging].opties[stap.antwoord]
        vakken.add(afweging_id(stap.afweging))
        if optie.volgende is None:
            vakken.add(uitkomst_id(stap.afweging, optie.id))
            kanten.add((afweging_id(stap.afweging), uitkomst_id(stap.afweging, optie.id)))
        elif optie.acties:
            vakken.add(actie_id(stap.afweging, optie.id))
            kanten.add((afweging_id(stap.afweging), actie_id(stap.afweging, optie.id)))
            kanten.add((actie_id(stap.afweging, optie.id), afweging_id(optie.volgende)))
        else:
            kanten.add((afweging_id(stap.afweging), afweging_id(optie.volgende)))
    return vakken, kanten


def controleer_pad(kader: Afwegingskader, beslissing: Beslissing) -> None:
    svg = teken_svg(kader, pad=beslissing)
    wortel = controleer_svg(kader, svg, [beslissing.route])
    vakken, kanten = _verwacht_pad(kader, beslissing)
    groepen = [
        g for g in wortel.iter(f"{NS}g") if g.attrib.get("class", "").startswith(("vak", "kant"))
    ]
    gemarkeerde_vakken = {
        g.attrib["data-id"]
        for g in groepen
        if g.attrib.get("data-pad") == "ja" and "data-id" in g.attrib
    }
    gemarkeerde_kanten = {
        (g.attrib["data-van"], g.attrib["data-naar"])
        for g in groepen
        if g.attrib.get("data-pad") == "ja" and "data-van" in g.attrib
    }
    assert gemarkeerde_vakken == vakken
    assert gemarkeerde_kanten == kanten
    volgende = {g.attrib["data-id"] for g in groepen if g.attrib.get("data-volgende") == "ja"}
    if beslissing.volgende_afweging is None:
        assert volgende == set()
    else:
        assert volgende == {afweging_id(beslissing.volgende_afweging)}
    # The rest is dimmed, the path is not.
    for g in groepen:
        gemarkeerd = g.attrib.get("data-pad") == "ja" or g.attrib.get("data-volgende") == "ja"
        assert ("opacity" in g.attrib) is not gemarkeerd
    titel = " ".join(t.text or "" for t in wortel.iter(f"{NS}text"))
    assert "Gevolgd pad" in titel

    # Mermaid: the same boxes styled, the same links in linkStyle.
    tekst = teken_mermaid(kader, pad=beslissing)
    _, mermaid_kanten = controleer_mermaid(kader, tekst, [beslissing.route])
    r = kader.routes[beslissing.route]
    prefix = f"r{list(kader.routes).index(beslissing.route)}"
    gestyled = set(re.findall(r"^  style (\S+) stroke:#d95f02,stroke-width:4px$", tekst, re.M))
    assert gestyled == {mermaid_id(prefix, v, r) for v in vakken}
    m = re.search(r"^  linkStyle ([\d,]+) ", tekst, re.M)
    indices = set() if m is None else {int(i) for i in m.group(1).split(",")}
    assert {(mermaid_kanten[i][0], mermaid_kanten[i][1]) for i in indices} == {
        (mermaid_id(prefix, a, r), mermaid_id(prefix, b, r)) for a, b in kanten
    }


def test_elk_pad_door_basis_wordt_precies_gemarkeerd(basis: Afwegingskader) -> None:
    paden = list(_alle_paden(basis, "standaard"))
    assert len(paden) == 17
    for antwoorden in paden:
        controleer_pad(basis, beslis(basis, antwoorden))


def test_paden_door_gegenereerd_kader_en_beroepskader() -> None:
    beroep = laad_kader(KADERS / "beroep_voorbeeld.yaml")
    for kader in (GENEREERD, beroep):
        for route_id in kader.routes:
            paden = list(_alle_paden(kader, route_id))
            for antwoorden in paden[:: max(1, len(paden) // 25)] + paden[-1:]:
                controleer_pad(kader, beslis(kader, antwoorden, route=route_id))


def test_pad_tekent_alleen_de_eigen_route() -> None:
    route_id = list(GENEREERD.routes)[1]
    start = GENEREERD.routes[route_id].start
    beslissing = beslis(GENEREERD, {start: "ja"}, route=route_id)
    wortel = _ontleed(teken_svg(GENEREERD, pad=beslissing))
    routes = [
        g.attrib["data-route"] for g in wortel.iter(f"{NS}g") if g.attrib.get("class") == "route"
    ]
    assert routes == [route_id]
    assert teken_svg(GENEREERD, route=route_id, pad=beslissing) == teken_svg(
        GENEREERD, pad=beslissing
    )
    with pytest.raises(ValueError, match="route"):
        teken_svg(GENEREERD, route="standaard", pad=beslissing)
    with pytest.raises(ValueError, match="route"):
        teken_mermaid(GENEREERD, route="standaard", pad=beslissing)


def test_onbekende_route_geeft_nederlandse_fout(basis: Afwegingskader) -> None:
    with pytest.raises(BeslisFout, match="bestaat niet"):
        teken_svg(basis, route="bestaat-niet")
    with pytest.raises(BeslisFout, match="bestaat niet"):
        teken_mermaid(basis, route="bestaat-niet")
    with pytest.raises(BeslisFout, match="meerdere routes"):
        bereken_layout(GENEREERD)


# ---------------------------------------------------------------------------------------------
# Escaping


LASTIGE_VRAAG = (
    "Is er \"gevaar\" & <script>alert('x')</script> ‘nu’ #1; ]]> --> |pijl| `code` #quot; end?"
)


@pytest.fixture(scope="module")
def lastig_kader() -> Afwegingskader:
    data = genereer_kader_dict(seed=3, afwegingen=3, routes=1)
    afweging = data["routes"][0]["afwegingen"][0]
    afweging["vraag"] = LASTIGE_VRAAG
    afweging["opties"][0]["label"] = 'Nee & "nooit" <b>'
    data["titel"] = 'Kader <met> "alles" & ‘meer’'
    return laad_tekst(yaml.safe_dump(data, allow_unicode=True), "lastig.yaml")


def test_svg_ontsnapt_alle_tekst(lastig_kader: Afwegingskader) -> None:
    svg = teken_svg(lastig_kader)
    assert "<script" not in svg and "<b>" not in svg
    wortel = controleer_svg(lastig_kader, svg, list(lastig_kader.routes))
    titel = wortel.find(f"{NS}title")
    assert titel is not None and titel.text is not None
    assert 'Kader <met> "alles" & ‘meer’' in titel.text
    route = next(iter(lastig_kader.routes.values()))
    eerste = next(iter(route.afwegingen))
    for g in wortel.iter(f"{NS}g"):
        if g.attrib.get("data-id") == afweging_id(eerste):
            tekst = " ".join(t.text or "" for t in g.iter(f"{NS}text"))
            assert tekst == f"Afweging {eerste} {LASTIGE_VRAAG}"
        if (
            g.attrib.get("class") == "kant"
            and g.attrib["data-van"] == afweging_id(eerste)
            and g.attrib["data-optie"] == "nee"
        ):
            assert " ".join(t.text or "" for t in g.iter(f"{NS}text")) == 'Nee & "nooit" <b>'


def test_mermaid_ontsnapt_alle_tekst(lastig_kader: Afwegingskader) -> None:
    tekst = teken_mermaid(lastig_kader)
    knopen, _ = controleer_mermaid(lastig_kader, tekst, list(lastig_kader.routes))
    route = next(iter(lastig_kader.routes.values()))
    eerste = next(iter(route.afwegingen))
    naam = mermaid_id("r0", afweging_id(eerste), route)
    assert " ".join(knopen[naam].split()) == f"Afweging {eerste} {LASTIGE_VRAAG}"
    # Nothing in a label can end it or start a link: no quote, no arrow, no pipe.
    regel = next(r for r in tekst.splitlines() if r.startswith(f"    {naam}["))
    binnen = regel.split('["', 1)[1].rsplit('"]', 1)[0]
    assert (
        '"' not in binnen and "-->" not in binnen and "|" not in binnen and "<script" not in binnen
    )


def test_mermaid_ids_zijn_veilig_ook_voor_5a_en_end() -> None:
    data = genereer_kader_dict(seed=11, afwegingen=4, routes=1)
    for i, afweging in enumerate(data["routes"][0]["afwegingen"]):
        nieuw = ["end", "5a", "graph", "x"][i]
        oud = afweging["id"]
        afweging["id"] = nieuw
        for a in data["routes"][0]["afwegingen"]:
            for o in a["opties"]:
                if o.get("volgende") == oud:
                    o["volgende"] = nieuw
        if data["routes"][0]["start"] == oud:
            data["routes"][0]["start"] = nieuw
    kader = laad_tekst(yaml.safe_dump(data, allow_unicode=True))
    tekst = teken_mermaid(kader)
    knopen, _ = controleer_mermaid(kader, tekst, list(kader.routes))
    assert "r0_a_end" in knopen and "r0_a_5a" in knopen


# ---------------------------------------------------------------------------------------------
# Text helpers


def test_afbreken_respecteert_de_breedte() -> None:
    tekst = "Heb ik op basis van de stappen 1 tot en met 4 van de meldcode een vermoeden?"
    regels = breek_af(tekst, 150.0, 12.0)
    assert " ".join(regels) == tekst
    assert all(tekstbreedte(r, 12.0) <= 150.0 for r in regels)
    lang = breek_af("x" * 200, 100.0, 12.0)
    assert "".join(lang) == "x" * 200
    assert all(tekstbreedte(r, 12.0) <= 100.0 for r in lang)
