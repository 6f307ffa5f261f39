"""Attacks on the loader and on everything that walks the decision graph: an alias bomb, a
self-referencing alias, deep nesting, too many values and a chain of thousands of afwegingen are
refused with a Dutch sentence or simply work — never a RecursionError, never gigabytes
(docs/kader-formaat.md, 'Grenzen'). Memory is measured with tracemalloc, not with a clock."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from kadergenerator import genereer_keten, genereer_waaier

from meldwijzer.kader import (
    Afwegingskader,
    OngeldigKader,
    OnleesbaarKader,
    beslis,
    controleer_tekst,
    laad_kader,
    laad_tekst,
)
from meldwijzer.kader.grenzen import MAX_DIEPTE, MAX_KNOPEN, MAX_VERWIJZINGEN
from meldwijzer.kader.laden import lees_yaml

KADERS = Path(__file__).parent / "kaders"
MB = 1024 * 1024
KETEN = 3_000


def aliasbom(niveaus: int, breedte: int = 9) -> str:
    """Billion laughs: each level lists the previous one ``breedte`` times by alias."""
    regels = [f"n0: &n0 [{', '.join(['lol'] * breedte)}]"]
    for i in range(1, niveaus):
        regels.append(f"n{i}: &n{i} [{', '.join([f'*n{i - 1}'] * breedte)}]")
    return "\n".join(regels) + "\n"


def uitgevouwen(niveaus: int, breedte: int) -> int:
    """How many values the bomb holds once every alias is written out."""
    totaal, lijst = 0, 1 + breedte
    for _ in range(niveaus):
        totaal += 1 + lijst  # the key and its list
        lijst = 1 + breedte * lijst
    return totaal + 1


def piek(doe: Callable[[], Any]) -> tuple[Any, int]:
    """Run ``doe``; its outcome (or the exception it raised) and the peak of traced memory."""
    tracemalloc.start()
    try:
        try:
            uitkomst: Any = doe()
        except Exception as fout:  # the caller inspects it
            uitkomst = fout
        return uitkomst, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- the alias bomb ----------------------------------------------------------------------------


def test_aliasbom_wordt_snel_en_zuinig_geweigerd() -> None:
    # Six levels of nine: 379 bytes of YAML that expand to millions of values.
    bom = aliasbom(7)
    fout, geheugen = piek(lambda: lees_yaml(bom, "bom.yaml"))
    assert isinstance(fout, OnleesbaarKader), fout
    melding = str(fout)
    assert melding.startswith("bom.yaml:")
    assert "verwijzingen (aliassen" in melding
    assert "geen ankers" in melding
    assert geheugen < 1 * MB, geheugen


@pytest.mark.parametrize("niveaus", range(6, 16))
def test_grotere_aliasbom_kost_niet_meer_geheugen(niveaus: int) -> None:
    # From half a million to 10^15 values written out: the refusal costs the same each time.
    fout, geheugen = piek(lambda: lees_yaml(aliasbom(niveaus), "bom.yaml"))
    assert isinstance(fout, OnleesbaarKader), fout
    assert geheugen < 1 * MB, (niveaus, geheugen)


@settings(max_examples=30)
@given(niveaus=st.integers(1, 12), breedte=st.integers(1, 12))
def test_aliasbom_van_elke_vorm_blijft_binnen_de_grens(niveaus: int, breedte: int) -> None:
    """Refused exactly when it passes a limit, and then in under a megabyte; else built in
    memory that grows with the values written out, at most MAX_KNOPEN of them."""
    bom = aliasbom(niveaus, breedte)
    waarden = uitgevouwen(niveaus, breedte)
    uitkomst, geheugen = piek(lambda: lees_yaml(bom, "bom.yaml"))
    te_veel = waarden > MAX_KNOPEN or (niveaus - 1) * breedte > MAX_VERWIJZINGEN
    assert isinstance(uitkomst, OnleesbaarKader) is te_veel, (niveaus, breedte, uitkomst)
    if te_veel:
        assert geheugen < 1 * MB, (niveaus, breedte, geheugen)
    else:
        assert geheugen < 1 * MB + 400 * waarden, (niveaus, breedte, waarden, geheugen)


def test_een_paar_ankers_mogen() -> None:
    tekst = (KADERS / "minimaal.yaml").read_text(encoding="utf-8")
    tekst = tekst.replace("bron: {sectie: Test}", "bron: &test {sectie: Test}", 1)
    tekst = tekst.replace("bron: {sectie: Test}", "bron: *test")
    assert "bron: *test" in tekst
    assert laad_tekst(tekst).hash == laad_kader(KADERS / "minimaal.yaml").hash


def test_verwijzing_naar_zichzelf() -> None:
    with pytest.raises(OnleesbaarKader, match=r"kring\.yaml:1: .*\*a.*zichzelf"):
        lees_yaml("a: &a [1, *a]\n", "kring.yaml")


def test_te_diep_genest() -> None:
    for diepte in (MAX_DIEPTE + 1, 900, 5_000):
        tekst = "a: " + "[" * diepte + "]" * diepte + "\n"
        with pytest.raises(OnleesbaarKader, match=f"dieper genest dan {MAX_DIEPTE} niveaus"):
            lees_yaml(tekst, "diep.yaml")
    # Through aliases: each level adds the depth of the anchor it repeats.
    regels = ["n0: &n0 [1]"] + [f"n{i}: &n{i} [*n{i - 1}]" for i in range(1, MAX_DIEPTE + 1)]
    with pytest.raises(OnleesbaarKader, match="dieper genest"):
        lees_yaml("\n".join(regels) + "\n", "diep.yaml")


def test_te_veel_waarden() -> None:
    tekst = "a: [" + ", ".join(["x"] * MAX_KNOPEN) + "]\n"
    with pytest.raises(OnleesbaarKader, match=r"te groot: meer dan 200\.000 waarden, waar"):
        lees_yaml(tekst, "groot.yaml")


def test_te_lange_tekst() -> None:
    with pytest.raises(OnleesbaarKader, match="groter dan 8 MB"):
        lees_yaml("a: " + "x" * 8_000_000 + "\n", "lang.yaml")


# --- a chain of 3,000 afwegingen --------------------------------------------------------------


@pytest.fixture(scope="module")
def keten() -> Iterator[Afwegingskader]:
    yield laad_tekst(genereer_keten(KETEN), "keten.yaml")


def test_keten_is_geldig(keten: Afwegingskader) -> None:
    assert len(keten.routes["keten"].afwegingen) == KETEN
    # The onveiligheid afweging first: the legal-minimum check follows every answer to the end.
    kader, problemen = controleer_tekst(genereer_keten(KETEN, kern=1), "keten.yaml")
    assert kader is not None, [p.als_tekst() for p in problemen[:3]]


def test_keten_met_een_kring_van_3000() -> None:
    with pytest.raises(OngeldigKader) as fout:
        laad_tekst(genereer_keten(KETEN, kring=True), "kring.yaml")
    meldingen = [p.melding for p in fout.value.problemen]
    assert any(m.startswith("De afwegingen vormen een kring (a1 → a2 → a3 →") for m in meldingen)


def test_kring_buiten_bereik_van_de_start() -> None:
    """The legal-minimum check follows answers from the onveiligheid afweging; a cycle the
    reachability check cannot see (it starts elsewhere) ends in an error, not in recursion."""
    data = yaml.safe_load(genereer_keten(3, kern=2))
    a1, _a2, a3 = data["routes"][0]["afwegingen"]
    for optie in a1["opties"]:  # a1 ends the route: a2 and a3 are out of reach
        optie.pop("volgende")
        optie["acties"] = ["afsluiten"]
    a3["opties"][1] = {"id": "ja", "label": "Ja", "betekenis": "ja", "volgende": "a2"}
    kader, problemen = controleer_tekst(yaml.safe_dump(data), "kring.yaml")
    assert kader is None
    meldingen = [p.melding for p in problemen]
    assert any(m.startswith("Afweging 'a2' is vanaf de start 'a1' niet") for m in meldingen)
    assert any(m.startswith("Antwoord 'ja' bij afweging 'a2' betekent") for m in meldingen)


def test_keten_beslissen_toetsen_vergelijken(keten: Afwegingskader) -> None:
    from meldwijzer.kader.toets import toets
    from meldwijzer.kader.verschil import verschil

    uitkomst = beslis(keten, {f"a{i}": "ja" for i in range(1, KETEN + 1)})
    assert uitkomst.afgerond and uitkomst.melden
    assert len(uitkomst.pad) == KETEN
    assert toets(keten).voldoet
    ander = laad_tekst(
        genereer_keten(KETEN).replace(f"Vraag {KETEN}?", "Een andere vraag?"), "ander.yaml"
    )
    wijzigingen = verschil(keten, ander).wijzigingen
    assert any(w.nieuw == "'Een andere vraag?'" for w in wijzigingen), wijzigingen[:3]


def test_keten_tonen_en_tekenen(keten: Afwegingskader) -> None:
    from meldwijzer.kader import export, fhir, stroomschema

    markdown = export.als_markdown(keten)
    assert f"Afweging a{KETEN} " in markdown
    assert "Het overzicht toont niet alle reeksen" in markdown
    assert laad_tekst(export.als_yaml(keten)).hash == keten.hash
    assert f"a{KETEN}" in export.als_json(keten)
    assert len(fhir.questionnaire(keten)["item"]) >= KETEN
    assert f"a{KETEN}" in stroomschema.teken_mermaid(keten)
    pad = beslis(keten, {f"a{i}": "nee" for i in range(1, KETEN + 1)})
    with pytest.raises(stroomschema.TeGrootOmTeTekenen, match="telt 3000 afwegingen; meer"):
        stroomschema.teken_svg(keten)
    with pytest.raises(stroomschema.TeGrootOmTeTekenen, match="telt 3000 afwegingen; meer"):
        stroomschema.teken_svg(keten, route="keten", pad=pad)


def test_keten_tot_de_grens_wordt_getekend() -> None:
    from meldwijzer.kader import stroomschema

    kader = laad_tekst(genereer_keten(stroomschema.MAX_AFWEGINGEN))
    assert "<svg" in stroomschema.teken_svg(kader)


def test_veel_kringen_geven_een_begrensde_melding() -> None:
    """Every ja of a chain of 300 leads back to the start: 299 cycles, the first found as long
    as the chain. The report names the first few, each shortened, and counts the rest."""
    from meldwijzer.kader.validatie import MAX_KRINGEN

    data = yaml.safe_load(genereer_keten(300, kern=300))
    for afweging in data["routes"][0]["afwegingen"][:-1]:
        afweging["opties"][1]["volgende"] = "a1"
    kader, problemen = controleer_tekst(yaml.safe_dump(data), "kringen.yaml")
    assert kader is None
    meldingen = [p.melding for p in problemen]
    kringen = [m for m in meldingen if m.startswith("De afwegingen vormen een kring")]
    assert len(kringen) == MAX_KRINGEN
    assert f"En nog {299 - MAX_KRINGEN} kringen meer in route 'keten'" in "\n".join(meldingen)
    assert kringen[0].startswith(
        "De afwegingen vormen een kring (a1 → a2 → a3 → a4 → a5 → a6 → … (299 afwegingen) … → "
        "a295 → a296 → a297 → a298 → a299 → a1)"
    ), kringen[0]
    assert all(len(m) < 250 for m in meldingen), max(meldingen, key=len)


def test_een_ongevalideerde_kring_laat_de_motor_niet_eindeloos_lopen() -> None:
    """Validation refuses cycles; the engine still stops on one in a model built around it."""
    from meldwijzer.kader import BeslisFout
    from meldwijzer.kader.model import Kader

    model = Kader.model_validate(yaml.safe_load(genereer_keten(3, kern=3, kring=True)))
    kader = Afwegingskader(model, "geen-hash")
    with pytest.raises(BeslisFout, match="komen opnieuw bij afweging 'a1': de afwegingen"):
        beslis(kader, {"a1": "ja", "a2": "ja", "a3": "ja"})


# --- a framework as wide as the limits allow ---------------------------------------------------

WAAIER = 2_000


@pytest.fixture(scope="module")
def waaier() -> Iterator[Afwegingskader]:
    yield laad_tekst(genereer_waaier(WAAIER), "waaier.yaml")


def test_waaier_beslissen_toetsen_vergelijken(waaier: Afwegingskader) -> None:
    from meldwijzer.kader.toets import toets
    from meldwijzer.kader.verschil import verschil

    laatste = WAAIER - 1
    uitkomst = beslis(waaier, {"1": "ja", "2": "nee", "w": f"o{laatste}", f"b{laatste}": "ja"})
    assert uitkomst.acties == ("hulp",) and uitkomst.afgerond
    assert toets(waaier).voldoet
    ander = laad_tekst(genereer_waaier(WAAIER).replace("Vraag 7?", "Andere vraag?"), "b.yaml")
    # 4,002 paths, each compared: only the question differs.
    zinnen = [w.zin() for w in verschil(waaier, ander).wijzigingen]
    assert zinnen == ["Route 'waaier', afweging 'b7': vraag was 'Vraag 7?', nu 'Andere vraag?'."]


def test_waaier_tonen_en_tekenen(waaier: Afwegingskader) -> None:
    from meldwijzer.kader import export, fhir, stroomschema

    assert "Het overzicht toont niet alle reeksen" in export.als_markdown(waaier)
    assert laad_tekst(export.als_yaml(waaier)).hash == waaier.hash
    assert len(fhir.questionnaire(waaier)["item"]) == 3 + WAAIER + 1  # and the outcome
    assert f"b{WAAIER - 1}" in stroomschema.teken_mermaid(waaier)
    with pytest.raises(stroomschema.TeGrootOmTeTekenen, match="telt 2003 afwegingen; meer"):
        stroomschema.teken_svg(waaier)


def test_te_veel_antwoorden_om_te_tekenen() -> None:
    """Few afwegingen, many answers: the layout grows with the answers, so they are bounded
    too (6,000 answers took more than a minute)."""
    from meldwijzer.kader import stroomschema

    breed = laad_tekst(genereer_waaier(stroomschema.MAX_ANTWOORDEN, doelen=20), "breed.yaml")
    aantal = stroomschema.MAX_ANTWOORDEN + 2 * 20 + 4
    with pytest.raises(stroomschema.TeGrootOmTeTekenen, match=f"telt {aantal} antwoorden; meer"):
        stroomschema.teken_svg(breed)
    past = laad_tekst(genereer_waaier(stroomschema.MAX_ANTWOORDEN - 44, doelen=20), "past.yaml")
    assert "<svg" in stroomschema.teken_svg(past)
