"""A shipped framework that is vastgesteld never changes under its version number (ADR 0006): an
installation that already holds it would refuse the changed file at `laadkaders`. Each published
shipped version is listed here with its content hash; changing the file means a new version
number and a new line here (docs/handleiding-cli.md, 'Kaderversies in de database')."""

from __future__ import annotations

from meldwijzer.kader import laad_kader, meegeleverde_kaders
from meldwijzer.kader.model import Status

# id@versie -> content hash of every version of a shipped framework that was ever vastgesteld.
VASTGESTELD = {
    "basis@2018.1": "bef12adeaa1bb7b5ee5d5f88e0c0e9a4ed0bbcba7dd5708b742b9dacef0bddfc",
    "basis@2018.2": "9b3c1e578bbbeadbf835ebcfc0acc4f2c3fadc8f7d37c05114928b8cc72b1682",
}


def test_een_vastgestelde_versie_verandert_nooit() -> None:
    for kader_id in meegeleverde_kaders():
        kader = laad_kader(kader_id)
        if kader.model.status is not Status.VASTGESTELD:
            continue  # a concept is replaced by its corrected text
        sleutel = f"{kader.id}@{kader.versie}"
        assert sleutel in VASTGESTELD, (
            f"{sleutel} is nieuw: zet het met zijn hash {kader.hash} in VASTGESTELD."
        )
        assert VASTGESTELD[sleutel] == kader.hash, (
            f"De inhoud van {sleutel} is veranderd, maar het versienummer niet. Een installatie "
            "die deze versie al heeft vastgesteld, weigert het bestand: geef het een nieuw "
            "versienummer (ADR 0006)."
        )
