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


@pytest.fixture(scope="session")
def basis() -> Afwegingskader:
    return laad_kader("basis")


@pytest.fixture(scope="session")
def beroep() -> Afwegingskader:
    return laad_kader(KADERS / "beroep_voorbeeld.yaml")
