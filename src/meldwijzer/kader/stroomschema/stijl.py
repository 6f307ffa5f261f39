"""Colours and line styles shared by the SVG and the Mermaid flowchart."""

from __future__ import annotations

from collections.abc import Mapping

from meldwijzer.kader.model import ActieSoort

LIJNKLEUR = "#333333"
ACCENT = "#d95f02"
GEDIMD = "0.35"

# Light fills that print well, with a darker border of the same hue; melden and hulp are
# red and blue rather than red and green, which many readers cannot tell apart.
KLEUREN: Mapping[ActieSoort, tuple[str, str]] = {
    ActieSoort.MELDEN: ("#fbd5d0", "#b2182b"),
    ActieSoort.HULP: ("#d6e6f5", "#2166ac"),
    ActieSoort.AFSLUITEN: ("#e8e8e8", "#555555"),
    ActieSoort.HULP_AFSLUITEN: ("#e6e0f2", "#5e3c99"),
    ActieSoort.OVERIG: ("#fff2b8", "#9c7a00"),
}
SOORT_NAAM: Mapping[ActieSoort, str] = {
    ActieSoort.MELDEN: "Melden bij Veilig Thuis",
    ActieSoort.HULP: "Hulp bieden of organiseren",
    ActieSoort.AFSLUITEN: "Afsluiten",
    ActieSoort.HULP_AFSLUITEN: "Hulp afsluiten",
    ActieSoort.OVERIG: "Overige actie",
}
# Which soort colours a box that carries several actions: the legally weightiest first.
VOORRANG = (
    ActieSoort.MELDEN,
    ActieSoort.HULP_AFSLUITEN,
    ActieSoort.AFSLUITEN,
    ActieSoort.HULP,
    ActieSoort.OVERIG,
)
