"""A file that is not YAML gets a Dutch sentence with its line, never PyYAML's English and never a
stack trace (docs/kader-formaat.md, 'Controleren in uw editor')."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from meldwijzer.kader import OngeldigKader, OnleesbaarKader, controleer_tekst
from meldwijzer.kader.laden import lees_yaml
from meldwijzer.kader.yamlfouten import betekenis

# Words of PyYAML's and libyaml's messages; none may reach a kaderbeheerder.
ENGELS = re.compile(
    r"\b(found|expected|allowed|while|could|character|stream|token|scanning|"
    r"parsing|unicode|position|indicator|alias|anchor|constructor|determine|undefined|"
    r"unexpected|unknown|escape|directive|sequence|context|line|column)\b",
    re.IGNORECASE,
)

KAPOT: dict[str, tuple[str, int, str]] = {
    "tab": ("a:\n\tb: 1\n", 2, "spring in met spaties"),
    "dubbele punt in tekst": ("a: b: c\n", 1, "zet die tekst dan tussen aanhalingstekens"),
    "aanhalingsteken open": ('id: x\na: "abc\n', 3, "aanhalingsteken of haakje niet gesloten?"),
    "inspringing": ("a:\n  b: 1\n c: 2\n", 3, "hier hoort een veld (naam: waarde)"),
    "lijst open": ("a: [1, 2\n", 2, "een lijst tussen [ ] die niet gesloten wordt"),
    "mapping open": ("a: {b: 1\n", 2, "een mapping tussen { } die niet gesloten wordt"),
    "onbekende verwijzing": ("a: *x\n", 1, "een verwijzing (*naam) naar een anker"),
    "anker twee keer": ("a: &x 1\nb: &x 2\n", 2, "hetzelfde anker (&naam) voor de tweede keer"),
    "python-tag": ("a: !!python/object:os.system x\n", 1, "een YAML-tag"),
    "eigen tag": ("a: !mijn 1\n", 1, "een YAML-tag"),
    "twee documenten": ("a: 1\n---\nb: 2\n", 2, "meer dan één document"),
    "lijst in mapping": ("a: 1\n- b\n", 2, "hier hoort een veld"),
    "stuurteken": ("a: 1\nb: c\x07\n", 2, "een onzichtbaar stuurteken"),
    "onbekende %-regel": ("%FOO\n---\na: 1\n", 1, "een regel die met % begint"),
    "blok met inspringing 0": ("a: |0\n  x\n", 1, "een tekstblok (| of >) met inspringing 0"),
    "onbekende \\-code": ('a: "\\q"\n', 1, "een onbekende \\-code"),
    "ongeldige \\u-code": ('a: "\\uZZZZ"\n', 1, "een ongeldige \\u- of \\x-code"),
    "mapping na lijst": ("- a\nb: 1\n", 2, "hier hoort een lijstitem"),
    "anker zonder naam": ("a: &\n", 1, "een anker of verwijzing (& of *) zonder naam"),
}


@pytest.mark.parametrize("naam", list(KAPOT))
def test_yamlfout_in_het_nederlands(naam: str) -> None:
    tekst, regel, uitleg = KAPOT[naam]
    with pytest.raises(OnleesbaarKader) as fout:
        lees_yaml(tekst, "k.yaml")
    melding = str(fout.value)
    assert melding.startswith(f"k.yaml:{regel}: geen geldige YAML: ")
    assert uitleg in melding
    assert not ENGELS.search(melding), melding


@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)])
@pytest.mark.parametrize("naam", list(KAPOT))
def test_beide_lezers_hebben_een_betekenis(naam: str, loader: type[yaml.SafeLoader]) -> None:
    """libyaml and PyYAML word their errors differently: both are recognised."""
    if naam == "onbekende %-regel" and loader is yaml.SafeLoader:
        pytest.skip("PyYAML itself only warns about an unknown directive")
    with pytest.raises(yaml.YAMLError) as fout:
        yaml.load(KAPOT[naam][0], Loader=loader)
    assert betekenis(fout.value) != "de opbouw klopt hier niet", fout.value


@pytest.mark.parametrize("datum", ["2026-13-45", "2026-02-30", "2026-00-10"])
def test_een_datum_die_niet_bestaat(datum: str) -> None:
    """YAML reads it as a date and Python refuses it: that was a stack trace."""
    for tekst in (f"geldig_vanaf: {datum}\n", f"a:\n  {datum}: x\n"):
        with pytest.raises(OnleesbaarKader) as fout:
            controleer_tekst(tekst, "k.yaml")
        assert str(fout.value).startswith(
            f"k.yaml:{tekst.count(chr(10))}: '{datum}' lijkt een datum"
        )


TEKENS = st.sampled_from(list("ab:- \n\t[]{},&*!|>'\"#%@`?\\\x07é2"))


@given(st.lists(TEKENS, max_size=40).map("".join))
def test_willekeurige_tekst_geeft_een_nederlandse_zin(tekst: str) -> None:
    """Whatever the text, reading it gives data or a Dutch sentence; nothing else escapes."""
    try:
        controleer_tekst(tekst, "k.yaml")
    except OnleesbaarKader as fout:
        assert not ENGELS.search(str(fout)), str(fout)
    except OngeldigKader as fout:
        for probleem in fout.problemen:
            assert not ENGELS.search(probleem.melding), probleem.melding
