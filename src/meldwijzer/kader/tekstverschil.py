"""Word-level differences between two texts, for people who compare versions of a framework.

A policy adviser reads which words went and which came, not which characters: the texts are
split on whitespace and compared with :mod:`difflib`. The result is data (runs of equal,
removed and added words) so a web page can render ``<del>``/``<ins>``; :meth:`als_tekst` and
:meth:`als_html` are the two renderings the command line and templates need.
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Deelsoort(StrEnum):
    GELIJK = "gelijk"
    WEG = "weg"
    ERBIJ = "erbij"


@dataclass(frozen=True, slots=True)
class Deel:
    """A run of words that is equal in both texts, only in the old one, or only in the new one."""

    soort: Deelsoort
    tekst: str


@dataclass(frozen=True, slots=True)
class Tekstverschil:
    oud: str
    nieuw: str
    delen: tuple[Deel, ...]

    @property
    def gelijk(self) -> bool:
        return all(d.soort is Deelsoort.GELIJK for d in self.delen)

    def als_tekst(self) -> str:
        """``gelijk [-weg-] {+erbij+} gelijk``, as git's word diff writes it."""
        stukken = []
        for deel in self.delen:
            if deel.soort is Deelsoort.WEG:
                stukken.append(f"[-{deel.tekst}-]")
            elif deel.soort is Deelsoort.ERBIJ:
                stukken.append(f"{{+{deel.tekst}+}}")
            else:
                stukken.append(deel.tekst)
        return " ".join(stukken)

    def als_html(self) -> str:
        """The same with ``<del>``/``<ins>``; every text is escaped."""
        stukken = []
        for deel in self.delen:
            tekst = html.escape(deel.tekst, quote=False)
            if deel.soort is Deelsoort.WEG:
                stukken.append(f"<del>{tekst}</del>")
            elif deel.soort is Deelsoort.ERBIJ:
                stukken.append(f"<ins>{tekst}</ins>")
            else:
                stukken.append(tekst)
        return " ".join(stukken)

    def als_dict(self) -> dict[str, Any]:
        return {
            "oud": self.oud,
            "nieuw": self.nieuw,
            "delen": [{"soort": d.soort.value, "tekst": d.tekst} for d in self.delen],
        }


def woordverschil(oud: str, nieuw: str) -> Tekstverschil:
    """Compare two texts word by word; differences in whitespace alone do not count."""
    a, b = oud.split(), nieuw.split()
    delen: list[Deel] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for code, i1, i2, j1, j2 in matcher.get_opcodes():
        if code == "equal":
            delen.append(Deel(Deelsoort.GELIJK, " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            delen.append(Deel(Deelsoort.WEG, " ".join(a[i1:i2])))
        if j2 > j1:
            delen.append(Deel(Deelsoort.ERBIJ, " ".join(b[j1:j2])))
    return Tekstverschil(oud, nieuw, tuple(delen))


def zelfde_tekst(a: str, b: str) -> bool:
    """Equal up to whitespace (folded YAML blocks and hand-wrapped lines read the same)."""
    return a.split() == b.split()
