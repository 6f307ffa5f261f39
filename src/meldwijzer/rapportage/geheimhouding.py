"""Small-count suppression for published tables, with secondary suppression.

A count from 1 to 4 can point at a person, so it is not published (primary suppression). A table
also publishes totals; a hidden cell that equals a total minus the published cells of its line
would be revealed all the same. So more cells are hidden (secondary suppression) until no hidden
cell can be derived from the published figures: every line (a total and its parts) hides either
none or at least two cells, and — checked with exact linear algebra over all lines together — no
hidden cell is determined by the equations the published figures leave.

Pure functions over plain dicts; no Django.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, TypeVar

DREMPEL = 5  # counts below this (and above zero) are not published

# A cell of a table: any hashable name, one kind per table (jaarcijfers: row and column).
Cel = TypeVar("Cel", bound=Hashable)


@dataclass(frozen=True)
class Lijn(Generic[Cel]):
    """One equation a table publishes: ``totaal`` is the sum of ``delen``."""

    totaal: Cel
    delen: tuple[Cel, ...]

    @property
    def cellen(self) -> tuple[Cel, ...]:
        return (self.totaal, *self.delen)


def primair(cellen: Mapping[Cel, int], drempel: int = DREMPEL) -> set[Cel]:
    return {c for c, v in cellen.items() if 0 < v < drempel}


def _kies(lijn: Lijn[Cel], geheim: set[Cel], cellen: Mapping[Cel, int]) -> Cel | None:
    """The cell to hide next on this line: the smallest count above zero (the least lost), a
    part before the total; a zero only when nothing else is left."""
    kandidaten = [c for c in lijn.cellen if c not in geheim]
    if not kandidaten:
        return None
    return min(
        kandidaten,
        key=lambda c: (cellen[c] == 0, cellen[c], c == lijn.totaal, repr(c)),
    )


def afleidbaar(
    cellen: Mapping[Cel, int], lijnen: Sequence[Lijn[Cel]], geheim: set[Cel]
) -> set[Cel]:
    """The hidden cells whose value follows exactly from the published cells and the lines.

    Each line gives an equation in its hidden cells (parts +1, total −1, equal to what the
    published cells leave). A hidden cell is determined iff its unit vector lies in the row space
    of those equations: after reduction to row echelon form, iff some row is exactly that unit
    vector.
    """
    verborgen = sorted(geheim, key=repr)
    index = {c: i for i, c in enumerate(verborgen)}
    rijen: list[list[Fraction]] = []
    for lijn in lijnen:
        rij = [Fraction(0)] * len(verborgen)
        for c in lijn.delen:
            if c in index:
                rij[index[c]] += 1
        if lijn.totaal in index:
            rij[index[lijn.totaal]] -= 1
        if any(rij):
            rijen.append(rij)
    # Gauss-Jordan elimination to reduced row echelon form.
    spil_rij = 0
    for kolom in range(len(verborgen)):
        spil = next((r for r in range(spil_rij, len(rijen)) if rijen[r][kolom] != 0), None)
        if spil is None:
            continue
        rijen[spil_rij], rijen[spil] = rijen[spil], rijen[spil_rij]
        factor = rijen[spil_rij][kolom]
        rijen[spil_rij] = [w / factor for w in rijen[spil_rij]]
        for r in range(len(rijen)):
            if r != spil_rij and rijen[r][kolom] != 0:
                f = rijen[r][kolom]
                rijen[r] = [a - f * b for a, b in zip(rijen[r], rijen[spil_rij], strict=True)]
        spil_rij += 1
    bepaald: set[Cel] = set()
    for rij in rijen[:spil_rij]:
        niet_nul = [i for i, w in enumerate(rij) if w != 0]
        if len(niet_nul) == 1:
            bepaald.add(verborgen[niet_nul[0]])
    return bepaald


def beveilig(
    cellen: Mapping[Cel, int], lijnen: Sequence[Lijn[Cel]], drempel: int = DREMPEL
) -> set[Cel]:
    """The cells not to publish: primary (1 to ``drempel`` − 1) and secondary."""
    geheim = primair(cellen, drempel)
    while True:
        for lijn in lijnen:
            if sum(c in geheim for c in lijn.cellen) == 1:
                keuze = _kies(lijn, geheim, cellen)
                if keuze is not None:
                    geheim.add(keuze)
                    break
        else:
            bepaald = afleidbaar(cellen, lijnen, geheim)
            if not bepaald:
                return geheim
            cel = min(bepaald, key=repr)
            # Hide one more cell on a line through it (or, failing that, on any line).
            keuzes = [
                _kies(lijn, geheim, cellen)
                for lijn in sorted(lijnen, key=lambda lijn: cel not in lijn.cellen)
            ]
            keuze = next((k for k in keuzes if k is not None), None)
            if keuze is None:  # everything is hidden already
                return geheim
            geheim.add(keuze)
