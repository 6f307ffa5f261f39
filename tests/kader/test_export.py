"""Exports of a framework: JSON, round-tripping YAML, the Markdown handout and the JSON Schema.

The ``basis`` and ``beroep`` fixtures come from conftest.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from meldwijzer.kader import Ernst, controleer_tekst, laad_tekst, meegeleverde_kaders
from meldwijzer.kader.engine import Afwegingskader
from meldwijzer.kader.export import (
    SCHEMA_DIALECT,
    SCHEMA_ID,
    als_json,
    als_markdown,
    als_yaml,
    json_schema,
    md_inline,
)
from meldwijzer.kader.laden import inhoud_hash


def _plat(tekst: str) -> str:
    return " ".join(tekst.split())


def _basis_data() -> dict[str, Any]:
    tekst = meegeleverde_kaders()["basis"].read_text(encoding="utf-8")
    data = yaml.safe_load(tekst)
    # JSON has no dates: the schema describes them as strings in ISO format.
    geldig: dict[str, Any] = json.loads(json.dumps(data, default=lambda d: d.isoformat()))
    return geldig


# --- JSON ---


def test_json_parses_with_hash_and_every_item(basis: Afwegingskader) -> None:
    data = json.loads(als_json(basis))
    assert data["hash"] == basis.hash
    assert data["id"] == "basis"
    assert data["versie"] == "2018.2"
    catalogi = data["catalogi"]
    assert len(catalogi) == len(basis.model.catalogi)
    ids = set()
    for catalogus in catalogi:
        assert catalogus["items"]
        for item in catalogus["items"]:
            assert isinstance(item, dict)
            assert item["id"] and isinstance(item["id"], str)
            assert item["tekst"] and isinstance(item["tekst"], str)
            ids.add(item["id"])
    assert ids == set(basis.items)
    acuut = next(c for c in catalogi if c["id"] == "acute_voorbeelden")
    assert len(acuut["items"]) == 12


def test_json_is_the_model_plus_hash(basis: Afwegingskader) -> None:
    data = json.loads(als_json(basis))
    data.pop("hash")
    assert data == basis.model.model_dump(mode="json")


def test_json_keeps_unicode_and_is_indented(basis: Afwegingskader) -> None:
    tekst = als_json(basis)
    assert "suïcidepoging" in tekst
    assert "\\u" not in tekst
    assert tekst.startswith('{\n  "hash": ')


# --- YAML ---


def test_yaml_round_trips_to_the_same_hash(basis: Afwegingskader) -> None:
    tekst = als_yaml(basis)
    terug = laad_tekst(tekst, "export.yaml")
    assert terug.hash == basis.hash
    assert terug.model == basis.model


def test_yaml_validates_without_errors(basis: Afwegingskader) -> None:
    kader, problemen = controleer_tekst(als_yaml(basis), "export.yaml")
    assert kader is not None
    assert [p.als_tekst() for p in problemen if p.ernst is Ernst.FOUT] == []


def test_yaml_of_a_profession_round_trips(beroep: Afwegingskader) -> None:
    # Several routes, a 'twijfel' option, a split afweging 5a/5b, a route buiten de meldcode.
    kader, problemen = controleer_tekst(als_yaml(beroep), "export.yaml")
    assert kader is not None
    assert kader.hash == beroep.hash
    assert [p for p in problemen if p.ernst is Ernst.FOUT] == []


def test_yaml_header_and_types(basis: Afwegingskader) -> None:
    tekst = als_yaml(basis)
    kop = tekst.split("\n\n", 1)[0]
    assert all(regel.startswith("#") for regel in kop.splitlines())
    assert "basis" in kop and "2018.2" in kop and basis.hash in kop
    data = yaml.safe_load(tekst)
    assert data["geldig_vanaf"] == dt.date(2019, 1, 1)
    assert data["versie"] == "2018.2"
    route = data["routes"][0]
    assert route["start"] == "1"
    assert [a["id"] for a in route["afwegingen"]] == ["1", "2", "3", "4", "5"]
    assert all(isinstance(a["id"], str) for a in route["afwegingen"])
    volgende = [o["volgende"] for a in route["afwegingen"] for o in a["opties"] if "volgende" in o]
    assert volgende and all(isinstance(v, str) for v in volgende)
    assert all(isinstance(r["afweging"], str) for r in data["signaalregels"])


def test_yaml_leaves_defaults_out_and_keeps_field_order(basis: Afwegingskader) -> None:
    data = yaml.safe_load(als_yaml(basis))
    assert list(data)[:5] == ["id", "titel", "versie", "geldig_vanaf", "status"]
    # The default document of a citation and empty lists are not written out.
    assert "document" not in data["termen"]["acute_onveiligheid"]["bron"]
    vuistregels = next(c for c in data["catalogi"] if c["id"] == "vuistregels")
    assert "aanvinkbaar" not in vuistregels


def test_yaml_lines_stay_readable(basis: Afwegingskader) -> None:
    regels = als_yaml(basis).splitlines()
    assert max(len(r) for r in regels[4:]) <= 110


def test_yaml_of_quirky_texts_round_trips(basis: Afwegingskader) -> None:
    # Texts that YAML could misread: a colon, a leading dash, yes/no words, a hash sign.
    model = basis.model
    acties = [
        a.model_copy(update={"uitleg": "Let op: - niet 'melden' # maar \"wel\"; no, yes, on"})
        if a.id == "melden"
        else a
        for a in model.acties
    ]
    aangepast = model.model_copy(update={"acties": acties, "toelichting": "- 2: nee\n  ja"})
    kader = Afwegingskader(aangepast, inhoud_hash(aangepast))
    assert laad_tekst(als_yaml(kader)).hash == kader.hash


# --- Markdown ---


def test_markdown_has_metadata_and_terms(basis: Afwegingskader) -> None:
    md = als_markdown(basis)
    assert md.startswith(f"# {basis.model.titel}\n")
    for kop in ("Versie", "Geldig vanaf", "Status", "Beroepsgroep", "Vastgesteld door"):
        assert f"| {kop} |" in md
    assert "| In overleg met | Veilig Thuis (landelijk, via het Basisdocument) |" in md
    assert "| Geldig vanaf | 1 januari 2019 |" in md
    termen = basis.model.termen
    assert termen.disclosure is not None
    for term in (termen.acute_onveiligheid, termen.structurele_onveiligheid, termen.disclosure):
        assert f"> {_plat(term.tekst)}" in md
    assert "p. 16" in md


def test_markdown_has_all_questions_in_order(basis: Afwegingskader) -> None:
    md = als_markdown(basis)
    posities = []
    for afweging in basis.model.routes[0].afwegingen:
        assert f"> {_plat(afweging.vraag)}" in md
        posities.append(md.index(f"### Afweging {afweging.id} "))
    assert len(posities) == 5
    assert posities == sorted(posities)
    assert "*Bron: H3, Afweging 2*" in md


def test_markdown_shows_what_each_answer_leads_to(basis: Afwegingskader) -> None:
    md = als_markdown(basis)
    regel = next(r for r in md.splitlines() if r.startswith("- **Ja** → Melden bij Veilig Thuis"))
    assert "`N2`" in regel and "samen met Veilig Thuis" in regel and "afweging 3" in regel
    assert "- **Nee** → Afsluiten en vastleggen in dossier (`afsluiten`)" in md
    assert "| 1 ja, 2 ja, 3 ja, 4 nee | `melden` | N2, N4 | ja |" in md
    assert "| 1 ja, 2 nee, 3 ja, 4 ja, 5 nee | `hulp`, `melden` (opnieuw melden) | N5 | nee |" in md


def test_markdown_has_all_norms_with_text_and_link(basis: Afwegingskader) -> None:
    md = als_markdown(basis)
    for norm_id in ("N2", "N3", "N4", "N5", "H2.1", "H2.2", "H2.3"):
        norm = basis.normen[norm_id]
        assert f"### {norm_id} — " in md
        assert f"> {md_inline(norm.tekst)}" in md  # a cut […] escaped, as every bracket
        assert norm.bron.als_tekst() in md
    assert "Werkt norm H2.1 (" in md
    assert "Uitgewerkt in norm N5." in md


def test_markdown_has_every_catalogue_item(basis: Afwegingskader) -> None:
    md = als_markdown(basis)
    acuut = next(c for c in basis.model.catalogi if c.id == "acute_voorbeelden")
    assert len(acuut.items) == 12
    for item in acuut.items:
        assert _plat(item.tekst) in md
    for catalogus in basis.model.catalogi:
        assert f"### {catalogus.titel}" in md
        for item in catalogus.items:
            assert f"`{item.id}`" in md
    assert "Zie de catalogus *Belangrijke risicofactoren voor kindermishandeling" in md
    assert "(*Bron: H4, Herhaling van geweld*)" in md


def test_markdown_has_signal_rules(basis: Afwegingskader) -> None:
    md = als_markdown(basis)
    assert "### Waarschuwing: `acuut_bij_2_nee`" in md
    assert "### Hint: `geen_lijst_is_compleet`" in md
    assert "terwijl geen enkel signaal is aangevinkt" in md
    assert "{item}" not in md


def test_markdown_of_a_profession_shows_every_route(beroep: Afwegingskader) -> None:
    md = als_markdown(beroep)
    for route in beroep.model.routes:
        assert f"## Route: {route.titel}" in md
        for afweging in route.afwegingen:
            assert f"> {_plat(afweging.vraag)}" in md
    assert "**Buiten de meldcode:**" in md
    assert "(betekent ja)" in md  # the 'twijfel' option


def test_markdown_escapes_table_and_markup_characters(basis: Afwegingskader) -> None:
    model = basis.model.model_copy(
        update={"beroepsgroep": "Jeugd | zorg *vet* <b>", "titel": "# Kop"}
    )
    md = als_markdown(Afwegingskader(model, basis.hash))
    assert "| Beroepsgroep | Jeugd \\| zorg \\*vet\\* \\<b\\> |" in md
    assert md.startswith("# \\# Kop\n")


# --- JSON Schema ---


def test_json_schema_header() -> None:
    schema = json_schema()
    assert schema["$schema"] == SCHEMA_DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID == "https://meldwijzer.nl/schema/afwegingskader.json"
    assert "Afwegingskader" in schema["title"]
    assert "afwegingskader" in schema["description"]
    assert schema["additionalProperties"] is False
    assert {"id", "titel", "versie", "routes", "normen"} <= set(schema["required"])
    json.dumps(schema)  # plain JSON


def test_json_schema_validates_basis() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator_cls = jsonschema.Draft202012Validator
    schema = json_schema()
    validator_cls.check_schema(schema)
    validator = validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER)
    data = _basis_data()
    assert [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)] == []


def test_json_schema_validates_the_profession_example() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    pad = Path(__file__).parent / "kaders" / "beroep_voorbeeld.yaml"
    data = json.loads(
        json.dumps(yaml.safe_load(pad.read_text(encoding="utf-8")), default=lambda d: d.isoformat())
    )
    assert jsonschema.Draft202012Validator(json_schema()).is_valid(data)


def test_json_schema_rejects_what_the_loader_rejects() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json_schema())
    data = _basis_data()
    assert not validator.is_valid({**data, "onbekend_veld": 1})
    route = data["routes"][0]
    afweging = {**route["afwegingen"][0], "id": 1}  # an unquoted id is a number, not a string
    kapot = {**data, "routes": [{**route, "afwegingen": [afweging, *route["afwegingen"][1:]]}]}
    assert not validator.is_valid(kapot)
    assert not validator.is_valid({k: v for k, v in data.items() if k != "normen"})


def test_json_schema_covers_basis_structurally() -> None:
    # Without jsonschema: every field of basis.yaml is described, every required field present.
    schema = json_schema()
    defs = schema["$defs"]
    data = _basis_data()
    assert set(schema["required"]) <= set(data) <= set(schema["properties"])
    for veld, sub in (("catalogi", "Catalogus"), ("normen", "Norm"), ("routes", "Route")):
        for waarde in data[veld]:
            assert set(defs[sub]["required"]) <= set(waarde) <= set(defs[sub]["properties"])
    for afweging in data["routes"][0]["afwegingen"]:
        assert set(afweging) <= set(defs["Afweging"]["properties"])
        assert defs["Afweging"]["properties"]["id"]["type"] == "string"


def test_markdown_zegt_welke_items_geen_citaat_zijn(basis: Afwegingskader) -> None:
    md = als_markdown(basis)
    regels = md.splitlines()
    doelen = next(i for i, r in enumerate(regels) if "`monitoring.doelen`" in r)
    assert regels[doelen + 1].strip() == "*In andere woorden weergegeven, geen citaat.*"
    vastgesteld = next(i for i, r in enumerate(regels) if "`monitoring.wie_stelt_vast`" in r)
    assert "andere woorden" not in regels[vastgesteld + 1]
