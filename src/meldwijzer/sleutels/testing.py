"""For tests that start the production settings: an environment with fresh keys of its own."""

from __future__ import annotations

from meldwijzer.sleutels.crypto import maak_sleutel


def productie_sleutels() -> dict[str, str]:
    """MELDWIJZER_SLEUTELS and MELDWIJZER_HMAC_SLEUTEL as a deployment sets them."""
    return {"MELDWIJZER_SLEUTELS": maak_sleutel(), "MELDWIJZER_HMAC_SLEUTEL": maak_sleutel()}
