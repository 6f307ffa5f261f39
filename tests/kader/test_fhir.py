"""The framework as a FHIR R4 Questionnaire and answers as a QuestionnaireResponse.

The resources are validated with google-fhir-r4 (the R4 4.0.1 structure definitions), plus the
R4 invariants that library does not check. A small evaluator of ``enableWhen`` written here, from
the R4 specification and independent of the converter, must ask exactly what the engine asks:
for every answer path of the shipped frameworks and of generated ones.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from google.fhir.r4 import json_format
from google.fhir.r4.proto.core.resources import (
    questionnaire_pb2,
    questionnaire_response_pb2,
)
from hypothesis import given
from hypothesis import strategies as st
from kadergenerator import genereer_kader

from meldwijzer.kader import Afwegingskader, BeslisFout, beslis, laad_kader, meegeleverde_kaders
from meldwijzer.kader.fhir import (
    FHIR_BASIS,
    antwoorden_uit_response,
    canonical,
    link_id,
    questionnaire,
    questionnaire_response,
)
from meldwijzer.kader.paden import standen

KADERS = Path(__file__).parent / "kaders"

# --- validation -------------------------------------------------------------------------------


def _valideer_r4(resource: dict[str, Any]) -> None:
    soort = {
        "Questionnaire": questionnaire_pb2.Questionnaire,
        "QuestionnaireResponse": questionnaire_response_pb2.QuestionnaireResponse,
    }[resource["resourceType"]]
    json_format.json_fhir_string_to_proto(json.dumps(resource), soort, validate=True)


def _alle_items(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        yield from _alle_items(item.get("item", []))


def _controleer_invarianten(q: dict[str, Any]) -> None:
    """R4 invariants of Questionnaire that the structural validation leaves out."""
    items = list(_alle_items(q["item"]))
    links = [i["linkId"] for i in items]
    assert len(links) == len(set(links)), "que-2: linkIds are unique"
    per_link = {i["linkId"]: i for i in items}
    contained = {r["id"] for r in q["contained"]}
    verwezen: set[str] = set()
    for item in items:
        if item["type"] == "group":
            assert item.get("item"), f"que-1: group {item['linkId']} holds items"
        if item["type"] == "display":
            assert not item.get("item"), "que-1: display items hold nothing"
            assert "required" not in item and "repeats" not in item, "que-6"
        if item["type"] not in ("choice", "open-choice"):
            assert "answerOption" not in item and "answerValueSet" not in item, "que-5"
        assert not ("answerOption" in item and "answerValueSet" in item), "que-4"
        if len(item.get("enableWhen", [])) > 1:
            assert "enableBehavior" in item, "que-12"
        for voorwaarde in item.get("enableWhen", []):
            doel = per_link[voorwaarde["question"]]  # refers to an existing item
            codes = [o["valueCoding"] for o in doel.get("answerOption", [])]
            assert voorwaarde["answerCoding"] in codes, "enableWhen names a real answer option"
        if "answerValueSet" in item:
            verwezen.add(item["answerValueSet"].removeprefix("#"))
        for ext in item.get("extension", []):
            if ext.get("valueUri", "").startswith("#"):
                verwezen.add(ext["valueUri"][1:])
    assert verwezen <= contained, "every local reference resolves"
    assert contained <= verwezen, "dom-3: every contained resource is referenced"


def _controleer_response(q: dict[str, Any], qr: dict[str, Any]) -> None:
    """Each response item names a Questionnaire item of the same place, with allowed answers."""
    vragen = {i["linkId"]: i for i in _alle_items(q["item"])}
    valuesets = {f"#{r['id']}": r for r in q["contained"]}

    def loop(items: list[dict[str, Any]], ouder: dict[str, Any] | None) -> None:
        for item in items:
            vraag = vragen[item["linkId"]]
            kinderen = [i["linkId"] for i in (ouder or {"item": q["item"]})["item"]]
            assert item["linkId"] in kinderen, f"{item['linkId']} sits where the form has it"
            antwoorden = item.get("answer", [])
            if len(antwoorden) > 1:
                assert vraag.get("repeats"), f"{item['linkId']} does not repeat"
            for a in antwoorden:
                if "valueCoding" in a:
                    if "answerOption" in vraag:
                        toegestaan = [o["valueCoding"] for o in vraag["answerOption"]]
                    else:
                        toegestaan = valuesets[vraag["answerValueSet"]]["expansion"]["contains"]
                    assert a["valueCoding"] in toegestaan
            loop(item.get("item", []), vraag)

    loop(qr["item"], None)


# --- an enableWhen evaluator, after the R4 specification --------------------------------------

Coding = tuple[str, str]


def _ingeschakeld(q: dict[str, Any], antwoorden: Mapping[str, list[Coding]]) -> set[str]:
    """The linkIds of the enabled items, given answers (system, code) per linkId.

    An item is enabled when its parent is and its enableWhen holds (all or any); a condition on a
    disabled item is false, since a disabled item counts as not answered. Repeated to a fixed
    point, because a condition may refer to any item of the form.
    """
    ingeschakeld: set[str] = set()
    while True:
        nieuw: set[str] = set()
        _markeer(q["item"], antwoorden, ingeschakeld, nieuw)
        if nieuw == ingeschakeld:
            return ingeschakeld
        ingeschakeld = nieuw


def _markeer(
    items: list[dict[str, Any]],
    antwoorden: Mapping[str, list[Coding]],
    vorig: set[str],
    nieuw: set[str],
) -> None:
    for item in items:
        voorwaarden = [
            v["question"] in vorig
            and (v["answerCoding"]["system"], v["answerCoding"]["code"])
            in antwoorden.get(v["question"], [])
            for v in item.get("enableWhen", [])
            if v["operator"] == "="
        ]
        assert len(voorwaarden) == len(item.get("enableWhen", []))
        combineer = any if item.get("enableBehavior") == "any" else all
        if not voorwaarden or combineer(voorwaarden):
            nieuw.add(item["linkId"])
            _markeer(item.get("item", []), antwoorden, vorig, nieuw)


def _afweging_links(kader: Afwegingskader) -> dict[str, tuple[str, str]]:
    return {
        link_id(kader, r.id, a.id): (r.id, a.id) for r in kader.model.routes for a in r.afwegingen
    }


def _paden(kader: Afwegingskader, route_id: str) -> Iterator[dict[str, str]]:
    """Every answer state the engine can reach on a route: each prefix of each path."""
    return (dict(pad) for pad in standen(kader, route_id))


def _codings(q: dict[str, Any], kader: Afwegingskader, route: str, gegeven: Mapping[str, str]):
    """The answers of a path as a form filler would hold them: per linkId, the chosen Coding."""
    per_link = {i["linkId"]: i for i in _alle_items(q["item"])}
    uit: dict[str, list[Coding]] = {}
    if len(kader.routes) > 1:
        opties = [o["valueCoding"] for o in per_link["route"]["answerOption"]]
        keuze = next(c for c in opties if c["code"] == route)
        uit["route"] = [(keuze["system"], keuze["code"])]
    for afweging, antwoord in gegeven.items():
        link = link_id(kader, route, afweging)
        opties = [o["valueCoding"] for o in per_link[link]["answerOption"]]
        keuze = next(c for c in opties if c["code"] == antwoord)
        uit[link] = [(keuze["system"], keuze["code"])]
    return uit


def _vergelijk_met_engine(kader: Afwegingskader) -> int:
    q = questionnaire(kader)
    links = _afweging_links(kader)
    getoetst = 0
    for route in kader.routes:
        for gegeven in _paden(kader, route):
            uitkomst = beslis(kader, gegeven, route=route)
            aan = _ingeschakeld(q, _codings(q, kader, route, gegeven))
            gevraagd = {links[lnk] for lnk in aan if lnk in links}
            # After a handover (format 2) the path runs on in another route.
            beantwoord = {(s.route or route, s.afweging) for s in uitkomst.pad}
            volgende = (
                set()
                if uitkomst.volgende_afweging is None
                else {(uitkomst.route_nu, uitkomst.volgende_afweging)}
            )
            # Enabled afwegingen are exactly the answered path plus the engine's next question.
            assert gevraagd == beantwoord | volgende, (route, gegeven)
            assert gevraagd - beantwoord == volgende, (route, gegeven)
            getoetst += 1
    return getoetst


# --- the Questionnaire ------------------------------------------------------------------------

GELEVERD = sorted(meegeleverde_kaders())
TESTKADERS = ["beroep_voorbeeld.yaml", "minimaal.yaml", "formaat2.yaml"]


def _laad(naam: str) -> Afwegingskader:
    return laad_kader(KADERS / naam) if naam.endswith(".yaml") else laad_kader(naam)


@pytest.mark.parametrize("naam", GELEVERD + TESTKADERS)
def test_questionnaire_is_geldig_r4(naam: str) -> None:
    kader = _laad(naam)
    q = questionnaire(kader)
    _valideer_r4(q)
    _controleer_invarianten(q)
    assert q["url"].endswith(f"/Questionnaire/{kader.id}")
    assert q["version"] == kader.versie
    assert {"use": "secondary", "value": kader.hash} | q["identifier"][0] == q["identifier"][0]
    assert q["status"] == {"vastgesteld": "active", "concept": "draft"}[kader.model.status]


@pytest.mark.parametrize("naam", GELEVERD + TESTKADERS)
def test_enablewhen_vraagt_wat_de_engine_vraagt_op_elk_pad(naam: str) -> None:
    kader = _laad(naam)
    getoetst = _vergelijk_met_engine(kader)
    if naam == "basis":
        # No answer; 1 nee/ja; 2 nee/ja; 3 after both; 4 after 3 = ja; 5 after 4 = ja.
        assert getoetst == 1 + 2 + 2 + 4 + 4 + 4


@given(seed=st.integers(0, 10_000), routes=st.integers(1, 3))
def test_enablewhen_volgt_ook_gegenereerde_kaders(seed: int, routes: int) -> None:
    kader = genereer_kader(seed, afwegingen=8, routes=routes)
    q = questionnaire(kader)
    _controleer_invarianten(q)
    assert _vergelijk_met_engine(kader) > 0


def test_basis_vragen_antwoorden_en_catalogi(basis: Afwegingskader) -> None:
    q = questionnaire(basis)
    per_link = {i["linkId"]: i for i in _alle_items(q["item"])}
    een = per_link["1"]
    assert een["text"] == basis.model.routes[0].afwegingen[0].vraag
    assert [o["valueCoding"]["code"] for o in een["answerOption"]] == ["nee", "ja"]
    assert "enableWhen" not in een  # the start is always asked
    # Afweging 3 is reached from 2 = nee and from 2 = ja: two conditions, either suffices.
    drie = per_link["3"]
    assert drie["enableBehavior"] == "any"
    assert sorted(v["answerCoding"]["code"] for v in drie["enableWhen"]) == ["ja", "nee"]
    assert {v["question"] for v in drie["enableWhen"]} == {"2"}
    # Every catalogue is a contained ValueSet with all its items.
    valuesets = {r["id"]: r for r in q["contained"]}
    for catalogus in basis.model.catalogi:
        vs = valuesets["vs-" + catalogus.id.replace("_", "-")]
        assert [c["code"] for c in vs["expansion"]["contains"]] == [i.id for i in catalogus.items]
    acuut = per_link["signalen/acute_voorbeelden"]
    assert acuut["repeats"] is True and acuut["answerValueSet"] == "#vs-acute-voorbeelden"
    assert len(valuesets["vs-acute-voorbeelden"]["expansion"]["contains"]) == 12


def test_routes_worden_groepen(beroep: Afwegingskader) -> None:
    q = questionnaire(beroep)
    route = q["item"][0]
    assert route["linkId"] == "route"
    assert [o["valueCoding"]["code"] for o in route["answerOption"]] == list(beroep.routes)
    groepen = [i for i in q["item"] if i["linkId"].startswith("route/")]
    assert [g["enableWhen"][0]["answerCoding"]["code"] for g in groepen] == list(beroep.routes)
    # Without a route chosen nothing of any route is asked.
    assert not _ingeschakeld(q, {}) & set(_afweging_links(beroep))


@pytest.mark.parametrize(
    "naam", ["beroep_voorbeeld.yaml", "voorbeeld-onderwijs", "voorbeeld-kinderopvang"]
)
def test_een_route_buiten_de_meldcode_blijft_dat(naam: str) -> None:
    """The export keeps buiten_meldcode: as an extension with reason and source, and as a
    display item that tells whoever fills in the form; routes inside carry neither."""
    kader = _laad(naam)
    q = questionnaire(kader)
    _valideer_r4(q)
    groepen = {g["linkId"].split("/")[1]: g for g in q["item"] if g["linkId"].startswith("route/")}
    buiten = [r for r in kader.model.routes if r.buiten_meldcode is not None]
    assert buiten
    for route in kader.model.routes:
        groep = groepen[route.id]
        if route.buiten_meldcode is None:
            assert "extension" not in groep
            assert all(i["type"] != "display" for i in groep["item"])
            continue
        [extensie] = groep["extension"]
        assert extensie["url"] == f"{FHIR_BASIS}/StructureDefinition/buiten-meldcode"
        assert {e["url"]: e["valueString"] for e in extensie["extension"]} == {
            "reden": route.buiten_meldcode.reden,
            "bron": route.buiten_meldcode.bron,
        }
        uitleg = groep["item"][0]
        assert uitleg["type"] == "display"
        assert uitleg["text"].startswith("Deze route valt buiten de meldcode: ")
        assert route.buiten_meldcode.reden in uitleg["text"]


def test_cli_toont_de_questionnaire() -> None:
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "meldwijzer.cli",
            "kader",
            "toon",
            "basis",
            "--format",
            "fhir-questionnaire",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == questionnaire(laad_kader("basis"))


# --- the QuestionnaireResponse ----------------------------------------------------------------


@pytest.mark.parametrize("naam", GELEVERD + TESTKADERS)
def test_response_is_geldig_en_geeft_dezelfde_uitkomst(naam: str) -> None:
    kader = _laad(naam)
    q = questionnaire(kader)
    signalen = sorted(kader.aanvinkbaar)[:3]
    for route in kader.routes:
        for gegeven in _paden(kader, route):
            if not gegeven:
                continue
            uitkomst = beslis(kader, gegeven, signalen, route=route).als_dict()
            qr = questionnaire_response(
                kader, uitkomst, gegeven, signalen, authored="2026-11-28T12:00:00+00:00"
            )
            _valideer_r4(qr)
            _controleer_response(q, qr)
            assert qr["questionnaire"] == canonical(kader) == f"{q['url']}|{q['version']}"
            invoer = antwoorden_uit_response(kader, qr)
            assert invoer["antwoorden"] == gegeven
            assert sorted(invoer["signalen"]) == signalen
            terug = beslis(kader, invoer["antwoorden"], invoer["signalen"], invoer["route"])
            assert terug.als_dict() == uitkomst
            # The answers in the response enable exactly the answered items and the next one.
            aan = _ingeschakeld(q, _codings(q, kader, route, gegeven))
            open_ = {a for lnk, (r, a) in _afweging_links(kader).items() if lnk in aan} - set(
                gegeven
            )
            assert open_ == ({uitkomst["volgende_afweging"]} - {None})


def test_response_draagt_de_uitkomst(basis: Afwegingskader) -> None:
    gegeven = {"1": "ja", "2": "ja", "3": "ja", "4": "ja", "5": "nee"}
    uitkomst = beslis(basis, gegeven, ["acuut.wapen"]).als_dict()
    qr = questionnaire_response(basis, uitkomst, gegeven, ["acuut.wapen"])
    assert qr["status"] == "completed"
    uit = {i["linkId"]: i.get("answer", []) for i in qr["item"][-1]["item"]}
    assert [a["valueCoding"]["code"] for a in uit["uitkomst/acties"]] == ["melden", "hulp"]
    assert [a["valueCoding"]["code"] for a in uit["uitkomst/normen"]] == ["N2", "N5"]
    assert uit["uitkomst/opnieuw_melden"] == [{"valueBoolean": True}]
    assert uit["uitkomst/samen_met_veilig_thuis"] == [{"valueBoolean": True}]
    assert uit["uitkomst/volgende_afweging"] == []
    assert uit["uitkomst/kader_hash"] == [{"valueString": basis.hash}]
    half = beslis(basis, {"1": "ja", "2": "ja"}).als_dict()
    assert questionnaire_response(basis, half, {"1": "ja", "2": "ja"}, [])["status"] == (
        "in-progress"
    )


def test_response_van_een_ander_kader_wordt_geweigerd(basis: Afwegingskader) -> None:
    huisarts = laad_kader("voorbeeld-huisarts")
    uitkomst = beslis(basis, {"1": "nee"}).als_dict()
    qr = questionnaire_response(basis, uitkomst, {"1": "nee"}, [])
    with pytest.raises(BeslisFout, match="hoort bij"):
        antwoorden_uit_response(huisarts, qr)
    with pytest.raises(BeslisFout, match="horen niet bij deze uitkomst"):
        questionnaire_response(basis, uitkomst, {"1": "nee", "2": "ja"}, [])
    del qr["item"][0]["answer"]
    with pytest.raises(BeslisFout, match="precies één gecodeerd antwoord"):
        antwoorden_uit_response(basis, qr)


def test_catalogi_die_in_fhir_samenvallen_worden_geweigerd() -> None:
    import yaml
    from kadergenerator import genereer_kader_dict

    from meldwijzer.kader import laad_tekst

    data = genereer_kader_dict(1, afwegingen=4, routes=1)
    data["catalogi"] = [
        {"id": cid, "titel": cid, "soort": "overig", "items": [{"id": f"{cid}.1", "tekst": "x"}]}
        for cid in ("lijst_a", "lijst-a")
    ]
    kader = laad_tekst(yaml.safe_dump(data, allow_unicode=True), "samenvallend.yaml")
    with pytest.raises(BeslisFout, match="dezelfde FHIR-id"):
        questionnaire(kader)


def test_overdracht_over_routes_heen_heen_en_terug() -> None:
    """A path handed over from the acute route into thuissituatie (format 2): the response holds
    a group per route, reads back into the same answers, and enables what the engine asks."""
    kader = _laad("formaat2.yaml")
    q = questionnaire(kader)
    gegeven = {"a1": "ja", "thuissituatie/3": "ja", "thuissituatie/4": "ja"}
    uitkomst = beslis(kader, gegeven, route="acuut").als_dict()
    qr = questionnaire_response(kader, uitkomst, gegeven, [])
    _valideer_r4(qr)
    _controleer_response(q, qr)
    assert [i["linkId"] for i in qr["item"][1:3]] == ["route/acuut", "route/thuissituatie"]
    invoer = antwoorden_uit_response(kader, qr)
    assert invoer["antwoorden"] == gegeven and invoer["route"] == "acuut"
    assert beslis(kader, invoer["antwoorden"], route="acuut").als_dict() == uitkomst
    per_link = {i["linkId"]: i for i in _alle_items(q["item"])}
    codings: dict[str, list[Coding]] = {"route": [("", "")]}
    keuze = next(
        o["valueCoding"]
        for o in per_link["route"]["answerOption"]
        if o["valueCoding"]["code"] == "acuut"
    )
    codings["route"] = [(keuze["system"], keuze["code"])]
    for sleutel, antwoord in gegeven.items():
        route, _, afweging = sleutel.rpartition("/")
        link = link_id(kader, route or "acuut", afweging)
        c = next(
            o["valueCoding"]
            for o in per_link[link]["answerOption"]
            if o["valueCoding"]["code"] == antwoord
        )
        codings[link] = [(c["system"], c["code"])]
    aan = {
        _afweging_links(kader)[lnk]
        for lnk in _ingeschakeld(q, codings)
        if lnk in _afweging_links(kader)
    }
    assert aan == {
        ("acuut", "a1"),
        ("thuissituatie", "3"),
        ("thuissituatie", "4"),
        ("thuissituatie", "5"),
    }


def test_de_uitkomst_noemt_de_route_van_nu_en_wat_een_signaal_besliste() -> None:
    """Format 2: the outcome group of the response carries the route the path is in after a
    handover, and the ticked signals that decided by themselves; the Questionnaire declares both
    (only for a framework that can have them)."""
    kader = _laad("formaat2.yaml")
    q = questionnaire(kader)
    per_link = {i["linkId"]: i for i in _alle_items(q["item"])}
    assert [o["valueCoding"]["code"] for o in per_link["uitkomst/route_nu"]["answerOption"]] == [
        "acuut",
        "thuissituatie",
        "peutergroep",
    ]
    beslissend = per_link["uitkomst/beslissende_signalen"]["answerOption"]
    assert [o["valueCoding"]["code"] for o in beslissend] == ["opvang.vertelt"]

    gegeven = {"a1": "ja", "thuissituatie/3": "ja", "thuissituatie/4": "ja"}
    qr = questionnaire_response(
        kader, beslis(kader, gegeven, route="acuut").als_dict(), gegeven, []
    )
    _valideer_r4(qr)
    _controleer_response(q, qr)
    uit = {i["linkId"]: i for i in _alle_items(qr["item"])}
    assert uit["uitkomst/route_nu"]["answer"][0]["valueCoding"]["code"] == "thuissituatie"
    assert "answer" not in uit["uitkomst/beslissende_signalen"]

    gegeven = {"1": "ja"}
    signalen = ["opvang.vertelt"]
    uitkomst = beslis(kader, gegeven, signalen, route="thuissituatie").als_dict()
    qr = questionnaire_response(kader, uitkomst, gegeven, signalen)
    _valideer_r4(qr)
    _controleer_response(q, qr)
    uit = {i["linkId"]: i for i in _alle_items(qr["item"])}
    assert [a["valueCoding"]["code"] for a in uit["uitkomst/beslissende_signalen"]["answer"]] == [
        "opvang.vertelt"
    ]
    assert uit["uitkomst/route_nu"]["answer"][0]["valueCoding"]["code"] == "thuissituatie"


def test_een_kader_zonder_overdracht_houdt_zijn_uitkomstgroep(basis: Afwegingskader) -> None:
    items = next(i for i in questionnaire(basis)["item"] if i["linkId"] == "uitkomst")["item"]
    assert "uitkomst/route_nu" not in {i["linkId"] for i in items}
    assert "uitkomst/beslissende_signalen" not in {i["linkId"] for i in items}
