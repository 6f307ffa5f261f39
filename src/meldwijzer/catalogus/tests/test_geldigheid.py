"""Validity periods of published versions (pure Python): derived ends, succession, and no
overlap ever — whatever sequence of publications is tried."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from meldwijzer.catalogus.geldigheid import Periode, effectief, geldig_op, overlap

D = dt.date(2027, 1, 1)
DAG = dt.timedelta(days=1)


def test_een_open_versie_loopt_tot_de_volgende_begint():
    perioden = [Periode("a", D), Periode("b", D + 10 * DAG)]
    assert [(g.sleutel, g.vanaf, g.tot) for g in effectief(perioden)] == [
        ("a", D, D + 9 * DAG),
        ("b", D + 10 * DAG, None),
    ]
    assert geldig_op(perioden, D + 9 * DAG) == "a"
    assert geldig_op(perioden, D + 10 * DAG) == "b"
    assert geldig_op(perioden, D - DAG) is None


def test_opvolging_is_geen_overlap_maar_insteken_wel():
    bestaand = [Periode("a", D)]
    assert overlap(bestaand, Periode("b", D + DAG)) is None  # succeeds a
    assert overlap(bestaand, Periode("b", D)).sleutel == "a"  # same first day
    bestaand = [Periode("a", D), Periode("b", D + 10 * DAG)]
    assert overlap(bestaand, Periode("c", D + 5 * DAG)).sleutel == "a"  # inside a's period
    assert overlap(bestaand, Periode("c", D + 20 * DAG)) is None  # succeeds b
    assert overlap(bestaand, Periode("c", D - 5 * DAG)) is None  # before a: ends before a
    assert overlap(bestaand, Periode("c", D - 5 * DAG, D)).sleutel == "a"  # its last day is a's


def test_een_gat_tussen_vaste_perioden_mag_worden_gevuld():
    bestaand = [Periode("a", D, D + 9 * DAG), Periode("b", D + 20 * DAG)]
    assert overlap(bestaand, Periode("c", D + 10 * DAG, D + 19 * DAG)) is None
    assert overlap(bestaand, Periode("c", D + 10 * DAG)) is None  # open: ends before b
    assert overlap(bestaand, Periode("c", D + 10 * DAG, D + 20 * DAG)).sleutel == "b"


dagen = st.integers(min_value=0, max_value=60)


@settings(deadline=None, max_examples=300)
@given(st.lists(st.tuples(dagen, st.one_of(st.none(), st.integers(0, 30))), max_size=8))
def test_geaccepteerde_publicaties_overlappen_nooit(pogingen) -> None:
    """Publish in any order; what is accepted never overlaps, and every earlier period stays
    as it was except that the latest open one may be closed by its successor."""
    bestaand: list[Periode] = []
    for i, (begin, lengte) in enumerate(pogingen):
        vanaf = D + begin * DAG
        nieuw = Periode(i, vanaf, None if lengte is None else vanaf + lengte * DAG)
        voor = {g.sleutel: g for g in effectief(bestaand)}
        if overlap(bestaand, nieuw) is not None:
            continue
        bestaand.append(nieuw)
        na = effectief(bestaand)
        for a, b in itertools.pairwise(na):
            assert a.tot is not None and a.tot < b.vanaf, (a, b)
        for g in na:
            if g.sleutel in voor and voor[g.sleutel].tot is not None:
                assert g.tot == voor[g.sleutel].tot  # a closed period never moves
