"""The pre-commit hooks run the ruff that the test command runs: the version in uv.lock."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def _ruff_in_lock() -> str:
    with (REPO / "uv.lock").open("rb") as f:
        lock = tomllib.load(f)
    (versie,) = [p["version"] for p in lock["package"] if p["name"] == "ruff"]
    return str(versie)


def test_pre_commit_draait_ruff_uit_de_lock() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (ruff,) = [r for r in config["repos"] if r["repo"].endswith("/astral-sh/ruff-pre-commit")]
    assert ruff["rev"] == f"v{_ruff_in_lock()}"
    assert {h["id"] for h in ruff["hooks"]} == {"ruff-check", "ruff-format"}
