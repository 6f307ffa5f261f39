"""Exporting a framework: JSON, YAML that loads back to the same hash, a Markdown handout, and
the JSON Schema of the framework file format.

Everything here works from the validated model of an :class:`Afwegingskader`; nothing is
recomputed, so an export always shows exactly the framework (and hash) a decision was taken under.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml

from meldwijzer.kader.engine import Afwegingskader
from meldwijzer.kader.handout import als_markdown, md_inline
from meldwijzer.kader.model import (
    Kader,
)

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://meldwijzer.nl/schema/afwegingskader.json"

__all__ = [
    "SCHEMA_DIALECT",
    "SCHEMA_ID",
    "als_json",
    "als_markdown",
    "als_yaml",
    "json_schema",
    "md_inline",
]


# --- JSON -------------------------------------------------------------------------------------


def als_json(kader: Afwegingskader) -> str:
    """The whole framework as JSON, every field included, with its content hash on top.

    The extra top-level ``hash`` is not part of the file format: drop it before validating the
    JSON as a framework file.
    """
    data: dict[str, Any] = {"hash": kader.hash}
    data.update(kader.model.model_dump(mode="json"))
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- YAML -------------------------------------------------------------------------------------


_BREEDTE = 100


class _Gevouwen(str):
    """A long text, written as a folded block (``>-``) like the hand-written framework files."""

    __slots__ = ()


class _Dumper(yaml.SafeDumper):
    """Safe YAML with block lists indented under their key, as in the shipped files."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _gevouwen(dumper: yaml.SafeDumper, tekst: _Gevouwen) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(tekst), style=">")


def _lijst(dumper: yaml.SafeDumper, lijst: list[Any]) -> yaml.SequenceNode:
    # Short lists of ids read best on one line: afwegingen: ["2"], catalogi: [a, b].
    kort = all(isinstance(x, str | int) and not isinstance(x, _Gevouwen) for x in lijst)
    kort = kort and sum(len(str(x)) + 4 for x in lijst) <= 60
    return dumper.represent_sequence("tag:yaml.org,2002:seq", lijst, flow_style=kort)


_Dumper.add_representer(_Gevouwen, _gevouwen)
_Dumper.add_representer(list, _lijst)


def _markeer(waarde: Any, inspring: int, sleutel_breedte: int) -> Any:
    """Mark texts that do not fit on their line (indent + key + text) as folded blocks."""
    if isinstance(waarde, dict):
        return {k: _markeer(v, inspring + 2, inspring + len(k) + 2) for k, v in waarde.items()}
    if isinstance(waarde, list):
        # Block list: "- " at inspring, a mapping's keys at inspring + 2.
        return [_markeer(v, inspring + 2, inspring + 2) for v in waarde]
    if isinstance(waarde, str) and sleutel_breedte + len(waarde) > _BREEDTE:
        return _Gevouwen(waarde)
    return waarde


def als_yaml(kader: Afwegingskader) -> str:
    """The framework as a framework file: loading it gives a framework with the same hash.

    Defaults are left out, field order follows the model. Strings that YAML would read as
    another type (afweging ids like ``"2"``, a version like ``"2018.2"``) are quoted by the
    dumper; the valid-from date stays a YAML date; long texts become folded blocks.
    """
    model = kader.model
    data = model.model_dump(mode="json", exclude_defaults=True)
    # mode="json" turns dates into strings, which the dumper would quote; keep them dates.
    for naam, veld in Kader.model_fields.items():
        if veld.annotation is dt.date and naam in data:
            data[naam] = getattr(model, naam)
    kop = (
        f"# Afwegingskader '{model.id}': {model.titel}\n"
        f"# Versie {model.versie}, geldig vanaf {model.geldig_vanaf.isoformat()}, "
        f"status {model.status.value}.\n"
        f"# Inhoudshash (SHA-256): {kader.hash}\n"
        "# Geëxporteerd door Meldwijzer; valideer met: meldwijzer kader valideer BESTAND\n\n"
    )
    tekst = yaml.dump(
        _markeer(data, -2, 0),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        # PyYAML breaks at the first space after this column; minus a long word, that is ~100.
        width=_BREEDTE - 14,
        default_flow_style=False,
    )
    return kop + tekst


# --- JSON Schema ------------------------------------------------------------------------------


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the framework file format, generated from the model."""
    schema = Kader.model_json_schema()
    schema.pop("title", None)
    schema.pop("description", None)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "Afwegingskader (Meldcode huiselijk geweld en kindermishandeling)",
        "description": (
            "Bestandsformaat van een afwegingskader voor Meldwijzer: metadata, begrippen, "
            "catalogi met voorbeelden en criteria, professionele normen, acties, routes met "
            "afwegingen en signaalregels. Een bestand dat dit schema doorstaat, moet daarnaast "
            "de inhoudelijke controles van 'meldwijzer kader valideer' doorstaan (bereikbaarheid, "
            "geen cycli, het wettelijk minimum bij de afweging met rol 'onveiligheid')."
        ),
        **schema,
    }
