"""Every citation of the Basisdocument is exact (docs/bronnen/README.md; docs/kader-formaat.md,
'Bronnen bij onderdelen'): a page only where the text shows that page number and the cited words
stand on that page; quotes word for word, every cut marked […] (literature references in
parentheses excepted); paraphrases typed ``weergave: uitleg``.

The text shows three page numbers, as footers ('16 | Basisdocument …', 'Basisdocument … | 17').
A page runs from the footer of the page before it to its own footer; where the page before shows
no number, it is taken to be no longer than the one page the text shows whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from meldwijzer.kader import Afwegingskader, laad_kader, meegeleverde_kaders
from meldwijzer.kader.model import Bron, Weergave

HIER = Path(__file__).resolve().parent
KADERS = HIER / "kaders"
DOCS = HIER.parents[1] / "docs"
SNIT = "[…]"
_VOETTEKST = re.compile(
    r"^[ \t]*(?:(\d+)[ \t]*\|[ \t]*Basisdocument het afwegingskader.*"
    r"|Basisdocument het afwegingskader.*\|[ \t]*(\d+)[ \t]*)$",
    re.MULTILINE,
)
# The number of a numbered list, "1. In ALLE gevallen …": layout, like a bullet.
_LIJSTNUMMER = re.compile(r"^([ \t]*)\d\.(?=[ \t])", re.MULTILINE)
# A literature reference: parentheses holding a year, "(Munro, 2014)", "(van der Put e.a., 2016)".
_LITERATUUR = re.compile(r" ?\([^()]*\b(?:19|20)\d\d\)")


@dataclass(frozen=True)
class Tekst:
    """The Basisdocument with whitespace (and bullets) collapsed, and per character its line."""

    tekens: str
    regels: tuple[int, ...]

    @classmethod
    def van(cls, ruw: str) -> Tekst:
        tekens: list[str] = []
        regels: list[int] = []
        regel = 0
        wit: str | None = None  # the whitespace since the last character; None at the start
        for teken in _LIJSTNUMMER.sub(r"\1", ruw):
            if teken == "\n":
                regel += 1
            if teken.isspace() or teken == "•":
                wit = None if wit is None else wit + teken
                continue
            # "en/" at the end of a line goes on with "of" on the next: one word.
            if wit and not (tekens[-1] == "/" and "\n" in wit):
                tekens.append(" ")
                regels.append(regel)
            wit = ""
            tekens.append(teken)
            regels.append(regel)
        return cls("".join(tekens), tuple(regels))

    def zonder_literatuur(self) -> Tekst:
        houden = [True] * len(self.tekens)
        for treffer in _LITERATUUR.finditer(self.tekens):
            for i in range(*treffer.span()):
                houden[i] = False
        return Tekst(
            "".join(t for t, h in zip(self.tekens, houden, strict=True) if h),
            tuple(r for r, h in zip(self.regels, houden, strict=True) if h),
        )

    def citaat(self, tekst: str) -> int | None:
        """Where a quote starts: its parts between the cuts […] in order, each close after the
        one before; None when the words are not there."""
        delen = [d for d in (_normaal(x) for x in tekst.split(SNIT)) if d]
        begin: int | None = None
        vanaf = 0
        for deel in delen:
            gevonden = self._vind(deel, vanaf)
            if gevonden < 0 or (begin is not None and gevonden - vanaf > 2_000):
                return None
            begin = gevonden if begin is None else begin
            vanaf = gevonden + len(deel)
        return begin

    def _vind(self, deel: str, vanaf: int) -> int:
        # A quote may begin with a capital where the sentence it comes from does not.
        plekken = [self.tekens.find(d, vanaf) for d in {deel, deel[0].swapcase() + deel[1:]}]
        return min((p for p in plekken if p >= 0), default=-1)


def _normaal(tekst: str) -> str:
    return re.sub(r"\s+", " ", tekst).strip()


@dataclass(frozen=True)
class Basisdocument:
    ruw: str
    tekst: Tekst
    voettekst: dict[int, int]  # page: the line of its footer (0-based)

    @classmethod
    def van(cls, ruw: str) -> Basisdocument:
        voettekst = {}
        for treffer in _VOETTEKST.finditer(ruw):
            pagina = int(treffer.group(1) or treffer.group(2))
            voettekst[pagina] = ruw.count("\n", 0, treffer.start())
        return cls(ruw, Tekst.van(ruw).zonder_literatuur(), voettekst)

    def paginas(self) -> set[int]:
        return set(self.voettekst)

    def regels_van(self, pagina: int) -> range:
        eind = self.voettekst[pagina]
        if pagina - 1 in self.voettekst:
            return range(self.voettekst[pagina - 1] + 1, eind)
        heel = min(
            r - self.voettekst[p - 1] - 1
            for p, r in self.voettekst.items()
            if p - 1 in self.voettekst
        )
        eerder = max((r for r in self.voettekst.values() if r < eind), default=-1)
        return range(max(eerder + 1, eind - heel), eind)

    def hoofdstuk(self, nummer: int) -> tuple[int, int]:
        """Where hoofdstuk ``nummer`` begins and ends in the collapsed text."""
        begin = self.tekst.tekens.index(f"Hoofdstuk {nummer} ")
        volgende = self.tekst.tekens.find(f"Hoofdstuk {nummer + 1} ", begin)
        return begin, len(self.tekst.tekens) if volgende < 0 else volgende

    def kop(self, bron: Bron) -> int:
        """Where the last heading of a citation's section stands in its hoofdstuk."""
        assert bron.hoofdstuk is not None and bron.sectie, bron
        begin, eind = self.hoofdstuk(bron.hoofdstuk)
        for kop in bron.sectie.split(", "):
            gevonden = self.tekst.tekens.find(kop, begin, eind)
            assert gevonden >= 0, f"sectiekop '{kop}' niet in hoofdstuk {bron.hoofdstuk}"
            begin = gevonden
        return begin


