"""Shared fixtures for the kader tests (pure Python: no Django here)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from meldwijzer.kader import Afwegingskader, laad_kader

# A per-example deadline is a timed assertion in disguise on a shared machine: switch it off.
settings.register_profile(
    "ci", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

HIER = Path(__file__).parent
KADERS = HIER / "kaders"
# The government's Basisdocument as text, kept in the repository with its source noted
# (docs/bronnen/README.md): the citation tests read it on every clone.
BASISDOCUMENT = HIER.parents[1] / "docs" / "bronnen" / "basisdocument-afwegingskader.txt"


@pytest.fixture(scope="session")
def basis() -> Afwegingskader:
    return laad_kader("basis")


@pytest.fixture(scope="session")
def beroep() -> Afwegingskader:
    return laad_kader(KADERS / "beroep_voorbeeld.yaml")


@pytest.fixture(scope="session")
def basisdocument() -> str:
    """The Basisdocument's text (chapters 1-5), as the citations in the frameworks quote it."""
    return BASISDOCUMENT.read_text(encoding="utf-8")
