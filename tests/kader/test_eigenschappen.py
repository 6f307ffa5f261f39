"""Properties over arbitrary answers and ticked signals (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from meldwijzer.kader import BeslisFout, Beslissing, beslis, laad_kader
from meldwijzer.kader.model import ActieSoort

BASIS = laad_kader("basis")
AFWEGINGEN = ["1", "2", "3", "4", "5", "6", "5a", ""]
ANTWOORDEN = ["ja", "nee", "Ja", "twijfel", "", "misschien"]
SIGNALEN = [*sorted(BASIS.aanvinkbaar), "vuistregel.1", "bestaat.niet"]

antwoorden_st = st.dictionaries(st.sampled_from(AFWEGINGEN), st.sampled_from(ANTWOORDEN))
signalen_st = st.lists(st.sampled_from(SIGNALEN), max_size=5)


def _geldig_pad() -> st.SearchStrategy[dict[str, str]]:
    """A valid prefix of a path through basis: the engine must always answer these."""

    @st.composite
    def maak(draw: st.DrawFn) -> dict[str, str]:
        route = BASIS.route(None)
        antwoorden: dict[str, str] = {}
        huidig: str | None = route.start
        while huidig is not None and draw(st.booleans() | st.just(True)):
            optie = draw(st.sampled_from(sorted(route.afwegingen[huidig].opties)))
            antwoorden[huidig] = optie
            huidig = route.afwegingen[huidig].opties[optie].volgende
        return antwoorden

    return maak()


def _uitkomst(antwoorden: dict[str, str], signalen: list[str]) -> Beslissing | None:
    try:
        return beslis(BASIS, antwoorden, signalen)
    except BeslisFout:
        return None


@given(antwoorden_st, signalen_st)
def test_resultaat_of_eigen_fout_nooit_iets_anders(
    antwoorden: dict[str, str], signalen: list[str]
) -> None:
    try:
        uitkomst = beslis(BASIS, antwoorden, signalen)
    except BeslisFout as fout:
        assert str(fout)
        return
    assert isinstance(uitkomst, Beslissing)
    uitkomst.als_dict()


@given(_geldig_pad(), st.lists(st.sampled_from(sorted(BASIS.aanvinkbaar)), max_size=5))
def test_geldige_invoer_geeft_altijd_een_uitkomst(
    antwoorden: dict[str, str], signalen: list[str]
) -> None:
    uitkomst = beslis(BASIS, antwoorden, signalen)
    assert len(uitkomst.pad) == len(antwoorden)
    assert (uitkomst.volgende_afweging is None) == uitkomst.afgerond


@given(_geldig_pad(), signalen_st)
def test_afweging_2_ja_betekent_melden(antwoorden: dict[str, str], signalen: list[str]) -> None:
    uitkomst = _uitkomst(antwoorden, signalen)
    if uitkomst is not None and antwoorden.get("2") == "ja":
        assert "melden" in uitkomst.acties
        assert "N2" in uitkomst.normen
        assert uitkomst.samen_met_veilig_thuis


@given(antwoorden_st | _geldig_pad(), signalen_st)
def test_afsluiten_nooit_samen_met_melden_of_hulp(
    antwoorden: dict[str, str], signalen: list[str]
) -> None:
    uitkomst = _uitkomst(antwoorden, signalen)
    if uitkomst is not None and "afsluiten" in uitkomst.acties:
        soorten = {BASIS.actie_soort[a] for a in uitkomst.acties}
        assert soorten == {ActieSoort.AFSLUITEN}


@given(antwoorden_st | _geldig_pad(), signalen_st)
def test_zelfde_invoer_zelfde_uitvoer(antwoorden: dict[str, str], signalen: list[str]) -> None:
    een = _uitkomst(antwoorden, signalen)
    twee = _uitkomst(dict(antwoorden), list(signalen))
    assert (een is None) == (twee is None)
    if een is not None and twee is not None:
        assert een.als_dict() == twee.als_dict()


@given(_geldig_pad(), signalen_st)
def test_acties_zonder_dubbelen_en_melden_voor_hulp_na_2_ja(
    antwoorden: dict[str, str], signalen: list[str]
) -> None:
    uitkomst = _uitkomst(antwoorden, signalen)
    if uitkomst is None:
        return
    assert len(set(uitkomst.acties)) == len(uitkomst.acties)
    if "melden" in uitkomst.acties and "hulp" in uitkomst.acties and antwoorden.get("2") == "ja":
        assert uitkomst.acties.index("melden") < uitkomst.acties.index("hulp")