@pytest.fixture(scope="module")
def document(basisdocument: str) -> Basisdocument:
    return Basisdocument.van(basisdocument)


def test_de_tekst_toont_de_paginas_16_17_en_31(document: Basisdocument) -> None:
    assert document.paginas() == {16, 17, 31}
    # Page 17 is the one page shown whole; page 16 ends where the definition (a) goes on.
    assert len(document.regels_van(17)) == 47
    regels = document.ruw.splitlines()[document.regels_van(17).start :]
    assert next(r for r in regels if r.strip()).startswith("geweld, zoals bij ex-partner geweld")


# --- every citation in the shipped frameworks, the test frameworks and the docs -------------


@dataclass(frozen=True)
class Citaat:
    waar: str
    bron: Bron
    teksten: tuple[str, ...]  # the words it cites (none: the section itself)


def _citaten(kader: Afwegingskader) -> Iterator[Citaat]:
    m = kader.model
    for naam in ("acute_onveiligheid", "structurele_onveiligheid", "disclosure"):
        term = getattr(m.termen, naam)
        if term is not None and term.bron is not None:
            yield Citaat(f"termen.{naam}", term.bron, (term.tekst,))
    for c in m.catalogi:
        geerfd = tuple(
            i.tekst for i in c.items if i.bron is None and i.weergave is not Weergave.UITLEG
        )
        if c.bron is not None:
            yield Citaat(f"catalogus {c.id}", c.bron, geerfd)
        for i in c.items:
            if i.bron is not None:
                tekst = () if i.weergave is Weergave.UITLEG else (i.tekst,)
                yield Citaat(f"item {i.id}", i.bron, tekst)
    for n in m.normen:
        yield Citaat(f"norm {n.id}", n.bron, (n.tekst,))
    for a in m.acties:
        if a.bron is not None:
            yield Citaat(f"actie {a.id}", a.bron, ())
    for r in m.routes:
        for afw in r.afwegingen:
            if afw.bron is not None:
                yield Citaat(f"route {r.id}, afweging {afw.id}", afw.bron, (afw.vraag,))
    for regel in m.signaalregels:
        yield Citaat(f"signaalregel {regel.id}", regel.bron, ())


KADERBESTANDEN = [*meegeleverde_kaders(), *sorted(str(p) for p in KADERS.glob("*.yaml"))]
_BRON_IN_TEKST = re.compile(r"bron: (\{[^{}\n]*\})")


