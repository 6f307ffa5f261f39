"""Small-count suppression: no count from 1 to 4 is published, and no hidden count can be
worked out from the totals — checked with an independent rank test over every table that
hypothesis can think of."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from meldwijzer.rapportage.geheimhouding import Lijn, afleidbaar, beveilig

KOLOMMEN = ("K1", "K2", "K3", "K4")


def tabel(groepen: list[list[list[int]]]) -> tuple[dict, list[Lijn]]:
    """Groups of rows of quarter counts, as the annual figures have them: each row with its year
    total, each group of more than one row with a total row."""
    cellen: dict = {}
    lijnen: list[Lijn] = []
    for g, rijen in enumerate(groepen):
        namen = []
        for r, kwartalen in enumerate(rijen):
            naam = f"g{g}r{r}"
            namen.append(naam)
            for k, w in zip(KOLOMMEN, kwartalen, strict=True):
                cellen[(naam, k)] = w
            cellen[(naam, "T")] = sum(kwartalen)
        if len(rijen) > 1:
            totaal = f"g{g}t"
            namen_t = [*namen, totaal]
            for k in (*KOLOMMEN, "T"):
                cellen[(totaal, k)] = sum(cellen[(n, k)] for n in namen)
                lijnen.append(Lijn((totaal, k), tuple((n, k) for n in namen)))
        else:
            namen_t = namen
        for n in namen_t:
            lijnen.append(Lijn((n, "T"), tuple((n, k) for k in KOLOMMEN)))
    return cellen, lijnen


def _rang(matrix: list[list[Fraction]]) -> int:
    rijen = [list(r) for r in matrix if any(r)]
    rang, kolommen = 0, len(rijen[0]) if rijen else 0
    for kolom in range(kolommen):
        spil = next((i for i in range(rang, len(rijen)) if rijen[i][kolom] != 0), None)
        if spil is None:
            continue
        rijen[rang], rijen[spil] = rijen[spil], rijen[rang]
        for i in range(len(rijen)):
            if i != rang and rijen[i][kolom] != 0:
                f = rijen[i][kolom] / rijen[rang][kolom]
                rijen[i] = [a - f * b for a, b in zip(rijen[i], rijen[rang], strict=True)]
        rang += 1
    return rang


def bepaald_volgens_rang(lijnen: list[Lijn], geheim: set) -> set:
    """Independently: a hidden cell is determined iff its column is independent of the others
    in the system of equations (removing it lowers the rank)."""
    verborgen = sorted(geheim, key=repr)
    matrix = []
    for lijn in lijnen:
        matrix.append(
            [
                Fraction((c in lijn.delen) - (c == lijn.totaal))
                if c in lijn.cellen
                else Fraction(0)
                for c in verborgen
            ]
        )
    if not matrix:
        return set()
    volle = _rang(matrix)
    return {
        c for i, c in enumerate(verborgen) if _rang([r[:i] + r[i + 1 :] for r in matrix]) < volle
    }


tellingen = st.lists(st.integers(min_value=0, max_value=12), min_size=4, max_size=4)
groepen = st.lists(st.lists(tellingen, min_size=1, max_size=4), min_size=1, max_size=4)


@settings(deadline=None, max_examples=300)
@given(groepen)
def test_niets_kleins_en_niets_afleidbaar(gegeven):
    cellen, lijnen = tabel(gegeven)
    geheim = beveilig(cellen, lijnen)
    assert all(c in geheim for c, w in cellen.items() if 0 < w < 5), "primary"
    for lijn in lijnen:
        assert sum(c in geheim for c in lijn.cellen) != 1, f"one hidden cell on {lijn}"
    assert bepaald_volgens_rang(lijnen, geheim) == set()
    assert afleidbaar(cellen, lijnen, geheim) == set()


def test_een_kleine_cel_in_een_rij_neemt_de_kleinste_andere_mee():
    cellen, lijnen = tabel([[[3, 10, 20, 30]]])
    assert beveilig(cellen, lijnen) == {("g0r0", "K1"), ("g0r0", "K2")}


def test_zonder_kleine_aantallen_blijft_alles_zichtbaar():
    cellen, lijnen = tabel([[[5, 10, 0, 30], [7, 8, 9, 0]]])
    assert beveilig(cellen, lijnen) == set()


def test_een_verborgen_patroon_dat_toch_afleidbaar_is_wordt_uitgebreid():
    """Two hidden cells in each line can still be solvable across lines; the rank check
    catches it and hides more."""
    cellen, lijnen = tabel([[[1, 9, 9, 9], [9, 1, 9, 9]], [[2, 2, 9, 9]]])
    geheim = beveilig(cellen, lijnen)
    assert bepaald_volgens_rang(lijnen, geheim) == set()
    assert {("g0r0", "K1"), ("g0r1", "K2"), ("g1r0", "K1"), ("g1r0", "K2")} <= geheim
