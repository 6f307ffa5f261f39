"""Every path of the basis framework against the hand-written table from DESIGN.md."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from meldwijzer.kader import Afwegingskader, beslis

TABEL = yaml.safe_load((Path(__file__).parent / "data" / "beslistabel_basis.yaml").read_text())


def _naam(rij: dict[str, object]) -> str:
    antwoorden = rij["antwoorden"]
    assert isinstance(antwoorden, dict)
    return ",".join(f"{k}={v}" for k, v in antwoorden.items()) or "leeg"


@pytest.mark.parametrize("rij", TABEL, ids=[_naam(r) for r in TABEL])
def test_pad_volgt_de_tabel(basis: Afwegingskader, rij: dict[str, object]) -> None:
    uitkomst = beslis(basis, rij["antwoorden"], [])  # type: ignore[arg-type]
    assert list(uitkomst.acties) == rij["acties"]
    assert uitkomst.volgende_afweging == rij["volgende"]
    assert list(uitkomst.normen) == rij["normen"]
    assert uitkomst.samen_met_veilig_thuis is rij["samen"]
    assert uitkomst.opnieuw_melden is rij["opnieuw"]


def test_tabel_dekt_elk_volledig_pad(basis: Afwegingskader) -> None:
    """The table must name every complete path of basis; a path missing from it is untested."""
    route = basis.route(None)
    paden: list[dict[str, str]] = []

    def loop(afweging: str, tot_nu: dict[str, str]) -> None:
        for optie in route.afwegingen[afweging].opties.values():
            verder = {**tot_nu, afweging: optie.id}
            if optie.volgende is None:
                paden.append(verder)
            else:
                loop(optie.volgende, verder)

    loop(route.start, {})
    in_tabel = [r["antwoorden"] for r in TABEL]
    assert len(paden) == 9  # 1=nee, and per answer to 2: 3=nee, 4=nee, 5=nee, 5=ja
    for pad in paden:
        assert pad in in_tabel, f"pad {pad} ontbreekt in de beslistabel"


def test_contract_velden(basis: Afwegingskader) -> None:
    uit = beslis(basis, {"1": "ja", "2": "ja"}, []).als_dict()
    for veld in (
        "acties",
        "acties_soort",
        "volgende_afweging",
        "samen_met_veilig_thuis",
        "opnieuw_melden",
        "normen",
        "waarschuwingen",
        "pad",
        "kader",
    ):
        assert veld in uit
    assert uit["acties_soort"] == {"melden": "melden"}
    assert uit["kader"] == {"id": "basis", "versie": basis.versie, "hash": basis.hash}
    assert uit["normen"][0]["id"] == "N2"
    assert uit["normen"][0]["bron"] == "H3, Afweging 2, Professionele norm"
    assert uit["normen"][0]["uitwerking_van"]["id"] == "H2.1"
    assert uit["pad"] == [
        {"afweging": "1", "antwoord": "ja", "betekenis": "ja", "samen_met_veilig_thuis": False},
        {"afweging": "2", "antwoord": "ja", "betekenis": "ja", "samen_met_veilig_thuis": True},
    ]