def _citaten_in_docs() -> Iterator[tuple[str, Citaat]]:
    for pad in sorted([*DOCS.rglob("*.md"), DOCS.parent / "README.md"]):
        for nummer, regel in enumerate(pad.read_text(encoding="utf-8").splitlines(), start=1):
            for treffer in _BRON_IN_TEKST.finditer(regel):
                waarde = yaml.safe_load(treffer.group(1))
                if isinstance(waarde, dict) and "…" not in str(waarde):
                    waar = f"{pad.relative_to(DOCS.parent)}:{nummer}"
                    yield waar, Citaat(waar, Bron.model_validate(waarde), ())


def _paginacitaten() -> list[tuple[str, Citaat]]:
    gevonden = [
        (f"{Path(naam).name}: {c.waar}", c)
        for naam in KADERBESTANDEN
        for c in _citaten(laad_kader(naam))
        if c.bron.pagina is not None and c.bron.document == Bron().document
    ]
    gevonden += [(waar, c) for waar, c in _citaten_in_docs() if c.bron.pagina is not None]
    return gevonden


PAGINACITATEN = _paginacitaten()


def test_er_zijn_paginacitaten_om_te_controleren() -> None:
    waar = {w.split(":")[0] for w, _ in PAGINACITATEN}
    assert {
        "basis",
        "voorbeeld-onderwijs",
        "voorbeeld-huisarts",
        "voorbeeld-kinderopvang",
        "voorbeeld-jgz",
        "docs/kader-formaat.md",
    } <= waar


def _paginafout(document: Basisdocument, waar: str, citaat: Citaat) -> str | None:
    """Why a page citation is not exact, or None."""
    pagina = citaat.bron.pagina
    assert pagina is not None
    if pagina not in document.paginas():
        return (
            f"{waar}: pagina {pagina} toont het Basisdocument niet (alleen "
            f"{sorted(document.paginas())}); citeer de sectie zonder pagina"
        )
    regels = document.regels_van(pagina)
    # The words it quotes stand on that page; a paraphrase or a list is placed by its heading.
    plekken = [p for p in (document.tekst.citaat(t) for t in citaat.teksten) if p is not None]
    if not plekken:
        plekken = [document.kop(citaat.bron)]
    for plek in plekken:
        regel = document.tekst.regels[plek]
        if regel not in regels:
            return (
                f"{waar}: het geciteerde staat op regel {regel + 1} van het Basisdocument, niet "
                f"op pagina {pagina} (regels {regels.start + 1}–{regels.stop})"
            )
    return None


@pytest.mark.parametrize(("waar", "citaat"), PAGINACITATEN, ids=[w for w, _ in PAGINACITATEN])
def test_elke_pagina_staat_in_het_basisdocument_met_het_geciteerde_erop(
    document: Basisdocument, waar: str, citaat: Citaat
) -> None:
    assert _paginafout(document, waar, citaat) is None


def test_de_paginacontrole_ziet_een_verkeerde_pagina(document: Basisdocument) -> None:
    """The citation the shipped examples had, the acute examples on page 17, is refused; so are
    a page the text does not show and a quote on another page than its heading."""
    lijst = "Voorbeelden van acuut onveilige situaties van huiselijk geweld en/of "
    lijst += "kindermishandeling"

    def fout(pagina: int, *teksten: str, sectie: str = lijst) -> str:
        citaat = Citaat("oud", Bron(hoofdstuk=3, sectie=sectie, pagina=pagina), teksten)
        return _paginafout(document, "oud", citaat) or ""

    assert "niet op pagina 17" in fout(17)
    assert "niet op pagina 16" in fout(16, "Wapengebruik")
    assert "pagina 18 toont het Basisdocument niet" in fout(18)
    # Definition (b) begins on page 17, its heading on page 16.
    structureel = "Van structurele onveiligheid wordt gesproken"
    assert "niet op pagina 16" in fout(16, structureel, sectie="Afweging 2")
    assert fout(17, structureel, sectie="Afweging 2") == ""


