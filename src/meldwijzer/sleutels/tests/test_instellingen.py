"""Production refuses to start without encryption keys of its own."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from meldwijzer.conf import base
from meldwijzer.sleutels.crypto import maak_sleutel

REPO = Path(__file__).resolve().parents[4]


def _check(tmp_path: Path, **sleutels: str) -> subprocess.CompletedProcess[str]:
    omgeving = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MELDWIJZER_")},
        "DJANGO_SETTINGS_MODULE": "meldwijzer.conf.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "meldwijzer.example",
        "MELDWIJZER_DATA_DIR": str(tmp_path),
        **sleutels,
    }
    omgeving.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check"],
        env=omgeving,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("sleutels", "melding"),
    [
        ({"MELDWIJZER_HMAC_SLEUTEL": maak_sleutel()}, "MELDWIJZER_SLEUTELS"),
        ({"MELDWIJZER_SLEUTELS": maak_sleutel()}, "MELDWIJZER_HMAC_SLEUTEL"),
        ({"MELDWIJZER_SLEUTELS": "te-kort", "MELDWIJZER_HMAC_SLEUTEL": maak_sleutel()}, "256 bits"),
        (
            {
                "MELDWIJZER_SLEUTELS": base.MELDWIJZER_DEV_SLEUTEL,
                "MELDWIJZER_HMAC_SLEUTEL": maak_sleutel(),
            },
            "openbare",
        ),
        (
            {
                "MELDWIJZER_SLEUTELS": maak_sleutel(),
                "MELDWIJZER_HMAC_SLEUTEL": base.MELDWIJZER_TEST_HMAC_SLEUTEL,
            },
            "openbare",
        ),
        ({"MELDWIJZER_SLEUTELS": "K", "MELDWIJZER_HMAC_SLEUTEL": "K"}, "eigen sleutel"),
    ],
)
def test_productie_weigert_zonder_eigen_sleutels(tmp_path, sleutels, melding):
    if sleutels.get("MELDWIJZER_SLEUTELS") == "K":
        sleutels = {"MELDWIJZER_SLEUTELS": (k := maak_sleutel()), "MELDWIJZER_HMAC_SLEUTEL": k}
    resultaat = _check(tmp_path, **sleutels)
    assert resultaat.returncode != 0
    assert melding in resultaat.stderr


def test_productie_start_met_eigen_sleutels_ook_tijdens_een_rotatie(tmp_path):
    resultaat = _check(
        tmp_path,
        MELDWIJZER_SLEUTELS=f"{maak_sleutel()},{maak_sleutel()}",
        MELDWIJZER_HMAC_SLEUTEL=maak_sleutel(),
    )
    assert resultaat.returncode == 0, resultaat.stderr
