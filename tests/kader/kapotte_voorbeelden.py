"""Deliberately broken copies of the shipped example frameworks, for the conformance tests."""

from __future__ import annotations

from meldwijzer.kader import meegeleverde_kaders

TWIJFEL_MELDT = """\
            acties: [melden]
            norm: O2
            samen_met_veilig_thuis: true
            volgende: "3"
            uitleg: >-
              Eigen keuze van deze beroepsgroep"""
TWIJFEL_HELPT = """\
            acties: [hulp_organiseren]
            volgende: "3"
            uitleg: >-
              Eigen keuze van deze beroepsgroep"""


def onderwijs_met_twijfel_naar_hulp() -> str:
    """voorbeeld-onderwijs where 'twijfel' at afweging 2 leads to help instead of melden: a
    breach of the legal minimum and nothing else."""
    tekst = meegeleverde_kaders()["voorbeeld-onderwijs"].read_text(encoding="utf-8")
    assert TWIJFEL_MELDT in tekst, "voorbeeld-onderwijs.yaml is gewijzigd; pas deze test aan"
    return tekst.replace(TWIJFEL_MELDT, TWIJFEL_HELPT)