def test_paginas_in_lopende_tekst_van_de_docs(document: Basisdocument) -> None:
    """'p. 16' in prose, as `kader toon` prints a citation, names a page the text shows."""
    for pad in sorted([*DOCS.rglob("*.md"), DOCS.parent / "README.md"]):
        for pagina in re.findall(r"\bp\. ?(\d+)", pad.read_text(encoding="utf-8")):
            assert int(pagina) in document.paginas(), f"{pad.name}: p. {pagina}"


@pytest.mark.parametrize("naam", KADERBESTANDEN, ids=[Path(n).name for n in KADERBESTANDEN])
def test_elke_sectiekop_bestaat_in_zijn_hoofdstuk(document: Basisdocument, naam: str) -> None:
    for citaat in _citaten(laad_kader(naam)):
        if citaat.bron.document == Bron().document and citaat.bron.hoofdstuk is not None:
            document.kop(citaat.bron)


def test_de_voorbeeldenlijst_van_acute_onveiligheid_heeft_geen_pagina(
    document: Basisdocument,
) -> None:
    """It stands on page 18, which the text never shows: it is cited by its section only."""
    kop = document.tekst.tekens.index("Voorbeelden van acuut onveilige situaties van huiselijk")
    regel = document.tekst.regels[kop]
    assert regel > document.voettekst[17] and all(
        regel not in document.regels_van(p) for p in (16, 17, 31)
    )
    for naam in meegeleverde_kaders():
        for c in laad_kader(naam).model.catalogi:
            if c.bron is not None and c.bron.sectie and c.bron.sectie.startswith("Voorbeelden van"):
                assert c.bron.pagina is None, f"{naam}: {c.id}"


# --- quotes word for word, cuts marked ---------------------------------------------------------


def test_basis_citeert_letterlijk(basis: Afwegingskader, document: Basisdocument) -> None:
    """Every question, norm, term and list item of basis stands in the Basisdocument word for
    word (cuts marked […]), unless it is typed as a paraphrase."""
    m = basis.model
    citaten = [a.vraag for r in m.routes for a in r.afwegingen]
    citaten += [n.tekst for n in m.normen]
    citaten += [t.tekst for t in (m.termen.acute_onveiligheid, m.termen.structurele_onveiligheid)]
    citaten += [i.tekst for c in m.catalogi for i in c.items if i.weergave is not Weergave.UITLEG]
    niet_gevonden = [c[:70] for c in citaten if document.tekst.citaat(c) is None]
    assert niet_gevonden == []


def test_de_parafrasen_zijn_als_uitleg_getypeerd(
    basis: Afwegingskader, document: Basisdocument
) -> None:
    uitleg = {i.id for c in basis.model.catalogi for i in c.items if i.weergave is Weergave.UITLEG}
    assert uitleg == {
        "monitoring.doelen",
        "monitoring.termijn_veilig_thuis",
        "afsluiting.andere_zorgen",
        "afsluiting.casusregie_voortzetten",
    }
    # Typed as explanation because they are not the document's words.
    items = {i.id: i for c in basis.model.catalogi for i in c.items}
    assert all(document.tekst.citaat(items[i].tekst) is None for i in uitleg)


def _bullets(document: Basisdocument, van: str, tot: str) -> list[str]:
    """The bullets of a list in the text, each collapsed and without literature references."""
    begin = document.ruw.index(van)
    stuk = document.ruw[begin : document.ruw.index(tot, begin)]
    return [Tekst.van(b).zonder_literatuur().tekens.strip() for b in stuk.split("•")[1:]]


def test_vuistregels_markeren_elke_weglating(
    basis: Afwegingskader, document: Basisdocument
) -> None:
    """A vuistregel is its whole bullet: what it leaves out is marked […], nothing else is
    missing (vuistregels 6, 7 and 8 leave sentences out)."""
    bullets = _bullets(document, "Een aantal vuistregels:", "Het wegen of taxeren van risico")
    vuistregels = next(c for c in basis.model.catalogi if c.id == "vuistregels").items
    for item in vuistregels:
        delen = [_normaal(d) for d in item.tekst.split(SNIT)]
        patroon = ".+".join(re.escape(d) for d in delen)
        bullet = next(b for b in bullets if b.startswith(delen[0]))
        assert re.fullmatch(patroon, bullet), f"{item.id}: {bullet}"
    assert [SNIT in i.tekst for i in vuistregels] == [False] * 5 + [True] * 3
