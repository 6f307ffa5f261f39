"""The speculative-wording list is data: it loads, every form is found, facts are left alone."""

from __future__ import annotations

import pytest

from meldwijzer.dossier.formulering import speculatieve_woorden, woorden, woordenlijst


def test_de_lijst_laadt_en_is_schoon():
    lijst = woordenlijst()
    assert len(lijst) >= 15
    stammen = [i.woord for i in lijst]
    assert len(stammen) == len(set(stammen)), "een stam staat er twee keer in"
    alle_vormen = [v for i in lijst for v in i.vormen]
    assert len(alle_vormen) == len(set(alle_vormen)), "een vorm staat er twee keer in"
    for ingang in lijst:
        assert ingang.vormen, ingang.woord
        for vorm in ingang.vormen:
            assert vorm and all(w == w.casefold() for w in vorm)


def test_de_woorden_uit_het_issue_staan_erin():
    for woord in ["lijkt", "waarschijnlijk", "vermoedelijk", "ik denk", "misschien", "kennelijk"]:
        assert speculatieve_woorden(f"Hier staat: {woord} iets."), woord


@pytest.mark.parametrize("ingang", woordenlijst(), ids=lambda i: i.woord)
def test_elke_vorm_wordt_in_een_zin_gevonden(ingang):
    for vorm in ingang.vormen:
        zin = "Op maandag " + " ".join(vorm).upper() + ", zei de juf."
        treffers = speculatieve_woorden(zin)
        assert ingang.woord in [t.woord for t in treffers], (vorm, treffers)


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("Vader leek boos toen hij Sam ophaalde.", ["lijken"]),
        ("De blauwe plekken leken oud.", ["lijken"]),
        ("Het is waarschijnlijker dat het thuis gebeurde.", ["waarschijnlijk"]),
        ("Vermoedelijke oorzaak: een val.", ["vermoedelijk"]),
        ("Ik vermoed dat moeder drinkt.", ["vermoeden"]),
        ("Dat is, denk ik, niet voor het eerst.", ["ik denk"]),
        ("Kennelijk was er ruzie.", ["kennelijk"]),
        ("Het schijnt dat vader weg is.", ["schijnen"]),
        ("Volgens mij klopt het niet, misschien.", ["misschien", "volgens mij"]),
    ],
)
def test_verbuigingen_en_woordgroepen(tekst, verwacht):
    assert [t.woord for t in speculatieve_woorden(tekst)] == verwacht


@pytest.mark.parametrize(
    "tekst",
    [
        "Sam vertelde in de kring dat papa een mes pakte toen mama huilde.",
        "Blauwe plek van 3 cm op de linker bovenarm, gezien om 8.30 uur.",
        "Het blijkt gelijk te zijn; de lijkwagen reed voorbij.",  # no 'lijkt' inside other words
    ],
)
def test_feitelijke_zinnen_geven_geen_treffer(tekst):
    assert speculatieve_woorden(tekst) == []


def test_woorden_splitst_op_leestekens_en_houdt_diakrieten():
    assert woorden("Zóveel, ‘ik-denk’ — WAARSCHIJNLIJK!") == ["zóveel", "ik-denk", "waarschijnlijk"]


def test_gevonden_vorm_staat_zoals_in_de_tekst():
    (treffer,) = speculatieve_woorden("Dit Lijkt op een patroon.")
    assert treffer.gevonden == "Lijkt"
