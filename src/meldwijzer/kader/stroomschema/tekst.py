"""Measuring and wrapping text: the font sizes of the flowchart and estimated text widths.

Text widths are estimated with the character widths of DejaVu Sans, the widest of the usual
sans-serif fonts, so the text fits whatever font the viewer picks.
"""

from __future__ import annotations

# Font sizes in user units. The drawing is scaled to A4 width (210 mm = 595.28 pt); the smallest
# font must stay at least 9 pt after that scaling, which bounds the width of the drawing.
TITEL_GROOTTE = 15.0
KOP_GROOTTE = 13.5
TEKST_GROOTTE = 12.0
LABEL_GROOTTE = 11.5
LEGENDA_GROOTTE = 11.5
KLEINSTE_GROOTTE = min(TITEL_GROOTTE, KOP_GROOTTE, TEKST_GROOTTE, LABEL_GROOTTE, LEGENDA_GROOTTE)

REGELAFSTAND = 1.3
FONT_FAMILIE = "Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif"


# Advance widths of DejaVu Sans in em; other characters count as 0.65 em.
_KLEIN = (
    "613 635 550 635 615 352 635 634 278 278 579 278 974"
    " 634 612 635 635 411 521 392 634 592 818 592 592 525"
)
_GROOT = (
    "684 686 698 770 632 575 775 752 295 295 656 557 863"
    " 748 787 603 787 695 635 611 732 684 989 685 611 685"
)
_BREEDTES: dict[str, float] = {
    **{c: int(w) / 1000 for c, w in zip("abcdefghijklmnopqrstuvwxyz", _KLEIN.split(), strict=True)},
    **{c: int(w) / 1000 for c, w in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", _GROOT.split(), strict=True)},
    **dict.fromkeys("0123456789", 0.636),
    **dict.fromkeys(" .,‘’", 0.318),
    **dict.fromkeys(":;/", 0.337),
    **dict.fromkeys("()", 0.390),
    **dict.fromkeys("<>→", 0.838),
    **dict.fromkeys("“”", 0.518),
    **dict.fromkeys("—…", 1.0),
    **dict.fromkeys("éèëê", 0.615),
    **dict.fromkeys("ïí", 0.278),
    "-": 0.361,
    "?": 0.531,
    "!": 0.400,
    "'": 0.275,
    '"': 0.460,
    "&": 0.780,
    "–": 0.5,
    "•": 0.590,
}
_VET_FACTOR = 1.12


def tekstbreedte(tekst: str, grootte: float, vet: bool = False) -> float:
    """Estimated width of one line of text in user units."""
    em = sum(_BREEDTES.get(c, 0.65) for c in tekst)
    return em * grootte * (_VET_FACTOR if vet else 1.0)


def breek_af(tekst: str, max_breedte: float, grootte: float, vet: bool = False) -> list[str]:
    """Greedy word wrap by estimated width; a word longer than a line is cut."""
    regels: list[str] = []
    huidig = ""
    for woord in tekst.split():
        kandidaat = f"{huidig} {woord}" if huidig else woord
        if tekstbreedte(kandidaat, grootte, vet) <= max_breedte:
            huidig = kandidaat
            continue
        if huidig:
            regels.append(huidig)
        huidig = ""
        while tekstbreedte(woord, grootte, vet) > max_breedte:
            n = len(woord)
            while n > 1 and tekstbreedte(woord[:n], grootte, vet) > max_breedte:
                n -= 1
            regels.append(woord[:n])
            woord = woord[n:]
        huidig = woord
    if huidig:
        regels.append(huidig)
    return regels or [""]
