"""Production refuses a backup key that is public, malformed or shared with another purpose."""

from __future__ import annotations

import pytest

from meldwijzer.conf import base
from meldwijzer.sleutels.crypto import maak_sleutel
from meldwijzer.sleutels.tests.test_instellingen import _check


@pytest.mark.parametrize(
    ("backup", "melding"),
    [
        (base.MELDWIJZER_DEV_BACKUP_SLEUTEL, "openbare"),
        (base.MELDWIJZER_TEST_BACKUP_SLEUTEL, "openbare"),
        ("te-kort", "256 bits"),
        ("ZELFDE", "eigen sleutel"),  # the same key as MELDWIJZER_SLEUTELS
    ],
)
def test_productie_weigert_een_onbruikbare_backupsleutel(tmp_path, backup, melding):
    eigen = maak_sleutel()
    resultaat = _check(
        tmp_path,
        MELDWIJZER_SLEUTELS=eigen,
        MELDWIJZER_HMAC_SLEUTEL=maak_sleutel(),
        MELDWIJZER_BACKUP_SLEUTEL=eigen if backup == "ZELFDE" else backup,
    )
    assert resultaat.returncode != 0
    assert melding in resultaat.stderr


def test_productie_start_met_een_eigen_backupsleutel(tmp_path):
    resultaat = _check(
        tmp_path,
        MELDWIJZER_SLEUTELS=maak_sleutel(),
        MELDWIJZER_HMAC_SLEUTEL=maak_sleutel(),
        MELDWIJZER_BACKUP_SLEUTEL=maak_sleutel(),
    )
    assert resultaat.returncode == 0, resultaat.stderr
