"""Variants of the kaderformaat-2 test framework (tests/kader/kaders/formaat2.yaml) for one
property each. Plain data, no Django: the framework tests and the casus tests share them."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

FORMAAT2 = Path(__file__).resolve().parents[4] / "tests" / "kader" / "kaders" / "formaat2.yaml"


@cache
def _formaat2() -> dict[str, Any]:
    return yaml.safe_load(FORMAAT2.read_text(encoding="utf-8"))


def zelfde_afweging_id_in_twee_routes() -> dict[str, Any]:
    """The acute route's afweging is named "2", as the route it hands over to names its second
    afweging: a warning about one must never be taken for a warning about the other."""
    data = copy.deepcopy(_formaat2())
    acuut = next(r for r in data["routes"] if r["id"] == "acuut")
    acuut["start"] = acuut["afwegingen"][0]["id"] = "2"
    next(c for c in data["catalogi"] if c["id"] == "opvang_acuut")["afwegingen"] = ["2"]
    next(r for r in data["signaalregels"] if r["id"] == "letsel_bij_nee")["afweging"] = "2"
    return data


def als_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
