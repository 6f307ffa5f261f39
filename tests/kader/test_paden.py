"""Paths through a route (meldwijzer.kader.paden): the one walk the diff, the handout, the FHIR
Questionnaire and the tests share. Checked against the plain recursive definition on every
shipped framework and on generated ones, and on a chain far deeper than recursion allows."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kadergenerator import genereer_kader, genereer_keten

from meldwijzer.kader import Afwegingskader, beslis, laad_kader, laad_tekst, meegeleverde_kaders
from meldwijzer.kader.paden import Pad, eerste_paden, herkomst, paden, standen


def _standen_recursief(kader: Afwegingskader, route_id: str) -> Iterator[Pad]:
    """The definition: no answers, then for each option in order, that answer and what follows."""
    route = kader.routes[route_id]

    def verder(huidig: str | None, gegeven: Pad) -> Iterator[Pad]:
        yield gegeven
        if huidig is None:
            return
        for optie in route.afwegingen[huidig].opties.values():
            yield from verder(optie.volgende, (*gegeven, (huidig, optie.id)))

    yield from verder(route.start, ())


def _volledig(kader: Afwegingskader, route_id: str, pad: Pad) -> bool:
    if not pad:
        return False
    afweging, optie = pad[-1]
    return kader.routes[route_id].afwegingen[afweging].opties[optie].volgende is None


def _controleer(kader: Afwegingskader) -> None:
    for route_id in kader.routes:
        alle = list(standen(kader, route_id))
        assert alle == list(_standen_recursief(kader, route_id))
        assert list(paden(kader, route_id)) == [p for p in alle if _volledig(kader, route_id, p)]
        # Each state is what the engine reaches with those answers, each complete path an end.
        for pad in alle:
            beslissing = beslis(kader, dict(pad), route=route_id)
            assert [(s.afweging, s.antwoord) for s in beslissing.pad] == list(pad)
            if beslissing.overdrachten:
                # An answer that hands over ends this route; the walk goes on in the other one.
                assert _volledig(kader, route_id, pad)
                assert beslissing.route_nu != route_id and not beslissing.afgerond
            else:
                assert beslissing.afgerond is _volledig(kader, route_id, pad)


@pytest.mark.parametrize("naam", sorted(meegeleverde_kaders()))
def test_meegeleverde_kaders(naam: str) -> None:
    _controleer(laad_kader(naam))


@given(seed=st.integers(0, 10_000), routes=st.integers(1, 3))
def test_gegenereerde_kaders(seed: int, routes: int) -> None:
    _controleer(genereer_kader(seed, afwegingen=8, routes=routes))


def test_basis_telt_17_standen_en_9_paden(basis: Afwegingskader) -> None:
    assert len(list(standen(basis, "standaard"))) == 17
    assert len(list(paden(basis, "standaard"))) == 9
    assert next(paden(basis, "standaard")) == (("1", "nee"),)


def test_eerste_paden_binnen_de_grens(basis: Afwegingskader) -> None:
    alle = list(paden(basis, "standaard"))
    assert eerste_paden(basis, "standaard", 100, 1_000) == (alle, True)
    assert eerste_paden(basis, "standaard", len(alle), 1_000) == (alle, True)
    assert eerste_paden(basis, "standaard", 3, 1_000) == (alle[:3], False)
    # Answers count together; the first path is taken even when it alone is over the bound.
    antwoorden = [len(p) for p in alle]
    assert eerste_paden(basis, "standaard", 100, sum(antwoorden[:4])) == (alle[:4], False)
    assert eerste_paden(basis, "standaard", 100, 0) == (alle[:1], False)


def test_herkomst(basis: Afwegingskader) -> None:
    route = basis.model.routes[0]
    bij = {
        a: [(ouder.id, optie.id) for ouder, optie in lijst] for a, lijst in herkomst(route).items()
    }
    assert route.start not in bij
    # Afweging 3 is reached from 2 = nee and from 2 = ja, in file order.
    assert bij["3"] == [("2", "nee"), ("2", "ja")]


def test_keten_van_3000_zonder_recursie() -> None:
    """Every answer leads on, so the chain has 2**3000 paths: each walk takes what it needs."""
    keten = laad_tekst(genereer_keten(3000), "keten.yaml")
    eerste = list(itertools.islice(standen(keten, "keten"), 3002))
    assert [len(p) for p in eerste] == [*range(3001), 3000]
    assert eerste[-1][-1] == ("a3000", "ja")
    assert next(paden(keten, "keten")) == eerste[3000]
    gevonden, alle = eerste_paden(keten, "keten", 5_000, 250_000)
    assert not alle and len(gevonden) == 250_000 // 3000
